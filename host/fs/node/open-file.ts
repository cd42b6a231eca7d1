// An open description on a real non-directory file (regular file, or a device/FIFO/socket a
// host placed in the tree).
//
// Position: Node has no lseek(2), so the description keeps its own `position` and every
// read/write on a seekable file is positional (pread/pwrite through fs.readSync/writeSync
// with a position). The OS fd's own offset is never used and never moves. Semantics follow
// the OS offset exactly: seeking past EOF is allowed, reads there are empty, writes there
// leave a hole that reads as zeros (sparse on the disk).
// APPEND: the OS fd carries O_APPEND, so an fd_write appends atomically (write(2) without a
// position) and the position becomes the new size (fstat right after: a concurrent appender
// in between moves it further, as Linux's f_pos would after its own write). fd_pwrite on an
// APPEND description appends too and leaves the position alone (Linux and wasmtime both do).
// fd_fdstat_set_flags toggling APPEND reopens the file through /proc/self/fd/<fd> with the
// new flags (same inode, checked), or without /proc falls back to fstat-size + pwrite.
// Non-seekable files (FIFO, socket, character device): reads/writes use no position, fd_seek
// and fd_tell are ESPIPE, fd_pread/fd_pwrite ESPIPE (Linux).
// Rights and errnos are those of host/fs/memory/open-file.ts (wasmtime 49): FD_READ/FD_WRITE
// enforced (BADF), set_size without FD_WRITE INVAL, negative offsets INVAL, beyond 2^63-1
// INVAL, beyond 2^53 FBIG (Node takes positions as doubles; no Linux file system allows
// files that large anyway).
// fd_allocate: Node has no fallocate; extending the size with ftruncate gives the same
// visible result (size grows, zeros) without reserving blocks. wasmtime answers NOTSUP.
// Directory operations (path_*, fd_readdir): FileDescription's answers, adopted below.
import * as fs from "node:fs";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { FileDescription, adopt } from "../description.ts";
import { FD_APPEND, I64_MAX, isBigint, isSize } from "../rights.ts";
import { NodeDescription } from "./description.ts";
import { errnoOf } from "./errors.ts";
import { PROC_FD_MODE } from "./resolve.ts";
import { filetypeOf, isSeekableMode } from "./stat.ts";
import { SYNC_IO, then, type DiskIo } from "./io.ts";
import { maxFileSizeOf } from "./max-size.ts";

/** A transfer's answer: an errno and the bytes moved. */
export interface Moved {
  readonly ret: number;
  readonly n: number;
}

const EMPTY = new Uint8Array(0);
/** Largest offset Node passes exactly (positions are doubles in node:fs): beyond it FBIG. */
export const MAX_FILE_SIZE = BigInt(Number.MAX_SAFE_INTEGER);
const MAX_POSITION = MAX_FILE_SIZE;

export class OpenNodeFile extends NodeDescription {
  /** Current offset (may lie beyond EOF); unused for non-seekable files. */
  position = 0n;
  readonly seekable: boolean;
  private readonly type: number;

  constructor(osFd: number, mode: number | bigint, rightsBase: bigint, rightsInheriting: bigint, fdflags: number) {
    super(osFd, rightsBase, rightsInheriting, fdflags);
    this.type = filetypeOf(mode);
    this.seekable = isSeekableMode(mode);
  }

  get filetype(): number {
    return this.type;
  }

  private maxSizeCache: bigint | undefined;
  /** The file system's largest file size (s_maxbytes, max-size.ts), looked up once. */
  get maxSize(): bigint {
    this.maxSizeCache ??= maxFileSizeOf(this.osFd);
    return this.maxSizeCache;
  }
  private get appending(): boolean {
    return (this.fdflags & FD_APPEND) !== 0;
  }

  /**
   * Reads into `target` (guest memory, or any buffer): one copy, kernel -> target. `at` is an
   * offset for pread, or null to use and advance the position. Returns the bytes read; with
   * an asynchronous `io` (io.ts), possibly later.
   */
  readInto(target: Uint8Array, at: bigint | null): Moved;
  readInto(target: Uint8Array, at: bigint | null, io: DiskIo): Moved | Promise<Moved>;
  readInto(target: Uint8Array, at: bigint | null, io: DiskIo = SYNC_IO): Moved | Promise<Moved> {
    if (!this.readable) return { ret: wasi.ERRNO_BADF, n: 0 };
    if (at !== null && !this.seekable) return { ret: wasi.ERRNO_SPIPE, n: 0 };
    const from = at ?? this.position;
    // Linux rw_verify_area: offset plus count past 2^63-1 is EINVAL, before anything is read.
    if (this.seekable && from + BigInt(target.byteLength) > I64_MAX) return { ret: wasi.ERRNO_INVAL, n: 0 };
    if (target.byteLength === 0) return { ret: wasi.ERRNO_SUCCESS, n: 0 };
    if (this.seekable && from > MAX_POSITION) return { ret: wasi.ERRNO_SUCCESS, n: 0 };
    const failed = (e: unknown): Moved => ({ ret: errnoOf(e), n: 0 });
    try {
      return then(io.read(this.osFd, target, this.seekable ? Number(from) : null), (n) => {
        if (at === null && this.seekable) this.position = from + BigInt(n);
        return { ret: wasi.ERRNO_SUCCESS, n };
      }, failed);
    } catch (e) {
      return failed(e);
    }
  }

  /**
   * Writes `data` (a view of guest memory is fine: one copy, source -> kernel); with an
   * asynchronous `io`, possibly later (appends stay synchronous: their position is the size).
   */
  writeFrom(data: Uint8Array, at: bigint | null): Moved;
  writeFrom(data: Uint8Array, at: bigint | null, io: DiskIo): Moved | Promise<Moved>;
  writeFrom(data: Uint8Array, at: bigint | null, io: DiskIo = SYNC_IO): Moved | Promise<Moved> {
    if (!this.writable) return { ret: wasi.ERRNO_BADF, n: 0 };
    if (at !== null && !this.seekable) return { ret: wasi.ERRNO_SPIPE, n: 0 };
    const from = at ?? this.position;
    if (this.seekable && !this.appending) {
      const end = from + BigInt(data.byteLength);
      if (end > I64_MAX) return { ret: wasi.ERRNO_INVAL, n: 0 };
      if (data.byteLength === 0) return { ret: wasi.ERRNO_SUCCESS, n: 0 };
      if (end > MAX_POSITION) return { ret: wasi.ERRNO_FBIG, n: 0 };
    }
    const failed = (e: unknown): Moved => ({ ret: errnoOf(e), n: 0 });
    try {
      if (!this.seekable) return then(io.write(this.osFd, data, null), (n) => ({ ret: wasi.ERRNO_SUCCESS, n }), failed);
      if (this.appending) {
        const n = this.appendWrite(data);
        if (at === null) this.position = this.hostStat().size;
        return { ret: wasi.ERRNO_SUCCESS, n };
      }
      return then(io.write(this.osFd, data, Number(from)), (n) => {
        if (at === null) this.position = from + BigInt(n);
        return { ret: wasi.ERRNO_SUCCESS, n };
      }, failed);
    } catch (e) {
      return failed(e);
    }
  }

  /** Appends: O_APPEND on the OS fd when we have it (atomic), else at the current size. */
  private appendWrite(data: Uint8Array): number {
    if (this.osAppend) return fs.writeSync(this.osFd, data, 0, data.byteLength, null);
    return fs.writeSync(this.osFd, data, 0, data.byteLength, Number(this.hostStat().size));
  }

  /** Whether the OS fd itself was opened with O_APPEND. */
  osAppend = false;

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    if (!this.readable) return { ret: wasi.ERRNO_BADF, data: EMPTY };
    if (!isSize(size)) return { ret: wasi.ERRNO_INVAL, data: EMPTY };
    const buf = new Uint8Array(size);
    const { ret, n } = this.readInto(buf, null);
    return { ret, data: ret === wasi.ERRNO_SUCCESS ? buf.subarray(0, n) : EMPTY };
  }

  override fd_pread(size: number, offset: bigint): { ret: number; data: Uint8Array } {
    if (!this.readable) return { ret: wasi.ERRNO_BADF, data: EMPTY };
    if (!isSize(size) || !isBigint(offset) || offset < 0n) return { ret: wasi.ERRNO_INVAL, data: EMPTY };
    const buf = new Uint8Array(size);
    const { ret, n } = this.readInto(buf, offset);
    return { ret, data: ret === wasi.ERRNO_SUCCESS ? buf.subarray(0, n) : EMPTY };
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    if (!(data instanceof Uint8Array)) return { ret: wasi.ERRNO_INVAL, nwritten: 0 };
    const { ret, n } = this.writeFrom(data, null);
    return { ret, nwritten: n };
  }

  override fd_pwrite(data: Uint8Array, offset: bigint): { ret: number; nwritten: number } {
    if (!this.writable) return { ret: wasi.ERRNO_BADF, nwritten: 0 };
    if (!(data instanceof Uint8Array) || !isBigint(offset) || offset < 0n) return { ret: wasi.ERRNO_INVAL, nwritten: 0 };
    const { ret, n } = this.writeFrom(data, offset);
    return { ret, nwritten: n };
  }

  override fd_seek(offset: bigint, whence: number): { ret: number; offset: bigint } {
    if (!this.seekable) return { ret: wasi.ERRNO_SPIPE, offset: 0n };
    if (!isBigint(offset)) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    let base: bigint;
    try {
      switch (whence) {
        case wasi.WHENCE_SET: base = 0n; break;
        case wasi.WHENCE_CUR: base = this.position; break;
        case wasi.WHENCE_END: base = this.hostStat().size; break;
        default: return { ret: wasi.ERRNO_INVAL, offset: 0n };
      }
    } catch (e) {
      return { ret: errnoOf(e), offset: 0n };
    }
    const next = base + offset;
    // Linux: past the file system's largest file size is EINVAL (SEEK_CUR 0 only reports).
    if (next < 0n || (next > this.maxSize && !(whence === wasi.WHENCE_CUR && offset === 0n))) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    this.position = next;
    return { ret: wasi.ERRNO_SUCCESS, offset: next };
  }

  override fd_tell(): { ret: number; offset: bigint } {
    if (!this.seekable) return { ret: wasi.ERRNO_SPIPE, offset: 0n };
    return { ret: wasi.ERRNO_SUCCESS, offset: this.position };
  }

  override fd_fdstat_set_flags(flags: number): number {
    const before = this.fdflags;
    const ret = super.fd_fdstat_set_flags(flags);
    if (ret !== wasi.ERRNO_SUCCESS || ((before ^ this.fdflags) & FD_APPEND) === 0) return ret;
    this.osAppend = false;
    if (!PROC_FD_MODE || !this.seekable) return ret;
    // Reopen the same inode with the new O_APPEND (Node has no fcntl(F_SETFL)).
    try {
      const access = this.readable && this.writable ? fs.constants.O_RDWR : this.writable ? fs.constants.O_WRONLY : fs.constants.O_RDONLY;
      const wanted = this.appending ? fs.constants.O_APPEND : 0;
      const fresh = fs.openSync(`/proc/self/fd/${this.osFd}`, access | wanted);
      const a = fs.fstatSync(fresh, { bigint: true });
      const b = this.hostStat();
      if (a.dev !== b.dev || a.ino !== b.ino) {
        fs.closeSync(fresh);
        return wasi.ERRNO_SUCCESS; // keep the emulated append
      }
      fs.closeSync(this.osFd);
      this.osFd = fresh;
      this.osAppend = this.appending;
    } catch {
      // Keep the old fd; appends are emulated (fstat size + pwrite).
    }
    return ret;
  }

  override fd_filestat_set_size(size: bigint): number {
    if (this.readOnly) return wasi.ERRNO_PERM; // wasmtime: before the size is looked at
    if (!this.writable) return wasi.ERRNO_INVAL;
    if (!isBigint(size) || size < 0n) return wasi.ERRNO_INVAL;
    if (size > MAX_POSITION) return wasi.ERRNO_FBIG;
    try {
      fs.ftruncateSync(this.osFd, Number(size));
      return wasi.ERRNO_SUCCESS;
    } catch (e) {
      return errnoOf(e);
    }
  }

  override fd_allocate(offset: bigint, len: bigint): number {
    if (!this.writable) return wasi.ERRNO_BADF;
    if (!isBigint(offset) || !isBigint(len) || offset < 0n || len <= 0n) return wasi.ERRNO_INVAL;
    const end = offset + len;
    if (end > I64_MAX || end > MAX_POSITION) return wasi.ERRNO_FBIG;
    try {
      if (end > this.hostStat().size) fs.ftruncateSync(this.osFd, Number(end));
      return wasi.ERRNO_SUCCESS;
    } catch (e) {
      return errnoOf(e);
    }
  }
}

// NodeDescription is its base (see ../description.ts for why this is not `extends`).
adopt(OpenNodeFile, FileDescription);
