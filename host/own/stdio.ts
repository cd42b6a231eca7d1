/**
 * Guest stdio (fds 0-2), owned by the adapter on every base so that output streams as it is
 * written, input comes from bytes, and a terminal looks the same everywhere: a character
 * device without the seek/tell rights (wasi-libc's isatty rule). A non-terminal stream
 * reports filetype `unknown`, as a pipe does, so isatty() is false.
 */
import { Errno } from "../../src/errno.ts";
import { FILETYPE, OwnFile, RIGHTS, S_IFCHR, S_IFIFO } from "./types.ts";

const STREAM_RIGHTS = RIGHTS.FD_FDSTAT_SET_FLAGS | RIGHTS.FD_FILESTAT_GET | RIGHTS.POLL_FD_READWRITE | RIGHTS.FD_FILESTAT_SET_TIMES;

abstract class StdioStream extends OwnFile {
  readonly filetype: number;
  readonly typeBits: number;
  constructor(readonly tty: boolean) {
    super();
    this.filetype = tty ? FILETYPE.CHARACTER_DEVICE : FILETYPE.UNKNOWN;
    this.typeBits = tty ? S_IFCHR : S_IFIFO;
    this.permissions = tty ? 0o620 : 0o600;
  }
}

/** fd 0: reads the given bytes (or asks the host's reader), then end of file. */
export class InputStream extends StdioStream {
  readonly rights = STREAM_RIGHTS | RIGHTS.FD_READ;
  private at = 0;
  constructor(
    private readonly source: Uint8Array | ((dst: Uint8Array) => number),
    tty: boolean,
  ) {
    super(tty);
  }
  override read(dst: Uint8Array): number {
    if (typeof this.source === "function") {
      try {
        return this.source(dst);
      } catch {
        return -Errno.EIO;
      }
    }
    const n = Math.min(dst.length, this.source.length - this.at);
    dst.set(this.source.subarray(this.at, this.at + n));
    this.at += n;
    return n;
  }
  override readable(): boolean {
    return true;
  }
}

/**
 * fds 1 and 2: every write is handed to the sink at once, as a view of guest memory valid only
 * during the call (no copy on the hot path: a sink that keeps the bytes copies them).
 */
export class OutputStream extends StdioStream {
  readonly rights = STREAM_RIGHTS | RIGHTS.FD_WRITE;
  constructor(
    private readonly sink: (chunk: Uint8Array) => void,
    tty: boolean,
  ) {
    super(tty);
  }
  override write(src: Uint8Array): number {
    try {
      this.sink(src);
    } catch (e) {
      // A sink whose reader is gone says so with Node's error code (e.g. the CLI's `| head`).
      return -((e as { code?: unknown }).code === "EPIPE" ? Errno.EPIPE : Errno.EIO);
    }
    return src.length;
  }
  override writable(): boolean {
    return true;
  }
}
