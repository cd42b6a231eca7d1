/**
 * Isolated runs: the guest's wasm on its own thread, everything else on the caller's.
 *
 * ```ts
 * const r = await runIsolated(wasmBytes, { args: ["plugin"], timeout: 2000, memoryLimit: 64 << 20 });
 * r.timedOut; // true when it was ended at the limit (exitCode 124)
 * r.trees;    // the memory file system as the guest left it, even when killed
 * ```
 *
 * Only another thread can preempt wasm: a guest spinning without calling an import never
 * returns to its own event loop. So the guest runs in a Worker (`worker_threads` on Node, a Web
 * Worker elsewhere) that holds only its instance and its memory (shared with this thread);
 * each import is a synchronous call back here, where the adapter, the base and the file
 * systems live (host/isolate-worker.ts has the protocol). At the time limit the Worker is
 * terminated: the guest ends with {@link TIMEOUT_EXIT} and no host state is lost, since none
 * of it was in the Worker. A call the host is answering when the limit passes completes
 * first (a host call is not preempted).
 *
 * Costs: a Worker start (milliseconds) per run and a thread round trip (microseconds) per
 * import. Needs the module's bytes (its memory is rewritten to an import; host/guest-memory.ts)
 * and SharedArrayBuffer (in browsers: a cross-origin isolated page).
 */
import { ProcExit } from "./adapter.ts";
import { bytesOf, createGuestMemory, MAX_PAGES, MEMORY_IMPORT, pagesOf, planGuestMemory, type GuestMemoryPlan } from "./guest-memory.ts";
import { CONTROL_BYTES, MAX_ARGS, WORKER_SOURCE } from "./isolate-worker.ts";
import { setUp, type SetUpExtra, type WasiOsOptions } from "./setup.ts";
import { PREVIEW1_MODULE } from "../src/abi/preview1.ts";
import { EXT_MODULE } from "../src/abi/ext.ts";
import { concat } from "./bytes.ts";
import { lazyTrees, type RunResult } from "./result.ts";

import { TIMEOUT_EXIT } from "./process.ts"; // one exit status for every time limit (spawn's too)

export interface IsolatedOptions extends WasiOsOptions {
  /** Wall-clock limit in milliseconds (as child_process's `timeout`); default none. */
  readonly timeout?: number;
  /**
   * Largest guest memory in bytes (rounded down to 64 KiB pages; default 4 GiB, wasm32's
   * own limit). A module declaring a larger maximum is refused (MemoryLimitError);
   * `memory.grow` past it returns -1 in the guest.
   */
  readonly memoryLimit?: number;
}

/** RunResult, and whether the guest was ended at the time limit (exitCode is then TIMEOUT_EXIT). */
export type IsolatedResult = RunResult & { readonly timedOut: boolean };

/** The two ends a Worker gives us, on Node and on the web. */
interface Thread {
  post(message: unknown): void;
  /** The current run's handlers (replaced by the next run on a reused Worker). */
  listen(onMessage: (data: unknown) => void, onError: (e: unknown) => void): void;
  /** Whether an idle Worker may let the process exit (Node's unref). */
  hold(busy: boolean): void;
  terminate(): void;
}

async function startThread(): Promise<Thread> {
  let message = (_: unknown): void => undefined;
  let error = (_: unknown): void => undefined;
  const listen = (m: (d: unknown) => void, e: (x: unknown) => void): void => {
    message = m;
    error = e;
  };
  const WebWorker = (globalThis as { Worker?: new (url: string, o?: { type?: string }) => globalThis.Worker }).Worker;
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (proc?.versions?.node === undefined && typeof WebWorker === "function") {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
    const w = new WebWorker(url, { type: "module" });
    URL.revokeObjectURL(url);
    w.addEventListener("message", (e) => message((e as MessageEvent).data));
    w.addEventListener("error", (e) => error(e));
    return { post: (m) => w.postMessage(m), listen, hold: () => undefined, terminate: () => w.terminate() };
  }
  // A computed specifier: browser bundles leave it alone (this path runs only where Node's modules are).
  const specifier = "node:worker_threads";
  const { Worker } = (await import(specifier)) as typeof import("node:worker_threads");
  // No execArgv: the worker source needs no loader, and inheriting one (tsx) costs a start.
  const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
  w.on("message", (d) => message(d));
  w.on("error", (e) => error(e));
  return {
    post: (m) => w.postMessage(m),
    listen,
    hold: (busy) => void (busy ? w.ref() : w.unref()),
    terminate: () => void w.terminate(),
  };
}

/**
 * Idle Workers, reused by the next isolated run: starting one costs milliseconds, more than a
 * small guest's whole run. Only a Worker whose guest ended by itself comes back here; one
 * ended at its limit is terminated (it may still be spinning).
 */
const idle: Thread[] = [];
const MAX_IDLE = 16;

async function takeThread(): Promise<Thread> {
  const t = idle.pop() ?? (await startThread());
  t.hold(true);
  return t;
}

function giveBack(t: Thread): void {
  if (idle.length >= MAX_IDLE) return t.terminate();
  t.hold(false);
  idle.push(t);
}


type Outcome = { exit: number } | { error: string; trap: boolean; link: boolean } | { timedOut: true } | { crashed: unknown };

/** A module ready for isolated runs: its memory moved to a shared import with the limit. */
export interface IsolatedModule {
  readonly module: WebAssembly.Module;
  readonly plan: GuestMemoryPlan;
}

/** Rewrites and compiles `wasm` for isolated runs (done once by a prepared host). */
export async function prepareIsolated(wasm: BufferSource, memoryLimit: number | undefined): Promise<IsolatedModule> {
  needSharedMemory();
  const plan = planGuestMemory(bytesOf(wasm), memoryLimit === undefined ? MAX_PAGES : pagesOf(memoryLimit), true);
  return { module: await WebAssembly.compile(plan.bytes), plan };
}

/** Runs a command (`_start`) in a Worker; see the file comment. */
export async function runIsolated(wasm: BufferSource, options: IsolatedOptions = {}): Promise<IsolatedResult> {
  checkTimeout(options.timeout);
  return runPrepared(await prepareIsolated(wasm, options.memoryLimit), options, {});
}

/** Thrown where there is no SharedArrayBuffer: a page that is not cross-origin isolated. */
export class IsolationUnavailableError extends Error {}

function needSharedMemory(): void {
  // Browsers define SharedArrayBuffer only on cross-origin isolated pages (and their Workers).
  if (typeof SharedArrayBuffer === "function") return;
  throw new IsolationUnavailableError(
    "wasi-os: isolated runs (isolate, timeout) need SharedArrayBuffer: in a browser, a cross-origin isolated page (served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)",
  );
}

function checkTimeout(timeout: number | undefined): void {
  if (timeout !== undefined && !(timeout > 0)) throw new RangeError("wasi-os: timeout must be a positive number of milliseconds");
}

/** An isolated run of a prepared module (`extra` as setUp's). */
export async function runPrepared(prepared: IsolatedModule, options: IsolatedOptions, extra: SetUpExtra): Promise<IsolatedResult> {
  checkTimeout(options.timeout);
  const { module, plan } = prepared;
  const timeout = options.timeout;
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const { adapter, base } = await setUp(
    module,
    { ...options, stdout: options.stdout ?? ((c) => void out.push(c.slice())), stderr: options.stderr ?? ((c) => void err.push(c.slice())) },
    extra,
  );
  const memory = createGuestMemory(plan);
  adapter.bind({ exports: { memory } } as unknown as WebAssembly.Instance);

  // The guest's function imports this host supplies, by index.
  const groups: Record<string, Record<string, unknown>> = { [PREVIEW1_MODULE]: adapter.wasiImport, [EXT_MODULE]: adapter.extImport };
  const fns: ((...a: (number | bigint)[]) => unknown)[] = [];
  const imports: [string, string, number][] = [];
  for (const imp of WebAssembly.Module.imports(module)) {
    const f = groups[imp.module]?.[imp.name];
    if (imp.kind !== "function" || typeof f !== "function") continue;
    imports.push([imp.module, imp.name, fns.length]);
    fns.push(f as (...a: (number | bigint)[]) => unknown);
  }

  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const ctl = new Int32Array(control, 0, 8);
  const tags = new Int32Array(control, 32, MAX_ARGS);
  const args = new BigInt64Array(control, 96, MAX_ARGS);
  const answer = (): void => {
    const f = fns[ctl[1] ?? -1];
    const a: (number | bigint)[] = [];
    for (let k = 0; k < (ctl[2] ?? 0) && k < MAX_ARGS; k++) a.push(tags[k] === 1 ? (args[k] ?? 0n) : Number(args[k] ?? 0n));
    try {
      const v = f === undefined ? undefined : f(...a);
      ctl[3] = typeof v === "number" ? 0 : 2;
      ctl[4] = typeof v === "number" ? v : 0;
    } catch (e) {
      if (!(e instanceof ProcExit)) throw e;
      ctl[3] = 1;
      ctl[4] = e.code;
    }
  };

  const thread = await takeThread();
  let finish = (_: Outcome): void => undefined;
  const finished = new Promise<Outcome>((resolve) => (finish = resolve));
  thread.listen((d) => finish(d as Outcome), (e) => finish({ crashed: e }));
  const timer = timeout === undefined ? undefined : setTimeout(() => finish({ timedOut: true }), timeout);
  thread.post({ module, memory, memoryImport: MEMORY_IMPORT, imports, control });

  // Answer calls until the guest ends (or the limit passes).
  let handled = 0;
  let outcome: Outcome | undefined;
  void finished.then((o) => (outcome = o));
  try {
    while (outcome === undefined) {
      const seq = Atomics.load(ctl, 0);
      if (seq !== handled) {
        answer();
        handled = seq;
        Atomics.store(ctl, 5, seq);
        Atomics.notify(ctl, 5);
        continue;
      }
      const w = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string } }).waitAsync(ctl, 0, handled);
      if (w.async) await Promise.race([w.value, finished]);
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (outcome !== undefined && ("exit" in outcome || "error" in outcome)) giveBack(thread);
    else thread.terminate();
    adapter.closeAll();
    base.finish();
  }
  const result = (exitCode: number, timedOut: boolean): IsolatedResult =>
    lazyTrees({ exitCode, timedOut, stdout: concat(out), stderr: concat(err), copyPaths: adapter.copyPaths }, () => (options.preopens ?? []).map((_, i) => base.readTree(i)));
  if ("exit" in outcome) return result(outcome.exit, false);
  if ("timedOut" in outcome) return result(TIMEOUT_EXIT, true);
  if ("crashed" in outcome) throw outcome.crashed;
  if (outcome.trap) throw new WebAssembly.RuntimeError(outcome.error);
  if (outcome.link) throw new WebAssembly.LinkError(outcome.error);
  throw new Error(outcome.error);
}
