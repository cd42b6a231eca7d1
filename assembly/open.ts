// open/close/closerange/truncate: the calls that name a path or end an fd.
import { path_open, path_filestat_get, fd_close, fd_fdstat_get, fd_filestat_set_size, errno, FDSTAT, FDFLAGS, OFLAGS, RIGHTS, LOOKUP_SYMLINK_FOLLOW, FILETYPE, FILESTAT } from "./wasi/preview1";
import { fd_close_range, fd_chmod } from "./wasi/ext";
import { OUT, OUT2, PATH_BUF } from "./scratch";
import { reset, setOSError, setError, ErrorKind } from "./error";
import { resolve, resolvedLen } from "./path";
import {
  O_ACCMODE, O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_NONBLOCK, O_DSYNC,
  O_DIRECTORY, O_NOFOLLOW, O_SYNC,
} from "./constants";

/** Rights that contradict an access mode; everything else is always requested (wasi-libc). */
// @ts-ignore: decorator
@inline const MODE_RIGHTS: u64 = RIGHTS.FD_DATASYNC | RIGHTS.FD_READ | RIGHTS.FD_WRITE |
  RIGHTS.FD_ALLOCATE | RIGHTS.FD_READDIR | RIGHTS.FD_FILESTAT_SET_SIZE;

/** Highest fd closerange visits: no WASI host hands out fds this high (the adapter's limit is lower). */
// @ts-ignore: decorator
@inline const CLOSERANGE_MAX: i32 = 65536;

/**
 * The umask new files get (WASI has none): the usual 0o022, the one the conformance oracle uses.
 * open(path, O_CREAT, mode) gives a file it creates the bits mode & ~UMASK.
 */
// @ts-ignore: decorator
@inline export const UMASK: i32 = 0o022;

/** Did the last successful openRaw create the file? (O_CREAT on a path that did not exist.) */
let created = false;

/** Rights to request for a Linux access mode (O_ACCMODE bits). */
function accessRights(acc: i32): u64 {
  let r: u64 = ~MODE_RIGHTS;
  if (acc == O_RDONLY || acc == O_RDWR) r |= RIGHTS.FD_READ | RIGHTS.FD_READDIR;
  if (acc == O_WRONLY || acc == O_RDWR) {
    r |= RIGHTS.FD_DATASYNC | RIGHTS.FD_WRITE | RIGHTS.FD_ALLOCATE | RIGHTS.FD_FILESTAT_SET_SIZE;
  }
  return r; // O_ACCMODE (3): neither, as Linux's "no read/write" mode
}

/** Does the string hold a NUL? Python raises ValueError ("embedded null byte") for those paths. */
export function hasNul(s: string): bool {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) == 0) return true;
  return false;
}

/**
 * path_open with wasi-libc's rules: rights for the access mode masked by the directory's
 * inheriting rights (node:wasi refuses more with ENOTCAPABLE). Returns the fd or -errno.
 * Clobbers OUT, OUT2 and PATH_BUF.
 */
export function openRaw(path: string, flags: i32): i32 {
  const dir = resolve(path);
  if (dir < 0) return dir;
  if (fd_fdstat_get(<u32>dir, OUT) != 0) return -errno.EBADF;
  const inheriting = load<u64>(OUT + FDSTAT.RIGHTS_INHERITING);
  let oflags: u16 = 0;
  if (flags & O_CREAT) oflags |= OFLAGS.CREAT;
  if (flags & O_EXCL) oflags |= OFLAGS.EXCL;
  if (flags & O_TRUNC) oflags |= OFLAGS.TRUNC;
  if (flags & O_DIRECTORY) oflags |= OFLAGS.DIRECTORY;
  let fdflags: u16 = 0;
  if (flags & O_APPEND) fdflags |= FDFLAGS.APPEND;
  if (flags & O_NONBLOCK) fdflags |= FDFLAGS.NONBLOCK;
  // O_SYNC contains O_DSYNC's bit on Linux: test the full pattern first.
  if ((flags & O_SYNC) == O_SYNC) fdflags |= FDFLAGS.SYNC;
  else if (flags & O_DSYNC) fdflags |= FDFLAGS.DSYNC;
  const lookup: u32 = (flags & O_NOFOLLOW) ? 0 : LOOKUP_SYMLINK_FOLLOW;
  // Whether O_CREAT creates the file: with O_EXCL a success says so; otherwise ask first
  // (single-threaded guest: nothing can create it in between).
  created = false;
  let exists = true;
  if (flags & O_CREAT) {
    exists = (flags & O_EXCL) ? false : path_filestat_get(<u32>dir, LOOKUP_SYMLINK_FOLLOW, PATH_BUF, resolvedLen, OUT) == 0;
  }
  if (flags & O_NOFOLLOW) {
    // Linux: O_NOFOLLOW on a final symlink is ELOOP. Some hosts (node-wasi) open the link's
    // target anyway; one path_filestat_get without following settles it (only with O_NOFOLLOW).
    if (path_filestat_get(<u32>dir, 0, PATH_BUF, resolvedLen, OUT) == 0 &&
        load<u8>(OUT + FILESTAT.FILETYPE) == FILETYPE.SYMBOLIC_LINK) return -errno.ELOOP;
  }
  const base = accessRights(flags & O_ACCMODE) & inheriting;
  const e = path_open(<u32>dir, lookup, PATH_BUF, resolvedLen, oflags, base, inheriting, fdflags, OUT2);
  if (e != 0) {
    // ENOTCAPABLE (a path escaping its preopen, or rights refused): wasmtime says EPERM for an
    // escape; give that answer on every host so ENOTCAPABLE never escapes.
    return -(e == errno.ENOTCAPABLE ? errno.EPERM : <i32>e);
  }
  created = !exists;
  return load<i32>(OUT2);
}

/**
 * os.open(path, flags, mode=0o777): a new fd, or -1. flags are Python's (Linux) O_* values.
 * When O_CREAT creates the file, its permission bits become mode & ~UMASK (0o022) through the
 * extension's fd_chmod, as Linux does; an existing file keeps its mode. Hosts that cannot store
 * modes (fd_chmod ENOSYS: node-wasi, wasmer) keep their own default, silently: the open worked.
 * Writing to a directory (O_WRONLY/O_RDWR) gives EISDIR as Linux does.
 */
export function open(path: string, flags: i32, mode: i32 = 0o777): i32 {
  reset();
  if (hasNul(path)) { setError("open", ErrorKind.ValueError); return -1; }
  const fd = openRaw(path, flags);
  if (fd < 0) { setOSError("open", -fd); return -1; }
  const acc = flags & O_ACCMODE;
  if (acc == O_WRONLY || acc == O_RDWR) {
    // Some hosts open a directory for writing; Linux refuses with EISDIR.
    if (fd_fdstat_get(<u32>fd, OUT) == 0 && load<u8>(OUT + FDSTAT.FILETYPE) == FILETYPE.DIRECTORY) {
      fd_close(<u32>fd);
      setOSError("open", errno.EISDIR);
      return -1;
    }
  }
  if (created) fd_chmod(<u32>fd, mode & ~UMASK & 0o7777);
  return fd;
}

/** os.close(fd): true, or false with the error (EBADF). */
export function close(fd: i32): bool {
  reset();
  const e = fd_close(<u32>fd);
  if (e != 0) { setOSError("close", e == errno.ENOTCAPABLE ? errno.EBADF : <i32>e); return false; }
  return true;
}

/**
 * os.closerange(lo, hi): close lo <= fd < hi, ignoring errors (never fails), in one extension
 * call (fd_close_range). Only if the host answered ENOSYS (a wasi-os host never does) it closes
 * fd by fd, stopping at fd 65536.
 */
export function closerange(lo: i32, hi: i32): void {
  reset();
  if (lo < 0) lo = 0;
  if (hi <= lo) return;
  if (fd_close_range(lo, hi) != errno.ENOSYS) return;
  if (hi > CLOSERANGE_MAX) hi = CLOSERANGE_MAX;
  for (let fd = lo; fd < hi; fd++) fd_close(<u32>fd);
}

/**
 * os.truncate(path, length): true, or false. length < 0: EINVAL before the path is looked up
 * (Linux order); a directory: EISDIR.
 */
export function truncate(path: string, length: i64): bool {
  reset();
  if (hasNul(path)) { setError("truncate", ErrorKind.ValueError); return false; }
  if (length < 0) { setOSError("truncate", errno.EINVAL); return false; }
  const fd = openRaw(path, O_WRONLY);
  if (fd < 0) {
    // A directory cannot be opened for writing: Linux's truncate says EISDIR.
    const d = openRaw(path, O_RDONLY);
    if (d >= 0) {
      const dir = fd_fdstat_get(<u32>d, OUT) == 0 && load<u8>(OUT + FDSTAT.FILETYPE) == FILETYPE.DIRECTORY;
      fd_close(<u32>d);
      if (dir) { setOSError("truncate", errno.EISDIR); return false; }
    }
    setOSError("truncate", -fd);
    return false;
  }
  let e: i32 = 0;
  if (fd_fdstat_get(<u32>fd, OUT) == 0 && load<u8>(OUT + FDSTAT.FILETYPE) == FILETYPE.DIRECTORY) e = errno.EISDIR;
  else e = <i32>fd_filestat_set_size(<u32>fd, <u64>length);
  fd_close(<u32>fd);
  if (e != 0) { setOSError("truncate", e == errno.ENOTCAPABLE ? errno.EACCES : e); return false; }
  return true;
}
