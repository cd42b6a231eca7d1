// An open directory description: path operations relative to it, readdir, and the preopen.
//
// Answers matched to wasmtime 49 (measured with the wasmtime python package):
// - fd_read/fd_write/fd_pread/fd_pwrite/fd_seek/fd_tell/fd_filestat_set_size/fd_allocate on a
//   directory: BADF.
// - path_open: CREAT|DIRECTORY or TRUNC|DIRECTORY: INVAL; a directory with FD_WRITE requested,
//   or with TRUNC: ISDIR; CREAT|EXCL on anything existing: EXIST; DIRECTORY on a file:
//   NOTDIR; CREAT on "name/": ISDIR; missing: NOENT; absolute or escaping: PERM (see path.ts).
//   TRUNC with only FD_READ truncates (wasmtime and Linux both do).
// - path_unlink_file: ISDIR on a directory, NOTDIR for "file/".
// - path_remove_directory: NOTEMPTY, NOTDIR on a file, INVAL for "." and "..".
// - path_create_directory: EXIST on any existing name; "new/" is fine.
// - rename: file over dir ISDIR, dir over file NOTDIR, dir over non-empty dir NOTEMPTY,
//   dir into itself INVAL, over an empty dir replaces it, "." or ".." on either side BUSY.
// Deliberate differences from wasmtime:
// - granted rights are the requested ones masked by this directory's inheriting rights (the
//   preview1 model; wasmtime 49 ignores the request and reports rights from the open mode);
// - DSYNC/RSYNC/SYNC fdflags are accepted and recorded at open (memory is always in sync;
//   wasmtime answers NOTSUP, Linux accepts O_SYNC).
// fd_fdstat_*, the rights fields and the byte I/O answers (BADF): ../description.ts.
import { Fd, Inode, wasi } from "@bjorn3/browser_wasi_shim";
import { DirectoryDescription, checkOpenArgs } from "../description.ts";
import type { MemFilestat } from "./filestat.ts";
import { DEFAULT_FILE_MODE, MemDirectory, MemFile, MemInode, MemSymlink } from "./inode.ts";
import { OpenMemFile } from "./open-file.ts";
import { LOOKUP_SYMLINK_FOLLOW, finalInode, lookup, lookupParent, type Overlay } from "./path.ts";
import {
  RIGHTS_FILE_ONLY,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_TRUNC,
  RIGHTS_ALL,
  RIGHTS_DIRECTORY_BASE,
  R_FD_WRITE,
  isBigint,
} from "./rights.ts";

/**
 * Directories detached by path_unlink and not yet re-linked: where they came from. The shim's
 * path_rename is path_unlink + path_link (+ re-link on failure); this lets path_link see the
 * moved directory where it was, to refuse moving it into itself (INVAL).
 */
const detached = new WeakMap<MemDirectory, { dir: MemDirectory; name: string }>();

export class OpenMemDirectory extends DirectoryDescription {
  readonly dir: MemDirectory;

  constructor(dir: MemDirectory, rightsBase: bigint, rightsInheriting: bigint, fdflags: number) {
    // A directory has no bytes: never FD_SEEK/FD_READ/... whatever was asked (wasmtime 49 too).
    super(rightsBase & ~RIGHTS_FILE_ONLY, rightsInheriting, fdflags);
    this.dir = dir;
  }

  get filetype(): number {
    return wasi.FILETYPE_DIRECTORY;
  }

  override fd_sync(): number { return wasi.ERRNO_SUCCESS; }
  override fd_close(): number { return wasi.ERRNO_SUCCESS; }

  // ---- status ----
  override fd_filestat_get(): { ret: number; filestat: MemFilestat | null } {
    return { ret: wasi.ERRNO_SUCCESS, filestat: this.dir.stat() };
  }
  override fd_filestat_set_times(atim: bigint, mtim: bigint, fst_flags: number): number {
    return this.dir.setTimes(atim, mtim, fst_flags);
  }

  /**
   * Cookies are stable: 0 -> ".", 1 -> "..", then each entry's own cookie, issued once per
   * directory and never reused, so removing or adding entries during a listing neither
   * repeats nor skips the others (the stock shim indexes the Map, which shifts).
   */
  override fd_readdir_single(cookie: bigint): { ret: number; dirent: wasi.Dirent | null } {
    if (!isBigint(cookie) || cookie < 0n) return { ret: wasi.ERRNO_INVAL, dirent: null };
    if (cookie === 0n) return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(1n, this.dir.ino, ".", wasi.FILETYPE_DIRECTORY) };
    if (cookie === 1n) return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(2n, this.dir.parentIno(), "..", wasi.FILETYPE_DIRECTORY) };
    const entry = this.dir.entryAtOrAfter(cookie);
    if (entry === null) return { ret: wasi.ERRNO_SUCCESS, dirent: null };
    return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(entry.cookie + 1n, entry.inode.ino, entry.name, entry.inode.filetype) };
  }

  // ---- path operations ----
  override path_open(
    dirflags: number,
    path: string,
    oflags: number,
    fs_rights_base: bigint,
    fs_rights_inheriting: bigint,
    fd_flags: number,
  ): { ret: number; fd_obj: Fd | null } {
    const invalid = checkOpenArgs(oflags, fd_flags, fs_rights_base, fs_rights_inheriting);
    if (invalid !== wasi.ERRNO_SUCCESS) return { ret: invalid, fd_obj: null };
    const base = fs_rights_base & this.rightsInheriting & RIGHTS_ALL;
    const inheriting = fs_rights_inheriting & this.rightsInheriting & RIGHTS_ALL;

    // O_CREAT|O_EXCL never follows a final symlink (POSIX: a dangling one is EXIST).
    const exclusive = (oflags & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL);
    const found = lookupParent(this.dir, path, { follow: (dirflags & LOOKUP_SYMLINK_FOLLOW) !== 0 && !exclusive });
    if (found.ret !== wasi.ERRNO_SUCCESS) return { ret: found.ret, fd_obj: null };
    const final = finalInode(found);
    let inode: MemInode;
    if (final.inode !== null) {
      if ((oflags & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL)) return { ret: wasi.ERRNO_EXIST, fd_obj: null };
      inode = final.inode;
    } else {
      if (final.ret !== wasi.ERRNO_NOENT || (oflags & O_CREAT) === 0) return { ret: final.ret, fd_obj: null };
      if (found.trailingSlash) return { ret: wasi.ERRNO_ISDIR, fd_obj: null };
      const parent = found.dir!;
      if (parent.unlinked) return { ret: wasi.ERRNO_NOENT, fd_obj: null };
      if (!parent.limits.inodeAvailable()) return { ret: wasi.ERRNO_NOSPC, fd_obj: null };
      const file = new MemFile(undefined, DEFAULT_FILE_MODE, parent.limits);
      parent.add(found.name, file);
      inode = file;
    }

    if (inode instanceof MemDirectory) {
      if ((base & R_FD_WRITE) !== 0n || (oflags & O_TRUNC) !== 0) return { ret: wasi.ERRNO_ISDIR, fd_obj: null };
      return { ret: wasi.ERRNO_SUCCESS, fd_obj: new OpenMemDirectory(inode, base, inheriting, fd_flags) };
    }
    // A symlink not followed (no SYMLINK_FOLLOW): LOOP, as Linux O_NOFOLLOW and wasmtime.
    if (inode instanceof MemSymlink) return { ret: wasi.ERRNO_LOOP, fd_obj: null };
    if (!(inode instanceof MemFile)) return { ret: wasi.ERRNO_NOTSUP, fd_obj: null };
    if ((oflags & O_DIRECTORY) !== 0) return { ret: wasi.ERRNO_NOTDIR, fd_obj: null };
    if ((oflags & O_TRUNC) !== 0) {
      // Linux's O_TRUNC updates mtime/ctime whenever the file exists (handle_truncate).
      inode.data.resize(0);
      inode.touchData();
    }
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: new OpenMemFile(inode, base, inheriting, fd_flags) };
  }

  override path_filestat_get(flags: number, path: string): { ret: number; filestat: MemFilestat | null } {
    const { ret, inode } = lookup(this.dir, path, { follow: (flags & LOOKUP_SYMLINK_FOLLOW) !== 0 });
    if (inode === null) return { ret, filestat: null };
    return { ret: wasi.ERRNO_SUCCESS, filestat: inode.stat() };
  }

  override path_filestat_set_times(flags: number, path: string, atim: bigint, mtim: bigint, fst_flags: number): number {
    const { ret, inode } = lookup(this.dir, path, { follow: (flags & LOOKUP_SYMLINK_FOLLOW) !== 0 });
    if (inode === null) return ret;
    return inode.setTimes(atim, mtim, fst_flags);
  }

  override path_create_directory(path: string): number {
    const found = lookupParent(this.dir, path, { slashFollows: false });
    if (found.ret !== wasi.ERRNO_SUCCESS) return found.ret;
    // ".." of the base names something outside it: PERM (wasmtime), like every escape.
    if (found.name === ".." && found.stack.length === 1) return wasi.ERRNO_PERM;
    if (found.name === "." || found.name === "..") return wasi.ERRNO_EXIST;
    const parent = found.dir!;
    if (parent.get(found.name) !== undefined) return wasi.ERRNO_EXIST;
    if (parent.unlinked) return wasi.ERRNO_NOENT;
    if (!parent.limits.inodeAvailable()) return wasi.ERRNO_NOSPC;
    parent.add(found.name, new MemDirectory());
    return wasi.ERRNO_SUCCESS;
  }

  override path_unlink_file(path: string): number {
    const found = lookupParent(this.dir, path);
    if (found.ret !== wasi.ERRNO_SUCCESS) return found.ret;
    if (found.name === "." || found.name === "..") return wasi.ERRNO_ISDIR;
    const inode = found.dir!.get(found.name);
    if (inode === undefined) return wasi.ERRNO_NOENT;
    if (inode instanceof MemDirectory) return wasi.ERRNO_ISDIR;
    if (found.trailingSlash) return wasi.ERRNO_NOTDIR;
    found.dir!.remove(found.name);
    return wasi.ERRNO_SUCCESS;
  }

  override path_remove_directory(path: string): number {
    // "link/" must not remove the link's target directory (Linux rmdir: ENOTDIR).
    const found = lookupParent(this.dir, path, { slashFollows: false });
    if (found.ret !== wasi.ERRNO_SUCCESS) return found.ret;
    if (found.name === "." || found.name === "..") return wasi.ERRNO_INVAL;
    const inode = found.dir!.get(found.name);
    if (inode === undefined) return wasi.ERRNO_NOENT;
    if (!(inode instanceof MemDirectory)) return wasi.ERRNO_NOTDIR;
    if (inode.entryCount !== 0) return wasi.ERRNO_NOTEMPTY;
    found.dir!.remove(found.name);
    return wasi.ERRNO_SUCCESS;
  }

  /** readlink: the target's bytes (the base truncates them to the guest's buffer, as wasmtime). */
  readlink(path: string): { ret: number; bytes: Uint8Array | null } {
    const { ret, inode } = lookup(this.dir, path);
    if (inode === null) return { ret, bytes: null };
    // Not a symlink: Linux readlink answers EINVAL.
    if (!(inode instanceof MemSymlink)) return { ret: wasi.ERRNO_INVAL, bytes: null };
    return { ret: wasi.ERRNO_SUCCESS, bytes: inode.targetBytes };
  }

  override path_readlink(path: string): { ret: number; data: string | null } {
    const { ret, inode } = lookup(this.dir, path);
    if (inode === null) return { ret, data: null };
    return inode instanceof MemSymlink ? { ret: wasi.ERRNO_SUCCESS, data: inode.target } : { ret: wasi.ERRNO_INVAL, data: null };
  }

  /**
   * path_symlink: creates `path` naming `target` (stored as given, resolved on use). An
   * absolute target is PERM (wasmtime/cap-std: it would name something outside the sandbox);
   * any existing entry at `path`, a dangling symlink included, is EXIST.
   */
  symlink(target: string, path: string): number {
    if (target.includes("\0")) return wasi.ERRNO_INVAL;
    if (target.startsWith("/")) return wasi.ERRNO_PERM;
    const found = lookupParent(this.dir, path, { slashFollows: false });
    if (found.ret !== wasi.ERRNO_SUCCESS) return found.ret;
    if (found.name === "." || found.name === "..") return wasi.ERRNO_EXIST;
    const parent = found.dir!;
    if (parent.get(found.name) !== undefined) return wasi.ERRNO_EXIST;
    if (found.trailingSlash) return wasi.ERRNO_NOENT;
    if (parent.unlinked) return wasi.ERRNO_NOENT;
    if (!parent.limits.symlinks) return wasi.ERRNO_PERM; // no symlinks here (FsLimits.symlinks)
    if (!parent.limits.inodeAvailable()) return wasi.ERRNO_NOSPC;
    parent.add(found.name, new MemSymlink(target));
    return wasi.ERRNO_SUCCESS;
  }

  /**
   * Source side of the shim's path_link: the inode a path names. A final symlink is linked
   * itself (Linux link(2)); asking to follow it is INVAL (wasmtime 49).
   */
  override path_lookup(path: string, dirflags: number): { ret: number; inode_obj: Inode | null } {
    if ((dirflags & LOOKUP_SYMLINK_FOLLOW) !== 0) return { ret: wasi.ERRNO_INVAL, inode_obj: null };
    const { ret, inode } = lookup(this.dir, path);
    return { ret, inode_obj: inode };
  }

  /** First half of the shim's path_rename: detach the entry and hand back its inode. */
  override path_unlink(path: string): { ret: number; inode_obj: Inode | null } {
    // A trailing slash on the old path demands a real directory: "link/" is NOTDIR (wasmtime).
    const found = lookupParent(this.dir, path, { slashFollows: false });
    if (found.ret !== wasi.ERRNO_SUCCESS) return { ret: found.ret, inode_obj: null };
    // rename of "." or "..": BUSY (Linux rename(2), wasmtime 49); the base's "..": PERM.
    if (found.name === ".." && found.stack.length === 1) return { ret: wasi.ERRNO_PERM, inode_obj: null };
    if (found.name === "." || found.name === "..") return { ret: wasi.ERRNO_BUSY, inode_obj: null };
    const parent = found.dir!;
    const inode = parent.get(found.name);
    if (inode === undefined) return { ret: wasi.ERRNO_NOENT, inode_obj: null };
    if (found.trailingSlash && !(inode instanceof MemDirectory)) return { ret: wasi.ERRNO_NOTDIR, inode_obj: null };
    parent.remove(found.name, true);
    if (inode instanceof MemDirectory) detached.set(inode, { dir: parent, name: found.name });
    return { ret: wasi.ERRNO_SUCCESS, inode_obj: inode };
  }

  /**
   * Second half of a rename (allow_dir: true) or a hard link (allow_dir: false).
   * Hard link: a directory source is PERM (Linux link()), an existing target EXIST.
   */
  override path_link(path: string, inode: Inode, allow_dir: boolean): number {
    if (!(inode instanceof MemInode)) return wasi.ERRNO_XDEV;
    const moving = inode instanceof MemDirectory ? inode : null;
    if (!allow_dir && moving !== null) return wasi.ERRNO_PERM;
    const origin = moving !== null ? detached.get(moving) : undefined;
    const overlay: Overlay | undefined = moving !== null && origin !== undefined ? { ...origin, inode: moving } : undefined;
    const found = lookupParent(this.dir, path, { slashFollows: false, ...(overlay === undefined ? {} : { overlay }) });
    if (found.ret !== wasi.ERRNO_SUCCESS) return found.ret;
    if (found.name === ".." && found.stack.length === 1) return wasi.ERRNO_PERM; // names the base's parent
    if (found.name === "." || found.name === "..") return allow_dir ? wasi.ERRNO_BUSY : wasi.ERRNO_EXIST;
    const parent = found.dir!;
    if (moving !== null && parent.isWithin(moving)) return wasi.ERRNO_INVAL;
    if (found.trailingSlash && moving === null) return allow_dir ? wasi.ERRNO_NOTDIR : wasi.ERRNO_NOENT;
    if (parent.unlinked) return wasi.ERRNO_NOENT;
    const existing = parent.get(found.name);
    if (existing !== undefined) {
      if (!allow_dir) return wasi.ERRNO_EXIST;
      if (existing === inode) return wasi.ERRNO_SUCCESS;
      if (moving !== null) {
        if (!(existing instanceof MemDirectory)) return wasi.ERRNO_NOTDIR;
        if (existing.entryCount !== 0) return wasi.ERRNO_NOTEMPTY;
      } else if (existing instanceof MemDirectory) {
        return wasi.ERRNO_ISDIR;
      }
      parent.remove(found.name);
    } else if (!allow_dir && !parent.limits.hardLinks) {
      return wasi.ERRNO_PERM; // no hard links here (FsLimits.hardLinks)
    } else if (!allow_dir && !parent.limits.inodeAvailable()) {
      return wasi.ERRNO_NOSPC; // a new hard link is one more inode (tmpfs); a rename is not
    }
    parent.add(found.name, inode);
    if (moving !== null) detached.delete(moving);
    return wasi.ERRNO_SUCCESS;
  }

  /**
   * rename(2) between two memory directories, as the shim's dispatch does it (unlink, link,
   * re-link on failure), for hosts/adapters that answer path_rename themselves.
   */
  rename(oldPath: string, newDir: OpenMemDirectory, newPath: string): number {
    const { ret, inode_obj } = this.path_unlink(oldPath);
    if (inode_obj === null) return ret;
    const linked = newDir.path_link(newPath, inode_obj, true);
    if (linked !== wasi.ERRNO_SUCCESS) this.path_link(oldPath, inode_obj, true);
    return linked;
  }
}

/** A preopened directory: what `fd_prestat_get` announces to the guest as `name`. */
export class PreopenMemDirectory extends OpenMemDirectory {
  readonly prestatName: string;

  constructor(dir: MemDirectory, name: string, rightsBase: bigint = RIGHTS_DIRECTORY_BASE, rightsInheriting: bigint = RIGHTS_ALL) {
    super(dir, rightsBase, rightsInheriting, 0);
    this.prestatName = name;
  }

  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } {
    return { ret: wasi.ERRNO_SUCCESS, prestat: wasi.Prestat.dir(this.prestatName) };
  }
}
