/** What every base host gives the adapter. */
import type { MemoryFileSystem } from "../fs/memory/index.ts";

/** A preview1 import as JavaScript sees it: i32 as number, i64 as bigint. */
export type WasiFunction = (...args: (number | bigint)[]) => number | void | Promise<number>;

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
  /**
   * For the `memory` base: an existing file system to preopen (shared across runs, e.g. a
   * terminal's), instead of a new one seeded from `tree`.
   */
  readonly memoryFs?: MemoryFileSystem;
  /** Refuse every change below this preopen (wasmtime's read-only `--dir`); bases that cannot enforce it refuse the option. */
  readonly readOnly?: boolean;
}

/** Fills `dst` with input; returns the byte count, 0 at end of input. */
export type StdinReader = (dst: Uint8Array) => number;

/** Where guest stdio goes. */
export interface StdioSpec {
  /**
   * fd 0: fixed bytes, or a reader called on each guest read that fills `dst` and returns the
   * count (0 at end of input) — e.g. a synchronous read of the host's own stdin.
   */
  readonly stdin?: Uint8Array | StdinReader;
  /** Receives every chunk the guest writes to fd 1; absent: the host process's stdout. */
  readonly stdout?: (chunk: Uint8Array) => void;
  readonly stderr?: (chunk: Uint8Array) => void;
  /** Make fds 0-2 terminal-like (character devices without seek/tell: isatty() is true). */
  readonly tty?: boolean;
}

export interface BaseOptions {
  /** The guest module (some bases build their imports from its import list). */
  readonly module: WebAssembly.Module;
  readonly preopens: readonly PreopenSpec[];
  /** The guest runs under JSPI (host/process.ts): the base may answer its `suspending` imports with promises. */
  readonly async?: boolean;
}

/**
 * A file behind a base fd, reached directly (bases whose fd table is reachable). The extension
 * functions use it for host-side copies, chmod and st_mode; bytes never pass through the guest.
 */
export interface ReachableFile {
  readonly kind: "file" | "directory" | "other";
  readonly readable: boolean;
  readonly writable: boolean;
  readonly append: boolean;
  readonly size: bigint;
  /** st_dev and st_ino: different devs are different file systems (EXDEV). */
  readonly dev: bigint;
  readonly ino: bigint;
  /** The description's own position (fd_tell). */
  position: bigint;
  /** The full st_mode (type and permission bits). */
  readonly mode: number;
  chmod(mode: number): number;
  /** The file system's largest file size (s_maxbytes), when it differs from the base's `maxFileSize`. */
  readonly maxSize?: bigint;
  /**
   * SEEK_DATA (`hole` false) / SEEK_HOLE from `offset` (0 <= offset < size), for file systems
   * that know their holes: the offset found, or -1n (ENXIO). Absent: the whole file is data.
   */
  seekData?(offset: bigint, hole: boolean): bigint;
  /**
   * Copies `count` bytes (already clamped to what `from` has) from `from` at `posIn` to this
   * file at `posOut`, host-side; returns an errno (in async mode, possibly a promise of one).
   */
  copyFrom(from: ReachableFile, posIn: bigint, posOut: bigint, count: bigint): number | Promise<number>;
}

/** A base host, ready to be wrapped by the adapter. */
export interface Base {
  readonly name: string;
  /** The base's own preview1 functions. */
  readonly imports: WasiImports;
  /**
   * Async mode only (BaseOptions.async): the imports whose base function may return a
   * `Promise<number>` (disk I/O off the event loop). The adapter makes exactly these suspend.
   */
  readonly suspending?: readonly string[];
  /** The largest file size the base's file system allows (EFBIG beyond). */
  readonly maxFileSize: bigint;
  /** The file behind a base fd, where the base's objects are reachable; undefined when opaque. */
  reach?(baseFd: number): ReachableFile | undefined;
  /**
   * Rights the guest dropped from a base fd with fd_fdstat_set_rights (bases whose descriptions
   * are reachable); the adapter refuses calls needing them with ENOTCAPABLE (host/needed-rights.ts).
   */
  droppedRights?(baseFd: number): bigint;
  /** Base fd of each requested preopen, in the order given. */
  readonly preopenFds: readonly number[];
  /** Gives the base the instance (its memory) before any call. */
  bind(instance: WebAssembly.Instance): void;
  /** Called once after the guest finished: flush captured output, release host resources. */
  finish(): void;
  /** The current contents of a preopen, for tests and tools. */
  readTree(preopenIndex: number): FsTree;
}
