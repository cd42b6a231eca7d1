/**
 * Processes: guests that run concurrently in one thread and wait without blocking it.
 *
 * ```ts
 * import { spawn } from "wasi-os";
 * const yes = spawn(yesWasm, { args: ["yes"] });
 * const head = spawn(headWasm, { args: ["head", "-c", "1000000"], stdin: yes.stdout! });
 * const text = await new Response(head.stdout).text();
 * await head.exited; // 0
 * ```
 *
 * Under JSPI (`WebAssembly.Suspending` / `WebAssembly.promising`: Chromium, Node 25+, Deno,
 * Bun) a guest runs on its own stack. Where a call would block (a read of an empty pipe or
 * stdin, a write to a full pipe, poll_oneoff, sched_yield; disk I/O on the `node` base) the
 * guest is suspended and the event loop, the host and other processes run until it can go on
 * (host/adapter.ts `block()`). Everything that can complete now completes synchronously, on
 * the same code as `runCommand`. Only the imports that may suspend are wrapped (a wrapped
 * import costs ~0.1 us more per call): fd_read when stdin is a pipe, fd_write when stdout or
 * stderr is, poll_oneoff, sched_yield, and the base's own (`Base.suspending`).
 *
 * Without JSPI (Node 20, or `async: false`) a process runs to its end synchronously once set
 * up, and a call that would block answers EDEADLK, as `runCommand` does (the report's
 * `async` row says which applies here).
 */
import { ProcExit, type Adapter } from "./adapter.ts";
import type { Base, StdinReader } from "./bases/types.ts";
import { Pipe, type PipeReadEnd } from "./own/pipe.ts";
import { OutputStream } from "./own/stdio.ts";
import { drain, pump, readableOf, takeEnd, writableOf } from "./own/streams.ts";
import type { OwnFile } from "./own/types.ts";
import { setUp, type WasiOsOptions } from "./setup.ts";
import { jspiAvailable } from "./wait.ts";
import { createGuestMemory, withMemory, pagesOf, planLimit } from "./guest-memory.ts";

/** Signals a process can be sent, and the exit status each gives (128 + its number, as a shell reports). */
export type Signal = "SIGINT" | "SIGTERM" | "SIGKILL";
const SIGNALS: Readonly<Record<Signal, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Exit status of a guest that trapped (as a shell reports SIGABRT). */
export const TRAP_EXIT = 134;

/** Exit status of a guest ended by its time limit (as GNU `timeout` reports). */
export const TIMEOUT_EXIT = 124;

type Output = "pipe" | WritableStream<Uint8Array> | ((chunk: Uint8Array) => void);

export interface SpawnOptions extends Omit<WasiOsOptions, "stdin" | "stdout" | "stderr"> {
  /**
   * fd 0: "pipe" (write to `process.stdin`), fixed bytes, or a stream. Another process's
   * `stdout` stream, not yet read from, joins the two directly through one 64 KiB pipe.
   * A function is a synchronous reader (StdioSpec.stdin), asked on each read: it never makes
   * the guest wait. Default: empty (end of file at once).
   */
  readonly stdin?: "pipe" | Uint8Array | StdinReader | ReadableStream<Uint8Array>;
  /**
   * fd 1: "pipe" (read `process.stdout`; the guest waits when 64 KiB are unread), a stream
   * (written with its backpressure), or a callback that receives every chunk at once (a view
   * of guest memory, valid during the call; never makes the guest wait). Default "pipe".
   */
  readonly stdout?: Output;
  /** fd 2, as stdout. Default "pipe". */
  readonly stderr?: Output;
  /** Run under JSPI (default: where the runtime has it). `true` without JSPI is an error. */
  readonly async?: boolean;
  /**
   * Wall-clock limit in milliseconds from the call to `spawn`: then the guest ends with exit
   * status 124 (TIMEOUT_EXIT), as `kill` ends it (at once when it waits, else at its next
   * import that may wait). A guest spinning without imports needs a Worker to be stopped.
   */
  readonly timeout?: number;
  /**
   * Largest guest memory in bytes, as RunCommandOptions.memoryLimit (host/guest-memory.ts):
   * a module declaring more does not start (`error` is a MemoryLimitError, as for any guest
   * that fails to start), `memory.grow` past it returns -1. Needs the module's bytes.
   */
  readonly memoryLimit?: number;
}

/** A running guest. */
export interface WasiProcess {
  /** The exit status: the guest's own; 128 + signal when killed; 134 when it trapped (see `error`). */
  readonly exited: Promise<number>;
  /**
   * Ends the guest (default SIGTERM; exit status 128 + the signal's number): at once when it
   * waits, else at its next import that may wait. A guest spinning without calling one cannot
   * be stopped from its own thread.
   */
  kill(signal?: Signal): void;
  /** The host's end of fd 0 when `stdin` was "pipe": close it for end of file. */
  readonly stdin: WritableStream<Uint8Array> | null;
  /** The host's end of fd 1 when `stdout` was "pipe". */
  readonly stdout: ReadableStream<Uint8Array> | null;
  readonly stderr: ReadableStream<Uint8Array> | null;
  /** Whether this process runs under JSPI (it can wait) or synchronously. */
  readonly async: boolean;
  /** What ended the guest when it trapped or could not start; undefined otherwise. */
  readonly error: unknown;
  /** The adapter and base, once set up (the file systems can be read after exit). */
  readonly ready: Promise<{ readonly adapter: Adapter; readonly base: Base }>;
}

interface Stdio {
  readonly file: OwnFile;
  /** The pipe reaches outside the guest: fd_read/fd_write may have to wait. */
  readonly external: boolean;
  readonly host: ReadableStream<Uint8Array> | WritableStream<Uint8Array> | null;
  /** Started after the guest is set up (pumps between a host stream and the pipe); `stop` resolves at exit. */
  readonly start?: (stop: Promise<void>) => Promise<void>;
}

function input(spec: SpawnOptions["stdin"], tty: boolean): Stdio | undefined {
  if (spec === undefined || spec instanceof Uint8Array || typeof spec === "function") return undefined; // the adapter's InputStream
  if (spec !== "pipe") {
    const joined = takeEnd(spec);
    if (joined !== undefined) return { file: joined, external: true, host: null };
  }
  const pipe = new Pipe({ external: true, tty });
  if (spec === "pipe") return { file: pipe.readEnd, external: true, host: writableOf(pipe.writeEnd) };
  return { file: pipe.readEnd, external: true, host: null, start: (stop) => pump(spec, pipe.writeEnd, stop) };
}

function output(spec: Output | undefined, tty: boolean): Stdio {
  if (typeof spec === "function") return { file: new OutputStream(spec, tty), external: false, host: null };
  const pipe = new Pipe({ external: true, tty });
  if (spec === undefined || spec === "pipe") return { file: pipe.writeEnd, external: true, host: readableOf(pipe.readEnd) };
  return { file: pipe.writeEnd, external: true, host: null, start: () => drain(pipe.readEnd, spec) };
}

function isProcExit(e: unknown): e is ProcExit {
  return e instanceof ProcExit;
}

/** `p`, marked handled: a guest that fails to start reports it through `exited` and `error`; awaiting `ready` too is optional. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** Starts `wasm` (bytes or a compiled module) as a process; see {@link SpawnOptions}. */
export function spawn(wasm: WebAssembly.Module | BufferSource, options: SpawnOptions = {}): WasiProcess {
  const jspi = jspiAvailable();
  const async = options.async ?? jspi;
  if (async && !jspi) throw new TypeError("wasi-os: spawn({ async: true }) needs JSPI (WebAssembly.Suspending), which this runtime lacks");
  if (options.memoryLimit !== undefined) {
    if (wasm instanceof WebAssembly.Module) throw new TypeError("wasi-os: a memory limit needs the module's bytes, not a compiled module");
    pagesOf(options.memoryLimit); // a bad value throws here
  }
  const limit = options.timeout;
  if (limit !== undefined && !(limit >= 0 && limit <= 2 ** 31 - 1)) throw new RangeError(`wasi-os: spawn's timeout must be 0 to 2147483647 ms, not ${limit}`);
  const tty = options.tty ?? false;
  const io = [input(options.stdin, tty), output(options.stdout, tty), output(options.stderr, tty)] as const;
  const suspending = new Set(["poll_oneoff", "sched_yield"]);
  if (io[0]?.external === true) suspending.add("fd_read");
  if (io[1].external || io[2].external) suspending.add("fd_write");

  let killedBy: number | undefined;
  let adapter: Adapter | undefined;
  let error: unknown;
  const { stdin, stdout, stderr, async: _async, timeout: _timeout, memoryLimit, ...rest } = options;
  const end = (code: number): void => {
    killedBy ??= code;
    adapter?.kill(code);
  };
  const timer = limit === undefined ? undefined : setTimeout(() => end(TIMEOUT_EXIT), limit);
  const bytes = options.stdin instanceof Uint8Array || typeof options.stdin === "function" ? { stdin: options.stdin } : {};

  const ready = (async () => {
    // With a memory limit the guest's memory is the host's, made with that maximum.
    const plan = memoryLimit === undefined ? undefined : planLimit(wasm, memoryLimit);
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(plan?.bytes ?? wasm);
    const set = await setUp(module, { ...rest, ...bytes }, {
      stdioFiles: [io[0]?.file, io[1].file, io[2].file],
      ...(async ? { suspending } : {}),
    });
    const imports = withMemory({ wasi_snapshot_preview1: set.adapter.wasiImport, wasi_os_v1: set.adapter.extImport }, plan && createGuestMemory(plan));
    const instance = await WebAssembly.instantiate(module, imports);
    adapter = set.adapter;
    return { ...set, instance };
  })();

  const exited = (async (): Promise<number> => {
    let set: Awaited<typeof ready>;
    try {
      set = await ready;
    } catch (e) {
      error = e;
      clearTimeout(timer);
      for (const s of io) if (s?.file !== undefined) s.file.close();
      return killedBy ?? TRAP_EXIT;
    }
    let exit = (): void => undefined;
    const stop = new Promise<void>((resolve) => (exit = resolve));
    const pumps = io.map((s) => s?.start?.(stop).catch(() => undefined));
    try {
      if (killedBy !== undefined) return killedBy;
      set.adapter.bind(set.instance);
      const start = set.instance.exports["_start"];
      if (typeof start !== "function") throw new TypeError("wasi-os: the guest exports no _start");
      if (async) {
        const promising = (WebAssembly as unknown as { promising: (f: Function) => () => Promise<unknown> }).promising;
        await promising(start)();
      } else (start as () => void)();
      return 0;
    } catch (e) {
      if (isProcExit(e)) return e.code;
      error = e;
      return TRAP_EXIT;
    } finally {
      clearTimeout(timer);
      set.adapter.closeAll(); // its pipe ends close: readers see EOF, writers EPIPE
      set.base.finish();
      exit();
      await Promise.all(pumps);
    }
  })();

  return {
    exited,
    kill(signal: Signal = "SIGTERM") {
      end(128 + SIGNALS[signal]);
    },
    stdin: (io[0]?.host as WritableStream<Uint8Array> | null | undefined) ?? null,
    stdout: io[1].host as ReadableStream<Uint8Array> | null,
    stderr: io[2].host as ReadableStream<Uint8Array> | null,
    async,
    get error() {
      return error;
    },
    ready: handled(ready.then(({ adapter: a, base }) => ({ adapter: a, base }))),
  };
}

export type { PipeReadEnd };
