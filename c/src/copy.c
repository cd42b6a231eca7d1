/* copy_file_range through wasi_os_v1.fd_copy_range: Linux's checks and the copy are the
 * host's (docs/abi.md); NULL offsets become the "use and advance the position" flags. */
#include <stdint.h>
#include "wasi_os.h"
#include "imports.h"

uint8_t wasi_os_scratch[WASI_OS_SCRATCH_SIZE];

ssize_t copy_file_range(int fd_in, off_t *off_in, int fd_out, off_t *off_out, size_t len, unsigned int flags) {
  if (flags != 0) return wasi_os_fail(EINVAL);
  int f = (off_in == NULL ? WASI_OS_COPY_USE_POS_SRC : 0) | (off_out == NULL ? WASI_OS_COPY_USE_POS_DST : 0);
  /* Linux moves at most MAX_RW_COUNT per call; ssize_t bounds the answer. */
  int64_t count = len > 0x7ffff000u ? 0x7ffff000 : (int64_t)len;
  uint64_t copied = 0;
  int e = wasi_os_fd_copy_range(fd_in, fd_out, count, off_in ? *off_in : 0, off_out ? *off_out : 0, f,
                                wasi_os_scratch, WASI_OS_SCRATCH_SIZE, &copied);
  if (e != 0) return wasi_os_fail(e);
  if (off_in) *off_in += (off_t)copied;
  if (off_out) *off_out += (off_t)copied;
  return (ssize_t)copied;
}
