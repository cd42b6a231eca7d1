/**
 * The adapter's virtual fd table: guest fd -> open description.
 *
 * Bases disagree on fd numbering (browser_wasi_shim never reuses a slot, @wasmer/wasi puts a
 * virtual root at 3), so the guest never sees a base fd. Guest fds are allocated lowest-free,
 * as POSIX requires, and an open description is shared (refcounted) so that dup'd fds share
 * one base fd and its offset; the base fd is closed only when its last alias goes.
 */
import type { OwnFile } from "./own/types.ts";

/** One open file description, shared by every guest fd that aliases it. */
export interface OpenDescription {
  /** The fd number in the base's own table; -1 for an adapter-owned description. */
  readonly baseFd: number;
  /** Set for descriptions the adapter owns (stdio, pipes): the base never sees them. */
  readonly own?: OwnFile | undefined;
  /** How many guest fds refer to this description. */
  refs: number;
  /** The guest-visible preopen name, when this description is a preopened directory. */
  readonly preopen?: string | undefined;
}

/** A guest fd's slot: its description and the per-fd inheritable flag (close-on-exec's inverse). */
export interface FdEntry {
  readonly desc: OpenDescription;
  inheritable: boolean;
}

/** Default for {@link FdTable.limit}: the soft RLIMIT_NOFILE most Linux systems ship. */
export const DEFAULT_FD_LIMIT = 1024;

export class FdTable {
  private readonly slots: (FdEntry | undefined)[] = [];

  /** @param limit guest fds are 0 .. limit-1; beyond that opens give EMFILE, as Linux does at RLIMIT_NOFILE. */
  constructor(readonly limit: number = DEFAULT_FD_LIMIT) {}

  get(fd: number): FdEntry | undefined {
    return fd >= 0 ? this.slots[fd] : undefined;
  }

  /** The lowest free guest fd, or -1 when the table is full. */
  lowestFree(): number {
    for (let fd = 0; fd < this.limit; fd++) if (this.slots[fd] === undefined) return fd;
    return -1;
  }

  /** Puts a new description at the lowest free fd; -1 when the table is full. */
  open(desc: Omit<OpenDescription, "refs">, inheritable = false): number {
    const fd = this.lowestFree();
    // One shape for every description, not a spread: a spread of mixed shapes was a quarter
    // of building an adapter.
    if (fd >= 0) this.slots[fd] = { desc: { baseFd: desc.baseFd, own: desc.own, refs: 1, preopen: desc.preopen }, inheritable };
    return fd;
  }

  /** Makes the free slot `fd` refer to `desc` too (dup). */
  alias(fd: number, desc: OpenDescription, inheritable: boolean): void {
    desc.refs++;
    this.slots[fd] = { desc, inheritable };
  }

  /**
   * Frees a guest fd. Returns its description if this was the last alias (the caller then
   * closes what is behind it), undefined otherwise.
   */
  release(fd: number): OpenDescription | undefined {
    const entry = this.get(fd);
    if (entry === undefined) return undefined;
    this.slots[fd] = undefined;
    while (this.slots.length > 0 && this.slots[this.slots.length - 1] === undefined) this.slots.pop();
    entry.desc.refs--;
    return entry.desc.refs === 0 ? entry.desc : undefined;
  }

  /** Moves the entry at `from` to the free slot `to`. */
  move(from: number, to: number): void {
    const entry = this.slots[from];
    if (entry === undefined) return;
    this.slots[from] = undefined;
    this.slots[to] = entry;
  }

  /** Every open guest fd, ascending. */
  fds(): number[] {
    const out: number[] = [];
    this.slots.forEach((e, fd) => e !== undefined && out.push(fd));
    return out;
  }
}
