/* pipe, pipe2: the adapter's in-memory pipes (wasi_os_v1.pipe). The ABI's ends are
 * close-on-exec (os.pipe()); Linux's pipe() and pipe2 without O_CLOEXEC clear the flag. */
#include "wasi_os.h"
#include "imports.h"

int pipe2(int fds[2], int flags) {
  if ((flags & ~(O_CLOEXEC | O_NONBLOCK)) != 0) return wasi_os_fail(EINVAL);
  uint32_t ends[2];
  int e = wasi_os_pipe((flags & O_NONBLOCK) ? WASI_OS_PIPE_NONBLOCK : 0, ends);
  if (e != 0) return wasi_os_fail(e);
  if (!(flags & O_CLOEXEC)) {
    wasi_os_fd_inheritable_set((int32_t)ends[0], 1);
    wasi_os_fd_inheritable_set((int32_t)ends[1], 1);
  }
  fds[0] = (int)ends[0];
  fds[1] = (int)ends[1];
  return 0;
}

int pipe(int fds[2]) { return pipe2(fds, 0); }
