// Calls on an open file's data and storage: ftruncate, fsync, fdatasync, posix_fallocate, posix_fadvise.
import { fd_filestat_set_size, fd_filestat_get, fd_sync, fd_datasync, fd_allocate, fd_advise, errno, ADVICE, RIGHTS, FILESTAT } from "./wasi/preview1";
import { fd_chmod } from "./wasi/ext";
import { reset, setOSError, setError, ErrorKind } from "./error";
import { statFd, has, isReg, isDir, seekable } from "./fd";

/**
 * os.ftruncate(fd, length): true, or false. length < 0, an fd not open for writing, or not a
 * regular file: EINVAL (Linux checks S_ISREG and FMODE_WRITE and says EINVAL, not EBADF).
 */
export function ftruncate(fd: i32, length: i64): bool {
  reset();
  if (length < 0) { setOSError("ftruncate", errno.EINVAL); return false; }
  const e = <i32>fd_filestat_set_size(<u32>fd, <u64>length);
  if (e == 0) return true;
  let le = e;
  if (statFd(fd) != 0) le = errno.EBADF;
  else if (!isReg() || !has(RIGHTS.FD_FILESTAT_SET_SIZE) || e == errno.ENOTCAPABLE) le = errno.EINVAL;
  setOSError("ftruncate", le);
  return false;
}

/** os.fsync(fd): true, or false. Works on O_RDONLY fds and directories (Linux); a pipe: EINVAL. */
export function fsync(fd: i32): bool {
  reset();
  // CPython takes fsync's fd through PyObject_AsFileDescriptor: a negative one is ValueError.
  if (fd < 0) { setError("fsync", ErrorKind.ValueError); return false; }
  const e = <i32>fd_sync(<u32>fd);
  if (e == 0) return true;
  // No FD_SYNC right or no sync on this object (pipe, tty): Linux says EINVAL.
  setOSError("fsync", statFd(fd) != 0 ? errno.EBADF : (e == errno.ENOTCAPABLE || e == errno.EBADF ? errno.EINVAL : e));
  return false;
}

/** os.fdatasync(fd): true, or false. Without FD_DATASYNC (O_RDONLY fds) it falls back to fd_sync, a superset. */
export function fdatasync(fd: i32): bool {
  reset();
  if (fd < 0) { setError("fdatasync", ErrorKind.ValueError); return false; }
  let e = <i32>fd_datasync(<u32>fd);
  if (e == errno.ENOTCAPABLE || e == errno.ENOTSUP || e == errno.ENOSYS) e = <i32>fd_sync(<u32>fd);
  if (e == 0) return true;
  setOSError("fdatasync", statFd(fd) != 0 ? errno.EBADF : (e == errno.ENOTCAPABLE || e == errno.EBADF ? errno.EINVAL : e));
  return false;
}

/**
 * os.posix_fallocate(fd, offset, len): true, or false. offset < 0 or len <= 0: EINVAL (glibc);
 * not open for writing: EBADF; not seekable: ESPIPE. Hosts without fd_allocate (ENOTSUP) get
 * glibc's emulation: grow the file to offset+len if shorter (reads as zeros).
 */
export function posix_fallocate(fd: i32, offset: i64, len: i64): bool {
  reset();
  // Linux checks the fd before the range (EBADF for a bad fd with len 0).
  if (statFd(fd) != 0) { setOSError("posix_fallocate", errno.EBADF); return false; }
  if (offset < 0 || len <= 0) { setOSError("posix_fallocate", errno.EINVAL); return false; }
  if (isDir() || !has(RIGHTS.FD_WRITE)) { setOSError("posix_fallocate", errno.EBADF); return false; }
  if (!seekable()) { setOSError("posix_fallocate", errno.ESPIPE); return false; }
  if (offset > i64.MAX_VALUE - len) { setOSError("posix_fallocate", errno.EFBIG); return false; }
  let e = <i32>fd_allocate(<u32>fd, <u64>offset, <u64>len);
  if (e == errno.ENOTSUP || e == errno.ENOSYS || e == errno.ENOTCAPABLE) {
    e = emulate(fd, offset + len);
  }
  if (e != 0) { setOSError("posix_fallocate", e == errno.ENOTCAPABLE ? errno.EBADF : e); return false; }
  return true;
}

const FS: usize = memory.data(<i32>FILESTAT.SIZE, 8);

function emulate(fd: i32, end: i64): i32 {
  const e = <i32>fd_filestat_get(<u32>fd, FS);
  if (e != 0) return e;
  if (load<i64>(FS + FILESTAT.FSIZE) >= end) return 0;
  return <i32>fd_filestat_set_size(<u32>fd, <u64>end);
}

/**
 * os.posix_fadvise(fd, offset, len, advice): true, or false. Linux's POSIX_FADV_* numbering
 * (RANDOM/SEQUENTIAL swapped against WASI's). Bad advice or len < 0: EINVAL (after EBADF); a pipe:
 * ESPIPE. Advice has no visible effect, so a host that cannot take it (ENOTSUP) counts as success.
 */
export function posix_fadvise(fd: i32, offset: i64, len: i64, advice: i32): bool {
  reset();
  if (statFd(fd) != 0) { setOSError("posix_fadvise", errno.EBADF); return false; }
  if (!isDir() && !seekable()) { setOSError("posix_fadvise", errno.ESPIPE); return false; }
  if (len < 0 || advice < 0 || advice > 5) { setOSError("posix_fadvise", errno.EINVAL); return false; }
  let wa: u8 = <u8>advice;
  if (advice == 1) wa = ADVICE.RANDOM; else if (advice == 2) wa = ADVICE.SEQUENTIAL;
  // WASI offsets are unsigned; Linux accepts a negative offset as a no-op hint.
  const e = <i32>fd_advise(<u32>fd, offset < 0 ? 0 : <u64>offset, <u64>len, wa);
  if (e == 0 || e == errno.ENOTSUP || e == errno.ENOSYS || e == errno.ENOTCAPABLE || e == errno.EINVAL && isDir()) return true;
  setOSError("posix_fadvise", e == errno.EBADF ? errno.EBADF : e);
  return false;
}

/**
 * os.fchmod(fd, mode): true, or false. Sets the permission bits (mode & 0o7777) of fd's file,
 * whatever fd's access mode (O_RDONLY included, as Linux allows the owner); visible in fstat's
 * st_mode. The guest acts as root: the bits are stored and reported, never enforced. Errors:
 * EBADF; ENOSYS where the host cannot reach a file's mode (node-wasi, wasmer): never a silent
 * success.
 */
export function fchmod(fd: i32, mode: i32): bool {
  reset();
  const e = fd_chmod(<u32>fd, mode);
  if (e != 0) { setOSError("fchmod", e == errno.ENOTCAPABLE ? errno.EBADF : e); return false; }
  return true;
}
