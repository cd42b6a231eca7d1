// Caps for untrusted guests: total bytes stored (ENOSPC), the size of one file (EFBIG) and the
// number of inodes (ENOSPC), as tmpfs's size= and nr_inodes=.
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
  /** Largest size of one file; writes and truncates beyond it answer EFBIG. Default 2^44-4096 (ext4's s_maxbytes with 4 KiB blocks); sizes past it answer EFBIG, offsets past it EINVAL (lseek). */
  readonly maxFileSize?: number;
  /**
   * Whether symbolic links can be made (default true). False models a file system without
   * them (OPFS, FAT): symlink answers EPERM, as Linux's vfs_symlink does when the file system
   * has no symlink operation (fs/namei.c; after the EEXIST/ENOENT checks of the new name; the
   * oracle: tests/support/nosymlink-oracle.py on an mqueue mount).
   */
  readonly symlinks?: boolean;
  /**
   * Whether hard links can be made (default true). False, as on a file system without a link
   * operation (OPFS): link answers EPERM after the EEXIST/ENOENT checks (vfs_link; checked on
   * Linux's mqueue file system, tests/support/nosymlink-oracle.py). Renames still work.
   */
  readonly hardLinks?: boolean;
  /**
   * Inodes all preopens together may hold, as tmpfs's `nr_inodes`: each preopen's root counts
   * one and every directory entry one more (a hard link too, as tmpfs counts it); creating a
   * file, directory, symlink or hard link beyond it answers ENOSPC. Default 65,536. Why: each
   * empty file costs about 1 KiB of host memory that `maxBytes` does not see.
   */
  readonly maxInodes?: number;
}

export const DEFAULT_MAX_BYTES = 1 << 30;
export const DEFAULT_MAX_FILE_SIZE = Number(MAX_FILE_SIZE);
export const DEFAULT_MAX_INODES = 65536;

export class FsLimits {
  readonly maxBytes: number;
  readonly maxFileSize: number;
  readonly symlinks: boolean;
  readonly hardLinks: boolean;
  readonly maxInodes: number;
  /** Bytes currently held by blocks. */
  used = 0;
  /** Inodes in use: roots and directory entries (host-made ones too; only guests are refused). */
  inodes = 0;

  constructor(limits: MemoryLimits = {}) {
    this.maxBytes = checked(limits.maxBytes, DEFAULT_MAX_BYTES, "maxBytes");
    this.maxFileSize = Math.min(checked(limits.maxFileSize, DEFAULT_MAX_FILE_SIZE, "maxFileSize"), DEFAULT_MAX_FILE_SIZE);
    this.symlinks = limits.symlinks ?? true;
    this.hardLinks = limits.hardLinks ?? true;
    this.maxInodes = checked(limits.maxInodes, DEFAULT_MAX_INODES, "maxInodes");
  }

  /** Whether one more inode fits (checked before a guest creates an entry). */
  inodeAvailable(): boolean {
    return this.inodes < this.maxInodes;
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
export const DETACHED_LIMITS = new FsLimits({ maxBytes: Number.MAX_SAFE_INTEGER, maxInodes: Number.MAX_SAFE_INTEGER });
