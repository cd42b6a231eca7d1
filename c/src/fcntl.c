/* fcntl: FD_CLOEXEC through the adapter's inheritable flag, F_DUPFD[_CLOEXEC] through fd_dup and
 * fd_dup2; F_GETFL/F_SETFL as wasi-libc does them (this definition replaces wasi-libc's). */
#include <stdarg.h>
#include <wasi/api.h>
#include "wasi_os.h"
#include "imports.h"

/** The lowest free fd >= min made a copy of fd (Linux: EINVAL beyond the fd limit, EMFILE when full). */
static int dup_from(int fd, int min, int inheritable) {
  __wasi_fdstat_t st;
  int e = __wasi_fd_fdstat_get(fd, &st);
  if (e != 0) return wasi_os_fail(e);
  if (min < 0) return wasi_os_fail(EINVAL);
  if (min == 0) {
    uint32_t nfd;
    if ((e = wasi_os_fd_dup(fd, &nfd)) != 0) return wasi_os_fail(e);
    wasi_os_fd_inheritable_set((int32_t)nfd, inheritable);
    return (int)nfd;
  }
  for (int k = min;; k++) {
    if (__wasi_fd_fdstat_get(k, &st) != __WASI_ERRNO_BADF) continue;
    uint32_t nfd;
    e = wasi_os_fd_dup2(fd, k, inheritable ? WASI_OS_DUP2_INHERITABLE : 0, &nfd);
    if (e == 0) return (int)nfd;
    return wasi_os_fail(e == EBADF ? (k == min ? EINVAL : EMFILE) : e);
  }
}

int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  int arg = (cmd == F_SETFD || cmd == F_SETFL || cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) ? va_arg(ap, int) : 0;
  va_end(ap);
  __wasi_fdstat_t st;
  int e;
  switch (cmd) {
    case F_GETFD: {
      uint32_t inh;
      if ((e = wasi_os_fd_inheritable_get(fd, &inh)) != 0) return wasi_os_fail(e);
      return inh ? 0 : FD_CLOEXEC;
    }
    case F_SETFD:
      if ((e = wasi_os_fd_inheritable_set(fd, (arg & FD_CLOEXEC) ? 0 : 1)) != 0) return wasi_os_fail(e);
      return 0;
    case F_GETFL: {
      if ((e = __wasi_fd_fdstat_get(fd, &st)) != 0) return wasi_os_fail(e);
      int fl = st.fs_flags;
      if (st.fs_rights_base & (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR))
        fl |= (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) ? O_RDWR : O_RDONLY;
      else if (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE)
        fl |= O_WRONLY;
      else
        fl |= O_SEARCH;
      return fl;
    }
    case F_SETFL:
      if ((e = __wasi_fd_fdstat_set_flags(fd, arg & (O_APPEND | O_DSYNC | O_NONBLOCK | O_RSYNC | O_SYNC))) != 0) return wasi_os_fail(e);
      return 0;
    case F_DUPFD:
      return dup_from(fd, arg, 1);
    case F_DUPFD_CLOEXEC:
      return dup_from(fd, arg, 0);
    default:
      return wasi_os_fail(EINVAL);
  }
}
