/**
 * Open descriptions the adapter owns itself, on every base: stdio streams and pipes.
 * The base never sees them; host/own/dispatch.ts answers the preview1 calls made on them.
 */
import { Errno } from "../../src/errno.ts";

/**
 * A transfer method's answer "this would block" (negated, like errnos): never a WASI errno
 * (those are 0..76), never seen by a guest. The adapter's `block()` turns it into a wait
 * (async mode) or EDEADLK (sync mode, or nothing outside the guest can make it ready).
 */
export const BLOCKED = 0x10000;

/** preview1 filetypes used here. */
export const FILETYPE = { UNKNOWN: 0, CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4 } as const;
/** preview1 fdflags. */
export const FDFLAGS = { APPEND: 1, DSYNC: 2, NONBLOCK: 4, RSYNC: 8, SYNC: 16 } as const;
/** preview1 rights bits used here. */
export const RIGHTS = {
  FD_DATASYNC: 1n << 0n,
  FD_READ: 1n << 1n,
  FD_SEEK: 1n << 2n,
  FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_SYNC: 1n << 4n,
  FD_TELL: 1n << 5n,
  FD_WRITE: 1n << 6n,
  FD_ADVISE: 1n << 7n,
  FD_ALLOCATE: 1n << 8n,
  FD_READDIR: 1n << 14n,
  FD_FILESTAT_GET: 1n << 21n,
  FD_FILESTAT_SET_SIZE: 1n << 22n,
  FD_FILESTAT_SET_TIMES: 1n << 23n,
  POLL_FD_READWRITE: 1n << 27n,
} as const;

export const S_IFIFO = 0o010000;
export const S_IFCHR = 0o020000;

/** What fd_filestat_get reports. */
export interface Filestat {
  dev: bigint;
  ino: bigint;
  filetype: number;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

/** Writes a preview1 filestat (64 bytes) at `ptr`. */
export function writeFilestat(view: DataView, ptr: number, s: Filestat): void {
  view.setBigUint64(ptr, s.dev, true);
  view.setBigUint64(ptr + 8, s.ino, true);
  view.setUint8(ptr + 16, s.filetype);
  view.setBigUint64(ptr + 24, s.nlink, true);
  view.setBigUint64(ptr + 32, s.size, true);
  view.setBigUint64(ptr + 40, s.atim, true);
  view.setBigUint64(ptr + 48, s.mtim, true);
  view.setBigUint64(ptr + 56, s.ctim, true);
}

/** Device number shared by every adapter-owned object (like Linux's pipefs). */
export const OWN_DEV = 0x7761_7369n; // "wasi"
let nextIno = 1n;
export const issueIno = (): bigint => nextIno++;

/**
 * An adapter-owned open description. Transfer methods return the byte count (>= 0) or a
 * negated WASI errno; the dispatcher turns an error after partial progress into a short count,
 * as Linux does.
 */
/** What an inode of an own object holds: its number, permission bits and creation time. */
export interface OwnNode {
  readonly ino: bigint;
  permissions: number;
  readonly created: bigint;
}

export const newOwnNode = (permissions = 0o600): OwnNode => ({ ino: issueIno(), permissions, created: BigInt(Date.now()) * 1_000_000n });

export abstract class OwnFile {
  abstract readonly filetype: number;
  /** Rights as fd_fdstat_get reports them. */
  abstract readonly rights: bigint;
  fdflags = 0;
  /** The inode behind this object; both ends of a pipe share one, as on Linux. */
  readonly node: OwnNode;

  constructor(node: OwnNode = newOwnNode()) {
    this.node = node;
  }

  /** Permission bits, stored by fd_chmod (guests act as root: never enforced). */
  get permissions(): number {
    return this.node.permissions;
  }
  set permissions(mode: number) {
    this.node.permissions = mode;
  }
  get ino(): bigint {
    return this.node.ino;
  }
  get created(): bigint {
    return this.node.created;
  }

  /** The type bits of st_mode. */
  abstract readonly typeBits: number;

  read(_dst: Uint8Array): number {
    return -Errno.EBADF;
  }
  write(_src: Uint8Array): number {
    return -Errno.EBADF;
  }
  /** True when a read would not block (data, or end of file). */
  readable(): boolean {
    return false;
  }
  /** True when a write would not block. */
  writable(): boolean {
    return false;
  }
  /**
   * Resolves when the object may have become readable/writable because of something outside
   * the guest (another process, the host); undefined when nothing outside can change it, so a
   * wait would never end.
   */
  changed(): Promise<void> | undefined {
    return undefined;
  }
  /** The last alias of this description was closed. */
  close(): void {}

  filestat(): Filestat {
    return {
      dev: OWN_DEV,
      ino: this.ino,
      filetype: this.filetype,
      nlink: 1n,
      size: 0n,
      atim: this.created,
      mtim: this.created,
      ctim: this.created,
    };
  }

  get nonblocking(): boolean {
    return (this.fdflags & FDFLAGS.NONBLOCK) !== 0;
  }
}
