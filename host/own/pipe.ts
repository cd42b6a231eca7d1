/**
 * Adapter-owned in-memory pipes (the extension ABI's `pipe`), the same on every base.
 *
 * Linux semantics: 64 KiB capacity; EOF when empty and no writer is left; EPIPE when no reader
 * is left; EAGAIN on non-blocking ends. A blocking read of an empty pipe (or write to a full
 * one) would wait for another thread that a single-threaded guest cannot have: it answers
 * EDEADLK instead of hanging (docs/abi.md).
 */
import { Errno } from "../../src/errno.ts";
import { FILETYPE, OwnFile, RIGHTS, S_IFIFO } from "./types.ts";

/** Linux's default pipe capacity. */
export const PIPE_CAPACITY = 65536;
/** Writes up to this size are atomic: all or nothing (POSIX PIPE_BUF). */
export const PIPE_BUF = 4096;

const END_RIGHTS = RIGHTS.FD_FDSTAT_SET_FLAGS | RIGHTS.FD_FILESTAT_GET | RIGHTS.POLL_FD_READWRITE | RIGHTS.FD_FILESTAT_SET_TIMES;

/** The buffer both ends share: a fixed ring of PIPE_CAPACITY bytes. */
export class Pipe {
  private readonly ring = new Uint8Array(PIPE_CAPACITY);
  private head = 0;
  length = 0;
  readers = 1;
  writers = 1;

  readonly readEnd: PipeReadEnd;
  readonly writeEnd: PipeWriteEnd;

  constructor() {
    this.readEnd = new PipeReadEnd(this);
    this.writeEnd = new PipeWriteEnd(this);
  }

  take(dst: Uint8Array): number {
    const n = Math.min(dst.length, this.length);
    const first = Math.min(n, PIPE_CAPACITY - this.head);
    dst.set(this.ring.subarray(this.head, this.head + first));
    dst.set(this.ring.subarray(0, n - first), first);
    this.head = (this.head + n) % PIPE_CAPACITY;
    this.length -= n;
    return n;
  }

  put(src: Uint8Array): number {
    const n = Math.min(src.length, PIPE_CAPACITY - this.length);
    const tail = (this.head + this.length) % PIPE_CAPACITY;
    const first = Math.min(n, PIPE_CAPACITY - tail);
    this.ring.set(src.subarray(0, first), tail);
    this.ring.set(src.subarray(first, n), 0);
    this.length += n;
    return n;
  }
}

abstract class PipeEnd extends OwnFile {
  readonly filetype = FILETYPE.UNKNOWN; // preview1 has no FIFO type
  readonly typeBits = S_IFIFO;
  constructor(protected readonly pipe: Pipe) {
    super();
  }
}

export class PipeReadEnd extends PipeEnd {
  readonly rights = END_RIGHTS | RIGHTS.FD_READ;
  override read(dst: Uint8Array): number {
    if (dst.length === 0) return 0;
    if (this.pipe.length > 0) return this.pipe.take(dst);
    if (this.pipe.writers === 0) return 0;
    return -(this.nonblocking ? Errno.EAGAIN : Errno.EDEADLK);
  }
  override readable(): boolean {
    return this.pipe.length > 0 || this.pipe.writers === 0;
  }
  override close(): void {
    this.pipe.readers--;
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
    return -(this.nonblocking ? Errno.EAGAIN : Errno.EDEADLK);
  }
  override writable(): boolean {
    return this.pipe.readers === 0 || this.pipe.length < PIPE_CAPACITY;
  }
  override close(): void {
    this.pipe.writers--;
  }
}
