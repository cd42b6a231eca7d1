// The disk I/O primitives of the `node` base, synchronous or off the event loop.
//
// Sync mode: fs.readSync/fs.writeSync, the guest and the event loop wait together. Async mode
// (a process under JSPI, host/process.ts): fs.read/fs.write run on libuv's thread pool while the
// guest is suspended, so timers, I/O and other guests go on during a large transfer. The callers
// (open-file.ts, reachable.ts, bases/node.ts) are one implementation each: they validate and
// finish the same way and only `then` a result that may arrive later.
import * as fs from "node:fs";

export interface DiskIo {
  /** Reads into all of `buf` at `pos` (null: the OS fd's offset); the byte count. */
  read(fd: number, buf: Uint8Array, pos: number | null): number | Promise<number>;
  /** Writes `buf` at `pos` (null: the OS fd's offset, or its end with O_APPEND); the byte count. */
  write(fd: number, buf: Uint8Array, pos: number | null): number | Promise<number>;
}

export const SYNC_IO: DiskIo = {
  read: (fd, buf, pos) => fs.readSync(fd, buf, 0, buf.byteLength, pos),
  write: (fd, buf, pos) => fs.writeSync(fd, buf, 0, buf.byteLength, pos),
};

export const ASYNC_IO: DiskIo = {
  read: (fd, buf, pos) => new Promise((resolve, reject) => fs.read(fd, buf, 0, buf.byteLength, pos, (e, n) => (e ? reject(e) : resolve(n)))),
  write: (fd, buf, pos) => new Promise((resolve, reject) => fs.write(fd, buf, 0, buf.byteLength, pos, (e, n) => (e ? reject(e) : resolve(n)))),
};

/**
 * Transfers at least this many bytes go off the event loop in async mode; smaller ones stay
 * synchronous (a thread-pool round trip costs more than a small page-cache copy).
 */
export const ASYNC_MIN = 64 * 1024;

/** `ok(v)` now for a value, or when a promise settles (`fail` on its rejection). */
export function then<T, U>(v: T | Promise<T>, ok: (t: T) => U | Promise<U>, fail: (e: unknown) => U): U | Promise<U> {
  return v instanceof Promise ? v.then(ok, fail) : ok(v);
}

/**
 * Runs a loop written as a generator that yields I/O results (counts, or promises of them) and
 * gets the count back: synchronously while they are plain numbers, asynchronously from the first
 * promise on. One loop serves both modes; a throw or a rejection becomes `fail(e)`.
 */
export function drive<R>(loop: Generator<number | Promise<number>, R, number>, fail: (e: unknown) => R, input?: number): R | Promise<R> {
  try {
    let next = input === undefined ? loop.next() : loop.next(input);
    while (!next.done) {
      const v = next.value;
      if (v instanceof Promise) return v.then((n) => drive(loop, fail, n), fail);
      next = loop.next(v);
    }
    return next.value;
  } catch (e) {
    return fail(e);
  }
}
