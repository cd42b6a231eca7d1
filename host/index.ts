/**
 * wasi-os host library: run WASI preview1 guests on a chosen base host, behind one adapter.
 *
 * ```ts
 * import { runCommand } from "wasi-os";
 * const { exitCode, stdout } = await runCommand(wasmBytes, { args: ["prog"], preopens: [{ guest: "/", tree: {} }] });
 * ```
 */
import { Adapter, ProcExit } from "./adapter.ts";
import type { Base, BaseOptions, FsTree, PreopenSpec, StdioSpec, WasiImports } from "./bases/types.ts";
import { BASES, DEFAULT_BASE, isBaseName, type BaseName } from "../src/bases.ts";
import { PREVIEW1_MODULE } from "../src/abi/preview1.ts";
import { EXT_BY_NAME, EXT_MODULE, EXT_MODULE_PATTERN } from "../src/abi/ext.ts";
import type { CopyPaths } from "./context.ts";
import type { MemoryLimits } from "./fs/memory/limits.ts";

export { BASES, DEFAULT_BASE, isBaseName, ProcExit };
export type { BaseName, CopyPaths, FsTree, MemoryLimits, PreopenSpec, StdioSpec, WasiImports };

/** Thrown before instantiation when a guest needs an extension ABI this host does not offer. */
export class AbiVersionError extends Error {}

/**
 * Refuses, with a message naming both versions, a guest built for another extension ABI
 * (instead of the bare LinkError instantiation would give).
 */
export function checkAbi(module: WebAssembly.Module): void {
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
const FACTORIES: Record<BaseName, (o: BaseOptions) => Promise<Base>> = {
  memory: async (o) => (await import("./bases/memory.ts")).createMemoryBase(o),
  node: async (o) => (await import("./bases/node.ts")).createNodeBase(o),
  "node-wasi": async (o) => (await import("./bases/node-wasi.ts")).createNodeWasiBase(o),
  wasmer: async (o) => (await import("./bases/wasmer.ts")).createWasmerBase(o),
};

/** The stdio fields of the options, without undefined values (exactOptionalPropertyTypes-safe). */
function stdio(o: StdioSpec): StdioSpec {
  return Object.fromEntries(
    Object.entries({ stdin: o.stdin, stdout: o.stdout, stderr: o.stderr, tty: o.tty }).filter(([, v]) => v !== undefined),
  ) as StdioSpec;
}

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
    checkAbi(module);
    const baseName = options.base ?? DEFAULT_BASE;
    if (!isBaseName(baseName)) throw new TypeError(`wasi-os: unknown base "${String(baseName)}" (one of ${BASES.join(", ")})`);
    const preopens = options.preopens ?? [];
    const base = await FACTORIES[baseName]({ ...options, module, preopens });
    const adapter = new Adapter(base, {
      ...stdio(options),
      baseName,
      args: options.args ?? [],
      env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
      preopenNames: preopens.map((p) => p.guest),
      ...(options.fdLimit === undefined ? {} : { fdLimit: options.fdLimit }),
    });
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

export interface RunResult {
  readonly exitCode: number;
  /** Everything the guest wrote to fd 1 / fd 2 (empty when a stdout/stderr callback was given). */
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  /** The preopens' contents after the run, in order. */
  readonly trees: FsTree[];
  /** Which path each fd_copy_range of the run took. */
  readonly copyPaths: Readonly<CopyPaths>;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Instantiates and runs a command on a base, collecting its output. */
export async function runCommand(wasm: WebAssembly.Module | BufferSource, options: WasiOsOptions = {}): Promise<RunResult> {
  const module = await toModule(wasm);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const wasi = await WasiOs.create(module, {
    ...options,
    stdout: options.stdout ?? ((c) => void out.push(c.slice())),
    stderr: options.stderr ?? ((c) => void err.push(c.slice())),
  });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const exitCode = wasi.start(instance);
  const trees = (options.preopens ?? []).map((_, i) => wasi.readTree(i));
  return { exitCode, stdout: concat(out), stderr: concat(err), trees, copyPaths: wasi.copyPaths };
}
