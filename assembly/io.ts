// read/write and their positional and vectored forms. Byte-moving forms use the caller's
// buffers and the static iovec area (no allocation); read/pread allocate only their result.
import { fd_read, fd_write, fd_pread, fd_pwrite, fd_filestat_get, fd_tell, errno, FILESTAT, FILETYPE, RIGHTS } from "./wasi/preview1";
import { OUT, OUT2, IOVS, IOV_CHUNK } from "./scratch";
import { reset, setOSError } from "./error";
import { statFd, has, isDir, isReg, seekable } from "./fd";

/** Linux's IOV_MAX: readv/writev with more buffers fail with EINVAL. */
// @ts-ignore: decorator
@inline const IOV_MAX: i32 = 1024;
/** Linux moves at most this much in one read/write (MAX_RW_COUNT). */
// @ts-ignore: decorator
@inline const MAX_RW: i64 = 0x7ffff000;
/** read/pread allocate at most this much when the remaining file size is unknown. */
// @ts-ignore: decorator
@inline const READ_GUESS: i64 = 65536;

/**
 * Linux's errno for a failed read-side call. The host's EBADF/ENOTCAPABLE means "no such fd"
 * or "missing right"; Linux checks, in order: fd exists (EBADF), directory (EISDIR), open for
 * reading (EBADF), seekable for positional calls (ESPIPE). ENOTCAPABLE never escapes.
 */
export function readErrno(fd: i32, e: i32, positional: bool): i32 {
  if (e != errno.EBADF && e != errno.ENOTCAPABLE && e != errno.EISDIR && e != errno.ESPIPE) return e;
  if (statFd(fd) != 0) return errno.EBADF;
  if (isDir()) return errno.EISDIR;
  if (!has(RIGHTS.FD_READ)) return errno.EBADF;
  if (positional && !seekable()) return errno.ESPIPE;
  return e == errno.ENOTCAPABLE ? errno.EBADF : e;
}

/** Same for the write side: a directory is never open for writing on Linux, so EBADF. */
export function writeErrno(fd: i32, e: i32, positional: bool): i32 {
  if (e != errno.EBADF && e != errno.ENOTCAPABLE && e != errno.EISDIR && e != errno.ESPIPE) return e;
  if (statFd(fd) != 0) return errno.EBADF;
  if (isDir() || !has(RIGHTS.FD_WRITE)) return errno.EBADF;
  if (positional && !seekable()) return errno.ESPIPE;
  return e == errno.ENOTCAPABLE ? errno.EBADF : e;
}

// One iovec at IOVS[0].
// @ts-ignore: decorator
@inline function iov1(ptr: usize, len: usize): void {
  store<u32>(IOVS, <u32>ptr);
  store<u32>(IOVS, <u32>len, 4);
}

/** One raw call on n iovecs at iovs: read or write, at the position (offset < 0) or at offset. */
function rawAt(fd: i32, iovs: usize, n: i32, isWrite: bool, offset: i64): i32 {
  if (offset < 0) {
    return isWrite ? <i32>fd_write(<u32>fd, iovs, n, OUT2) : <i32>fd_read(<u32>fd, iovs, n, OUT2);
  }
  return isWrite ? <i32>fd_pwrite(<u32>fd, iovs, n, <u64>offset, OUT2) : <i32>fd_pread(<u32>fd, iovs, n, <u64>offset, OUT2);
}

// @ts-ignore: decorator
@inline function raw(fd: i32, n: i32, isWrite: bool, offset: i64): i32 { return rawAt(fd, IOVS, n, isWrite, offset); }

/** Size to allocate for read(fd, n) / pread(fd, n, at): n bounded by what the file holds. */
function readSize(fd: i32, n: i64, at: i64): i64 {
  if (n > MAX_RW) n = MAX_RW;
  if (n <= READ_GUESS) return n;
  if (fd_filestat_get(<u32>fd, OUT) != 0) return READ_GUESS; // the read reports the error
  if (load<u8>(OUT + FILESTAT.FILETYPE) != FILETYPE.REGULAR_FILE) return READ_GUESS;
  const size = load<i64>(OUT + FILESTAT.FSIZE);
  if (at < 0) {
    if (fd_tell(<u32>fd, OUT2) != 0) return READ_GUESS;
    at = load<i64>(OUT2);
  }
  const left = size - at;
  return left <= 0 ? 0 : (left < n ? left : n);
}

function readBytes(func: string, fd: i32, n: i64, offset: i64): Uint8Array | null {
  reset();
  if (n < 0 || offset < -1) { setOSError(func, errno.EINVAL); return null; }
  const size = <i32>readSize(fd, n, offset);
  let buf = new Uint8Array(size);
  iov1(buf.dataStart, size);
  const e = raw(fd, 1, false, offset);
  if (e != 0) { setOSError(func, readErrno(fd, e, offset >= 0)); return null; }
  const got = load<u32>(OUT2);
  if (got < <u32>size) buf = buf.slice(0, got); // short read: return exactly the bytes read
  return buf;
}

/** os.read(fd, n): up to n bytes (b"" at EOF); null on error. n < 0: EINVAL as Linux. */
export function read(fd: i32, n: i64): Uint8Array | null { return readBytes("read", fd, n, -1); }

/** os.pread(fd, n, offset): up to n bytes at offset, position unchanged; null on error. */
export function pread(fd: i32, n: i64, offset: i64): Uint8Array | null {
  if (offset < 0) { reset(); setOSError("pread", errno.EINVAL); return null; }
  return readBytes("pread", fd, n, offset);
}

function moveOne(func: string, fd: i32, ptr: usize, len: i32, isWrite: bool, offset: i64): i64 {
  reset();
  if (offset < -1) { setOSError(func, errno.EINVAL); return -1; }
  iov1(ptr, len);
  const e = raw(fd, 1, isWrite, offset);
  if (e != 0) {
    setOSError(func, isWrite ? writeErrno(fd, e, offset >= 0) : readErrno(fd, e, offset >= 0));
    return -1;
  }
  return <i64>load<u32>(OUT2);
}

/** os.readinto(fd, buf) (Python 3.14): bytes read into buf; -1 on error. No allocation. */
export function readinto(fd: i32, buf: Uint8Array): i64 {
  return moveOne("readinto", fd, buf.dataStart, buf.length, false, -1);
}

/** os.preadinto: like readinto at offset, position unchanged; -1 on error. */
export function preadinto(fd: i32, buf: Uint8Array, offset: i64): i64 {
  if (offset < 0) { reset(); setOSError("preadinto", errno.EINVAL); return -1; }
  return moveOne("preadinto", fd, buf.dataStart, buf.length, false, offset);
}

/** os.write(fd, data): bytes written; -1 on error. */
export function write(fd: i32, data: Uint8Array): i64 {
  return moveOne("write", fd, data.dataStart, data.length, true, -1);
}

/** os.pwrite(fd, data, offset): bytes written at offset, position unchanged; -1 on error. */
export function pwrite(fd: i32, data: Uint8Array, offset: i64): i64 {
  if (offset < 0) { reset(); setOSError("pwrite", errno.EINVAL); return -1; }
  return moveOne("pwrite", fd, data.dataStart, data.length, true, offset);
}

/** Raw pointer forms for non-Uint8Array memory: same semantics as readinto/write. */
export function readintoPtr(fd: i32, ptr: usize, len: i32): i64 { return moveOne("readinto", fd, ptr, len, false, -1); }
export function writePtr(fd: i32, ptr: usize, len: i32): i64 { return moveOne("write", fd, ptr, len, true, -1); }

/**
 * The vectored calls. Buffers go through IOVS in chunks of IOV_CHUNK. Some hosts move only the
 * first iovec per call (wasmtime); on a regular file Linux moves everything it can, so after a
 * short transfer on a regular file the rest is retried; elsewhere (pipes, ttys) a short
 * transfer ends the call, as one readv would. An error after progress returns the progress.
 */
function moveV(func: string, fd: i32, bufs: Uint8Array[], isWrite: bool, offset: i64): i64 {
  reset();
  // offset -1 is "current position" (Linux preadv2/pwritev2, which CPython calls); other negatives EINVAL.
  if (offset < -1) { setOSError(func, errno.EINVAL); return -1; }
  const count = bufs.length;
  if (count > IOV_MAX) { setOSError(func, errno.EINVAL); return -1; }
  let total: i64 = 0;
  let i = 0;         // next buffer to load into IOVS
  let regular = -1;  // unknown until a short transfer asks
  do {
    let k = 0;
    while (k < IOV_CHUNK && i < count) {
      const b = unchecked(bufs[i++]);
      store<u32>(IOVS + (<usize>k << 3), <u32>b.dataStart);
      store<u32>(IOVS + (<usize>k << 3), <u32>b.length, 4);
      k++;
    }
    let first = 0; // first iovec of this chunk not yet done
    while (true) {
      const e = rawAt(fd, IOVS + (<usize>first << 3), k - first, isWrite, offset < 0 ? -1 : offset + total);
      if (e != 0) {
        if (total > 0) return total;
        setOSError(func, isWrite ? writeErrno(fd, e, offset >= 0) : readErrno(fd, e, offset >= 0));
        return -1;
      }
      let got = load<u32>(OUT2);
      total += got;
      // Skip the iovecs this call completed; trim a partly done one.
      while (first < k) {
        const at = IOVS + (<usize>first << 3);
        const len = load<u32>(at, 4);
        if (got < len) {
          store<u32>(at, load<u32>(at) + got);
          store<u32>(at, len - got, 4);
          break;
        }
        got -= len;
        first++;
      }
      if (first == k) break; // chunk done: load the next
      if (load<u32>(OUT2) == 0) return total; // EOF or nothing accepted
      if (regular < 0) regular = statFd(fd) == 0 && isReg() ? 1 : 0;
      if (!regular) return total;
    }
  } while (i < count);
  return total;
}

/** os.readv(fd, buffers): total bytes read, filling buffers in order; -1 on error. */
export function readv(fd: i32, bufs: Uint8Array[]): i64 { return moveV("readv", fd, bufs, false, -1); }
/** os.writev(fd, buffers): total bytes written; -1 on error. */
export function writev(fd: i32, bufs: Uint8Array[]): i64 { return moveV("writev", fd, bufs, true, -1); }
/** os.preadv(fd, buffers, offset): at offset, position unchanged (-1: at and advancing the position, as Linux). */
export function preadv(fd: i32, bufs: Uint8Array[], offset: i64): i64 { return moveV("preadv", fd, bufs, false, offset); }
/** os.pwritev(fd, buffers, offset): at offset, position unchanged (-1: at the position, as Linux). */
export function pwritev(fd: i32, bufs: Uint8Array[], offset: i64): i64 { return moveV("pwritev", fd, bufs, true, offset); }
