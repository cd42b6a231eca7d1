// sendfile: a bounded read/write loop through one static buffer (no allocation proportional to
// count). The extension ABI's host-side copy will replace the loop where a base can do better.
import { fd_read, fd_pread, fd_write, fd_seek, fd_tell, errno, FDFLAGS, RIGHTS, WHENCE } from "./wasi/preview1";
import { fd_size_max_get } from "./wasi/ext";
import { IOVS, OUT2, COPY_BUF, COPY_SIZE } from "./scratch";
import { reset, setOSError } from "./error";
import { statFd, has, isDir, seekable, lastFlags } from "./fd";
import { NONE } from "./constants";

/** Linux moves at most this much in one sendfile (MAX_RW_COUNT). */
// @ts-ignore: decorator
@inline const MAX_RW: i64 = 0x7ffff000;

function fail(e: i32): i64 { setOSError("sendfile", e); return -1; }

/** The smaller of both files' largest sizes (Linux: min of the two s_maxbytes); I64 max if unknown. */
function maxSize(a: i32, b: i32): i64 {
  let max = I64.MAX_VALUE;
  if (fd_size_max_get(<u32>a, OUT2) == 0 && load<i64>(OUT2) < max) max = load<i64>(OUT2);
  if (fd_size_max_get(<u32>b, OUT2) == 0 && load<i64>(OUT2) < max) max = load<i64>(OUT2);
  return max;
}

/** Write COPY_BUF[0..n) fully to out; returns bytes written; *OUT2+8 holds the errno (0 = none). */
function writeAll(out: i32, n: u32): u32 {
  let done: u32 = 0;
  store<i32>(OUT2, 0, 8);
  while (done < n) {
    store<u32>(IOVS, <u32>(COPY_BUF + done));
    store<u32>(IOVS, n - done, 4);
    const e = fd_write(<u32>out, IOVS, 1, OUT2);
    if (e != 0) { store<i32>(OUT2, e, 8); break; }
    const w = load<u32>(OUT2);
    if (w == 0) break;
    done += w;
  }
  return done;
}

/**
 * os.sendfile(out_fd, in_fd, offset, count): bytes copied (0 at EOF), or -1.
 * offset NONE: read from in_fd's position and advance it; an int: read there, in_fd's position
 * unchanged. Linux's checks, in its order: in_fd readable (EBADF), positional input seekable
 * (ESPIPE), offset >= 0 and count >= 0 (EINVAL), out_fd writable (EBADF), out_fd not O_APPEND
 * (EINVAL), input a regular file (EINVAL for directories and pipes); then the position: position
 * plus count past 2^63-1 EINVAL, at or past the smaller s_maxbytes EOVERFLOW (a count crossing
 * it is shortened), as do_sendfile.
 * An error after some bytes were copied returns the count copied, as a short sendfile does.
 */
export function sendfile(out_fd: i32, in_fd: i32, offset: i64, count: i64): i64 {
  reset();
  if (statFd(in_fd) != 0 || !has(RIGHTS.FD_READ) && !isDir()) return fail(errno.EBADF);
  const inDir = isDir();
  const inSeek = seekable();
  if (offset != NONE) {
    if (!inSeek && !inDir) return fail(errno.ESPIPE);
    if (offset < 0) return fail(errno.EINVAL);
  }
  if (count < 0) return fail(errno.EINVAL);
  if (statFd(out_fd) != 0 || isDir() || !has(RIGHTS.FD_WRITE)) return fail(errno.EBADF);
  if (lastFlags() & FDFLAGS.APPEND) return fail(errno.EINVAL);
  if (inDir || !inSeek) return fail(errno.EINVAL);
  let pos = offset;
  if (offset == NONE) {
    if (fd_tell(<u32>in_fd, OUT2) != 0) return fail(errno.ESPIPE);
    pos = load<i64>(OUT2);
  }
  if (count > I64.MAX_VALUE - pos) return fail(errno.EINVAL);
  const max = maxSize(in_fd, out_fd);
  if (pos + count > max) {
    if (pos >= max) return fail(errno.EOVERFLOW);
    count = max - pos;
  }
  if (count > MAX_RW) count = MAX_RW;
  let done: i64 = 0;
  while (done < count) {
    const want = count - done < <i64>COPY_SIZE ? <u32>(count - done) : <u32>COPY_SIZE;
    store<u32>(IOVS, <u32>COPY_BUF);
    store<u32>(IOVS, want, 4);
    const e = offset == NONE
      ? fd_read(<u32>in_fd, IOVS, 1, OUT2)
      : fd_pread(<u32>in_fd, IOVS, 1, <u64>(offset + done), OUT2);
    if (e != 0) return done > 0 ? done : fail(e == errno.ENOTCAPABLE ? errno.EBADF : e);
    const got = load<u32>(OUT2);
    if (got == 0) break;
    const put = writeAll(out_fd, got);
    done += put;
    if (put < got) {
      // Give back what was read but not written, so in_fd's position counts only sent bytes.
      if (offset == NONE) fd_seek(<u32>in_fd, -<i64>(got - put), WHENCE.CUR, OUT2);
      const we = load<i32>(OUT2, 8);
      if (done == 0 && we != 0) return fail(we == errno.ENOTCAPABLE ? errno.EBADF : we);
      break;
    }
  }
  return done;
}
