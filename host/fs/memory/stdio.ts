// stdio descriptions: captured output and stdin from bytes.
//
// isatty: wasi-libc's isatty() is "filetype CHARACTER_DEVICE and neither FD_SEEK nor FD_TELL
// in the base rights". So `{ tty: true }` reports CHARACTER_DEVICE without those rights, and
// the default (`tty: false`) reports FILETYPE_UNKNOWN — what wasmtime and uvwasi report for a
// pipe, preview1 having no FIFO type — which makes isatty() false and CPython treat the stream
// as a non-interactive pipe (block buffering, device_encoding None). Neither kind seeks:
// fd_seek/fd_tell/fd_pread/fd_pwrite answer SPIPE, as Linux lseek/pread on a pipe or tty do.
import { Fd, Inode, wasi } from "@bjorn3/browser_wasi_shim";
import { setFlags } from "../description.ts";
import { MemFilestat, nowNs } from "./filestat.ts";
import { RIGHTS_STREAM_COMMON, R_FD_READ, R_FD_WRITE, isSize } from "./rights.ts";
import { ByteStorage } from "./storage.ts";

const EMPTY = new Uint8Array(0);

export interface StreamOptions {
  /** Report a terminal (CHARACTER_DEVICE): isatty() true in the guest. Default false. */
  tty?: boolean;
}

/** Shared behaviour of a non-seekable stream end. */
abstract class StreamFd extends Fd {
  readonly tty: boolean;
  readonly ino: bigint = Inode.issue_ino();
  fdflags = 0;
  rightsBase: bigint;
  protected readonly created = nowNs();
  protected mtim: bigint;

  constructor(options: StreamOptions | undefined, direction: bigint) {
    super();
    this.tty = options?.tty === true;
    this.rightsBase = direction | RIGHTS_STREAM_COMMON;
    this.mtim = this.created;
  }

  get filetype(): number {
    return this.tty ? wasi.FILETYPE_CHARACTER_DEVICE : wasi.FILETYPE_UNKNOWN;
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(this.filetype, this.fdflags);
    fdstat.fs_rights_base = this.rightsBase;
    fdstat.fs_rights_inherited = 0n;
    return { ret: wasi.ERRNO_SUCCESS, fdstat };
  }
  override fd_fdstat_set_flags(flags: number): number {
    return setFlags(this, flags);
  }
  override fd_filestat_get(): { ret: number; filestat: MemFilestat | null } {
    return { ret: wasi.ERRNO_SUCCESS, filestat: new MemFilestat(this.ino, this.filetype, 0n, 1n, this.created, this.mtim, this.mtim) };
  }
  override fd_seek(_offset: bigint, _whence: number): { ret: number; offset: bigint } { return { ret: wasi.ERRNO_SPIPE, offset: 0n }; }
  override fd_tell(): { ret: number; offset: bigint } { return { ret: wasi.ERRNO_SPIPE, offset: 0n }; }
  override fd_pread(_size: number, _offset: bigint): { ret: number; data: Uint8Array } { return { ret: wasi.ERRNO_SPIPE, data: EMPTY }; }
  override fd_pwrite(_data: Uint8Array, _offset: bigint): { ret: number; nwritten: number } { return { ret: wasi.ERRNO_SPIPE, nwritten: 0 }; }
  // Linux ftruncate on a pipe or tty: EINVAL. fallocate on a pipe: ESPIPE.
  override fd_filestat_set_size(_size: bigint): number { return wasi.ERRNO_INVAL; }
  override fd_allocate(_offset: bigint, _len: bigint): number { return wasi.ERRNO_SPIPE; }
  override fd_readdir_single(_cookie: bigint): { ret: number; dirent: wasi.Dirent | null } { return { ret: wasi.ERRNO_NOTDIR, dirent: null }; }
  override fd_sync(): number { return wasi.ERRNO_SUCCESS; }
  override fd_close(): number { return wasi.ERRNO_SUCCESS; }
}

/** Receives each written chunk (the caller's bytes: copy them to keep them). */
export type OutputSink = (chunk: Uint8Array) => void;

/**
 * A write-only stream (stdout/stderr of a guest). Without a sink it collects everything
 * written (`bytes()`, `text()`); with a sink it forwards each chunk and keeps nothing, so a
 * long-running guest does not grow host memory. A sink that throws makes the write answer IO
 * (no exception reaches the guest).
 */
export class CaptureOutput extends StreamFd {
  private readonly storage = new ByteStorage();
  private readonly sink: OutputSink | null;

  constructor(sinkOrOptions?: OutputSink | StreamOptions, options?: StreamOptions) {
    const sink = typeof sinkOrOptions === "function" ? sinkOrOptions : null;
    super(sink === null ? (sinkOrOptions as StreamOptions | undefined) : options, R_FD_WRITE);
    this.sink = sink;
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    if (!(data instanceof Uint8Array)) return { ret: wasi.ERRNO_INVAL, nwritten: 0 };
    if (this.sink !== null) {
      try {
        this.sink(data);
      } catch {
        return { ret: wasi.ERRNO_IO, nwritten: 0 };
      }
    } else {
      const ret = this.storage.write(this.storage.size, data);
      if (ret !== wasi.ERRNO_SUCCESS) return { ret, nwritten: 0 };
    }
    if (data.byteLength > 0) this.mtim = nowNs();
    return { ret: wasi.ERRNO_SUCCESS, nwritten: data.byteLength };
  }
  // Reading a write-only stream end: EBADF, as read() on an O_WRONLY fd.
  override fd_read(_size: number): { ret: number; data: Uint8Array } { return { ret: wasi.ERRNO_BADF, data: EMPTY }; }

  /** A copy of everything written so far. */
  bytes(): Uint8Array {
    return this.storage.view().slice();
  }
  /** Everything written so far, decoded as UTF-8 (invalid sequences become U+FFFD). */
  text(): string {
    return new TextDecoder("utf-8").decode(this.storage.view());
  }
  get size(): number {
    return this.storage.size;
  }
  clear(): void {
    this.storage.resize(0);
  }
}

/** A read-only stream over fixed bytes (stdin). Reads past the end return 0 bytes (EOF). */
export class InputBytes extends StreamFd {
  private readonly data: Uint8Array;
  private offset = 0;

  constructor(data: Uint8Array | string = EMPTY, options?: StreamOptions) {
    super(options, R_FD_READ);
    this.data = typeof data === "string" ? new TextEncoder().encode(data) : data.slice();
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    if (!isSize(size)) return { ret: wasi.ERRNO_INVAL, data: EMPTY };
    const end = Math.min(this.data.byteLength, this.offset + size);
    const chunk = this.data.subarray(this.offset, end);
    this.offset = end;
    return { ret: wasi.ERRNO_SUCCESS, data: chunk };
  }
  // Writing a read-only stream end: EBADF.
  override fd_write(_data: Uint8Array): { ret: number; nwritten: number } { return { ret: wasi.ERRNO_BADF, nwritten: 0 }; }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.data.byteLength - this.offset;
  }
}

