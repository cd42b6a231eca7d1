/* dup, dup2, dup3 over the adapter's fd table (fd_dup / fd_dup2). Linux's dup and dup2 clear
 * FD_CLOEXEC on the new fd; the ABI's fd_dup makes it close-on-exec (Python's os.dup), so dup
 * clears it afterwards. */
#include "wasi_os.h"
#include "imports.h"

int dup(int oldfd) {
  uint32_t fd;
  int e = wasi_os_fd_dup(oldfd, &fd);
  if (e != 0) return wasi_os_fail(e);
  wasi_os_fd_inheritable_set((int32_t)fd, 1);
  return (int)fd;
}

int dup2(int oldfd, int newfd) {
  uint32_t fd;
  int e = wasi_os_fd_dup2(oldfd, newfd, WASI_OS_DUP2_INHERITABLE, &fd);
  return e != 0 ? wasi_os_fail(e) : (int)fd;
}

int dup3(int oldfd, int newfd, int flags) {
  if ((flags & ~O_CLOEXEC) != 0 || oldfd == newfd) return wasi_os_fail(EINVAL);
  uint32_t fd;
  int e = wasi_os_fd_dup2(oldfd, newfd, (flags & O_CLOEXEC) ? 0 : WASI_OS_DUP2_INHERITABLE, &fd);
  return e != 0 ? wasi_os_fail(e) : (int)fd;
}
