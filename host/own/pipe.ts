/**
 * Adapter-owned in-memory pipes, the same on every base: the extension ABI's `pipe`, and the
 * pipes `spawn` puts between a process and the host or another process (host/process.ts).
 *
 * Linux semantics: 64 KiB capacity; EOF when empty and no writer is left; EPIPE when no reader
 * is left; EAGAIN on non-blocking ends. A blocking read of an empty pipe (or write to a full
 * one) answers BLOCKED: the adapter waits for the other end when the pipe is `external` (an
 * end is held outside this guest) and the guest runs under JSPI; otherwise the wait could
 * never end and it answers EDEADLK instead of hanging (docs/abi.md).
 */
import { Errno } from "../../src/errno.ts";
import { Signal } from "../wait.ts";
import { BLOCKED, FILETYPE, OwnFile, RIGHTS, S_IFCHR, S_IFIFO, newOwnNode, type OwnNode } from "./types.ts";

/** Linux's default pipe capacity. */
export const PIPE_CAPACITY = 65536;
/** Writes up to this size are atomic: all or nothing (POSIX PIPE_BUF). */
export const PIPE_BUF = 4096;

const END_RIGHTS = RIGHTS.FD_FDSTAT_SET_FLAGS | RIGHTS.FD_FILESTAT_GET | RIGHTS.POLL_FD_READWRITE | RIGHTS.FD_FILESTAT_SET_TIMES;

export interface PipeOptions {
  /** An end is held outside the guest (the host, another process): waiting on it can end. */
  readonly external?: boolean;
  /** The ends look like a terminal (a character device: isatty() is true), e.g. a typed stdin. */
  readonly tty?: boolean;
}

/** The buffer both ends share: a fixed ring of PIPE_CAPACITY bytes. */
export class Pipe {
  private readonly ring = new Uint8Array(PIPE_CAPACITY);
  private head = 0;
  length = 0;
  readers = 1;
  writers = 1;
  readonly external: boolean;
  /** Notified on every change of contents or ends (host/wait.ts). */
  readonly signal = new Signal();

  readonly readEnd: PipeReadEnd;
  readonly writeEnd: PipeWriteEnd;
  /** One inode for both ends (Linux): fchmod through one end shows in the other's fstat. */
  readonly node: OwnNode;

  constructor(options: PipeOptions = {}) {
    this.external = options.external ?? false;
    this.node = newOwnNode(options.tty === true ? 0o620 : 0o600);
    this.readEnd = new PipeReadEnd(this, options.tty ?? false);
    this.writeEnd = new PipeWriteEnd(this, options.tty ?? false);
  }

  take(dst: Uint8Array): number {
    const n = Math.min(dst.length, this.length);
    const first = Math.min(n, PIPE_CAPACITY - this.head);
    dst.set(this.ring.subarray(this.head, this.head + first));
    dst.set(this.ring.subarray(0, n - first), first);
    this.head = (this.head + n) % PIPE_CAPACITY;
    this.length -= n;
    if (n > 0) this.signal.notify();
    return n;
  }

  put(src: Uint8Array): number {
    const n = Math.min(src.length, PIPE_CAPACITY - this.length);
    const tail = (this.head + this.length) % PIPE_CAPACITY;
    const first = Math.min(n, PIPE_CAPACITY - tail);
    this.ring.set(src.subarray(0, first), tail);
    this.ring.set(src.subarray(first, n), 0);
    this.length += n;
    if (n > 0) this.signal.notify();
    return n;
  }
}

abstract class PipeEnd extends OwnFile {
  readonly filetype: number; // preview1 has no FIFO type: unknown, or a character device as a tty
  readonly typeBits: number;
  constructor(
    readonly pipe: Pipe,
    readonly tty: boolean,
  ) {
    super(pipe.node);
    this.filetype = tty ? FILETYPE.CHARACTER_DEVICE : FILETYPE.UNKNOWN;
    this.typeBits = tty ? S_IFCHR : S_IFIFO;
  }
  override changed(): Promise<void> | undefined {
    return this.pipe.external ? this.pipe.signal.next() : undefined;
  }
}

export class PipeReadEnd extends PipeEnd {
  readonly rights = END_RIGHTS | RIGHTS.FD_READ;
  override read(dst: Uint8Array): number {
    if (dst.length === 0) return 0;
    if (this.pipe.length > 0) return this.pipe.take(dst);
    if (this.pipe.writers === 0) return 0;
    return -(this.nonblocking ? Errno.EAGAIN : BLOCKED);
  }
  override readable(): boolean {
    return this.pipe.length > 0 || this.pipe.writers === 0;
  }
  override close(): void {
    this.pipe.readers--;
    this.pipe.signal.notify();
  }
}

export class PipeWriteEnd extends PipeEnd {
  readonly rights = END_RIGHTS | RIGHTS.FD_WRITE;
  override write(src: Uint8Array): number {
    if (this.pipe.readers === 0) return -Errno.EPIPE;
    if (src.length === 0) return 0;
    const space = PIPE_CAPACITY - this.pipe.length;
    const n = src.length <= PIPE_BUF && space < src.length ? 0 : this.pipe.put(src);
    if (n > 0) return n;
    return -(this.nonblocking ? Errno.EAGAIN : BLOCKED);
  }
  override writable(): boolean {
    return this.pipe.readers === 0 || this.pipe.length < PIPE_CAPACITY;
  }
  override close(): void {
    this.pipe.writers--;
    this.pipe.signal.notify();
  }
}
