/* close_range over wasi_os_v1.fd_close_range (half-open, int bounds). */
#include <limits.h>
#include "wasi_os.h"
#include "imports.h"

int close_range(unsigned int first, unsigned int last, int flags) {
  if ((flags & ~(int)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) != 0 || first > last) return wasi_os_fail(EINVAL);
  if (first > INT_MAX) return 0; /* no fd is that high */
  unsigned int top = last >= INT_MAX ? INT_MAX - 1 : last;
  if (flags & CLOSE_RANGE_CLOEXEC) {
    /* Bounded: the adapter's fd limit is far below first + 65536 fd numbers. */
    unsigned int end = top - first > 65535 ? first + 65535 : top;
    for (unsigned int fd = first; fd <= end; fd++) wasi_os_fd_inheritable_set((int32_t)fd, 0);
    return 0;
  }
  wasi_os_fd_close_range((int32_t)first, (int32_t)top + 1);
  return 0;
}
