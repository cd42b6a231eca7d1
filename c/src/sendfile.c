/* sendfile: a bounded read/write loop through the library's scratch buffer, with Linux's checks
 * in Linux's order (the same rules as assembly/sendfile.ts): in_fd readable (EBADF), a given
 * offset needs a seekable in_fd (ESPIPE) and must be >= 0 (EINVAL), out_fd writable (EBADF) and
 * not O_APPEND (EINVAL), in_fd a regular file (EINVAL); then the position: position plus count
 * past 2^63-1 EINVAL, at or past the smaller largest file size (fd_size_max_get, Linux's
 * s_maxbytes) EOVERFLOW, a count crossing it shortened, as do_sendfile. An error after progress
 * returns the count. */
#include <stdint.h>
#include <wasi/api.h>
#include "wasi_os.h"
#include "imports.h"

#define MAX_RW 0x7ffff000

/* The smaller of both files' largest sizes; 2^63-1 where the host does not say. */
static off_t size_max(int a, int b) {
  off_t max = INT64_MAX;
  uint64_t m;
  if (wasi_os_fd_size_max_get(a, &m) == 0 && m < (uint64_t)max) max = (off_t)m;
  if (wasi_os_fd_size_max_get(b, &m) == 0 && m < (uint64_t)max) max = (off_t)m;
  return max;
}

static int fix(int e) { return e == __WASI_ERRNO_NOTCAPABLE ? EBADF : e; }

ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count) {
  __wasi_fdstat_t in, out;
  if (__wasi_fd_fdstat_get(in_fd, &in) != 0) return wasi_os_fail(EBADF);
  int in_dir = in.fs_filetype == __WASI_FILETYPE_DIRECTORY;
  if (!(in.fs_rights_base & __WASI_RIGHTS_FD_READ) && !in_dir) return wasi_os_fail(EBADF);
  int in_seek = (in.fs_rights_base & __WASI_RIGHTS_FD_SEEK) != 0;
  if (offset != NULL) {
    if (!in_seek && !in_dir) return wasi_os_fail(ESPIPE);
    if (*offset < 0) return wasi_os_fail(EINVAL);
  }
  if ((ssize_t)count < 0) return wasi_os_fail(EINVAL); /* Linux's rw_verify_area */
  if (__wasi_fd_fdstat_get(out_fd, &out) != 0 || out.fs_filetype == __WASI_FILETYPE_DIRECTORY ||
      !(out.fs_rights_base & __WASI_RIGHTS_FD_WRITE))
    return wasi_os_fail(EBADF);
  /* node:wasi reports host O_* bits (O_LARGEFILE 0x8000 set): its O_APPEND is 0x400. */
  int append = (out.fs_flags & 0x8000) ? (out.fs_flags & 0x400) != 0 : (out.fs_flags & __WASI_FDFLAGS_APPEND) != 0;
  if (append) return wasi_os_fail(EINVAL);
  if (in_dir || !in_seek) return wasi_os_fail(EINVAL);
  off_t pos;
  if (offset != NULL) pos = *offset;
  else {
    __wasi_filesize_t p;
    if (__wasi_fd_tell(in_fd, &p) != 0) return wasi_os_fail(ESPIPE);
    pos = (off_t)p;
  }
  if ((off_t)count > INT64_MAX - pos) return wasi_os_fail(EINVAL);
  off_t max = size_max(in_fd, out_fd);
  if (pos + (off_t)count > max) {
    if (pos >= max) return wasi_os_fail(EOVERFLOW);
    count = (size_t)(max - pos);
  }
  if (count > MAX_RW) count = MAX_RW;
  size_t done = 0;
  while (done < count) {
    size_t want = count - done < WASI_OS_SCRATCH_SIZE ? count - done : WASI_OS_SCRATCH_SIZE;
    __wasi_iovec_t iov = {wasi_os_scratch, want};
    size_t got = 0;
    int e = offset == NULL ? __wasi_fd_read(in_fd, &iov, 1, &got)
                           : __wasi_fd_pread(in_fd, &iov, 1, (__wasi_filesize_t)(*offset + (off_t)done), &got);
    if (e != 0) {
      if (done > 0) break;
      return wasi_os_fail(fix(e));
    }
    if (got == 0) break;
    size_t put = 0;
    int we = 0;
    while (put < got) {
      __wasi_ciovec_t c = {wasi_os_scratch + put, got - put};
      size_t w = 0;
      if ((we = __wasi_fd_write(out_fd, &c, 1, &w)) != 0 || w == 0) break;
      put += w;
    }
    done += put;
    if (put < got) {
      /* Give back what was read but not written: in_fd's position counts only sent bytes. */
      __wasi_filesize_t pos;
      if (offset == NULL) (void)__wasi_fd_seek(in_fd, -(__wasi_filedelta_t)(got - put), __WASI_WHENCE_CUR, &pos);
      if (done == 0 && we != 0) return wasi_os_fail(fix(we));
      break;
    }
  }
  if (offset != NULL) *offset += (off_t)done;
  return (ssize_t)done;
}
