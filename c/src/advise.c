/* posix_fadvise and posix_fallocate with Linux's checks before the host's answer (the same rules
 * as assembly/file.ts); wasi-libc's pass the base's answers through (a length of 0 accepted,
 * ENOTCAPABLE, a negative offset refused). Both return the error number, as POSIX says. */
#include <stdint.h>
#include <wasi/api.h>
#include "wasi_os.h"
#include "imports.h"

int posix_fadvise(int fd, off_t offset, off_t len, int advice) {
  __wasi_fdstat_t st;
  if (__wasi_fd_fdstat_get(fd, &st) != 0) return EBADF;
  int dir = st.fs_filetype == __WASI_FILETYPE_DIRECTORY;
  if (!dir && !(st.fs_rights_base & __WASI_RIGHTS_FD_SEEK)) return ESPIPE;
  /* wasi-libc's POSIX_FADV_* are WASI's advice numbers, 0..5. */
  if (len < 0 || advice < 0 || advice > 5) return EINVAL;
  /* WASI offsets are unsigned; Linux takes a negative offset as a no-op hint. */
  int e = __wasi_fd_advise(fd, offset < 0 ? 0 : (__wasi_filesize_t)offset, (__wasi_filesize_t)len, (__wasi_advice_t)advice);
  /* Advice has no visible effect: a base that cannot take it has done all it must. */
  if (e == 0 || e == ENOTSUP || e == ENOSYS || e == __WASI_ERRNO_NOTCAPABLE || (e == EINVAL && dir)) return 0;
  return e;
}

int posix_fallocate(int fd, off_t offset, off_t len) {
  __wasi_fdstat_t st;
  /* Linux checks the fd before the range (EBADF for a bad fd with len 0). */
  if (__wasi_fd_fdstat_get(fd, &st) != 0) return EBADF;
  if (offset < 0 || len <= 0) return EINVAL;
  if (st.fs_filetype == __WASI_FILETYPE_DIRECTORY || !(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE)) return EBADF;
  if (!(st.fs_rights_base & __WASI_RIGHTS_FD_SEEK)) return ESPIPE;
  if (offset > INT64_MAX - len) return EFBIG;
  int e = __wasi_fd_allocate(fd, (__wasi_filesize_t)offset, (__wasi_filesize_t)len);
  if (e == ENOTSUP || e == ENOSYS || e == __WASI_ERRNO_NOTCAPABLE) {
    /* glibc's emulation: grow the file to offset + len if shorter (reads as zeros). */
    __wasi_filestat_t fs;
    e = __wasi_fd_filestat_get(fd, &fs);
    if (e == 0 && fs.size < (__wasi_filesize_t)(offset + len)) e = __wasi_fd_filestat_set_size(fd, (__wasi_filesize_t)(offset + len));
  }
  return e == __WASI_ERRNO_NOTCAPABLE ? EBADF : e;
}
