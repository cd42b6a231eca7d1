// An open file description on a regular memory file: rights, fdflags and a position.
//
// Differences from the stock shim's OpenFile, each matched to wasmtime 49 (measured with the
// wasmtime python package against a preopened host directory) or to Linux where wasmtime has
// no answer:
// - fd_read/fd_pread without FD_READ: BADF (wasmtime; Linux read() on O_WRONLY is EBADF).
// - fd_write/fd_pwrite without FD_WRITE: BADF (wasmtime; the stock shim only checked `readonly`).
// - APPEND: every fd_write goes to the end and leaves the position there; fd_pwrite on an
//   append description also appends and does not move the position (wasmtime = Linux).
// - fd_filestat_set_size without FD_WRITE: INVAL, even when FD_FILESTAT_SET_SIZE was granted
//   (wasmtime answers INVAL on a read-only open and SUCCESS on a write-only one lacking the
//   right: it follows the open mode, like Linux ftruncate on O_RDONLY = EINVAL).
// - sizes: a negative size/offset is INVAL; offset+len beyond i64 is INVAL (wasmtime: pwrite at
//   2^63-1 is INVAL); a write starting at or past the file size cap is FBIG (wasmtime: set_size
//   2^62 and a write at 2^62 are FBIG), one crossing it or the byte cap writes what fits and
//   returns the short count (Linux write(2)), nothing fitting at all is FBIG/NOSPC. Nothing throws.
// - fd_allocate: posix_fallocate semantics (extends the size, zero-filled). wasmtime 49 answers
//   NOTSUP for every fd_allocate; Linux tmpfs supports it, and we do. Without FD_WRITE: BADF
//   (Linux fallocate on O_RDONLY).
// - fd_seek: a result below 0 or above the maximum file size (s_maxbytes, rights.ts) is INVAL,
//   as Linux's lseek; an unknown whence is INVAL (wasmtime traps on it). Seeking past EOF is
//   allowed; reads there are empty. A read whose offset plus count passes 2^63-1 is INVAL (Linux
//   rw_verify_area: pread at 2^63-1 of 4 bytes).
// - rights other than FD_READ/FD_WRITE are recorded and reported by fd_fdstat_get but not
//   enforced: wasmtime 49 enforces none of them (it reports rights derived from the open mode).
// fd_fdstat_*, the rights fields and the not-a-directory answers: ../description.ts.
import { wasi } from "@bjorn3/browser_wasi_shim";
import { FileDescription } from "../description.ts";
import type { MemFilestat } from "./filestat.ts";
import type { MemFile } from "./inode.ts";
import { FD_APPEND, I64_MAX, isBigint, isSize } from "./rights.ts";

/** Moved to ../description.ts; re-exported so imports from here keep working. */
export { setFlags } from "../description.ts";

const EMPTY = new Uint8Array(0);

export class OpenMemFile extends FileDescription {
  readonly file: MemFile;
  /** Current offset (may lie beyond EOF). */
  position = 0n;
  private closed = false;

  constructor(file: MemFile, rightsBase: bigint, rightsInheriting: bigint, fdflags: number) {
    super(rightsBase, rightsInheriting, fdflags);
    this.file = file;
    file.opened += 1;
  }

  get filetype(): number {
    return wasi.FILETYPE_REGULAR_FILE;
  }

  /**
   * Reads into `dst` (a view of guest memory, usually) at `at`, or at the position (advancing
   * it) when `at` is null: one copy, storage to `dst`. Returns the count or a negated errno.
   */
  readInto(dst: Uint8Array, at: bigint | null): number {
    if (!this.readable) return -wasi.ERRNO_BADF;
    const from = at ?? this.position;
    if (from < 0n || from + BigInt(dst.byteLength) > I64_MAX) return -wasi.ERRNO_INVAL;
    const storage = this.file.data;
    if (dst.byteLength === 0 || from >= BigInt(storage.size)) return 0;
    const n = storage.readInto(Number(from), dst);
    this.file.touchRead();
    if (at === null) this.position = from + BigInt(n);
    return n;
  }

  /**
   * Writes `src` at `at`, or at the position (advancing it) when `at` is null; with APPEND
   * always at the end (pwrite too: Linux and wasmtime append there, measured), and the
   * position moves only for a plain write. A short count at the caps (EFBIG/ENOSPC when
   * nothing fits), as Linux write(2). Returns the count or a negated errno.
   */
  writeFrom(src: Uint8Array, at: bigint | null): number {
    if (!this.writable) return -wasi.ERRNO_BADF;
    if (at !== null && at < 0n) return -wasi.ERRNO_INVAL;
    const append = (this.fdflags & FD_APPEND) !== 0;
    const offset = append ? this.file.size : (at ?? this.position);
    if (offset + BigInt(src.byteLength) > I64_MAX) return -wasi.ERRNO_INVAL;
    if (src.byteLength === 0) return 0;
    if (offset >= BigInt(this.file.limits.maxFileSize)) return -wasi.ERRNO_FBIG;
    const n = this.file.data.write(Number(offset), src);
    if (n < 0) return n;
    this.file.touchData();
    if (at === null) this.position = offset + BigInt(n);
    return n;
  }

  // The shim's Fd contract (its dispatch slices guest memory, then sets it): kept for hosts
  // that drive these objects through the stock dispatch; the `memory` base answers
  // fd_read/fd_write/fd_pread/fd_pwrite itself with readInto/writeFrom (one copy).
  override fd_read(size: number): { ret: number; data: Uint8Array } {
    if (!isSize(size)) return { ret: this.readable ? wasi.ERRNO_INVAL : wasi.ERRNO_BADF, data: EMPTY };
    return this.readResult(size, null);
  }

  override fd_pread(size: number, offset: bigint): { ret: number; data: Uint8Array } {
    if (!this.readable) return { ret: wasi.ERRNO_BADF, data: EMPTY };
    if (!isSize(size) || !isBigint(offset) || offset < 0n) return { ret: wasi.ERRNO_INVAL, data: EMPTY };
    return this.readResult(size, offset);
  }

  private readResult(size: number, at: bigint | null): { ret: number; data: Uint8Array } {
    const from = at ?? this.position;
    const left = BigInt(this.file.data.size) - from;
    const buf = new Uint8Array(left <= 0n ? 0 : Math.min(size, Number(left)));
    const n = this.readInto(buf, at);
    return n < 0 ? { ret: -n, data: EMPTY } : { ret: wasi.ERRNO_SUCCESS, data: buf.subarray(0, n) };
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    if (!(data instanceof Uint8Array)) return { ret: this.writable ? wasi.ERRNO_INVAL : wasi.ERRNO_BADF, nwritten: 0 };
    const n = this.writeFrom(data, null);
    return n < 0 ? { ret: -n, nwritten: 0 } : { ret: wasi.ERRNO_SUCCESS, nwritten: n };
  }

  override fd_pwrite(data: Uint8Array, offset: bigint): { ret: number; nwritten: number } {
    if (!this.writable) return { ret: wasi.ERRNO_BADF, nwritten: 0 };
    if (!(data instanceof Uint8Array) || !isBigint(offset) || offset < 0n) return { ret: wasi.ERRNO_INVAL, nwritten: 0 };
    const n = this.writeFrom(data, offset);
    return n < 0 ? { ret: -n, nwritten: 0 } : { ret: wasi.ERRNO_SUCCESS, nwritten: n };
  }

  override fd_seek(offset: bigint, whence: number): { ret: number; offset: bigint } {
    if (!isBigint(offset)) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    let base: bigint;
    switch (whence) {
      case wasi.WHENCE_SET: base = 0n; break;
      case wasi.WHENCE_CUR: base = this.position; break;
      case wasi.WHENCE_END: base = this.file.size; break;
      default: return { ret: wasi.ERRNO_INVAL, offset: 0n };
    }
    const next = base + offset;
    if (next < 0n || next > BigInt(this.file.limits.maxFileSize)) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    this.position = next;
    return { ret: wasi.ERRNO_SUCCESS, offset: next };
  }

  override fd_tell(): { ret: number; offset: bigint } {
    return { ret: wasi.ERRNO_SUCCESS, offset: this.position };
  }

  override fd_filestat_get(): { ret: number; filestat: MemFilestat | null } {
    return { ret: wasi.ERRNO_SUCCESS, filestat: this.file.stat() };
  }

  override fd_filestat_set_size(size: bigint): number {
    if (!this.writable) return wasi.ERRNO_INVAL;
    if (!isBigint(size) || size < 0n) return wasi.ERRNO_INVAL;
    if (size > BigInt(this.file.limits.maxFileSize)) return wasi.ERRNO_FBIG;
    const ret = this.file.data.resize(Number(size));
    // Linux's ftruncate updates mtime/ctime even when the size does not change.
    if (ret === wasi.ERRNO_SUCCESS) this.file.touchData();
    return ret;
  }

  override fd_filestat_set_times(atim: bigint, mtim: bigint, fst_flags: number): number {
    return this.file.setTimes(atim, mtim, fst_flags);
  }

  override fd_allocate(offset: bigint, len: bigint): number {
    if (!this.writable) return wasi.ERRNO_BADF;
    if (!isBigint(offset) || !isBigint(len) || offset < 0n || len <= 0n) return wasi.ERRNO_INVAL;
    const end = offset + len;
    if (end > I64_MAX || end > BigInt(this.file.limits.maxFileSize)) return wasi.ERRNO_FBIG;
    // Real memory for the whole range (later writes there cannot hit ENOSPC), as tmpfs does.
    const grows = end > this.file.size;
    const ret = this.file.data.allocate(Number(offset), Number(len));
    if (ret === wasi.ERRNO_SUCCESS && grows) this.file.touchData();
    return ret;
  }

  override fd_sync(): number {
    return wasi.ERRNO_SUCCESS;
  }

  override fd_close(): number {
    if (!this.closed) {
      this.closed = true;
      this.file.opened -= 1;
      this.file.maybeFree();
    }
    return wasi.ERRNO_SUCCESS;
  }
}
