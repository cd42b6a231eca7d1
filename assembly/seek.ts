// lseek.
import { fd_seek, errno } from "./wasi/preview1";
import { OUT2 } from "./scratch";
import { reset, setOSError } from "./error";
import { statFd, seekable, isDir } from "./fd";
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
      if (statFd(fd) != 0) le = errno.EBADF;
      // Linux seeks directories (the offset is the readdir position); preview1 keeps that
      // position in fd_readdir's cookie instead, so hosts refuse. Answer SEEK_SET as Linux
      // does (the offset itself); other whences have no host-independent meaning: EINVAL.
      else if (isDir()) {
        if (how == SEEK_SET && pos >= 0) return pos;
        le = errno.EINVAL;
      }
      else le = !seekable() ? errno.ESPIPE : (e == errno.ENOTCAPABLE ? errno.ESPIPE : e);
    }
    setOSError("lseek", le);
    return -1;
  }
  return load<i64>(OUT2);
}
