// dup, dup2 and the inheritable flag, over the extension ABI's virtual fd table (docs/abi.md).
import { errno } from "./wasi/preview1";
import { fd_dup, fd_dup2, fd_inheritable_get, fd_inheritable_set, DUP2_INHERITABLE } from "./wasi/ext";
import { OUT2 } from "./scratch";
import { reset, setOSError } from "./error";

/** The host's errno as Linux's: ENOTCAPABLE never escapes (a missing right is a bad fd here). */
// @ts-ignore: decorator
@inline function linuxErrno(e: i32): i32 { return e == errno.ENOTCAPABLE ? errno.EBADF : e; }

/**
 * os.dup(fd): a new fd (the lowest free one) sharing fd's offset and status flags, not
 * inheritable; -1 on error (EBADF, EMFILE).
 */
export function dup(fd: i32): i32 {
  reset();
  const e = fd_dup(<u32>fd, OUT2);
  if (e != 0) { setOSError("dup", linuxErrno(e)); return -1; }
  return load<i32>(OUT2);
}

/**
 * os.dup2(fd, fd2, inheritable=true): fd2, now an alias of fd (what fd2 referred to is closed
 * first), or -1. dup2(fd, fd) returns fd; with inheritable=false it is EINVAL (CPython calls
 * dup3, which refuses equal fds). A bad fd: EBADF and fd2 stays open; fd2 negative or beyond the
 * host's fd limit: EBADF.
 */
export function dup2(fd: i32, fd2: i32, inheritable: bool = true): i32 {
  reset();
  // dup3 (inheritable=false) refuses equal fds before looking at them: EINVAL even when closed.
  if (fd == fd2 && !inheritable) { setOSError("dup2", errno.EINVAL); return -1; }
  // CPython checks both before the call: negative fds are EBADF.
  if (fd < 0 || fd2 < 0) { setOSError("dup2", errno.EBADF); return -1; }
  const e = fd_dup2(<u32>fd, fd2, inheritable ? DUP2_INHERITABLE : 0, OUT2);
  if (e != 0) { setOSError("dup2", linuxErrno(e)); return -1; }
  return load<i32>(OUT2);
}

/**
 * os.get_inheritable(fd): the fd's inheritable flag (close-on-exec's inverse). On error (EBADF)
 * returns false with the error recorded: check last_error().failed. New fds from open, dup and
 * pipe are not inheritable (PEP 446); fds 0-2 are. No guest can exec: stored and reported only.
 */
export function get_inheritable(fd: i32): bool {
  reset();
  const e = fd_inheritable_get(<u32>fd, OUT2);
  if (e != 0) { setOSError("get_inheritable", linuxErrno(e)); return false; }
  return load<u32>(OUT2) != 0;
}

/** os.set_inheritable(fd, inheritable): true, or false with the error (EBADF). */
export function set_inheritable(fd: i32, inheritable: bool): bool {
  reset();
  const e = fd_inheritable_set(<u32>fd, inheritable ? 1 : 0);
  if (e != 0) { setOSError("set_inheritable", linuxErrno(e)); return false; }
  return true;
}
