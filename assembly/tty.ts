// Terminal questions and the blocking flag.
import { fd_fdstat_set_flags, errno, FILETYPE, FDFLAGS, RIGHTS } from "./wasi/preview1";
import { reset, setOSError } from "./error";
import { statFd, lastType, lastFlags, has } from "./fd";

/** os.isatty(fd): wasi-libc's rule, a character device without FD_SEEK and FD_TELL. Never fails. */
export function isatty(fd: i32): bool {
  reset();
  if (statFd(fd) != 0) return false;
  return lastType() == FILETYPE.CHARACTER_DEVICE && !has(RIGHTS.FD_SEEK) && !has(RIGHTS.FD_TELL);
}

/** os.device_encoding(fd): "UTF-8" for a terminal, else null (Python's None). Never fails. */
export function device_encoding(fd: i32): string | null {
  return isatty(fd) ? "UTF-8" : null;
}

/**
 * os.get_blocking(fd): true if O_NONBLOCK is clear. On EBADF returns false with the error
 * recorded: check last_error().failed. (node:wasi reports host O_* bits as fdflags; NONBLOCK's
 * WASI bit 4 is O_RDWR-free there, so the answer still holds for files.)
 */
export function get_blocking(fd: i32): bool {
  reset();
  if (statFd(fd) != 0) { setOSError("get_blocking", errno.EBADF); return false; }
  return (lastFlags() & FDFLAGS.NONBLOCK) == 0;
}

/**
 * os.set_blocking(fd, blocking): true, or false. Keeps APPEND, as fcntl(F_SETFL) changes only
 * O_NONBLOCK here; the sync flags cannot be changed by F_SETFL on Linux either, so they are not sent.
 * A host that cannot change flags (ENOTSUP/ENOTCAPABLE) on an existing fd: reported as ENOTSUP.
 */
export function set_blocking(fd: i32, blocking: bool): bool {
  reset();
  if (statFd(fd) != 0) { setOSError("set_blocking", errno.EBADF); return false; }
  let flags: u16 = lastFlags() & FDFLAGS.APPEND;
  if (!blocking) flags |= FDFLAGS.NONBLOCK;
  const e = <i32>fd_fdstat_set_flags(<u32>fd, flags);
  if (e != 0) { setOSError("set_blocking", e == errno.ENOTCAPABLE ? errno.ENOTSUP : e); return false; }
  return true;
}
