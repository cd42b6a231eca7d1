/**
 * wasi-os host library: run WASI preview1 guests on a chosen base host, behind one adapter.
 *
 * ```ts
 * import { runCommand } from "wasi-os";
 * const { exitCode, stdout } = await runCommand(wasmBytes, { args: ["prog"], preopens: [{ guest: "/", tree: {} }] });
 * ```
 */
import { type Adapter, ProcExit } from "./adapter.ts";
import type { Base, FsTree, PreopenSpec, StdioSpec, WasiImports } from "./bases/types.ts";
import { BASES, DEFAULT_BASE, isBaseName, type BaseName } from "../src/bases.ts";
import { PREVIEW1_MODULE } from "../src/abi/preview1.ts";
import { EXT_MODULE } from "../src/abi/ext.ts";
import type { CopyPaths } from "./context.ts";
import type { MemoryLimits } from "./fs/memory/limits.ts";
import { AbiVersionError, checkAbi, loadedFactory, runOptionsOf, setUp, setUpWith, type WasiOsOptions } from "./setup.ts";

export { BASES, DEFAULT_BASE, isBaseName, ProcExit, AbiVersionError, checkAbi };
export type { BaseName, CopyPaths, FsTree, MemoryLimits, PreopenSpec, StdioSpec, WasiImports, WasiOsOptions };
import { spawn, TIMEOUT_EXIT, TRAP_EXIT } from "./process.ts";
export { spawn, TIMEOUT_EXIT, TRAP_EXIT };
export type { SpawnOptions, WasiProcess, Signal } from "./process.ts";
export { jspiAvailable, asyncStatus } from "./wait.ts";
export { absentExtension } from "./ext/absent.ts";
/** The `opfs` file system (browsers: a page or Worker): a MemoryFileSystem kept in the Origin Private File System. */
export { OpfsFileSystem, META_NAME, type OpfsOptions, type SyncReport } from "./fs/opfs/index.ts";
import { runIsolated } from "./isolate.ts";
import { instantiate, instantiateNow } from "./instantiate.ts";
export { IsolationUnavailableError, runIsolated } from "./isolate.ts";
export type { IsolatedOptions, IsolatedResult } from "./isolate.ts";
export { MemoryLimitError } from "./guest-memory.ts";
export { prepare } from "./prepared.ts";
export type { PrepareOptions, InvokeOptions, PreparedHost, PreparedResult } from "./prepared.ts";
import { createGuestMemory, withMemory, planLimit } from "./guest-memory.ts";
import { concat } from "./bytes.ts";
import { lazyTrees, type RunResult } from "./result.ts";

/** A WASI instance on one base, shaped like `node:wasi`'s `WASI` so existing loaders can take it. */
export class WasiOs {
  private constructor(
    private readonly adapter: Adapter,
    private readonly base: Base,
    /** The base this instance runs on. */
    readonly baseName: BaseName,
  ) {}

  /** Builds the base and the adapter for `module` (some bases derive imports from it). */
  static async create(module: WebAssembly.Module, options: WasiOsOptions = {}): Promise<WasiOs> {
    const { adapter, base, baseName } = await setUp(module, options, { allImports: true });
    return new WasiOs(adapter, base, baseName);
  }

  /** The `wasi_snapshot_preview1` functions to instantiate the guest with. */
  get wasiImport(): WasiImports {
    return this.adapter.wasiImport;
  }

  /** The extension functions (`wasi_os_v1`, docs/abi.md). */
  get extImport(): WasiImports {
    return this.adapter.extImport;
  }

  /** `{ wasi_snapshot_preview1, wasi_os_v1 }`, ready for `WebAssembly.instantiate`. */
  getImportObject(): WebAssembly.Imports {
    return { [PREVIEW1_MODULE]: this.adapter.wasiImport, [EXT_MODULE]: this.adapter.extImport };
  }

  /** Which path each `fd_copy_range` took so far (host-side `native` or the `fallback` loop). */
  get copyPaths(): Readonly<CopyPaths> {
    return this.adapter.copyPaths;
  }

  /** Runs a command (`_start`); returns the exit code. */
  start(instance: WebAssembly.Instance): number {
    return this.adapter.start(instance);
  }

  /** Initializes a reactor (`_initialize`, when exported). */
  initialize(instance: WebAssembly.Instance): void {
    this.adapter.initialize(instance);
  }

  /** The current contents of preopen `index` (in memory, MemFS or on disk). */
  readTree(index = 0): FsTree {
    return this.base.readTree(index);
  }
}

/** Accepts bytes or a compiled module (edge runtimes can only import modules). */
export async function toModule(wasm: WebAssembly.Module | BufferSource): Promise<WebAssembly.Module> {
  return wasm instanceof WebAssembly.Module ? wasm : WebAssembly.compile(wasm);
}

export type { RunResult };


export interface RunCommandOptions extends WasiOsOptions {
  /**
   * Run under JSPI, as a process (host/process.ts `spawn`): the `node` base's large disk I/O
   * leaves the event loop free, poll_oneoff and sched_yield wait without blocking it. Default
   * false: the guest runs synchronously to its end.
   */
  readonly async?: boolean;
  /**
   * Run the guest's wasm on its own thread (host/isolate.ts): a Worker that is terminated at
   * `timeout`. Needs the module's bytes. Implied by `timeout`.
   */
  readonly isolate?: boolean;
  /** Wall-clock limit in milliseconds; the guest is ended with exit status 124 (`timedOut`). */
  readonly timeout?: number;
  /**
   * Largest guest memory in bytes (whole 64 KiB pages): a module declaring a larger maximum, or
   * needing more at start, is refused with a MemoryLimitError before it runs; `memory.grow`
   * past it returns -1 in the guest. Needs the module's bytes (host/guest-memory.ts).
   */
  readonly memoryLimit?: number;
}

const NO_OPTIONS: WasiOsOptions = {};

/** Instantiates and runs a command on a base, collecting its output. */
export async function runCommand(wasm: WebAssembly.Module | BufferSource, options: RunCommandOptions = {}): Promise<RunResult> {
  if (options.isolate === true || options.timeout !== undefined) {
    if (wasm instanceof WebAssembly.Module) throw new TypeError("wasi-os: an isolated run needs the module's bytes, not a compiled module");
    return runIsolated(wasm, options);
  }
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  if (options.async === true) {
    // spawn makes the guest's memory itself when a memoryLimit is set.
    const p = spawn(wasm, {
      ...options,
      stdout: options.stdout ?? ((c) => void out.push(c.slice())),
      stderr: options.stderr ?? ((c) => void err.push(c.slice())),
    });
    const exitCode = await p.exited;
    if (p.error !== undefined) throw p.error;
    const { adapter, base } = await p.ready;
    return lazyTrees({ exitCode, stdout: concat(out), stderr: concat(err), copyPaths: adapter.copyPaths }, () => (options.preopens ?? []).map((_, i) => base.readTree(i)));
  }
  const plan = options.memoryLimit === undefined ? undefined : planLimit(wasm, options.memoryLimit);
  const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(plan?.bytes ?? wasm);
  const given = runOptionsOf(options, NO_OPTIONS, { stdout: (c) => void out.push(c.slice()), stderr: (c) => void err.push(c.slice()) }, options.preopens ?? []);
  // Synchronous from here to the guest's end once the base is loaded: awaits cost more than a small run's setup.
  const factory = loadedFactory(given.base ?? DEFAULT_BASE);
  const made = factory === undefined ? setUp(module, given) : setUpWith(factory, module, given);
  const { adapter, base } = made instanceof Promise ? await made : made;
  const imports = withMemory({ [PREVIEW1_MODULE]: adapter.wasiImport, [EXT_MODULE]: adapter.extImport }, plan && createGuestMemory(plan));
  const exitCode = adapter.start(instantiateNow(module, imports) ?? (await instantiate(module, imports)));
  return lazyTrees({ exitCode, stdout: concat(out), stderr: concat(err), copyPaths: adapter.copyPaths }, () => (options.preopens ?? []).map((_, i) => base.readTree(i)));
}

