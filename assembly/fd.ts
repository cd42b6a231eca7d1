// fd_fdstat_get into scratch, and the questions errno translation asks of it
// (filetype, rights, flags). Used after a failure to tell Linux's errno apart.
import { fd_fdstat_get, FDSTAT, FDFLAGS, FILETYPE, RIGHTS } from "./wasi/preview1";
import { OUT } from "./scratch";

/** fd_fdstat_get(fd) into OUT; returns the WASI errno (0 = the fd exists). */
export function statFd(fd: i32): i32 { return <i32>fd_fdstat_get(<u32>fd, OUT); }

/** Filetype of the last statFd. */
// @ts-ignore: decorator
@inline export function lastType(): u8 { return load<u8>(OUT + FDSTAT.FILETYPE); }
/** Rights of the last statFd. */
// @ts-ignore: decorator
@inline export function lastRights(): u64 { return load<u64>(OUT + FDSTAT.RIGHTS_BASE); }
/**
 * WASI fdflags of the last statFd. node:wasi (uvwasi) fills fs_flags with the host's Linux O_*
 * bits (0x8002 for O_RDWR: O_LARGEFILE is always there); seen that way, O_WRONLY would read as
 * APPEND. Host bits are recognised by O_LARGEFILE (0x8000, far above WASI's 5 flags) and decoded.
 */
export function lastFlags(): u16 {
  const f = load<u16>(OUT + FDSTAT.FLAGS);
  if ((f & 0x8000) == 0) return f;
  let w: u16 = 0;
  if (f & 0x400) w |= FDFLAGS.APPEND;    // Linux O_APPEND
  if (f & 0x800) w |= FDFLAGS.NONBLOCK;  // Linux O_NONBLOCK
  if (f & 0x1000) w |= FDFLAGS.DSYNC;    // Linux O_DSYNC (the low 16 bits of O_SYNC too)
  return w;
}
/** Does the last statFd have all of `r`? */
// @ts-ignore: decorator
@inline export function has(r: u64): bool { return (lastRights() & r) == r; }

/** Seekable, as Linux's FMODE_PREAD: the fd has FD_SEEK (pipes, sockets and ttys lack it). */
// @ts-ignore: decorator
@inline export function seekable(): bool { return has(RIGHTS.FD_SEEK); }

/** Is the last statFd a directory? */
// @ts-ignore: decorator
@inline export function isDir(): bool { return lastType() == FILETYPE.DIRECTORY; }

/** Is the last statFd a regular file? */
// @ts-ignore: decorator
@inline export function isReg(): bool { return lastType() == FILETYPE.REGULAR_FILE; }
