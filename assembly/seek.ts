// lseek.
import { fd_seek, fd_filestat_get, errno, WHENCE, FILESTAT } from "./wasi/preview1";
import { fd_seek_data } from "./wasi/ext";
import { OUT, OUT2 } from "./scratch";
import { reset, setOSError } from "./error";
import { statFd, seekable, isDir } from "./fd";
import { SEEK_SET, SEEK_END, SEEK_DATA, SEEK_HOLE } from "./constants";

/**
 * SEEK_DATA / SEEK_HOLE through the extension. On an opaque base (ENOSYS) the answer Linux gives
 * for file systems without hole tracking: the whole file is data, the end is the hole.
 */
function seekData(fd: i32, pos: i64, how: i32): i64 {
  let e = fd_seek_data(<u32>fd, pos, how, OUT2);
  if (e == errno.ENOSYS) {
    if (statFd(fd) != 0) e = errno.EBADF;
    else if (isDir()) e = errno.EINVAL;
    else if (!seekable()) e = errno.ESPIPE;
    else if ((e = <i32>fd_filestat_get(<u32>fd, OUT)) == 0) {
      const size = load<i64>(OUT + FILESTAT.FSIZE);
      if (pos < 0 || pos >= size) e = errno.ENXIO;
      else e = <i32>fd_seek(<u32>fd, how == SEEK_HOLE ? size : pos, WHENCE.SET, OUT2);
    }
  }
  if (e != 0) { setOSError("lseek", e); return -1; }
  return load<i64>(OUT2);
}

/**
 * os.lseek(fd, pos, how): the new position, or -1. how: SEEK_SET/SEEK_CUR/SEEK_END, and Linux's
 * SEEK_DATA/SEEK_HOLE (preview1 lacks them: the extension's fd_seek_data); others EINVAL. An fd without FD_SEEK
 * (pipe, tty) gives ESPIPE as Linux does; the host's ENOTCAPABLE never escapes.
 */
export function lseek(fd: i32, pos: i64, how: i32): i64 {
  reset();
  if (how == SEEK_DATA || how == SEEK_HOLE) return seekData(fd, pos, how);
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
