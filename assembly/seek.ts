// lseek.
import { fd_seek, errno } from "./wasi/preview1";
import { OUT2 } from "./scratch";
import { reset, setOSError } from "./error";
import { statFd, seekable } from "./fd";
import { SEEK_SET, SEEK_END } from "./constants";

/**
 * os.lseek(fd, pos, how): the new position, or -1. how: SEEK_SET/SEEK_CUR/SEEK_END (others,
 * including Linux's SEEK_DATA/SEEK_HOLE which preview1 lacks: EINVAL). An fd without FD_SEEK
 * (pipe, tty) gives ESPIPE as Linux does; the host's ENOTCAPABLE never escapes.
 */
export function lseek(fd: i32, pos: i64, how: i32): i64 {
  reset();
  if (how < SEEK_SET || how > SEEK_END) { setOSError("lseek", errno.EINVAL); return -1; }
  const e = <i32>fd_seek(<u32>fd, pos, <u8>how, OUT2);
  if (e != 0) {
    let le = e;
    if (e == errno.ENOTCAPABLE || e == errno.EBADF || e == errno.ESPIPE) {
      le = statFd(fd) != 0 ? errno.EBADF : (!seekable() ? errno.ESPIPE : (e == errno.ENOTCAPABLE ? errno.ESPIPE : e));
    }
    setOSError("lseek", le);
    return -1;
  }
  return load<i64>(OUT2);
}
