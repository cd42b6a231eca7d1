/**
 * The adapter's virtual fd table: guest fd -> open description.
 *
 * Bases disagree on fd numbering (browser_wasi_shim never reuses a slot, @wasmer/wasi puts a
 * virtual root at 3), so the guest never sees a base fd. Guest fds are allocated lowest-free,
 * as POSIX requires, and an open description is shared (refcounted) so that dup'd fds share
 * one base fd and its offset; the base fd is closed only when its last alias goes.
 */

/** One open file description: a base fd, shared by every guest fd that aliases it. */
export interface OpenDescription {
  /** The fd number in the base's own table. */
  readonly baseFd: number;
  /** How many guest fds refer to this description. */
  refs: number;
  /** The guest-visible preopen name, when this description is a preopened directory. */
  readonly preopen?: string;
}

/** A guest fd's slot. */
export interface FdEntry {
  readonly desc: OpenDescription;
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

  /** The lowest free guest fd >= `from`, or -1 when the table is full. */
  lowestFree(from = 0): number {
    for (let fd = Math.max(0, from); fd < this.limit; fd++) if (this.slots[fd] === undefined) return fd;
    return -1;
  }

  /** Puts a new description at the lowest free fd; -1 when the table is full. */
  open(baseFd: number, preopen?: string): number {
    const fd = this.lowestFree();
    if (fd >= 0) this.slots[fd] = { desc: preopen === undefined ? { baseFd, refs: 1 } : { baseFd, refs: 1, preopen } };
    return fd;
  }

  /** Makes `fd` refer to `desc` too (dup); the caller has checked `fd` is free. */
  alias(fd: number, desc: OpenDescription): void {
    desc.refs++;
    this.slots[fd] = { desc };
  }

  /**
   * Frees a guest fd. Returns its description if this was the last alias (the caller then
   * closes the base fd), undefined otherwise.
   */
  release(fd: number): OpenDescription | undefined {
    const entry = this.slots[fd];
    if (entry === undefined) return undefined;
    this.slots[fd] = undefined;
    while (this.slots.length > 0 && this.slots[this.slots.length - 1] === undefined) this.slots.pop();
    entry.desc.refs--;
    return entry.desc.refs === 0 ? entry.desc : undefined;
  }

  /** Moves the entry at `from` to `to` (the caller has released `to`). */
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
