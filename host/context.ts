/**
 * What the extension functions (host/ext/*) and the own-description dispatch get from the
 * adapter: the fd table, the base, guest memory access and a few shared operations.
 */
import type { Base } from "./bases/types.ts";
import type { FdTable, OpenDescription } from "./fdtable.ts";

/** Which way each fd_copy_range went; tests and the report hold the adapter to it. */
export interface CopyPaths {
  /** Host-side copies that never passed bytes through guest memory. */
  native: number;
  /** Read/write loops through the scratch memory the guest lent. */
  fallback: number;
  /** The path of the most recent successful call. */
  last: "native" | "fallback" | undefined;
}

export interface Context {
  readonly table: FdTable;
  readonly base: Base;
  readonly copyPaths: CopyPaths;
  bytes(): Uint8Array;
  view(): DataView;
  /** True when [ptr, ptr+len) lies inside guest memory. */
  inBounds(ptr: number, len: number): boolean;
  /** Calls a base preview1 function with base fds; a throw becomes an errno. */
  callBase(name: string, ...args: (number | bigint)[]): number;
  /**
   * Where a call would block: waits and retries in async mode, else answers `otherwise()`
   * (host/adapter.ts explains).
   */
  block(until: () => Promise<void> | undefined, retry: () => number | Promise<number>, otherwise: () => number): number | Promise<number>;
  /** Closes what a description refers to, once its last guest fd is gone. */
  closeDescription(desc: OpenDescription): number;
}
