// copy_file_range over the extension ABI, and copyfile: the whole-file copier built on it.
import { fd_read, fd_write, errno } from "./wasi/preview1";
import { fd_copy_range, COPY_USE_POS_SRC, COPY_USE_POS_DST } from "./wasi/ext";
import { IOVS, OUT2, COPY_BUF, COPY_SIZE } from "./scratch";
import { reset, setOSError, setError, ErrorKind, last_error } from "./error";
import { NONE } from "./constants";

/**
 * os.copy_file_range(src, dst, count, offset_src=NONE, offset_dst=NONE): bytes copied (0 at or
 * past the source's end, or for count 0), or -1. count < 0: ValueError, before any fd is looked
 * at (CPython). An offset NONE reads/writes at that fd's position and advances it; an int
 * offset leaves the position alone (a destination offset past its end grows it; the gap reads
 * as zeros). Errors are Linux's, from the host: EBADF (bad fd, src not readable, dst not
 * writable or O_APPEND), EISDIR, EINVAL (not a regular file, e.g. a pipe; overlapping ranges in
 * one file), EOVERFLOW/EINVAL for negative offsets (EOVERFLOW when count >= -offset), EXDEV
 * (different file systems), ENOSYS (the host cannot). Lends the library's static 64 KiB buffer
 * to the host for this call (hosts that cannot copy host-side move the bytes through it);
 * allocates nothing.
 */
export function copy_file_range(src: i32, dst: i32, count: i64, offset_src: i64 = NONE, offset_dst: i64 = NONE): i64 {
  reset();
  if (count < 0) { setError("copy_file_range", ErrorKind.ValueError); return -1; }
  let flags = 0;
  if (offset_src == NONE) { flags |= COPY_USE_POS_SRC; offset_src = 0; }
  if (offset_dst == NONE) { flags |= COPY_USE_POS_DST; offset_dst = 0; }
  const e = fd_copy_range(<u32>src, <u32>dst, count, offset_src, offset_dst, flags, COPY_BUF, COPY_SIZE, OUT2);
  if (e != 0) { setOSError("copy_file_range", e == errno.ENOTCAPABLE ? errno.EBADF : e); return -1; }
  return load<i64>(OUT2);
}

/** One copyfile request: about 1 GiB (Linux clamps a copy_file_range to MAX_RW_COUNT anyway). */
// @ts-ignore: decorator
@inline const COPYFILE_CHUNK: i64 = 0x40000000;

let lastPath = "";

/**
 * The path the last copyfile took: "copy_file_range" (every byte through copy_file_range),
 * "fallback" (the guest's own read/write loop), or "" before the first call.
 */
export function copyfile_last_path(): string { return lastPath; }

/** Errors of a first copy_file_range that mean "this pair cannot be copied that way": try read/write. */
function fallsBack(e: i32): bool {
  return e == errno.ENOSYS || e == errno.EXDEV || e == errno.EPERM || e == errno.ENOTSUP ||
    e == errno.EINVAL || e == errno.EBADF;
}

/** The read/write loop through COPY_BUF (no allocation): src's position to dst's, until EOF. */
function copyLoop(src: i32, dst: i32, done: i64): i64 {
  while (true) {
    store<u32>(IOVS, <u32>COPY_BUF);
    store<u32>(IOVS, <u32>COPY_SIZE, 4);
    let e = <i32>fd_read(<u32>src, IOVS, 1, OUT2);
    if (e != 0) { setOSError("copyfile", e == errno.ENOTCAPABLE ? errno.EBADF : e); return -1; }
    const got = load<u32>(OUT2);
    if (got == 0) return done;
    let put: u32 = 0;
    while (put < got) {
      store<u32>(IOVS, <u32>(COPY_BUF + put));
      store<u32>(IOVS, got - put, 4);
      e = <i32>fd_write(<u32>dst, IOVS, 1, OUT2);
      if (e != 0) { setOSError("copyfile", e == errno.ENOTCAPABLE ? errno.EBADF : e); return -1; }
      const w = load<u32>(OUT2);
      if (w == 0) { setOSError("copyfile", errno.EIO); return -1; }
      put += w;
      done += w;
    }
  }
}

/**
 * copyfile(src_fd, dst_fd): wasi-os's own helper, not in Python's os (it is what shutil's fast
 * copy does with copy_file_range on Linux). Copies from src_fd's position to its end, at and
 * advancing both fds' positions; returns the bytes copied, or -1 with the error recorded
 * (func "copyfile").
 * It calls copy_file_range with offsets NONE in ~1 GiB requests until it answers 0. It falls
 * back to its own read/write loop (the library's static 64 KiB buffer, no allocation) only when
 * nothing was copied yet and the first call failed with ENOSYS, EXDEV, EPERM, ENOTSUP, EINVAL or
 * EBADF (the loop then reports its own errors: a really bad fd is still EBADF), or answered 0
 * (some files report size 0 but have content; for an empty file the loop copies 0 too). After
 * progress an error is reported, never retried another way. copyfile_last_path() says which
 * path was taken.
 */
export function copyfile(src_fd: i32, dst_fd: i32): i64 {
  reset();
  let done: i64 = 0;
  lastPath = "copy_file_range";
  while (true) {
    const n = copy_file_range(src_fd, dst_fd, COPYFILE_CHUNK);
    if (n < 0) {
      const e = last_error().errno;
      if (done > 0 || !fallsBack(e)) { reset(); setOSError("copyfile", e); return -1; }
      break;
    }
    if (n == 0) {
      if (done > 0) return done;
      break;
    }
    done += n;
  }
  reset();
  lastPath = "fallback";
  return copyLoop(src_fd, dst_fd, 0);
}
