/** What every base host gives the adapter. */

/** A preview1 import as JavaScript sees it: i32 as number, i64 as bigint. */
export type WasiFunction = (...args: (number | bigint)[]) => number | void;

/** The import functions of `wasi_snapshot_preview1`, by name. */
export type WasiImports = Record<string, WasiFunction>;

/** A file system tree: a file is its bytes, a directory an object of entries. */
export interface FsTree {
  [name: string]: Uint8Array | FsTree;
}

/** A preopened directory: seeded from a tree (memory, wasmer) or a real host directory (node-wasi). */
export interface PreopenSpec {
  /** The name the guest sees (`fd_prestat_dir_name`), e.g. "/" or "/data". */
  readonly guest: string;
  /** Initial contents, for bases with their own file system. */
  readonly tree?: FsTree;
  /** A host directory, for bases on the real disk. */
  readonly host?: string;
}

/** Where guest stdio goes. */
export interface StdioSpec {
  readonly stdin?: Uint8Array;
  /** Receives every chunk the guest writes to fd 1; absent: the host process's stdout. */
  readonly stdout?: (chunk: Uint8Array) => void;
  readonly stderr?: (chunk: Uint8Array) => void;
}

export interface BaseOptions extends StdioSpec {
  /** The guest module (some bases build their imports from its import list). */
  readonly module: WebAssembly.Module;
  readonly preopens: readonly PreopenSpec[];
}

/** A base host, ready to be wrapped by the adapter. */
export interface Base {
  readonly name: string;
  /** The base's own preview1 functions. */
  readonly imports: WasiImports;
  /** Base fds for guest fds 0, 1, 2. */
  readonly stdioFds: readonly [number, number, number];
  /** Base fd of each requested preopen, in the order given. */
  readonly preopenFds: readonly number[];
  /** Gives the base the instance (its memory) before any call. */
  bind(instance: WebAssembly.Instance): void;
  /** Called once after the guest finished: flush captured output, release host resources. */
  finish(): void;
  /** The current contents of a preopen, for tests and tools. */
  readTree(preopenIndex: number): FsTree;
}
