// Calls preview1 cannot express, answered as CPython on WASI answers them until the extension
// ABI (docs/abi.md) lands: an honest errno, never a trap.
import { errno } from "./wasi/preview1";
import { reset, setOSError, setError, ErrorKind } from "./error";
import { NONE } from "./constants";

/**
 * os.copy_file_range(src, dst, count, offset_src=NONE, offset_dst=NONE): -1 with ENOSYS for now.
 * count < 0 is a ValueError first, as CPython checks it before any fd.
 */
export function copy_file_range(src: i32, dst: i32, count: i64, offset_src: i64 = NONE, offset_dst: i64 = NONE): i64 {
  reset();
  if (count < 0) { setError("copy_file_range", ErrorKind.ValueError); return -1; }
  setOSError("copy_file_range", errno.ENOSYS);
  return -1;
}

/** os.dup(fd): -1 with ENOTSUP (what CPython on WASI raises). */
export function dup(fd: i32): i32 { reset(); setOSError("dup", errno.ENOTSUP); return -1; }

/** os.dup2(fd, fd2, inheritable=true): -1 with ENOTSUP (preview1 has no dup). */
export function dup2(fd: i32, fd2: i32, inheritable: bool = true): i32 { reset(); setOSError("dup2", errno.ENOTSUP); return -1; }

/** os.fchmod(fd, mode): false with ENOSYS (CPython on WASI's stub). */
export function fchmod(fd: i32, mode: i32): bool { reset(); setOSError("fchmod", errno.ENOSYS); return false; }
