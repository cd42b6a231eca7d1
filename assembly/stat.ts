// fstat and stat_result.
import { fd_filestat_get, errno, FILESTAT, FILETYPE } from "./wasi/preview1";
import { fd_mode_get } from "./wasi/ext";
import { OUT, OUT2 } from "./scratch";
import { reset, setOSError } from "./error";
import { S_IFMT, S_IFIFO, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFLNK, S_IFSOCK } from "./constants";

/**
 * Python's os.stat_result (the integer fields). st_mode: the S_IF* type bits from preview1's
 * filestat plus the permission bits from the extension's fd_mode_get; where the host cannot know
 * them (fd_mode_get answers ENOSYS: node-wasi, wasmer) only the type bits, permission bits 0 (as
 * CPython on WASI). Pipes, which preview1 has no filetype for, get S_IFIFO from fd_mode_get.
 * st_uid/st_gid are 0: the guest acts as root.
 */
export class stat_result {
  st_mode: i32 = 0;
  st_ino: u64 = 0;
  st_dev: u64 = 0;
  st_nlink: u64 = 0;
  st_uid: u32 = 0;
  st_gid: u32 = 0;
  st_size: i64 = 0;
  st_atime_ns: i64 = 0;
  st_mtime_ns: i64 = 0;
  st_ctime_ns: i64 = 0;
}

/** S_IF* bits for a WASI filetype (0 for UNKNOWN). */
export function modeOfFiletype(t: u8): i32 {
  switch (t) {
    case FILETYPE.REGULAR_FILE: return S_IFREG;
    case FILETYPE.DIRECTORY: return S_IFDIR;
    case FILETYPE.CHARACTER_DEVICE: return S_IFCHR;
    case FILETYPE.BLOCK_DEVICE: return S_IFBLK;
    case FILETYPE.SYMBOLIC_LINK: return S_IFLNK;
    case FILETYPE.SOCKET_DGRAM: return S_IFSOCK;
    case FILETYPE.SOCKET_STREAM: return S_IFSOCK;
  }
  return 0;
}

/** os.fstat(fd): a stat_result, or null (EBADF). */
export function fstat(fd: i32): stat_result | null {
  reset();
  const e = <i32>fd_filestat_get(<u32>fd, OUT);
  // ENOTCAPABLE (no FD_FILESTAT_GET right): Linux fstat needs no right, the fd is there; EBADF is
  // the closest honest answer since the host will not tell.
  if (e != 0) { setOSError("fstat", e == errno.ENOTCAPABLE ? errno.EBADF : e); return null; }
  const r = fromFilestat(OUT);
  let mode = r.st_mode;
  if (fd_mode_get(<u32>fd, OUT2) == 0) {
    const full = load<i32>(OUT2);
    // preview1 has no FIFO filetype: a pipe shows as UNKNOWN (or CHR on some hosts); take the extension's type.
    if (mode == 0 || (full & S_IFMT) == S_IFIFO) mode = full & S_IFMT;
    mode |= full & 0o7777;
  }
  r.st_mode = mode;
  return r;
}

/** A stat_result from a preview1 FILESTAT at buf; st_mode holds only the type bits. */
export function fromFilestat(buf: usize): stat_result {
  const r = new stat_result();
  r.st_dev = load<u64>(buf + FILESTAT.DEV);
  r.st_ino = load<u64>(buf + FILESTAT.INO);
  r.st_mode = modeOfFiletype(load<u8>(buf + FILESTAT.FILETYPE));
  r.st_nlink = load<u64>(buf + FILESTAT.NLINK);
  r.st_size = load<i64>(buf + FILESTAT.FSIZE);
  r.st_atime_ns = load<i64>(buf + FILESTAT.ATIM);
  r.st_mtime_ns = load<i64>(buf + FILESTAT.MTIM);
  r.st_ctime_ns = load<i64>(buf + FILESTAT.CTIM);
  return r;
}
