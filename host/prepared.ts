/**
 * A prepared host: what does not change between invocations of one guest is done once, so
 * that each invocation costs little more than instantiating the module.
 *
 * ```ts
 * const host = await prepare(wasmBytes, { preopens: [{ guest: "/", tree: { "lib.txt": bytes } }], memoryLimit: 64 << 20 });
 * const r = await host.run({ args: ["plugin", "lib.txt"], stdout: (c) => res.write(c) });
 * r.exitCode; r.trees[0];   // this run's files (computed when read)
 * ```
 *
 * Once: compiling (given bytes, the guest's memory made the host's: host/guest-memory.ts, and
 * its data segments packed: host/data-packing.ts), the ABI check, the import plan, loading the
 * base, and on the `memory` base a file-system template per preopen, built from its tree once.
 * Per run: the template is copied in O(entries) with every file's blocks shared copy-on-write
 * (host/fs/memory/template.ts), so a run reads the template's bytes without copying them and a
 * write copies only the blocks it touches, charged to the run's own `memoryLimits`; the
 * template never changes. Then a fresh adapter and instance, and a memory zeroed from the pool
 * when an earlier run left one at the size runs start with (`initialMemory`): runs share
 * nothing but the template and the compiled code (tests/tenants.test.ts tries). On the memory
 * base nothing is awaited from `run()` until the guest has ended.
 *
 * With `timeout` (per host or per run) or `isolate`, a run's wasm goes to a Worker
 * (host/isolate.ts) and is ended at the limit with exit status 124.
 */
import type { PreopenSpec, StdioSpec } from "./bases/types.ts";
import { bytesOf, createGuestMemory, MAX_PAGES, withMemory, MemoryLimitError, PAGE, pagesOf, planGuestMemory, type GuestMemoryPlan } from "./guest-memory.ts";
import { instantiate, instantiateNow } from "./instantiate.ts";
import { prepareIsolated, runPrepared, type IsolatedModule } from "./isolate.ts";
import { baseFactory, checkAbi, runOptionsOf, setUpWith, type WasiOsOptions } from "./setup.ts";
import { FsLimits, type MemoryLimits } from "./fs/memory/limits.ts";
import { MemoryFileSystem } from "./fs/memory/filesystem.ts";
import { cloneFileSystem } from "./fs/memory/template.ts";
import { DEFAULT_BASE } from "../src/bases.ts";
import { PREVIEW1_MODULE } from "../src/abi/preview1.ts";
import { EXT_MODULE } from "../src/abi/ext.ts";
import { concat } from "./bytes.ts";
import { packDataSegments } from "./data-packing.ts";
import { lazyTrees, type RunResult } from "./result.ts";

export interface PrepareOptions extends Omit<WasiOsOptions, "stdin" | "stdout" | "stderr" | "tty" | "args" | "env"> {
  /** Largest guest memory in bytes (see RunCommandOptions.memoryLimit); needs the module's bytes. */
  readonly memoryLimit?: number;
  /**
   * Bytes of memory every run starts with (whole pages; at least the module's declared initial
   * size, at most its maximum). Default: the declared size, exactly as a fresh instance.
   * Why raise it: memories are reused between runs only at the size runs start with (wasm
   * memories cannot shrink), and a fresh memory costs more than a small guest's whole run; a
   * guest that grows past its declared size (cat.wasm: from 2 to 4 pages) gets a fresh one
   * every run. The cost: the guest sees `memory.size` at this value, and `memory.grow` counts
   * from it (a guest that grows blindly reaches its maximum sooner).
   */
  readonly initialMemory?: number;
  /** Default wall-clock limit of each run in milliseconds (runs isolated; exit 124). */
  readonly timeout?: number;
  /** Run every invocation's wasm in a Worker (implied by a timeout). Needs the bytes. */
  readonly isolate?: boolean;
}

export interface InvokeOptions extends StdioSpec {
  /** argv, including argv[0]. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** This run's wall-clock limit in milliseconds (overrides the host's). */
  readonly timeout?: number;
}

/** What a run gives back: RunResult (its `trees` read when first asked for). */
export type PreparedResult = RunResult;

export interface PreparedHost {
  /** Runs the command once; resolves when it has ended. */
  run(options?: InvokeOptions): Promise<PreparedResult>;
}

/** How many ended runs' memories a prepared host keeps for reuse. */
const MAX_SPARE_MEMORIES = 8;




/** initialMemory as pages (rounded up), checked. */
function initialPages(bytes: number | undefined): number {
  if (bytes === undefined) return 0;
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError("wasi-os: initialMemory must be a non-negative number of bytes");
  return Math.min(MAX_PAGES, Math.ceil(bytes / PAGE));
}

/** The module with its data segments packed (host/data-packing.ts), or as it is if that does not compile. */
async function compilePacked(bytes: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Module> {
  const packed = packDataSegments(bytes);
  if (packed !== bytes) {
    try {
      return await WebAssembly.compile(packed);
    } catch {
      // code naming a data segment past the packed count: the module as it was
    }
  }
  return WebAssembly.compile(bytes);
}

/** Prepares `wasm` (bytes, or a compiled module when neither memoryLimit nor isolation is asked). */
export async function prepare(wasm: WebAssembly.Module | BufferSource, options: PrepareOptions = {}): Promise<PreparedHost> {
  const baseName = options.base ?? DEFAULT_BASE;
  const isolated = options.isolate === true || options.timeout !== undefined;
  const needBytes = isolated || options.memoryLimit !== undefined || options.initialMemory !== undefined;
  if (needBytes && wasm instanceof WebAssembly.Module) throw new TypeError("wasi-os: memoryLimit, initialMemory and isolation need the module's bytes, not a compiled module");
  initialPages(options.initialMemory); // a bad value fails here, not at the first run

  let plan: GuestMemoryPlan | undefined;
  let module: WebAssembly.Module;
  let isolatedModule: IsolatedModule | undefined;
  if (wasm instanceof WebAssembly.Module) module = wasm;
  else {
    // The guest's memory becomes the host's (host/guest-memory.ts): the limit, and memories
    // reused between runs. A module that imports its memory keeps it, unless a limit was asked.
    try {
      plan = planGuestMemory(bytesOf(wasm), options.memoryLimit === undefined ? MAX_PAGES : pagesOf(options.memoryLimit), false);
    } catch (e) {
      if (options.memoryLimit !== undefined || !(e instanceof MemoryLimitError)) throw e;
    }
    module = plan === undefined ? await WebAssembly.compile(wasm) : await compilePacked(plan.bytes);
  }
  checkAbi(module);
  const factory = await baseFactory(baseName);
  // Isolated runs need a shared memory: a second rewrite, compiled once too (only when asked).
  const isolatedOf = async (): Promise<IsolatedModule> => (isolatedModule ??= await prepareIsolated(wasm as BufferSource, options.memoryLimit));
  if (isolated) await isolatedOf();

  // The memory base's templates: built once, never handed to a guest.
  const templates =
    baseName === "memory"
      ? (options.preopens ?? []).map((p) => p.memoryFs ?? MemoryFileSystem.fromTree(p.tree ?? {}, new FsLimits({ maxBytes: Number.MAX_SAFE_INTEGER, maxInodes: Number.MAX_SAFE_INTEGER })))
      : undefined;
  const memoryLimits: MemoryLimits = options.memoryLimits ?? {};
  const preopensOfRun = (): readonly PreopenSpec[] => {
    if (templates === undefined) return options.preopens ?? [];
    const limits = new FsLimits(memoryLimits);
    return (options.preopens ?? []).map((p, i) => ({ guest: p.guest, memoryFs: cloneFileSystem(templates[i]!, limits) }));
  };
  const { memoryLimit: _m, timeout: defaultTimeout, isolate: _i, initialMemory: _s, ...common } = options;
  const hostOptions: WasiOsOptions = { ...common, base: baseName };

  // Memories of ended runs, zeroed, for the next runs: a fresh memory per run costs more (an
  // address-space reservation, page faults, and collections the engine runs to free it) than
  // zeroing one. Every run starts with exactly `startPages` (initialMemory; an imported memory
  // may be larger than the module's minimum), so only a memory that did not grow past it is
  // kept: runs do not depend on each other, and a run sees nothing an earlier one wrote.
  const startPages = plan === undefined ? 0 : Math.min(plan.maximum, Math.max(plan.initial, initialPages(options.initialMemory)));
  const memories: WebAssembly.Memory[] = [];
  const recycle = (memory: WebAssembly.Memory): void => {
    if (memory.buffer.byteLength !== startPages * PAGE || memories.length >= MAX_SPARE_MEMORIES) return;
    new Uint8Array(memory.buffer).fill(0);
    memories.push(memory);
  };

  return {
    async run(invoke: InvokeOptions = {}): Promise<PreparedResult> {
      const out: Uint8Array[] = [];
      const err: Uint8Array[] = [];
      const timeout = invoke.timeout ?? defaultTimeout;
      if (isolated || timeout !== undefined) {
        const { timeout: _t, ...io } = invoke;
        const given: WasiOsOptions = { ...common, ...io, base: baseName, preopens: preopensOfRun() };
        return runPrepared(await isolatedOf(), { ...given, ...(timeout === undefined ? {} : { timeout }) }, {});
      }
      const preopens = preopensOfRun();
      const runOptions = runOptionsOf(invoke, hostOptions, { stdout: (c) => void out.push(c.slice()), stderr: (c) => void err.push(c.slice()) }, preopens);
      // Nothing is awaited on the memory base until the guest has ended (setUpWith, instantiateNow).
      const made = setUpWith(factory, module, runOptions);
      const { adapter, base } = made instanceof Promise ? await made : made;
      const memory = plan === undefined ? undefined : (memories.pop() ?? createGuestMemory(plan, startPages));
      const imports = withMemory({ [PREVIEW1_MODULE]: adapter.wasiImport, [EXT_MODULE]: adapter.extImport }, memory);
      let exitCode: number;
      try {
        exitCode = adapter.start(instantiateNow(module, imports) ?? (await instantiate(module, imports)));
      } finally {
        if (memory !== undefined) recycle(memory);
      }
      const count = preopens.length;
      return lazyTrees({ exitCode, stdout: concat(out), stderr: concat(err), copyPaths: adapter.copyPaths }, () => Array.from({ length: count }, (_, i) => base.readTree(i)));
    },
  };
}
