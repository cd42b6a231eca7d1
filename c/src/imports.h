/* The wasi_os_v1 imports (docs/abi.md; src/abi/ext.ts is the same table). Each returns a WASI
 * errno; wasi-libc's errno values are WASI's, so they go to errno unchanged. */
#ifndef WASI_OS_IMPORTS_H
#define WASI_OS_IMPORTS_H
#include <errno.h>
#include <stdint.h>

#define WASI_OS_IMPORT(name) __attribute__((import_module("wasi_os_v1"), import_name(#name)))

WASI_OS_IMPORT(fd_dup) int32_t wasi_os_fd_dup(int32_t fd, uint32_t *new_fd);
WASI_OS_IMPORT(fd_dup2) int32_t wasi_os_fd_dup2(int32_t fd, int32_t fd2, int32_t flags, uint32_t *new_fd);
WASI_OS_IMPORT(fd_close_range) int32_t wasi_os_fd_close_range(int32_t lo, int32_t hi);
WASI_OS_IMPORT(fd_chmod) int32_t wasi_os_fd_chmod(int32_t fd, int32_t mode);
WASI_OS_IMPORT(fd_mode_get) int32_t wasi_os_fd_mode_get(int32_t fd, uint32_t *mode);
WASI_OS_IMPORT(fd_inheritable_get) int32_t wasi_os_fd_inheritable_get(int32_t fd, uint32_t *inheritable);
WASI_OS_IMPORT(fd_inheritable_set) int32_t wasi_os_fd_inheritable_set(int32_t fd, int32_t inheritable);
WASI_OS_IMPORT(fd_copy_range) int32_t wasi_os_fd_copy_range(int32_t src, int32_t dst, int64_t count, int64_t off_src, int64_t off_dst,
                                                            int32_t flags, uint8_t *scratch, int32_t scratch_len, uint64_t *copied);
WASI_OS_IMPORT(fd_seek_data) int32_t wasi_os_fd_seek_data(int32_t fd, int64_t offset, int32_t whence, uint64_t *new_offset);
WASI_OS_IMPORT(fd_size_max_get) int32_t wasi_os_fd_size_max_get(int32_t fd, uint64_t *max);
WASI_OS_IMPORT(pipe) int32_t wasi_os_pipe(int32_t flags, uint32_t fds[2]);

#define WASI_OS_DUP2_INHERITABLE 1
#define WASI_OS_COPY_USE_POS_SRC 1
#define WASI_OS_COPY_USE_POS_DST 2
#define WASI_OS_PIPE_NONBLOCK 1

/** errno = e and -1 (e != 0), or 0: the shape every function here ends with. */
static inline int wasi_os_fail(int e) {
  errno = e;
  return -1;
}

/** The buffer lent to the host for copies on opaque bases and used by sendfile's loop. */
#define WASI_OS_SCRATCH_SIZE 65536
extern uint8_t wasi_os_scratch[WASI_OS_SCRATCH_SIZE];
#endif
