// What every open description of both file system families (host/fs/memory, host/fs/node)
// has in common, as browser_wasi_shim `Fd` subclasses:
//
//   Description            rights, fdflags, fd_fdstat_get/set_flags/set_rights
//   ├─ FileDescription      + a file is not a directory: path_* NOTDIR, fd_readdir BADF
//   │  └─ OpenMemFile
//   ├─ DirectoryDescription + a directory has no bytes: fd_read/write/seek/... BADF
//   │  └─ OpenMemDirectory
//   └─ NodeDescription      + the real OS fd (host/fs/node/description.ts)
//      ├─ OpenNodeFile       adopts FileDescription's methods
//      └─ OpenNodeDirectory  adopts DirectoryDescription's methods
//
// Why the node classes adopt instead of extend: a node file needs both NodeDescription (the
// OS fd, fstat, fsync, close: stateful code shared with node directories, and the class
// host/bases/node.ts tests with `instanceof`) and the file half. TypeScript has one base per
// class, and its mixins (`class extends Base` on a generic Base) demand a constructor typed
// `(...args: any[])` (TS2545), which this code base does not allow. The halves are stateless
// constant answers that only override `Fd` methods, so `adopt` copies them onto the node
// prototype: the same methods, the same types (Fd declares them), no per-method forwarding.
import { Fd, wasi, type Inode } from "@bjorn3/browser_wasi_shim";
import {
  FDFLAGS_ALL,
  FDFLAGS_CHANGEABLE,
  OFLAGS_ALL,
  O_CREAT,
  O_DIRECTORY,
  O_TRUNC,
  R_FD_READ,
  R_FD_WRITE,
  isBigint,
} from "./rights.ts";

const EMPTY = new Uint8Array(0);

export abstract class Description extends Fd {
  rightsBase: bigint;
  rightsInheriting: bigint;
  fdflags: number;
  /** Base rights dropped with fd_fdstat_set_rights: the adapter refuses calls needing them. */
  dropped = 0n;

  constructor(rightsBase: bigint, rightsInheriting: bigint, fdflags: number) {
    super();
    this.rightsBase = rightsBase;
    this.rightsInheriting = rightsInheriting;
    this.fdflags = fdflags & FDFLAGS_ALL;
  }

  /** The preview1 filetype fd_fdstat_get reports. */
  abstract get filetype(): number;

  /** FD_READ is among the base rights (byte reads check it: BADF without). */
  get readable(): boolean {
    return (this.rightsBase & R_FD_READ) !== 0n;
  }
  /** FD_WRITE is among the base rights (byte writes check it: BADF without). */
  get writable(): boolean {
    return (this.rightsBase & R_FD_WRITE) !== 0n;
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(this.filetype, this.fdflags);
    fdstat.fs_rights_base = this.rightsBase;
    fdstat.fs_rights_inherited = this.rightsInheriting;
    return { ret: wasi.ERRNO_SUCCESS, fdstat };
  }

  override fd_fdstat_set_flags(flags: number): number {
    return setFlags(this, flags);
  }

  /** preview1: rights can only be dropped; asking for more is NOTCAPABLE. */
  override fd_fdstat_set_rights(base: bigint, inheriting: bigint): number {
    if (!isBigint(base) || !isBigint(inheriting)) return wasi.ERRNO_INVAL;
    if ((base & ~this.rightsBase) !== 0n || (inheriting & ~this.rightsInheriting) !== 0n) return wasi.ERRNO_NOTCAPABLE;
    this.dropped |= this.rightsBase & ~base;
    this.rightsBase = base;
    this.rightsInheriting = inheriting;
    return wasi.ERRNO_SUCCESS;
  }
}

/** Shared by every description kind: APPEND/NONBLOCK change; the sync bits may be repeated but
 *  not changed (wasmtime: INVAL), unknown bits are INVAL. */
export function setFlags(target: { fdflags: number }, flags: number): number {
  if (!Number.isInteger(flags) || (flags & ~FDFLAGS_ALL) !== 0 || flags < 0) return wasi.ERRNO_INVAL;
  const fixed = FDFLAGS_ALL & ~FDFLAGS_CHANGEABLE;
  if ((flags & fixed) !== (target.fdflags & fixed)) return wasi.ERRNO_INVAL;
  target.fdflags = flags;
  return wasi.ERRNO_SUCCESS;
}

/**
 * A description that is not a directory (regular file, device, FIFO, socket).
 * Only overrides of `Fd` methods, no state, no `super` calls: `adopt` copies them.
 */
export abstract class FileDescription extends Description {
  // A regular file is not a directory: every path operation is NOTDIR (Linux openat on a file
  // fd), instead of the stock Fd's NOTSUP. fd_readdir is BADF (wasmtime 49, measured; Linux
  // getdents would say ENOTDIR, but a guest lists a path with O_DIRECTORY first, which is NOTDIR).
  override fd_readdir_single(_cookie: bigint): { ret: number; dirent: wasi.Dirent | null } {
    return { ret: wasi.ERRNO_BADF, dirent: null };
  }
  override path_create_directory(_path: string): number { return wasi.ERRNO_NOTDIR; }
  override path_filestat_get(_flags: number, _path: string): { ret: number; filestat: wasi.Filestat | null } {
    return { ret: wasi.ERRNO_NOTDIR, filestat: null };
  }
  override path_filestat_set_times(_f: number, _p: string, _a: bigint, _m: bigint, _fl: number): number { return wasi.ERRNO_NOTDIR; }
  override path_link(_path: string, _inode: Inode, _allow: boolean): number { return wasi.ERRNO_NOTDIR; }
  override path_unlink(_path: string): { ret: number; inode_obj: null } { return { ret: wasi.ERRNO_NOTDIR, inode_obj: null }; }
  override path_lookup(_path: string, _flags: number): { ret: number; inode_obj: null } { return { ret: wasi.ERRNO_NOTDIR, inode_obj: null }; }
  override path_open(_d: number, _p: string, _o: number, _b: bigint, _i: bigint, _f: number): { ret: number; fd_obj: null } {
    return { ret: wasi.ERRNO_NOTDIR, fd_obj: null };
  }
  override path_readlink(_path: string): { ret: number; data: string | null } { return { ret: wasi.ERRNO_NOTDIR, data: null }; }
  override path_remove_directory(_path: string): number { return wasi.ERRNO_NOTDIR; }
  override path_unlink_file(_path: string): number { return wasi.ERRNO_NOTDIR; }
}

/**
 * A directory description's byte I/O: it has none.
 * Only overrides of `Fd` methods, no state, no `super` calls: `adopt` copies them.
 */
export abstract class DirectoryDescription extends Description {
  // ---- byte I/O: a directory has none (wasmtime: BADF for all of these) ----
  override fd_read(_size: number): { ret: number; data: Uint8Array } { return { ret: wasi.ERRNO_BADF, data: EMPTY }; }
  override fd_pread(_size: number, _offset: bigint): { ret: number; data: Uint8Array } { return { ret: wasi.ERRNO_BADF, data: EMPTY }; }
  override fd_write(_data: Uint8Array): { ret: number; nwritten: number } { return { ret: wasi.ERRNO_BADF, nwritten: 0 }; }
  override fd_pwrite(_data: Uint8Array, _offset: bigint): { ret: number; nwritten: number } { return { ret: wasi.ERRNO_BADF, nwritten: 0 }; }
  override fd_seek(_offset: bigint, _whence: number): { ret: number; offset: bigint } { return { ret: wasi.ERRNO_BADF, offset: 0n }; }
  override fd_tell(): { ret: number; offset: bigint } { return { ret: wasi.ERRNO_BADF, offset: 0n }; }
  override fd_filestat_set_size(_size: bigint): number { return wasi.ERRNO_BADF; }
  override fd_allocate(_offset: bigint, _len: bigint): number { return wasi.ERRNO_BADF; }
}

/**
 * path_open's argument checks, made before any path is looked at (wasmtime checks them before
 * a read-only preopen's EPERM too): unknown oflags or fdflags bits, rights that are not
 * bigints, DIRECTORY with CREAT or TRUNC: INVAL. SUCCESS when all pass.
 */
export function checkOpenArgs(oflags: number, fdflags: number, rightsBase: bigint, rightsInheriting: bigint): number {
  if (!Number.isInteger(oflags) || (oflags & ~OFLAGS_ALL) !== 0 || oflags < 0) return wasi.ERRNO_INVAL;
  if (!Number.isInteger(fdflags) || (fdflags & ~FDFLAGS_ALL) !== 0 || fdflags < 0) return wasi.ERRNO_INVAL;
  if (!isBigint(rightsBase) || !isBigint(rightsInheriting)) return wasi.ERRNO_INVAL;
  if ((oflags & O_DIRECTORY) !== 0 && (oflags & (O_CREAT | O_TRUNC)) !== 0) return wasi.ERRNO_INVAL;
  return wasi.ERRNO_SUCCESS;
}

/** A class (abstract or not) whose instances are `Fd`s. */
type FdClass = { readonly prototype: Fd; readonly name: string };

/**
 * Copies the methods `half` (FileDescription or DirectoryDescription) declares onto
 * `target`'s prototype, except those `target` declares itself: what `class target extends
 * half(base)` would give (see the top of this file for why it is not written that way).
 * Only names `Fd` already has are allowed, so TypeScript's view of `target` stays true; anything
 * else throws when the module loads.
 */
export function adopt(target: FdClass, half: typeof FileDescription | typeof DirectoryDescription): void {
  for (const name of Object.getOwnPropertyNames(half.prototype)) {
    if (name === "constructor" || Object.hasOwn(target.prototype, name)) continue;
    if (!(name in Fd.prototype)) throw new TypeError(`${half.name}.${name} is not an Fd method; ${target.name} cannot adopt it`);
    Object.defineProperty(target.prototype, name, Object.getOwnPropertyDescriptor(half.prototype, name)!);
  }
}
