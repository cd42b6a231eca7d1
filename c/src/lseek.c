/* lseek: wasi-libc's answer for SEEK_SET/CUR/END (its __lseek: ENOTCAPABLE is ESPIPE), and
 * SEEK_DATA/SEEK_HOLE, which preview1 lacks, through fd_seek_data (the same rules as
 * assembly/seek.ts). On an opaque base (ENOSYS) Linux's answer for file systems without hole
 * tracking: the whole file is data, the end is the hole. */
#include <wasi/api.h>
#include "wasi_os.h"
#include "imports.h"

static int seek_data(int fd, off_t pos, int how, uint64_t *to) {
  int e = wasi_os_fd_seek_data(fd, pos, how, to);
  if (e != ENOSYS) return e;
  __wasi_fdstat_t st;
  __wasi_filestat_t fs;
  if (__wasi_fd_fdstat_get(fd, &st) != 0) return EBADF;
  if (st.fs_filetype == __WASI_FILETYPE_DIRECTORY) return EINVAL;
  if (!(st.fs_rights_base & __WASI_RIGHTS_FD_SEEK)) return ESPIPE;
  if ((e = __wasi_fd_filestat_get(fd, &fs)) != 0) return e;
  if (pos < 0 || (uint64_t)pos >= fs.size) return ENXIO;
  return __wasi_fd_seek(fd, how == SEEK_HOLE ? (off_t)fs.size : pos, __WASI_WHENCE_SET, to);
}

off_t (lseek)(int fd, off_t offset, int whence) {
  uint64_t to = 0;
  if (whence == SEEK_DATA || whence == SEEK_HOLE) {
    int e = seek_data(fd, offset, whence, &to);
    return e != 0 ? wasi_os_fail(e) : (off_t)to;
  }
  int e = __wasi_fd_seek(fd, offset, (__wasi_whence_t)whence, &to);
  if (e != 0) return wasi_os_fail(e == __WASI_ERRNO_NOTCAPABLE ? ESPIPE : e);
  return (off_t)to;
}
