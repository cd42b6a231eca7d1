// The path functions of Python's os module ("Files and Directories"): stat, lstat, listdir,
// scandir, mkdir, rmdir, unlink/remove, rename/replace, symlink, readlink.
//
// Paths resolve against the preopens as wasi-libc does (path.ts): the longest preopen prefix
// wins, the rest is passed to the path_* import unchanged (trailing slashes included), so what
// a trailing slash or a symlink in the middle means is the host's answer, as in any wasi-libc
// program. Errors are values (error.ts); ENOTCAPABLE (a path escaping its preopen) becomes EPERM,
// wasmtime's answer, as open() does.
import {
  path_filestat_get, path_create_directory, path_remove_directory, path_unlink_file, path_rename,
  path_symlink, path_readlink, fd_readdir, fd_close, errno, FILESTAT, FILETYPE, DIRENT, LOOKUP_SYMLINK_FOLLOW,
} from "./wasi/preview1";
import { fd_mode_get, fd_chmod } from "./wasi/ext";
import { OUT, OUT2, PATH_BUF, PATH_BUF2, PATH_MAX } from "./scratch";
import { reset, setOSError, setError, ErrorKind, last_error } from "./error";
import { resolve, resolvedLen, getCwd, setCwd } from "./path";
import { openRaw, hasNul, UMASK } from "./open";
import { stat_result, fromFilestat } from "./stat";
import { O_RDONLY, O_DIRECTORY, S_IFMT } from "./constants";

/** ENOTCAPABLE never escapes: a path leaving its preopen is EPERM (wasmtime), as in open(). */
function pathErrno(e: i32): i32 { return e == errno.ENOTCAPABLE ? errno.EPERM : e; }

/** Cleared after the host's first ENOSYS for fd_mode_get / fd_chmod (node-wasi, wasmer): later calls skip the open. */
let modeGetWorks = true;
let chmodWorks = true;

/**
 * Checks a path argument and resolves it into buf; the directory fd, or -1 with the error set
 * (ValueError for an embedded NUL, as Python; ENOENT for "" or no matching preopen).
 */
function start(func: string, path: string, buf: usize = PATH_BUF): i32 {
  if (hasNul(path)) { setError(func, ErrorKind.ValueError); return -1; }
  const dir = resolve(path, buf);
  if (dir < 0) { setOSError(func, -dir); return -1; }
  return dir;
}

function statImpl(func: string, path: string, follow: bool): stat_result | null {
  reset();
  const dir = start(func, path);
  if (dir < 0) return null;
  const e = <i32>path_filestat_get(<u32>dir, follow ? LOOKUP_SYMLINK_FOLLOW : 0, PATH_BUF, resolvedLen, OUT);
  if (e != 0) { setOSError(func, pathErrno(e)); return null; }
  const r = fromFilestat(OUT);
  const type = load<u8>(OUT + FILESTAT.FILETYPE);
  if (type == FILETYPE.SYMBOLIC_LINK) {
    r.st_mode |= 0o777; // Linux symlinks are always lrwxrwxrwx
  } else if ((type == FILETYPE.REGULAR_FILE || type == FILETYPE.DIRECTORY) && modeGetWorks) {
    // preview1's filestat has no permission bits: open the object itself (read-only, never
    // creating) and ask the extension's fd_mode_get.
    // Cost: path_open + fd_mode_get + fd_close on top of path_filestat_get. Other types (devices,
    // sockets, FIFOs) are never opened (opening can block or have effects): type bits only.
    // (Not a symlink: following or not is the same lookup, so no O_NOFOLLOW and its extra check.)
    const flags = O_RDONLY | (type == FILETYPE.DIRECTORY ? O_DIRECTORY : 0);
    const fd = openRaw(path, flags);
    if (fd >= 0) {
      const m = fd_mode_get(<u32>fd, OUT2);
      if (m == 0) r.st_mode = (r.st_mode & S_IFMT) | (load<i32>(OUT2) & 0o7777);
      else if (m == errno.ENOSYS) modeGetWorks = false;
      fd_close(<u32>fd);
    }
  }
  return r;
}

/**
 * os.stat(path, follow_symlinks=True): a stat_result, or null. The type, size, nlink, ino, dev
 * and times come from path_filestat_get; the permission bits of a regular file or directory from
 * opening it read-only and asking fd_mode_get (three more calls; skipped for good once the host
 * answers ENOSYS: node-wasi and wasmer then report the type bits only, as fstat does). A symlink
 * (lstat, or follow_symlinks=false) is 0o120777, as on Linux. st_uid/st_gid are 0.
 */
export function stat(path: string, follow_symlinks: bool = true): stat_result | null {
  return statImpl("stat", path, follow_symlinks);
}

/** os.lstat(path): stat() without following a final symbolic link. */
export function lstat(path: string): stat_result | null {
  return statImpl("lstat", path, false);
}

/** One entry of scandir(): Python's os.DirEntry (without the cached stat). */
export class DirEntry {
  constructor(
    /** The entry's name. */
    public name: string,
    /** The scandir path joined with the name ("./a.txt" for scandir(".")), as Python's DirEntry.path. */
    public path: string,
    /** d_ino from fd_readdir (0 on hosts that do not know it). */
    public ino: u64,
    /** The WASI filetype fd_readdir reported (FILETYPE.*; UNKNOWN on hosts that do not know it). */
    public d_type: u8,
  ) {}

  /** Is it a symbolic link? (lstat when the host did not say.) */
  is_symlink(): bool {
    if (this.d_type != FILETYPE.UNKNOWN) return this.d_type == FILETYPE.SYMBOLIC_LINK;
    const st = lstat(this.path);
    return st !== null && (st.st_mode & S_IFMT) == 0o120000;
  }

  /** Is it a directory (following a symlink unless follow_symlinks is false)? Errors read as false, as Python. */
  is_dir(follow_symlinks: bool = true): bool { return this.isType(FILETYPE.DIRECTORY, 0o040000, follow_symlinks); }

  /** Is it a regular file (following a symlink unless follow_symlinks is false)? */
  is_file(follow_symlinks: bool = true): bool { return this.isType(FILETYPE.REGULAR_FILE, 0o100000, follow_symlinks); }

  private isType(t: u8, ifmt: i32, follow: bool): bool {
    if (this.d_type != FILETYPE.UNKNOWN && (this.d_type != FILETYPE.SYMBOLIC_LINK || !follow)) return this.d_type == t;
    const st = follow ? stat(this.path) : lstat(this.path);
    reset(); // Python's DirEntry.is_dir() swallows the error
    return st !== null && (st.st_mode & S_IFMT) == ifmt;
  }
}

/**
 * Reads every entry of the directory at path, "." and ".." left out, in the directory's order
 * (fd_readdir's). Adds to names and, if entries is given, to entries. Returns false with the
 * error set (under func) when the path cannot be opened as a directory or read.
 */
function readDirectory(func: string, path: string, names: string[], entries: DirEntry[] | null): bool {
  reset();
  if (hasNul(path)) { setError(func, ErrorKind.ValueError); return false; }
  const fd = openRaw(path, O_RDONLY | O_DIRECTORY);
  if (fd < 0) { setOSError(func, -fd); return false; }
  let size = 4096;
  let buf = new Uint8Array(size);
  let cookie: u64 = 0;
  const prefix = path.endsWith("/") ? path : path + "/";
  for (;;) {
    const e = <i32>fd_readdir(<u32>fd, buf.dataStart, size, cookie, OUT2);
    if (e != 0) { fd_close(<u32>fd); setOSError(func, pathErrno(e)); return false; }
    const used = <i32>load<u32>(OUT2);
    const p = buf.dataStart;
    let off = 0;
    let whole = 0;
    while (off + <i32>DIRENT.SIZE <= used) {
      const nameLen = <i32>load<u32>(p + off + DIRENT.NAMLEN);
      if (off + <i32>DIRENT.SIZE + nameLen > used) break; // cut by the end of the buffer
      const name = String.UTF8.decodeUnsafe(p + off + DIRENT.SIZE, nameLen);
      if (name != "." && name != "..") {
        names.push(name);
        if (entries !== null) {
          entries.push(new DirEntry(name, prefix + name, load<u64>(p + off + DIRENT.INO), load<u8>(p + off + DIRENT.TYPE)));
        }
      }
      cookie = load<u64>(p + off + DIRENT.NEXT);
      off += <i32>DIRENT.SIZE + nameLen;
      whole++;
    }
    if (used < size) break; // the host had no more
    if (whole == 0) {
      // One entry longer than the buffer: grow (names are at most PATH_MAX bytes).
      if (size > PATH_MAX * 4) { fd_close(<u32>fd); setOSError(func, errno.EIO); return false; }
      size *= 2;
      buf = new Uint8Array(size);
    }
  }
  fd_close(<u32>fd);
  return true;
}

/**
 * os.listdir(path="."): the names in the directory, without "." and "..", in the directory's
 * order (the host's fd_readdir order, which is what CPython gives too: unsorted). Errors:
 * ENOENT, ENOTDIR (a file), EPERM (outside every preopen).
 */
export function listdir(path: string = "."): string[] | null {
  const names = new Array<string>();
  return readDirectory("listdir", path, names, null) ? names : null;
}

/** os.scandir(path="."): the entries (DirEntry) in the directory's order, or null. */
export function scandir(path: string = "."): DirEntry[] | null {
  const names = new Array<string>();
  const entries = new Array<DirEntry>();
  return readDirectory("scandir", path, names, entries) ? entries : null;
}

/**
 * os.mkdir(path, mode=0o777): true, or false. The new directory's permission bits become
 * mode & ~UMASK (0o022) & 0o1777, as Linux mkdir(2) does, set through the extension's fd_chmod
 * on a read-only open of the new directory (path_open + fd_chmod + fd_close after
 * path_create_directory). Hosts that cannot store modes (ENOSYS: node-wasi, wasmer) keep their
 * own default, silently: the directory was made. Errors: EEXIST, ENOENT (missing parent), ENOTDIR.
 */
export function mkdir(path: string, mode: i32 = 0o777): bool {
  reset();
  const dir = start("mkdir", path);
  if (dir < 0) return false;
  const e = <i32>path_create_directory(<u32>dir, PATH_BUF, resolvedLen);
  if (e != 0) { setOSError("mkdir", pathErrno(e)); return false; }
  if (chmodWorks) {
    const fd = openRaw(path, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
      if (fd_chmod(<u32>fd, mode & ~UMASK & 0o1777) == errno.ENOSYS) chmodWorks = false;
      fd_close(<u32>fd);
    }
  }
  return true;
}

/** os.rmdir(path): true, or false. Errors: ENOENT, ENOTDIR (not a directory), ENOTEMPTY. */
export function rmdir(path: string): bool {
  reset();
  const dir = start("rmdir", path);
  if (dir < 0) return false;
  // Linux: rmdir("d/") removes d. preview1 hosts (wasmtime, our node base) refuse the slash.
  const e = <i32>path_remove_directory(<u32>dir, PATH_BUF, stripSlashes(PATH_BUF, resolvedLen));
  if (e != 0) { setOSError("rmdir", pathErrno(e)); return false; }
  return true;
}

/** The length of the path in `buf` without trailing slashes (a lone "/" stays). */
function stripSlashes(buf: usize, len: i32): i32 {
  while (len > 1 && load<u8>(buf + len - 1) == 0x2f) len--;
  return len;
}

function unlinkImpl(func: string, path: string): bool {
  reset();
  const dir = start(func, path);
  if (dir < 0) return false;
  const e = <i32>path_unlink_file(<u32>dir, PATH_BUF, resolvedLen);
  if (e != 0) { setOSError(func, pathErrno(e)); return false; }
  return true;
}

/** os.unlink(path): true, or false. Removes a file or a symlink (not what it points to). Errors: ENOENT, EISDIR. */
export function unlink(path: string): bool { return unlinkImpl("unlink", path); }

/** os.remove(path): the same as unlink. */
export function remove(path: string): bool { return unlinkImpl("remove", path); }

function renameImpl(func: string, src: string, dst: string): bool {
  reset();
  const sdir = start(func, src, PATH_BUF);
  if (sdir < 0) return false;
  const slen = resolvedLen;
  const ddir = start(func, dst, PATH_BUF2);
  if (ddir < 0) return false;
  const dlen = resolvedLen;
  // Linux: a trailing slash on either name says "directory": a non-directory source is ENOTDIR.
  // preview1 hosts disagree about slashes (wasmtime ignores one on the new name), so check
  // here and hand the host plain names.
  const sPlain = stripSlashes(PATH_BUF, slen);
  const dPlain = stripSlashes(PATH_BUF2, dlen);
  if (sPlain != slen || dPlain != dlen) {
    const fe = <i32>path_filestat_get(<u32>sdir, 0, PATH_BUF, sPlain, OUT);
    if (fe != 0) { setOSError(func, pathErrno(fe)); return false; }
    if (load<u8>(OUT + FILESTAT.FILETYPE) != FILETYPE.DIRECTORY) { setOSError(func, errno.ENOTDIR); return false; }
  }
  const e = <i32>path_rename(<u32>sdir, PATH_BUF, sPlain, <u32>ddir, PATH_BUF2, dPlain);
  if (e != 0) { setOSError(func, pathErrno(e)); return false; }
  return true;
}

/**
 * os.rename(src, dst): true, or false. Replaces a file dst, or an empty directory dst when src
 * is a directory. Errors: ENOENT, EISDIR (file over a directory), ENOTDIR (directory over a
 * file), ENOTEMPTY, EXDEV (two preopens on different file systems).
 */
export function rename(src: string, dst: string): bool { return renameImpl("rename", src, dst); }

/** os.replace(src, dst): the same as rename (Linux rename always replaces). */
export function replace(src: string, dst: string): bool { return renameImpl("replace", src, dst); }

/**
 * os.symlink(src, dst): true, or false. Creates the symbolic link dst whose target is the
 * string src, stored as given (not resolved: a relative target is relative to dst's folder).
 * Errors: EEXIST, ENOENT (missing parent); hosts without symlinks answer ENOTSUP/ENOSYS.
 */
export function symlink(src: string, dst: string): bool {
  reset();
  if (hasNul(src)) { setError("symlink", ErrorKind.ValueError); return false; }
  const dir = start("symlink", dst);
  if (dir < 0) return false;
  const n = String.UTF8.byteLength(src);
  if (n >= PATH_MAX) { setOSError("symlink", errno.ENAMETOOLONG); return false; }
  if (n == 0) { setOSError("symlink", errno.ENOENT); return false; } // Linux: an empty target is ENOENT
  String.UTF8.encodeUnsafe(changetype<usize>(src), src.length, PATH_BUF2, false);
  const e = <i32>path_symlink(PATH_BUF2, n, <u32>dir, PATH_BUF, resolvedLen);
  if (e != 0) { setOSError("symlink", pathErrno(e)); return false; }
  return true;
}

/** os.readlink(path): the symlink's target as stored, or null. Errors: EINVAL (not a symlink), ENOENT. */
export function readlink(path: string): string | null {
  reset();
  const dir = start("readlink", path);
  if (dir < 0) return null;
  let size = 256;
  let buf = new Uint8Array(size);
  let used = 0;
  while (true) {
    const e = <i32>path_readlink(<u32>dir, PATH_BUF, resolvedLen, buf.dataStart, size, OUT2);
    // uvwasi (node-wasi) answers ENOBUFS instead of cutting a target longer than the buffer.
    if (e == errno.ENOBUFS && size <= PATH_MAX) { size *= 4; buf = new Uint8Array(size); continue; }
    if (e != 0) { setOSError("readlink", pathErrno(e)); return null; }
    used = <i32>load<u32>(OUT2);
    // A full buffer may be a cut target: ask again with more room (targets are < PATH_MAX).
    if (used < size || size > PATH_MAX) break;
    size *= 4;
    buf = new Uint8Array(size);
  }
  return String.UTF8.decodeUnsafe(buf.dataStart, used);
}

/** "/a/b/../c/." -> "/a/c": the lexical normalization a shell's `cd` and wasi-libc's chdir use. */
function normalize(path: string): string {
  const parts = new Array<string>();
  const given = path.split("/");
  for (let i = 0; i < given.length; i++) {
    const p = given[i];
    if (p.length == 0 || p == ".") continue;
    if (p == "..") { if (parts.length > 0) parts.pop(); }
    else parts.push(p);
  }
  return "/" + parts.join("/");
}

/**
 * os.chdir(path): true, or false. Relative paths in every later call are joined to the new
 * working directory (kept in the guest, as wasi-libc does: preview1 has no cwd). Errors:
 * ENOENT, ENOTDIR (not a directory).
 */
export function chdir(path: string): bool {
  const abs = normalize(path.charCodeAt(0) == 0x2f ? path : getCwd() + "/" + path);
  const st = stat(abs);
  if (st === null) { setOSError("chdir", last_error().errno); return false; }
  if ((st.st_mode & S_IFMT) != 0o040000) { setOSError("chdir", errno.ENOTDIR); return false; }
  setCwd(abs);
  return true;
}

/** os.getcwd(): the working directory ("/" until os.chdir). */
export function getcwd(): string { reset(); return getCwd(); }
