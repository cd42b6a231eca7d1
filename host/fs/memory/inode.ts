// Inodes of the memory file system: what exists independently of any open description.
//
// Each inode has a unique `ino` (issued by the shim's Inode counter), a POSIX mode (stored and
// reported, not enforced: the guest acts as root, see DESIGN.md), a link count and
// nanosecond atim/mtim/ctim. Times follow Linux: data changes touch mtim+ctim, metadata
// changes (chmod, link, unlink, rename) touch ctim, directory entry changes touch the
// directory's mtim+ctim.
import { Inode, wasi } from "@bjorn3/browser_wasi_shim";
import type { Fd } from "@bjorn3/browser_wasi_shim";
import { MemFilestat, nowNs } from "./filestat.ts";
import { FileStorage } from "./file-storage.ts";
import { DETACHED_LIMITS, type FsLimits } from "./limits.ts";
import { OpenMemFile } from "./open-file.ts";
import { OpenMemDirectory } from "./open-directory.ts";
import { RIGHTS_ALL } from "./rights.ts";

export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
export const S_IFLNK = 0o120000;
export const DEFAULT_FILE_MODE = 0o644;
export const DEFAULT_DIR_MODE = 0o755;

/** Reported st_size of a directory: what ext4 reports for a small directory. */
const DIRECTORY_SIZE = 4096n;

export abstract class MemInode extends Inode {
  /** Permission bits (0o7777); the file type bits come from the class. */
  protected permissions: number;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
  /**
   * The file system this inode lives on (st_dev), inherited from the directory it is first
   * linked into. Copies between different devs are EXDEV, as Linux's copy_file_range.
   */
  dev = 0n;
  /** The caps of the file system it lives on, inherited like `dev`. */
  limits: FsLimits = DETACHED_LIMITS;
  /** Directory entries naming it (hard links), for non-directories; 0 once unlinked. */
  links = 0;

  constructor(permissions: number) {
    super();
    this.permissions = permissions & 0o7777;
    const now = nowNs();
    this.atim = now;
    this.mtim = now;
    this.ctim = now;
  }

  abstract get filetype(): number;
  abstract get nlink(): bigint;
  abstract get size(): bigint;

  /** The full st_mode: type bits | permission bits. preview1 cannot carry it; the extension ABI does. */
  get mode(): number {
    const type = this.filetype === wasi.FILETYPE_DIRECTORY ? S_IFDIR : this.filetype === wasi.FILETYPE_SYMBOLIC_LINK ? S_IFLNK : S_IFREG;
    return type | this.permissions;
  }

  /** chmod: keeps the type bits, stores the permission bits, touches ctim. */
  chmod(mode: number): void {
    this.permissions = (mode >>> 0) & 0o7777;
    this.ctim = nowNs();
  }

  stat(): MemFilestat {
    const stat = new MemFilestat(this.ino, this.filetype, this.size, this.nlink, this.atim, this.mtim, this.ctim);
    stat.dev = this.dev;
    return stat;
  }

  touchData(): void {
    const now = nowNs();
    this.mtim = now;
    this.ctim = now;
  }

  /** relatime: atime moves on read only when it is not newer than mtime/ctime (Linux default). */
  touchRead(): void {
    if (this.atim <= this.mtim || this.atim <= this.ctim) this.atim = nowNs();
  }

  /**
   * fd_filestat_set_times / path_filestat_set_times. ATIM together with ATIM_NOW (or the
   * MTIM pair) is EINVAL, as in wasmtime and uvwasi.
   */
  setTimes(atim: bigint, mtim: bigint, fstFlags: number): number {
    if (typeof atim !== "bigint" || typeof mtim !== "bigint" || !Number.isInteger(fstFlags)) return wasi.ERRNO_INVAL;
    const A = wasi.FSTFLAGS_ATIM, AN = wasi.FSTFLAGS_ATIM_NOW, M = wasi.FSTFLAGS_MTIM, MN = wasi.FSTFLAGS_MTIM_NOW;
    if ((fstFlags & ~(A | AN | M | MN)) !== 0) return wasi.ERRNO_INVAL;
    if ((fstFlags & A) !== 0 && (fstFlags & AN) !== 0) return wasi.ERRNO_INVAL;
    if ((fstFlags & M) !== 0 && (fstFlags & MN) !== 0) return wasi.ERRNO_INVAL;
    const now = nowNs();
    const toU64 = (t: bigint): bigint => BigInt.asUintN(64, t);
    if ((fstFlags & A) !== 0) this.atim = toU64(atim);
    if ((fstFlags & AN) !== 0) this.atim = now;
    if ((fstFlags & M) !== 0) this.mtim = toU64(mtim);
    if ((fstFlags & MN) !== 0) this.mtim = now;
    this.ctim = now;
    return wasi.ERRNO_SUCCESS;
  }
}

export class MemFile extends MemInode {
  readonly data: FileStorage;
  /** Open descriptions of this file: an unlinked file keeps its bytes until the last closes. */
  opened = 0;

  /** `initial` is copied; more than the limits allow throws a RangeError (host-side only). */
  constructor(initial?: Uint8Array, mode: number = DEFAULT_FILE_MODE, limits: FsLimits = DETACHED_LIMITS) {
    super(mode);
    this.limits = limits;
    this.data = new FileStorage(limits);
    if (initial !== undefined && initial.byteLength > 0 && this.data.write(0, initial) !== initial.byteLength) {
      this.data.release();
      throw new RangeError(`wasi-os: ${initial.byteLength} bytes exceed the memory file system's limits`);
    }
  }

  /** Gives the bytes back once no name and no open description refers to the file (Linux). */
  maybeFree(): void {
    if (this.links === 0 && this.opened === 0) this.data.release();
  }

  get filetype(): number {
    return wasi.FILETYPE_REGULAR_FILE;
  }
  get nlink(): bigint {
    return BigInt(this.links);
  }
  get size(): bigint {
    return BigInt(this.data.size);
  }

  /** Inode.path_open contract of the shim: open a description with these rights. */
  path_open(_oflags: number, fs_rights_base: bigint, fd_flags: number): { ret: number; fd_obj: Fd | null } {
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: new OpenMemFile(this, fs_rights_base, 0n, fd_flags) };
  }
}

/**
 * A symbolic link: its target is stored as given (never resolved at creation), its size is the
 * target's length in bytes, as lstat reports on Linux.
 */
export class MemSymlink extends MemInode {
  readonly targetBytes: Uint8Array;
  constructor(readonly target: string) {
    super(0o777);
    this.targetBytes = new TextEncoder().encode(target);
  }
  get filetype(): number {
    return wasi.FILETYPE_SYMBOLIC_LINK;
  }
  get nlink(): bigint {
    return BigInt(this.links);
  }
  get size(): bigint {
    return BigInt(this.targetBytes.byteLength);
  }
  /** Opening a symlink itself (no follow) is ELOOP on Linux (O_NOFOLLOW) and in wasmtime. */
  path_open(): { ret: number; fd_obj: Fd | null } {
    return { ret: wasi.ERRNO_LOOP, fd_obj: null };
  }
}

/** One directory entry; `cookie` is its stable readdir position (never reused in this dir). */
export interface DirEntry {
  readonly name: string;
  readonly inode: MemInode;
  readonly cookie: bigint;
  removed: boolean;
}

export class MemDirectory extends MemInode {
  /** The directory holding this one; null for a root (its ".." is itself, as on Linux). */
  parent: MemDirectory | null = null;
  /** True once removed by rmdir/rename-over: no new entries may be created in it (ENOENT). */
  unlinked = false;
  private readonly byName = new Map<string, DirEntry>();
  /** Entries in cookie order; removed ones are compacted lazily. */
  private ordered: DirEntry[] = [];
  private removedCount = 0;
  /** Cookies 0 and 1 are "." and ".."; entries start at 2. */
  private nextCookie = 2n;
  private subdirs = 0;

  constructor(mode: number = DEFAULT_DIR_MODE) {
    super(mode);
  }

  get filetype(): number {
    return wasi.FILETYPE_DIRECTORY;
  }
  /** Linux: 2 (its name and ".") plus one per subdirectory (their ".."). */
  get nlink(): bigint {
    return BigInt((this.unlinked ? 0 : 2) + this.subdirs);
  }
  get size(): bigint {
    return DIRECTORY_SIZE;
  }
  get entryCount(): number {
    return this.byName.size;
  }
  parentIno(): bigint {
    return (this.parent ?? this).ino;
  }

  get(name: string): MemInode | undefined {
    return this.byName.get(name)?.inode;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Add `name` -> `inode` (name must be free). Updates link counts and times. */
  add(name: string, inode: MemInode): void {
    const entry: DirEntry = { name, inode, cookie: this.nextCookie, removed: false };
    this.nextCookie += 1n;
    this.byName.set(name, entry);
    this.ordered.push(entry);
    this.limits.inodes += 1;
    if (inode.dev === 0n) inode.dev = this.dev;
    // A file's storage is bound to its limits when made; only other inodes adopt them here.
    if (inode.limits === DETACHED_LIMITS && !(inode instanceof MemFile)) inode.limits = this.limits;
    if (inode instanceof MemDirectory) {
      inode.parent = this;
      inode.unlinked = false;
      this.subdirs += 1;
    } else {
      inode.links += 1;
    }
    inode.ctim = nowNs();
    this.touchData();
  }

  /**
   * Remove `name`; returns the inode it named. `detach`: the inode is about to be linked
   * elsewhere (the first half of a rename), so its bytes must survive a link count of 0.
   */
  remove(name: string, detach = false): MemInode | undefined {
    const entry = this.byName.get(name);
    if (entry === undefined) return undefined;
    this.byName.delete(name);
    this.limits.inodes -= 1;
    entry.removed = true;
    this.removedCount += 1;
    if (this.removedCount > 32 && this.removedCount * 2 > this.ordered.length) {
      this.ordered = this.ordered.filter((e) => !e.removed);
      this.removedCount = 0;
    }
    const inode = entry.inode;
    if (inode instanceof MemDirectory) {
      this.subdirs -= 1;
      inode.unlinked = true;
    } else {
      inode.links -= 1;
      if (!detach && inode instanceof MemFile) inode.maybeFree();
    }
    inode.ctim = nowNs();
    this.touchData();
    return inode;
  }

  /** Is `this` equal to `other` or one of its descendants? */
  isWithin(other: MemDirectory): boolean {
    for (let d: MemDirectory | null = this; d !== null; d = d.parent) {
      if (d === other) return true;
    }
    return false;
  }

  /**
   * The first live entry whose cookie is >= `cookie` (binary search: cookies increase along
   * `ordered`). Stable across inserts and removals: a removed entry is simply skipped.
   */
  entryAtOrAfter(cookie: bigint): DirEntry | null {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ordered[mid]!.cookie < cookie) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.ordered.length; i++) {
      const e = this.ordered[i]!;
      if (!e.removed) return e;
    }
    return null;
  }

  path_open(_oflags: number, fs_rights_base: bigint, fd_flags: number): { ret: number; fd_obj: Fd | null } {
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: new OpenMemDirectory(this, fs_rights_base, RIGHTS_ALL, fd_flags) };
  }
}
