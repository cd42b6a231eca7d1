/*
 * wasi_os.h — Linux's fd functions for C programs on wasi-libc, through the wasi-os extension
 * ABI (imports from `wasi_os_v1`, docs/abi.md). wasi-libc's preview1 build has no dup, dup2,
 * pipe, fchmod, copy_file_range or sendfile (or stubs that fail without asking the host); this
 * library supplies them with Linux's prototypes, setting errno with Linux's meanings (errno
 * numbers are wasi-libc's, which are WASI's). The host must be wasi-os (any base).
 *
 * Build and link: `npm run build` compiles every c/src/NAME.c (clang-14 --target=wasm32-wasi -O2
 * -Ic/include -c) and archives them (llvm-ar-14 rcs build/c/libwasi_os.a); then
 *   clang-14 --target=wasm32-wasi -O2 -Ic/include prog.c -Lbuild/c -lwasi_os -o prog.wasm
 * The library comes before libc on the link line (clang puts -l options before its -lc), so
 * its definitions (dup, fcntl, fstat, ...) win over wasi-libc's.
 *
 * Close-on-exec: no WASI guest can exec, so FD_CLOEXEC is the adapter's stored per-fd flag
 * (fd_inheritable_*), reported by fcntl(F_GETFD) as Linux would. wasi-libc defines O_CLOEXEC as
 * 0; this header redefines it to a bit wasi-libc's open ignores, so pipe2 and dup3 can tell
 * it apart. fds from wasi-libc's open()/openat() are close-on-exec (the adapter's PEP 446
 * default), whether or not O_CLOEXEC is given; dup, dup2, pipe and pipe2 without O_CLOEXEC
 * clear the flag, as Linux does.
 */
#ifndef WASI_OS_H
#define WASI_OS_H

#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#undef O_CLOEXEC
/** Unused by wasi-libc's open flags (it ignores the bit); pipe2/dup3 read it. */
#define O_CLOEXEC 0x40000000

#ifndef F_DUPFD
#define F_DUPFD 0
#endif
#ifndef F_DUPFD_CLOEXEC
#define F_DUPFD_CLOEXEC 1030
#endif
/* Linux's values (wasi-libc has neither); the extension's fd_seek_data takes the same numbers. */
#define SEEK_DATA 3
#define SEEK_HOLE 4
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)

#ifdef __cplusplus
extern "C" {
#endif

/* The new fd is the lowest free one and shares the open description (offset, status flags). */
int dup(int oldfd);
/* newfd == oldfd: returns it unchanged. Otherwise closes newfd first. EBADF: bad oldfd, or newfd
 * negative or beyond the host's fd limit. The new fd is not close-on-exec. */
int dup2(int oldfd, int newfd);
/* flags: 0 or O_CLOEXEC (else EINVAL); oldfd == newfd is EINVAL. */
int dup3(int oldfd, int newfd, int flags);
/* An in-memory pipe of the adapter (64 KiB). A blocking read of an empty pipe whose write end is
 * also in this guest, or a write to a full one, gives EDEADLK instead of hanging. */
int pipe(int fds[2]);
/* flags: O_CLOEXEC, O_NONBLOCK (else EINVAL). */
int pipe2(int fds[2], int flags);
/* ENOSYS on bases that cannot reach modes (node-wasi, wasmer). */
int fchmod(int fd, mode_t mode);
/* Opens the path and sets the mode through its fd. flags: 0 or AT_SYMLINK_NOFOLLOW (then a
 * symlink gives ENOTSUP, as glibc; other files are changed); anything else EINVAL. */
int fchmodat(int dirfd, const char *path, mode_t mode, int flags);
int chmod(const char *path, mode_t mode);
/* Linux's copy_file_range(2): NULL offset uses and advances the fd's position; a given offset
 * is used and advanced instead, the fd's position untouched. flags must be 0. Host-side copy
 * where the base allows, else the adapter loops through a buffer this library lends. */
ssize_t copy_file_range(int fd_in, off_t *off_in, int fd_out, off_t *off_out, size_t len, unsigned int flags);
/* Linux's sendfile(2) (in_fd a regular file, out_fd anything writable, not O_APPEND). */
ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);
/* Closes fds first..last (inclusive). flags: CLOSE_RANGE_CLOEXEC marks them close-on-exec
 * instead (fds up to first + 65535); CLOSE_RANGE_UNSHARE is accepted (one fd table). */
int close_range(unsigned int first, unsigned int last, int flags);
/* F_GETFD/F_SETFD (FD_CLOEXEC), F_GETFL/F_SETFL (as wasi-libc), F_DUPFD, F_DUPFD_CLOEXEC. */
int fcntl(int fd, int cmd, ...);
/* wasi-libc's lseek plus Linux's SEEK_DATA/SEEK_HOLE (fd_seek_data; on a base without hole
 * tracking the whole file is data, as Linux answers there): ENXIO at or past the end. */
off_t (lseek)(int fd, off_t offset, int whence); /* parenthesised: wasi-libc makes lseek a macro too */
/* Linux's checks before the host's answer: EBADF, ESPIPE (pipe), EINVAL (len < 0 or an advice
 * outside POSIX_FADV_*); a negative offset is a no-op hint. Returns the error number. */
int posix_fadvise(int fd, off_t offset, off_t len, int advice);
/* Linux's checks: EBADF, EINVAL (offset < 0 or len <= 0), EBADF (not open for writing), ESPIPE,
 * EFBIG (offset + len past 2^63-1); a base without fd_allocate grows the file (glibc's
 * emulation). Returns the error number. */
int posix_fallocate(int fd, off_t offset, off_t len);
/* wasi-libc's fstat plus the permission bits (and FIFO type) the extension ABI supplies.
 * stat, lstat and fstatat (wasi-libc's) get the same bits: the library defines the function they
 * all call after resolving the path, __wasilibc_nocwd_fstatat (wasi/libc-nocwd.h). On a wasi-libc
 * without that function they would silently show the type bits only; tests/c-library.test.ts
 * checks the modes through stat. wasi-libc's S_IFIFO is its S_IFSOCK (0xc000): S_ISFIFO holds
 * for a pipe. */
int fstat(int fd, struct stat *st);

#ifdef __cplusplus
}
#endif
#endif
