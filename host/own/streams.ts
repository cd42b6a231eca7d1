/**
 * Web streams over adapter pipes (host/own/pipe.ts): how a process's stdio meets the host
 * (`spawn`'s `stdin`/`stdout`/`stderr`, host/process.ts) in every runtime (Node, Deno, Bun,
 * browsers, workerd). Backpressure is the pipe's: a stream never buffers more than the pipe's
 * 64 KiB, so a guest writing faster than the host reads waits, as on Linux.
 */
import type { Pipe, PipeReadEnd, PipeWriteEnd } from "./pipe.ts";
import { PIPE_CAPACITY } from "./pipe.ts";

/** Raised to the host writing into a pipe whose reader (the guest) is gone. */
export class BrokenPipeError extends Error {
  readonly code = "EPIPE";
  constructor() {
    super("wasi-os: broken pipe (the reading process closed its end or exited)");
  }
}

/** Streams that are the host's end of a pipe: another process may take the end itself. */
const ends = new WeakMap<ReadableStream<Uint8Array>, PipeReadEnd>();

/** Everything buffered, up to `max` bytes, as a fresh chunk (never a view of the ring). */
function takeChunk(pipe: Pipe, max: number): Uint8Array {
  const chunk = new Uint8Array(Math.min(pipe.length, max));
  pipe.take(chunk);
  return chunk;
}

/** The host's reading end as a ReadableStream; cancelling it closes the end (writers get EPIPE). */
export function readableOf(end: PipeReadEnd): ReadableStream<Uint8Array> {
  const pipe = end.pipe;
  let open = true;
  const close = (): void => {
    if (open) end.close();
    open = false;
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (pipe.length > 0) return controller.enqueue(takeChunk(pipe, PIPE_CAPACITY));
          if (pipe.writers === 0) {
            close();
            return controller.close();
          }
          await pipe.signal.next();
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
  ends.set(stream, end);
  return stream;
}

/**
 * The pipe end behind a stream made by {@link readableOf}, if nobody has read from it: the
 * stream is locked for good and the caller owns the end (two processes joined directly).
 */
export function takeEnd(stream: ReadableStream<Uint8Array>): PipeReadEnd | undefined {
  const end = ends.get(stream);
  if (end === undefined || stream.locked) return undefined;
  stream.getReader(); // locks it: nothing else may read what the other process will
  ends.delete(stream);
  return end;
}

/** Puts all of `chunk` into the pipe, waiting for room; BrokenPipeError once no reader is left. */
async function putAll(end: PipeWriteEnd, chunk: Uint8Array): Promise<void> {
  const pipe = end.pipe;
  let at = 0;
  while (at < chunk.length) {
    if (pipe.readers === 0) throw new BrokenPipeError();
    at += pipe.put(chunk.subarray(at));
    if (at < chunk.length) await pipe.signal.next();
  }
}

/** The host's writing end as a WritableStream; closing it is end of file for the reader. */
export function writableOf(end: PipeWriteEnd): WritableStream<Uint8Array> {
  let open = true;
  const close = (): void => {
    if (open) end.close();
    open = false;
  };
  return new WritableStream<Uint8Array>(
    { write: (chunk) => putAll(end, chunk), close, abort: close },
    { highWaterMark: 1 },
  );
}

/**
 * Copies a host stream into a pipe (a process's stdin), then closes the end; stops at EPIPE,
 * and when `stop` resolves (the process exited: a source that never ends, such as a terminal,
 * must not keep it waiting), cancelling the source.
 */
export async function pump(from: ReadableStream<Uint8Array>, end: PipeWriteEnd, stop: Promise<void>): Promise<void> {
  const reader = from.getReader();
  const stopped = stop.then(() => ({ done: true, value: undefined }) as const);
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), stopped]);
      if (done) break;
      await putAll(end, value);
    }
  } catch (e) {
    if (!(e instanceof BrokenPipeError)) throw e;
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
    end.close();
  }
}

/** Copies a pipe (a process's stdout) into a host stream until every writer is gone. */
export async function drain(end: PipeReadEnd, to: WritableStream<Uint8Array>): Promise<void> {
  const pipe = end.pipe;
  const writer = to.getWriter();
  try {
    for (;;) {
      if (pipe.length > 0) await writer.write(takeChunk(pipe, PIPE_CAPACITY));
      else if (pipe.writers === 0) break;
      else await pipe.signal.next();
    }
    await writer.close();
  } finally {
    end.close();
  }
}
