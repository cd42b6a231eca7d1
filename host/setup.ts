/**
 * Setting up one guest: the ABI check, the base (loaded on first use) and the adapter in front
 * of it. Shared by `WasiOs.create` (host/index.ts) and `spawn` (host/process.ts).
 */
import { Adapter, type AdapterOptions, type ImportPlan } from "./adapter.ts";
import type { Base, BaseOptions, PreopenSpec, StdioSpec } from "./bases/types.ts";
import { BASES, DEFAULT_BASE, isBaseName, type BaseName } from "../src/bases.ts";
import { EXT_BY_NAME, EXT_MODULE, EXT_MODULE_PATTERN } from "../src/abi/ext.ts";
import { PREVIEW1_MODULE } from "../src/abi/preview1.ts";
import type { MemoryLimits } from "./fs/memory/limits.ts";
import type { OwnFile } from "./own/types.ts";

/** Thrown before instantiation when a guest needs an extension ABI this host does not offer. */
export class AbiVersionError extends Error {}

// Modules already checked: runCommand with one compiled module checks it once, not per run.
const abiOk = new WeakSet<WebAssembly.Module>();

/**
 * Refuses, with a message naming both versions, a guest built for another extension ABI
 * (instead of the bare LinkError instantiation would give).
 */
export function checkAbi(module: WebAssembly.Module): void {
  if (abiOk.has(module)) return;
  for (const imp of WebAssembly.Module.imports(module)) {
    const m = EXT_MODULE_PATTERN.exec(imp.module);
    if (m === null) continue;
    if (imp.module !== EXT_MODULE) {
      throw new AbiVersionError(`wasi-os: the guest needs extension ABI ${imp.module}, this host offers ${EXT_MODULE}`);
    }
    if (!EXT_BY_NAME.has(imp.name)) {
      throw new AbiVersionError(
        `wasi-os: the guest imports ${imp.module}.${imp.name}, which this host's ${EXT_MODULE} does not have (built for a newer wasi-os?)`,
      );
    }
  }
  abiOk.add(module);
}

// One plan per compiled module: Module.imports builds a fresh array of objects on every call.
const plans = new WeakMap<WebAssembly.Module, ImportPlan>();

/** The functions `module` imports from preview1 and the extension namespace (computed once per module). */
export function importPlan(module: WebAssembly.Module): ImportPlan {
  let plan = plans.get(module);
  if (plan === undefined) {
    const preview1 = new Set<string>();
    const ext = new Set<string>();
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.kind !== "function") continue;
      if (imp.module === PREVIEW1_MODULE) preview1.add(imp.name);
      else if (imp.module === EXT_MODULE) ext.add(imp.name);
    }
    plan = { preview1, ext };
    plans.set(module, plan);
  }
  return plan;
}

export interface WasiOsOptions extends StdioSpec {
  /** Which base host to run on (default `memory`). */
  readonly base?: BaseName;
  /** argv, including argv[0]. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Preopened directories; guest fds 3, 4, ... in this order. */
  readonly preopens?: readonly PreopenSpec[];
  /** Guest fd limit (default 1024): opens beyond it give EMFILE. */
  readonly fdLimit?: number;
  /**
   * Caps of the `memory` base, shared by all its preopens (host/fs/memory/limits.ts): bytes of
   * file data held (default 1 GiB; beyond: ENOSPC) and the size of one file (default 4 GiB;
   * beyond: EFBIG). Other bases ignore it.
   */
  readonly memoryLimits?: MemoryLimits;
}

// Loaded on first use: a browser never loads node:wasi, and wasmer's own wasm loads only when asked for.
/** Makes a base for one guest. */
export type BaseFactory = (o: BaseOptions) => Promise<Base> | Base;

const LOADERS: Record<BaseName, () => Promise<BaseFactory>> = {
  memory: async () => (await import("./bases/memory.ts")).createMemoryBase,
  node: async () => (await import("./bases/node.ts")).createNodeBase,
  "node-wasi": async () => (await import("./bases/node-wasi.ts")).createNodeWasiBase,
  wasmer: async () => (await import("./bases/wasmer.ts")).createWasmerBase,
};
// Each base's factory, once loaded. Why: a dynamic import() of a loaded module still costs a
// resolution per call (hundreds of µs under a loader such as tsx), more than a small run.
const loaded = new Map<BaseName, BaseFactory>();

/** The factory of a base, loading its module on first use. */
export async function baseFactory(name: BaseName): Promise<BaseFactory> {
  let f = loaded.get(name);
  if (f === undefined) {
    f = await LOADERS[name]();
    loaded.set(name, f);
  }
  return f;
}

/** What `spawn` adds to the options: its own stdio objects, and async mode. */
export interface SetUpExtra {
  readonly stdioFiles?: readonly [OwnFile | undefined, OwnFile | undefined, OwnFile | undefined];
  /** Async mode: the base may do I/O off the event loop; these imports (plus the base's) may suspend. */
  readonly suspending?: ReadonlySet<string>;
  /**
   * Build every import, not only those `module` has (`WasiOs`, whose imports a host may hand to
   * another module).
   */
  readonly allImports?: boolean;
}

export interface SetUp {
  readonly adapter: Adapter;
  readonly base: Base;
  readonly baseName: BaseName;
}

/** Builds the base and the adapter for `module` (some bases derive imports from it). */
export async function setUp(module: WebAssembly.Module, options: WasiOsOptions, extra: SetUpExtra = {}): Promise<SetUp> {
  checkAbi(module); // before the base's name: a guest for another ABI is told so first
  const baseName = options.base ?? DEFAULT_BASE;
  if (!isBaseName(baseName)) throw new TypeError(`wasi-os: unknown base "${String(baseName)}" (one of ${BASES.join(", ")})`);
  return setUpWith(loaded.get(baseName) ?? (await baseFactory(baseName)), module, options, extra);
}

/**
 * setUp with the base's factory in hand (baseFactory): synchronous when the factory is (the
 * memory base's). Why: each await before a guest runs cost more than building its adapter
 * (a prepared host's run awaits nothing before its guest has ended).
 */
export function setUpWith(factory: BaseFactory, module: WebAssembly.Module, options: WasiOsOptions, extra: SetUpExtra = {}): SetUp | Promise<SetUp> {
  checkAbi(module); // once per module: later calls find it checked
  const preopens = options.preopens ?? [];
  const async = extra.suspending !== undefined;
  // What the bases read, field by field: spreading the caller's options here was half of a setUp.
  const baseOptions: Mutable<BaseOptions & { memoryLimits?: MemoryLimits }> = { module, preopens, async };
  if (options.memoryLimits !== undefined) baseOptions.memoryLimits = options.memoryLimits;
  const made = factory(baseOptions);
  return made instanceof Promise ? made.then((base) => withAdapter(base, module, options, extra)) : withAdapter(made, module, options, extra);
}

function withAdapter(base: Base, module: WebAssembly.Module, options: WasiOsOptions, extra: SetUpExtra): SetUp {
  const baseName = options.base ?? DEFAULT_BASE;
  const suspending = extra.suspending !== undefined ? new Set([...extra.suspending, ...(base.suspending ?? [])]) : undefined;
  // Fields set one by one, not spread: this runs per invocation (exactOptionalPropertyTypes
  // wants absent fields absent, not undefined).
  const o: Mutable<AdapterOptions> = {
    baseName,
    args: options.args ?? [],
    env: options.env === undefined ? [] : Object.entries(options.env).map(([k, v]) => `${k}=${v}`),
    preopenNames: (options.preopens ?? []).map((p) => p.guest),
  };
  if (options.stdin !== undefined) o.stdin = options.stdin;
  if (options.stdout !== undefined) o.stdout = options.stdout;
  if (options.stderr !== undefined) o.stderr = options.stderr;
  if (options.tty !== undefined) o.tty = options.tty;
  if (options.fdLimit !== undefined) o.fdLimit = options.fdLimit;
  if (extra.stdioFiles !== undefined) o.stdioFiles = extra.stdioFiles;
  if (suspending !== undefined) o.suspending = suspending;
  if (extra.allImports !== true) o.plan = importPlan(module);
  return { adapter: new Adapter(base, o), base, baseName };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The WasiOsOptions of one run: the fields of `o` (a caller's object may carry more), else of
 * `host` (a prepared host's own), with `stdout`/`stderr` where neither has them and `preopens`
 * in place of theirs. Field by field, not spread: this runs per invocation, and spreads were a
 * tenth of a small guest's run.
 */
export function runOptionsOf(
  o: WasiOsOptions,
  host: WasiOsOptions,
  sinks: { stdout: (chunk: Uint8Array) => void; stderr: (chunk: Uint8Array) => void },
  preopens: readonly PreopenSpec[],
): WasiOsOptions {
  const r: Mutable<WasiOsOptions> = { preopens, stdout: o.stdout ?? host.stdout ?? sinks.stdout, stderr: o.stderr ?? host.stderr ?? sinks.stderr };
  const base = o.base ?? host.base;
  const args = o.args ?? host.args;
  const env = o.env ?? host.env;
  const stdin = o.stdin ?? host.stdin;
  const tty = o.tty ?? host.tty;
  const fdLimit = o.fdLimit ?? host.fdLimit;
  const memoryLimits = o.memoryLimits ?? host.memoryLimits;
  if (base !== undefined) r.base = base;
  if (args !== undefined) r.args = args;
  if (env !== undefined) r.env = env;
  if (stdin !== undefined) r.stdin = stdin;
  if (tty !== undefined) r.tty = tty;
  if (fdLimit !== undefined) r.fdLimit = fdLimit;
  if (memoryLimits !== undefined) r.memoryLimits = memoryLimits;
  return r;
}

/** The factory of a base already loaded (baseFactory loads it). */
export function loadedFactory(name: BaseName): BaseFactory | undefined {
  return loaded.get(name);
}
