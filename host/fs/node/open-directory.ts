// An open directory description of the `node` base: path operations relative to it (through
// resolve.ts, which keeps every step inside the preopen), readdir, and the preopen itself.
//
// Answers matched to wasmtime 49 (tests/sandbox.test.ts and tests/fs-node.test.ts run the
// same calls under wasmtime and compare by errno name). Beyond the memory FS's list
// (host/fs/memory/open-directory.ts), measured with symlinks and trailing slashes:
// - an absolute path, `..` above the directory, a symlink whose target is absolute or climbs
//   above the directory: PERM; more than 40 symlink expansions: LOOP;
// - path_open without SYMLINK_FOLLOW on a symlink (also with CREAT on a dangling one): LOOP;
// - path_filestat_get without SYMLINK_FOLLOW ignores a trailing slash on a one-component
//   path ("f/" stats f, "link/" the link; "d/g/" on a file stays NOTDIR);
// - path_readlink on a symlink with an absolute target: PERM (cap-std refuses to read it);
//   a short buffer gets the truncated target (host/bases/node.ts answers that import);
// - path_symlink with an absolute target: PERM;
// - path_link with SYMLINK_FOLLOW: INVAL; of a directory: PERM;
// - path_rename ignores trailing slashes on the new path; on the old path they require a
//   real directory (a symlink to one: NOTDIR); "." or ".." on either side: BUSY (Linux);
// - path_remove_directory "d/" (trailing slash): INVAL;
// - path_unlink_file on a directory (also "tod/", a symlink to one): ISDIR.
// Read-only preopens (`readOnly`, inherited by every description opened below one), as
// wasmtime 49 with DirPerms::READ/FilePerms::READ: path_open asking for FD_WRITE or with
// O_CREAT/O_TRUNC, mkdir, unlink, rmdir, symlink, link, rename (either side read-only) and
// path_filestat_set_times are EPERM before the path is resolved (a missing or escaping path
// is EPERM too); only argument errors wasmtime checks first stay (O_DIRECTORY with
// O_CREAT/O_TRUNC, bad fstflags: INVAL).
// Deliberate differences: see host/fs/node/README.md.
// Byte I/O (fd_read/write/seek/...: BADF): DirectoryDescription's answers, adopted below.
import * as fs from "node:fs";
import type { BigIntStats } from "node:fs";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { DirectoryDescription, adopt, checkOpenArgs } from "../description.ts";
import type { MemFilestat } from "../filestat.ts";
import {
  RIGHTS_FILE_ONLY,
  FD_APPEND,
  FD_DSYNC,
  FD_RSYNC,
  FD_SYNC,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_TRUNC,
  RIGHTS_ALL,
  RIGHTS_DIRECTORY_BASE,
  R_FD_READ,
  R_FD_WRITE,
  isBigint,
} from "../rights.ts";
import { NodeDescription } from "./description.ts";
import { codeOf, errnoOf } from "./errors.ts";
import { OpenNodeFile } from "./open-file.ts";
import { DIR_OPEN_FLAGS, PROC_FD_MODE, dirRef, reopenDir, resolve, type DirRef, type Resolution } from "./resolve.ts";
import { filestatOf, filetypeOf } from "./stat.ts";
import { checkTimeFlags, setTimes } from "./times.ts";

/** preview1 lookupflags: follow a symlink in the final component (the shim has no constant). */
const LOOKUP_SYMLINK_FOLLOW = 1;
const C = fs.constants;

/** "d//" -> "d"; a path of only slashes stays as it is (absolute: PERM). */
function stripTrailingSlashes(path: string): string {
  const stripped = path.replace(/\/+$/, "");
  return stripped.length > 0 ? stripped : path;
}

/** Identity of a preopen's root, to answer readdir's ".." there without looking outside. */
interface Identity {
  readonly dev: bigint;
  readonly ino: bigint;
}

export class OpenNodeDirectory extends NodeDescription {
  readonly ref: DirRef;
  /** The preopen root this directory was reached from. */
  readonly rootId: Identity;
  /** readdir snapshot: names in the order the OS listed them, taken when a listing starts. */
  private listing: string[] | null = null;

  constructor(osFd: number, hostPath: string, root: string, rootId: Identity | null, rightsBase: bigint, rightsInheriting: bigint, fdflags: number) {
    // A directory has no bytes: never FD_SEEK/FD_READ/... whatever was asked (wasmtime 49 too).
    super(osFd, rightsBase & ~RIGHTS_FILE_ONLY, rightsInheriting, fdflags);
    this.ref = dirRef(osFd, hostPath, root);
    this.rootId = rootId ?? fs.fstatSync(osFd, { bigint: true });
  }

  get filetype(): number {
    return wasi.FILETYPE_DIRECTORY;
  }

  /** Resolves `path`, runs `use` on the result (only when resolution succeeded), releases. */
  private walk<T>(path: string, follow: boolean, onError: (ret: number) => T, use: (r: Resolution) => T): T {
    const r = resolve(this.ref, path, { follow });
    try {
      if (r.ret !== wasi.ERRNO_SUCCESS) return onError(r.ret);
      return use(r);
    } catch (e) {
      return onError(errnoOf(e));
    } finally {
      r.release();
    }
  }

  private walkErrno(path: string, follow: boolean, use: (r: Resolution) => number): number {
    return this.walk(path, follow, (ret) => ret, use);
  }

  /**
   * Cookies: 0 -> ".", 1 -> "..", n >= 2 -> entry n-2 of a snapshot of the names taken when a
   * listing starts (cookie 0, 1 or 2). ino and type come from an lstat of each entry as it is
   * returned; entries removed since the snapshot are skipped, ones added are not seen until
   * the next listing. ".." of a preopen root reports the root itself (nothing outside leaks).
   */
  override fd_readdir_single(cookie: bigint): { ret: number; dirent: wasi.Dirent | null } {
    if (!isBigint(cookie) || cookie < 0n) return { ret: wasi.ERRNO_INVAL, dirent: null };
    try {
      if (cookie === 0n) {
        return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(1n, this.hostStat().ino, ".", wasi.FILETYPE_DIRECTORY) };
      }
      if (cookie === 1n) {
        const self = this.hostStat();
        const isRoot = self.dev === this.rootId.dev && self.ino === this.rootId.ino;
        const ino = isRoot ? self.ino : fs.statSync(`${this.ref.path}/..`, { bigint: true }).ino;
        return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(2n, ino, "..", wasi.FILETYPE_DIRECTORY) };
      }
      if (this.listing === null || cookie === 2n) this.listing = fs.readdirSync(this.ref.path, { encoding: "utf8" });
      for (let i = cookie - 2n; i < BigInt(this.listing.length); i++) {
        const name = this.listing[Number(i)]!;
        let st: BigIntStats;
        try {
          st = fs.lstatSync(`${this.ref.path}/${name}`, { bigint: true });
        } catch (e) {
          if (codeOf(e) === "ENOENT") continue;
          throw e;
        }
        return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(i + 3n, st.ino, name, filetypeOf(st.mode)) };
      }
      return { ret: wasi.ERRNO_SUCCESS, dirent: null };
    } catch (e) {
      return { ret: errnoOf(e), dirent: null };
    }
  }

  // ---- path operations ----
  override path_open(
    dirflags: number,
    path: string,
    oflags: number,
    fs_rights_base: bigint,
    fs_rights_inheriting: bigint,
    fd_flags: number,
  ): { ret: number; fd_obj: NodeDescription | null } {
    const fail = (ret: number) => ({ ret, fd_obj: null });
    const invalid = checkOpenArgs(oflags, fd_flags, fs_rights_base, fs_rights_inheriting);
    if (invalid !== wasi.ERRNO_SUCCESS) return fail(invalid);
    // Read-only: only FD_WRITE among the rights counts (wasmtime), whatever the inheriting rights.
    if (this.readOnly && ((fs_rights_base & R_FD_WRITE) !== 0n || (oflags & (O_CREAT | O_TRUNC)) !== 0)) return fail(wasi.ERRNO_PERM);
    const base = fs_rights_base & this.rightsInheriting & RIGHTS_ALL;
    const inheriting = fs_rights_inheriting & this.rightsInheriting & RIGHTS_ALL;
    // O_CREAT|O_EXCL never follows a final symlink (POSIX; a dangling one is EXIST).
    const exclusive = (oflags & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL);
    const follow = (dirflags & LOOKUP_SYMLINK_FOLLOW) !== 0 && !exclusive;
    if ((oflags & O_CREAT) !== 0 && path.endsWith("/")) {
      // O_CREAT with a trailing slash: ISDIR once the parent resolves (Linux, wasmtime).
      return this.walk(stripTrailingSlashes(path), false, fail, () => fail(wasi.ERRNO_ISDIR));
    }

    return this.walk(path, follow, fail, (r) => {
      if (r.name === null) {
        // The path named a directory itself ("." , "d/..").
        if ((oflags & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL)) return fail(wasi.ERRNO_EXIST);
        if ((base & R_FD_WRITE) !== 0n || (oflags & O_TRUNC) !== 0) return fail(wasi.ERRNO_ISDIR);
        const fd = r.takeTop() ?? reopenDir(r.dir);
        return { ret: wasi.ERRNO_SUCCESS, fd_obj: this.child(fd, r.dir.path, base, inheriting, fd_flags) };
      }
      if (r.mustBeDir && r.stat === null) return fail((oflags & O_CREAT) !== 0 ? wasi.ERRNO_ISDIR : wasi.ERRNO_NOENT);
      const entry = r.entry;
      const isDir = r.stat?.isDirectory() === true;
      if (isDir && ((base & R_FD_WRITE) !== 0n || (oflags & O_TRUNC) !== 0)) {
        return fail((oflags & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL) ? wasi.ERRNO_EXIST : wasi.ERRNO_ISDIR);
      }
      const readable = (base & R_FD_READ) !== 0n;
      const writable = (base & R_FD_WRITE) !== 0n;
      let flags = (writable ? (readable ? C.O_RDWR : C.O_WRONLY) : C.O_RDONLY) | C.O_NOFOLLOW | C.O_NONBLOCK;
      if ((oflags & O_CREAT) !== 0) flags |= C.O_CREAT;
      if ((oflags & O_EXCL) !== 0) flags |= C.O_EXCL;
      if ((oflags & O_TRUNC) !== 0) flags |= C.O_TRUNC;
      if ((oflags & O_DIRECTORY) !== 0 || isDir) flags |= C.O_DIRECTORY;
      if ((fd_flags & FD_APPEND) !== 0) flags |= C.O_APPEND;
      if ((fd_flags & (FD_SYNC | FD_RSYNC)) !== 0) flags |= C.O_SYNC;
      else if ((fd_flags & FD_DSYNC) !== 0) flags |= C.O_DSYNC;
      let fd: number;
      try {
        fd = fs.openSync(entry, flags, 0o666);
      } catch (e) {
        const code = codeOf(e);
        // O_DIRECTORY|O_NOFOLLOW on a symlink: Linux says ENOTDIR; a symlink is ELOOP here
        // as for every other non-followed open (wasmtime: LOOP).
        if (code === "ENOTDIR" && fs.lstatSync(entry).isSymbolicLink()) return fail(wasi.ERRNO_LOOP);
        return fail(errnoOf(e));
      }
      try {
        const st = fs.fstatSync(fd, { bigint: true });
        if (!PROC_FD_MODE && r.stat !== null && (st.dev !== r.stat.dev || st.ino !== r.stat.ino)) {
          fs.closeSync(fd);
          return fail(wasi.ERRNO_AGAIN);
        }
        if (st.isDirectory()) return { ret: wasi.ERRNO_SUCCESS, fd_obj: this.child(fd, entry, base, inheriting, fd_flags) };
        const file = new OpenNodeFile(fd, st.mode, base, inheriting, fd_flags);
        file.readOnly = this.readOnly;
        file.osAppend = (flags & C.O_APPEND) !== 0;
        return { ret: wasi.ERRNO_SUCCESS, fd_obj: file };
      } catch (e) {
        fs.closeSync(fd);
        return fail(errnoOf(e));
      }
    });
  }

  private child(fd: number, hostPath: string, base: bigint, inheriting: bigint, fdflags: number): OpenNodeDirectory {
    const dir = new OpenNodeDirectory(fd, hostPath, this.ref.root, this.rootId, base, inheriting, fdflags);
    dir.readOnly = this.readOnly;
    return dir;
  }

  override path_filestat_get(flags: number, path: string): { ret: number; filestat: MemFilestat | null } {
    const follow = (flags & LOOKUP_SYMLINK_FOLLOW) !== 0;
    // wasmtime: without SYMLINK_FOLLOW a trailing slash on a single-component path is ignored
    // ("f/" and "link/" stat f and link), while "d/g/" on a file is still NOTDIR.
    const stripped = stripTrailingSlashes(path);
    const p = follow || stripped.includes("/") ? path : stripped;
    return this.walk<{ ret: number; filestat: MemFilestat | null }>(p, follow, (ret) => ({ ret, filestat: null }), (r) => {
      const st = r.name === null ? fs.fstatSync(r.dir.fd, { bigint: true }) : r.stat ?? fs.lstatSync(r.entry, { bigint: true });
      return { ret: wasi.ERRNO_SUCCESS, filestat: filestatOf(st) };
    });
  }

  override path_filestat_set_times(flags: number, path: string, atim: bigint, mtim: bigint, fst_flags: number): number {
    if (checkTimeFlags(fst_flags) !== wasi.ERRNO_SUCCESS) return wasi.ERRNO_INVAL;
    if (this.readOnly) return wasi.ERRNO_PERM;
    const follow = (flags & LOOKUP_SYMLINK_FOLLOW) !== 0;
    return this.walkErrno(path, follow, (r) => {
      if (r.name === null) {
        const fd = r.dir.fd;
        return setTimes(atim, mtim, fst_flags, () => fs.fstatSync(fd, { bigint: true }), (a, m) => fs.futimesSync(fd, a, m));
      }
      const entry = r.entry;
      if (!follow) {
        return setTimes(atim, mtim, fst_flags, () => fs.lstatSync(entry, { bigint: true }), (a, m) => fs.lutimesSync(entry, a, m));
      }
      if (r.stat === null) return wasi.ERRNO_NOENT;
      // Follow: the final object was checked not to be a symlink; open it without following
      // (a swap to a symlink now fails with LOOP) and set the times on the fd.
      const fd = fs.openSync(entry, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK);
      try {
        return setTimes(atim, mtim, fst_flags, () => fs.fstatSync(fd, { bigint: true }), (a, m) => fs.futimesSync(fd, a, m));
      } finally {
        fs.closeSync(fd);
      }
    });
  }

  override path_create_directory(path: string): number {
    if (this.readOnly) return wasi.ERRNO_PERM;
    // mkdir never follows the final component, trailing slash or not ("dangling/": EXIST).
    return this.walkErrno(stripTrailingSlashes(path), false, (r) => {
      if (r.name === null) return wasi.ERRNO_EXIST;
      fs.mkdirSync(r.entry, 0o777);
      return wasi.ERRNO_SUCCESS;
    });
  }

  override path_unlink_file(path: string): number {
    if (this.readOnly) return wasi.ERRNO_PERM;
    return this.walkErrno(path, false, (r) => {
      if (r.name === null) return wasi.ERRNO_ISDIR;
      if (r.mustBeDir) return r.stat === null ? wasi.ERRNO_NOENT : wasi.ERRNO_ISDIR;
      fs.unlinkSync(r.entry);
      return wasi.ERRNO_SUCCESS;
    });
  }

  override path_remove_directory(path: string): number {
    if (this.readOnly) return wasi.ERRNO_PERM;
    return this.walkErrno(path, false, (r) => {
      if (r.name === null) return wasi.ERRNO_INVAL;
      if (r.mustBeDir) return r.stat === null ? wasi.ERRNO_NOENT : wasi.ERRNO_INVAL;
      fs.rmdirSync(r.entry);
      return wasi.ERRNO_SUCCESS;
    });
  }

  /** readlink with the raw bytes of the target (host/bases/node.ts writes them, truncated). */
  readlink(path: string): { ret: number; bytes: Uint8Array | null } {
    return this.walk(path, false, (ret) => ({ ret, bytes: null }), (r) => {
      if (r.name === null) return { ret: wasi.ERRNO_INVAL, bytes: null };
      if (r.mustBeDir) return { ret: r.stat === null ? wasi.ERRNO_NOENT : wasi.ERRNO_INVAL, bytes: null };
      const target = fs.readlinkSync(r.entry, { encoding: "buffer" });
      // wasmtime (cap-std) refuses to hand out an absolute target.
      if (target[0] === 0x2f) return { ret: wasi.ERRNO_PERM, bytes: null };
      return { ret: wasi.ERRNO_SUCCESS, bytes: new Uint8Array(target.buffer, target.byteOffset, target.byteLength) };
    });
  }

  override path_readlink(path: string): { ret: number; data: string | null } {
    const { ret, bytes } = this.readlink(path);
    return { ret, data: bytes === null ? null : new TextDecoder().decode(bytes) };
  }

  /** path_symlink: creates `path` (relative to this directory) pointing at `target`. */
  symlink(target: string, path: string): number {
    if (this.readOnly) return wasi.ERRNO_PERM;
    if (target.length === 0) return wasi.ERRNO_NOENT;
    if (target.includes("\0")) return wasi.ERRNO_INVAL;
    if (target.startsWith("/")) return wasi.ERRNO_PERM;
    return this.walkErrno(path, false, (r) => {
      if (r.name === null) return wasi.ERRNO_EXIST;
      if (r.mustBeDir) return r.stat === null ? wasi.ERRNO_NOENT : wasi.ERRNO_EXIST;
      fs.symlinkSync(target, r.entry);
      return wasi.ERRNO_SUCCESS;
    });
  }

  /** path_link: a hard link `newPath` in `newDir` to `oldPath` here (never follows). */
  link(lookupFlags: number, oldPath: string, newDir: OpenNodeDirectory, newPath: string): number {
    if (this.readOnly || newDir.readOnly) return wasi.ERRNO_PERM;
    if ((lookupFlags & LOOKUP_SYMLINK_FOLLOW) !== 0) return wasi.ERRNO_INVAL;
    return this.walkErrno(oldPath, false, (from) => {
      if (from.name === null) return wasi.ERRNO_PERM;
      if (from.mustBeDir) return from.stat === null ? wasi.ERRNO_NOENT : wasi.ERRNO_PERM;
      return newDir.walkErrno(newPath, false, (to) => {
        if (to.name === null) return wasi.ERRNO_EXIST;
        if (to.mustBeDir) return to.stat === null ? wasi.ERRNO_NOENT : wasi.ERRNO_EXIST;
        fs.linkSync(from.entry, to.entry);
        return wasi.ERRNO_SUCCESS;
      });
    });
  }

  /** path_rename: `oldPath` here becomes `newPath` in `newDir` (rename(2), never follows). */
  rename(oldPath: string, newDir: OpenNodeDirectory, newPath: string): number {
    if (this.readOnly || newDir.readOnly) return wasi.ERRNO_PERM;
    const oldDirRequired = oldPath.endsWith("/");
    return this.walkErrno(stripTrailingSlashes(oldPath), false, (from) => {
      if (from.name === null) return wasi.ERRNO_BUSY;
      if (oldDirRequired && !fs.lstatSync(from.entry).isDirectory()) return wasi.ERRNO_NOTDIR;
      return newDir.walkErrno(stripTrailingSlashes(newPath), false, (to) => {
        if (to.name === null) return wasi.ERRNO_BUSY;
        fs.renameSync(from.entry, to.entry);
        return wasi.ERRNO_SUCCESS;
      });
    });
  }
}

// NodeDescription is its base (see ../description.ts for why this is not `extends`).
adopt(OpenNodeDirectory, DirectoryDescription);

/** A preopened directory: what `fd_prestat_get` announces to the guest as `name`. */
export class PreopenNodeDirectory extends OpenNodeDirectory {
  readonly prestatName: string;

  /**
   * Opens `hostDir` (must be a directory; symlinks to one are resolved once, here).
   * `readOnly`: refuse every change below it with EPERM (wasmtime's read-only preopen); the
   * rights announced stay the same, as in wasmtime, so that wasi-libc still asks for FD_WRITE
   * on open(O_RDWR) and gets EPERM instead of a quietly read-only fd.
   */
  constructor(hostDir: string, name: string, rightsBase: bigint = RIGHTS_DIRECTORY_BASE, rightsInheriting: bigint = RIGHTS_ALL, readOnly = false) {
    const real = fs.realpathSync.native(hostDir);
    const fd = fs.openSync(real, DIR_OPEN_FLAGS);
    super(fd, real, real, null, rightsBase, rightsInheriting, 0);
    this.prestatName = name;
    this.readOnly = readOnly;
  }

  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } {
    return { ret: wasi.ERRNO_SUCCESS, prestat: wasi.Prestat.dir(this.prestatName) };
  }
}
