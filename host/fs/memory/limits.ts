// Caps for untrusted guests: total bytes stored (ENOSPC) and the size of one file (EFBIG).
//
// One `FsLimits` is shared by every inode of a file system (and, in the `memory` base, by all
// preopens of one instance), like a tmpfs mounted with `size=`. What is counted is the memory
// really held: file blocks, each counted once however many files share it (a reflink costs
// nothing), holes cost nothing. Unlinked files give their bytes back when their last open
// description closes, as on Linux.
import { MAX_FILE_SIZE } from "./rights.ts";

/** Options of {@link MemoryFileSystem} and `WasiOsOptions.memoryLimits`. */
export interface MemoryLimits {
  /** Bytes of file data all files together may hold; beyond it writes answer ENOSPC. Default 1 GiB. */
  readonly maxBytes?: number;
  /** Largest size of one file; writes and truncates beyond it answer EFBIG. Default 4 GiB (V8's typed array limit). */
  readonly maxFileSize?: number;
  /**
   * Whether symbolic links can be made (default true). False models a file system without
   * them (OPFS, FAT): symlink answers EPERM, as Linux's vfs_symlink does when the file system
   * has no symlink operation (fs/namei.c; after the EEXIST/ENOENT checks of the new name; the
   * oracle: tests/support/nosymlink-oracle.py on an mqueue mount).
   */
  readonly symlinks?: boolean;
}

export const DEFAULT_MAX_BYTES = 1 << 30;
export const DEFAULT_MAX_FILE_SIZE = Number(MAX_FILE_SIZE);

export class FsLimits {
  readonly maxBytes: number;
  readonly maxFileSize: number;
  readonly symlinks: boolean;
  /** Bytes currently held by blocks. */
  used = 0;

  constructor(limits: MemoryLimits = {}) {
    this.maxBytes = checked(limits.maxBytes, DEFAULT_MAX_BYTES, "maxBytes");
    this.maxFileSize = Math.min(checked(limits.maxFileSize, DEFAULT_MAX_FILE_SIZE, "maxFileSize"), DEFAULT_MAX_FILE_SIZE);
    this.symlinks = limits.symlinks ?? true;
  }

  /** Reserve `n` bytes; false (nothing reserved) when that would pass the cap. */
  charge(n: number): boolean {
    if (this.used + n > this.maxBytes) return false;
    this.used += n;
    return true;
  }

  release(n: number): void {
    this.used -= n;
  }
}

function checked(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`wasi-os: memoryLimits.${name} must be a non-negative integer`);
  return v;
}

/** For inodes made outside a file system (tests, hosts): no byte cap, the default size cap. */
export const DETACHED_LIMITS = new FsLimits({ maxBytes: Number.MAX_SAFE_INTEGER });
