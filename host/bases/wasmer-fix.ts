/**
 * Corrections for @wasmer/wasi 1.2.2, applied around its own preview1 imports (inside the
 * base, as node-wasi's `fixFdstatFlags` is), so the adapter above sees a base that behaves
 * like Linux wherever that can be done soundly. Everything here was measured on 1.2.2
 * (tests/wasmer.test.ts keeps one test per correction).
 *
 * What wasmer does, and what this wrapper does about it:
 *
 * - One handle per file, shared by every fd on it. wasmer keeps a single MemFS handle in the
 *   file's inode: each `path_open` of the file replaces it (with the new open's read mode and
 *   append mode), and `fd_close` of ANY fd on the file drops it, after which the other fds
 *   answer EINVAL (`closerange`, `truncate` by path). So: a base fd whose file still has other
 *   open fds is not closed in wasmer until the last of them closes (the guest's fd is gone at
 *   once; the base fd lingers, unreachable); every open asks wasmer for FD_READ (so the shared
 *   handle can always read) and never for FDFLAGS.APPEND (append is done here).
 * - Rights are ignored: the fdstat reports every right, O_RDONLY fds write, wrong-mode reads
 *   give EPERM. The rights the guest asked for are kept here, enforced (EBADF, as Linux and
 *   wasmtime answer for a wrong access mode) and reported by fd_fdstat_get.
 * - Positions: wasmer stores any seek result (negative ones too) and its MemFS, built for
 *   wasm32, truncates a seek position to 32 bits (a read at 2**40 reads at 0). The position of
 *   every regular-file fd is kept here; reads and writes go to wasmer as fd_pread/fd_pwrite at
 *   that position; fd_seek/fd_tell are answered here (EINVAL for a negative result).
 * - Writes insert instead of overwriting, and a write past the end appends with no hole. A
 *   write at the end is wasmer's own (insert at the end is an append). A write past the end
 *   first grows the file (fd_filestat_set_size zero-fills), then appends. A write inside the
 *   file takes the old bytes from the position on out through the MemFS JS API (by the file's
 *   path: `fs.open(path).seek/read/setLength`), appends the new bytes with wasmer's fd_pwrite,
 *   and puts back what the new bytes did not cover. That costs a copy of the file's tail on
 *   every write that does not end at or past the end of the file (appends and sequential
 *   writes of a new file cost nothing extra).
 * - fd_filestat_get reports a size cached in wasmer's inode, which O_TRUNC and our JS-side
 *   edits do not update: after those, fd_filestat_set_size(fd, size) refreshes it.
 * - O_TRUNC empties the file but leaves that cached size; fd_allocate sets the size to
 *   offset+len even when that shrinks the file (never called here unless it grows it).
 * - A trailing slash on a regular file is accepted (ENOTDIR here, the fd closed again); a
 *   path through a regular file with O_CREAT gives EINVAL (ENOTDIR here).
 *
 * Paths: the JS API reaches a file by its path only, so each file fd remembers the MemFS path
 * it was opened by (from the directory fd's path and the guest's path, resolved lexically:
 * MemFS has no symlinks). Every rename and unlink goes through this wrapper, so the paths
 * follow `path_rename` (files and directories).
 *
 * Path calls (wasmer-paths.ts has the measurements): mkdir, rmdir, unlink and rename are
 * checked as Linux checks them, through the JS API, before wasmer is called, and reach wasmer
 * only when Linux would go ahead; a folder renamed over an empty folder removes it first (wasmer
 * would keep two entries of one name). A trailing slash on a file's name in path_filestat_get
 * is ENOTDIR. path_symlink never reaches wasmer (what it makes panics wasmer when opened): the
 * checks Linux makes first (EEXIST, ENOENT, ENOTDIR), then ENOTSUP.
 *
 * Unlinked files: wasmer answers EIO (a panic inside) on every fd of a file that was unlinked
 * or replaced by a rename; Linux keeps the data until the last close. So before the path goes,
 * a file with open fds is copied (`Detached`), and its fds are served from that copy from then
 * on (reads, overwriting writes, sizes, fdstat, st_nlink 0), shared as the inode's data is;
 * wasmer only closes them. Cost: one copy of the file, only when it is unlinked while open.
 *
 * Not corrected: wasmer refuses to rename a file that has an open fd (EINVAL: its one handle).
 * Renaming through the JS API instead leaves wasmer's own path cache on the old name, so the
 * wrapper refuses with EBUSY (declared in docs/conformance.md). Files end below 4 GiB (EFBIG
 * beyond, the base's `maxFileSize`).
 *
 * Exceptions: every fd_* and path_* import is wrapped so that a JS exception (the MemFS JS API
 * throws, wasmer panics) becomes an errno (EFAULT for a RangeError, else EIO), never a trap.
 *
 * Guest memory: only what the guest passed to the same call is touched (its iovecs are read
 * to learn a write's length; its out-pointers receive results).
 */
import type { MemFS } from "@wasmer/wasi";
import { Errno } from "../../src/errno.ts";
import type { WasiImports } from "./types.ts";
import { mkdirError, renameError, resolvePath, rmdirError, symlinkError, unlinkError, type Kind, type Resolved } from "./wasmer-paths.ts";

const RIGHT_FD_READ = 1n << 1n;
const RIGHT_FD_WRITE = 1n << 6n;
const RIGHT_FD_ALLOCATE = 1n << 8n;
const RIGHT_FD_FILESTAT_SET_SIZE = 1n << 22n;
const FDFLAG_APPEND = 1;
const OFLAG_TRUNC = 8;
const WHENCE_SET = 0;
const WHENCE_CUR = 1;
const WHENCE_END = 2;
const I64_MAX = (1n << 63n) - 1n;
const FILETYPE_DIRECTORY = 3;
const FILETYPE_REGULAR_FILE = 4;
/**
 * What a detached file's fd (see `Detached`) answers for the calls that have no detached branch
 * of their own: no-ops succeed, directory calls are ENOTDIR (Linux: a file fd as a directory).
 */
const DETACHED_ANSWERS: Readonly<Record<string, number>> = {
  fd_advise: Errno.ESUCCESS,
  fd_datasync: Errno.ESUCCESS,
  fd_sync: Errno.ESUCCESS,
  fd_filestat_set_times: Errno.ESUCCESS,
  fd_readdir: Errno.ENOTDIR,
  fd_prestat_get: Errno.EBADF,
  fd_prestat_dir_name: Errno.EBADF,
  path_create_directory: Errno.ENOTDIR,
  path_filestat_get: Errno.ENOTDIR,
  path_filestat_set_times: Errno.ENOTDIR,
  path_link: Errno.ENOTDIR,
  path_open: Errno.ENOTDIR,
  path_readlink: Errno.ENOTDIR,
  path_remove_directory: Errno.ENOTDIR,
  path_rename: Errno.ENOTDIR,
  path_unlink_file: Errno.ENOTDIR,
};

/**
 * MemFS lives in wasmer's wasm32 memory, holds a file in one buffer (a hole costs its size) and
 * its seeks are 32-bit. That memory never shrinks and is shared by every instance in the process:
 * a 2 GiB file left later runs failing (RuntimeError: unreachable, measured with the boundary
 * scenarios), so files stop at 256 MiB (EFBIG beyond, as Linux at s_maxbytes).
 */
export const WASMER_MAX_FILE_SIZE = 1n << 28n;

/** The bytes of an unlinked (or replaced) file that still has open fds, as Linux keeps them. */
interface Detached {
  data: Uint8Array;
  size: number;
}

/** The open fds of one file (wasmer's inode), which share wasmer's one handle for it. */
interface FileGroup {
  /** The MemFS path; undefined once the file was unlinked or replaced by a rename. */
  path: string | undefined;
  /** Set when the path went away while fds were open: those fds are served from here, never by wasmer. */
  detached?: Detached;
  readonly live: Set<number>;
  /** Base fds the guest closed while others were open: closed in wasmer with the last one. */
  readonly closed: number[];
}

interface FileFd {
  readonly kind: "file";
  readonly group: FileGroup;
  /** The rights the guest asked for (wasmer reports and enforces none of them). */
  rights: bigint;
  append: boolean;
  position: bigint;
}

interface DirFd {
  readonly kind: "dir";
  path: string;
}

type Tracked = FileFd | DirFd;

const decoder = new TextDecoder();

/** `base` joined with a relative guest path, resolved lexically; undefined if it climbs out of `base`. */
export function joinPath(base: string, rel: string): string | undefined {
  const parts: string[] = [];
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.pop() === undefined) return undefined;
    } else parts.push(part);
  }
  return parts.length === 0 ? base : `${base}/${parts.join("/")}`;
}

/** `path` with `from` (itself or a folder above it) replaced by `to`; undefined if not under `from`. */
function movedPath(path: string, from: string, to: string): string | undefined {
  if (path === from) return to;
  return path.startsWith(`${from}/`) ? to + path.slice(from.length) : undefined;
}

/**
 * Wraps wasmer's imports. `preopens` maps each preopen's base fd to its MemFS path; `fs` is the
 * instance's MemFS; `memory` gives the guest memory once bound.
 */
export function fixWasmer(
  imports: WasiImports,
  fs: MemFS,
  preopens: ReadonlyMap<number, string>,
  memory: () => WebAssembly.Memory | undefined,
): WasiImports {
  const tracked = new Map<number, Tracked>();
  for (const [fd, path] of preopens) tracked.set(fd, { kind: "dir", path });
  const groups = new Map<string, FileGroup>();

  const base = (name: string, ...args: (number | bigint)[]): number => {
    const fn = imports[name];
    if (fn === undefined) return Errno.ENOSYS;
    const ret = fn(...args);
    return typeof ret === "number" ? ret : Errno.ESUCCESS;
  };
  const view = (): DataView => {
    const mem = memory();
    if (mem === undefined) throw new Error("wasi-os: wasmer base used before bind()");
    return new DataView(mem.buffer);
  };
  const bytes = (): Uint8Array => new Uint8Array(view().buffer);
  const file = (fd: number | bigint): FileFd | undefined => {
    const t = tracked.get(Number(fd));
    return t?.kind === "file" ? t : undefined;
  };
  const kindOf = (path: string): Kind | undefined => {
    try {
      const meta = fs.metadata(path) as { filetype: Kind };
      return meta.filetype;
    } catch {
      return undefined;
    }
  };
  /** The file's current size through the JS API (or its detached copy); undefined when its path is gone. */
  const sizeOf = (f: FileFd): bigint | undefined => {
    if (f.group.detached !== undefined) return BigInt(f.group.detached.size);
    if (f.group.path === undefined) return undefined;
    try {
      const h = fs.open(f.group.path, { read: true, write: false });
      try {
        return h.size();
      } finally {
        h.free();
      }
    } catch {
      return undefined;
    }
  };
  const iovLength = (iovs: number, count: number): bigint => {
    const v = view();
    let n = 0n;
    for (let k = 0; k < count; k++) n += BigInt(v.getUint32(iovs + k * 8 + 4, true));
    return n;
  };

  /** A copy of the file's bytes, taken before its path goes away; undefined if it cannot be read. */
  const snapshot = (g: FileGroup | undefined): Uint8Array | undefined => {
    if (g === undefined || g.path === undefined || g.live.size === 0) return undefined;
    try {
      const h = fs.open(g.path, { read: true, write: false });
      try {
        return h.read();
      } finally {
        h.free();
      }
    } catch {
      return undefined;
    }
  };
  /** The file's path is gone (unlinked, replaced): its fds go on with `bytes`, as Linux keeps an open file's data. */
  const detach = (g: FileGroup, bytes: Uint8Array | undefined): void => {
    if (g.path !== undefined && groups.get(g.path) === g) groups.delete(g.path);
    g.path = undefined;
    if (bytes !== undefined) g.detached = { data: bytes, size: bytes.length };
  };
  /**
   * wasmer's fd_pread with several iovecs reads the iovec array lazily while it writes results,
   * so an nread pointer the guest placed over its own iovecs redirects later copies (found by
   * tests/fuzz.test.ts, FUZZ_SEED=4: bytes written at the address the first count landed on).
   * Linux reads every iovec before it writes anything: so the iovecs are read here first, and
   * wasmer gets one at a time, each rewritten into the guest's own iovec slot just before its
   * call; the array's original bytes go back at the end, then the total count.
   */
  /** The bytes `count` iovecs at `iovs` ask for. */
  function iovecTotal(iovs: number, count: number): bigint {
    let n = 0n;
    for (let k = 0; k < count; k++) n += BigInt(view().getUint32(iovs + k * 8 + 4, true));
    return n;
  }

  function preadEach(fd: number | bigint, iovs: number, count: number, offset: bigint, nreadPtr: number): number {
    const original = bytes().slice(iovs, iovs + count * 8);
    const vecs = new DataView(original.buffer);
    let total = 0;
    let ret: number = Errno.ESUCCESS;
    for (let k = 0; k < count; k++) {
      const len = vecs.getUint32(k * 8 + 4, true);
      if (len === 0) continue;
      bytes().set(original.subarray(k * 8, k * 8 + 8), iovs + k * 8);
      ret = base("fd_pread", fd, iovs + k * 8, 1, offset + BigInt(total), nreadPtr);
      if (ret !== Errno.ESUCCESS) break;
      const n = view().getUint32(nreadPtr, true);
      total += n;
      if (n < len) break;
    }
    bytes().set(original, iovs);
    if (ret !== Errno.ESUCCESS && total === 0) return ret;
    view().setUint32(nreadPtr, total, true);
    return Errno.ESUCCESS;
  }

  /** fd_read/fd_pread on a detached file: copies from its bytes at `pos` into the call's iovecs. */
  const detachedRead = (d: Detached, iovs: number, count: number, pos: bigint, nreadPtr: number): number => {
    const v = view();
    const mem = new Uint8Array(v.buffer);
    let at = pos;
    let n = 0;
    for (let k = 0; k < count && at < BigInt(d.size); k++) {
      const ptr = v.getUint32(iovs + k * 8, true);
      const len = v.getUint32(iovs + k * 8 + 4, true);
      const take = Math.min(len, d.size - Number(at));
      mem.set(d.data.subarray(Number(at), Number(at) + take), ptr);
      at += BigInt(take);
      n += take;
    }
    v.setUint32(nreadPtr, n, true);
    return Errno.ESUCCESS;
  };
  /** Sets a detached file's size (zero-filling growth). */
  const detachedResize = (d: Detached, size: number): void => {
    if (size > d.data.length) {
      const grown = new Uint8Array(Math.max(size, Math.min(d.data.length * 2, Number(WASMER_MAX_FILE_SIZE))));
      grown.set(d.data.subarray(0, d.size));
      d.data = grown;
    } else if (size < d.size) d.data.fill(0, size, d.size);
    d.size = size;
  };
  /** fd_write/fd_pwrite on a detached file: overwrites (and extends) its bytes at `pos`. */
  const detachedWrite = (d: Detached, iovs: number, count: number, pos: bigint, nwrittenPtr: number): [number, bigint] => {
    const len = iovLength(iovs, count);
    if (pos + len > WASMER_MAX_FILE_SIZE) return [Errno.EFBIG, 0n];
    const v = view();
    const mem = new Uint8Array(v.buffer);
    const end = Number(pos + len);
    if (end > d.size) detachedResize(d, end);
    let at = Number(pos);
    for (let k = 0; k < count; k++) {
      const ptr = v.getUint32(iovs + k * 8, true);
      const n = v.getUint32(iovs + k * 8 + 4, true);
      d.data.set(mem.subarray(ptr, ptr + n), at);
      at += n;
    }
    v.setUint32(nwrittenPtr, Number(len), true);
    return [Errno.ESUCCESS, len];
  };

  /**
   * Writes the call's iovecs at `pos` with overwrite semantics (see the file comment); the
   * count goes to `nwrittenPtr`. Returns an errno and the count written.
   */
  const writeAt = (fd: number, f: FileFd, iovs: number, count: number, pos: bigint, nwrittenPtr: number): [number, bigint] => {
    if (f.group.detached !== undefined) return detachedWrite(f.group.detached, iovs, count, pos, nwrittenPtr);
    const size = sizeOf(f);
    const path = f.group.path;
    if (size === undefined || path === undefined) {
      // Stale (unlinked or replaced): wasmer's own behaviour.
      const r = base("fd_pwrite", fd, iovs, count, pos, nwrittenPtr);
      return [r, r === 0 ? BigInt(view().getUint32(nwrittenPtr, true)) : 0n];
    }
    const len = iovLength(iovs, count);
    if (pos + len > WASMER_MAX_FILE_SIZE) return [Errno.EFBIG, 0n];
    let tail: Uint8Array | undefined;
    if (pos > size) {
      const r = base("fd_filestat_set_size", fd, pos);
      if (r !== 0) return [r, 0n];
    } else if (pos < size && len > 0n) {
      const h = fs.open(path, { read: true, write: true });
      try {
        h.seek(Number(pos));
        tail = h.read();
        h.setLength(pos);
      } finally {
        h.free();
      }
    }
    // Now the file ends at pos: wasmer's insert there is an append.
    const r = base("fd_pwrite", fd, iovs, count, pos, nwrittenPtr);
    const written = r === 0 ? BigInt(view().getUint32(nwrittenPtr, true)) : 0n;
    let end = pos + written;
    if (tail !== undefined) {
      const rest = tail.subarray(Math.min(Number(written), tail.length));
      if (rest.length > 0) {
        const h = fs.open(path, { read: true, write: true });
        try {
          h.seek(Number(end));
          h.write(rest);
        } finally {
          h.free();
        }
      }
      end += BigInt(rest.length);
    }
    // Refresh wasmer's cached st_size (our JS-side edits and its inserts do not update it).
    base("fd_filestat_set_size", fd, end > size ? end : size);
    return [r, written];
  };

  const closeBase = (fd: number): number => base("fd_close", fd);

  const fixed: WasiImports = {
    ...imports,

    path_open(dirfd, dirflags, pathPtr, pathLen, oflags, rightsBase, rightsInh, fdflags, openedPtr) {
      const dir = tracked.get(Number(dirfd));
      const rights = BigInt(rightsBase);
      const flags = Number(fdflags);
      const ret = base(
        "path_open", dirfd, dirflags, pathPtr, pathLen, oflags, rights | RIGHT_FD_READ, rightsInh,
        flags & ~FDFLAG_APPEND, openedPtr,
      );
      if (dir?.kind !== "dir") return ret; // not a directory we know: wasmer's answer as is
      const p = Number(pathPtr) >>> 0;
      const rel = decoder.decode(new Uint8Array(view().buffer, p, Number(pathLen) >>> 0));
      const path = joinPath(dir.path, rel);
      if (ret !== Errno.ESUCCESS) {
        // A path through a regular file is ENOTDIR on Linux (wasmer: EINVAL with O_CREAT).
        if (path !== undefined && ret !== Errno.ENOTDIR) {
          const parts = path.slice(dir.path.length + 1).split("/");
          let prefix = dir.path;
          for (const part of parts.slice(0, -1)) {
            prefix = `${prefix}/${part}`;
            const k = kindOf(prefix);
            if (k === undefined) break;
            if (!k.dir) return Errno.ENOTDIR;
          }
        }
        return ret;
      }
      const fd = view().getUint32(Number(openedPtr) >>> 0, true);
      const kind = path === undefined ? undefined : kindOf(path);
      if (path === undefined || kind === undefined) return ret; // cannot follow it: untracked
      if (kind.dir) {
        tracked.set(fd, { kind: "dir", path });
        return ret;
      }
      if (rel.endsWith("/")) {
        closeBase(fd);
        return Errno.ENOTDIR;
      }
      let group = groups.get(path);
      if (group === undefined) {
        group = { path, live: new Set(), closed: [] };
        groups.set(path, group);
      }
      group.live.add(fd);
      tracked.set(fd, { kind: "file", group, rights, append: (flags & FDFLAG_APPEND) !== 0, position: 0n });
      // wasmer emptied the file but its cached st_size is the old one.
      if (Number(oflags) & OFLAG_TRUNC) base("fd_filestat_set_size", fd, 0n);
      return ret;
    },

    fd_close(fd) {
      const t = tracked.get(Number(fd));
      tracked.delete(Number(fd));
      if (t?.kind !== "file") return base("fd_close", fd);
      const g = t.group;
      g.live.delete(Number(fd));
      if (g.live.size > 0) {
        g.closed.push(Number(fd)); // closing it in wasmer would break the other fds on the file
        return Errno.ESUCCESS;
      }
      for (const other of g.closed.splice(0)) closeBase(other);
      if (g.path !== undefined && groups.get(g.path) === g) groups.delete(g.path);
      return closeBase(Number(fd));
    },

    fd_fdstat_get(fd, ptr) {
      const f = file(fd);
      const v = view();
      const at = Number(ptr) >>> 0;
      if (f?.group.detached !== undefined) {
        v.setUint8(at, FILETYPE_REGULAR_FILE);
        v.setUint16(at + 2, f.append ? FDFLAG_APPEND : 0, true);
        v.setBigUint64(at + 8, f.rights, true);
        v.setBigUint64(at + 16, 0n, true);
        return Errno.ESUCCESS;
      }
      const ret = base("fd_fdstat_get", fd, ptr);
      if (ret !== Errno.ESUCCESS || f === undefined) return ret;
      const flags = v.getUint16(at + 2, true) & ~FDFLAG_APPEND;
      v.setUint16(at + 2, f.append ? flags | FDFLAG_APPEND : flags, true);
      v.setBigUint64(at + 8, f.rights, true);
      return ret;
    },

    fd_fdstat_set_flags(fd, flags) {
      const f = file(fd);
      if (f === undefined) return base("fd_fdstat_set_flags", fd, flags);
      const ret = f.group.detached !== undefined ? Errno.ESUCCESS : base("fd_fdstat_set_flags", fd, Number(flags) & ~FDFLAG_APPEND);
      if (ret === Errno.ESUCCESS) f.append = (Number(flags) & FDFLAG_APPEND) !== 0;
      return ret;
    },

    fd_fdstat_set_rights(fd, rightsBase, rightsInh) {
      const f = file(fd);
      const ret = f?.group.detached !== undefined ? Errno.ESUCCESS : base("fd_fdstat_set_rights", fd, rightsBase, rightsInh);
      if (ret === Errno.ESUCCESS && f !== undefined) f.rights &= BigInt(rightsBase);
      return ret;
    },

    fd_read(fd, iovs, count, nreadPtr) {
      const f = file(fd);
      if (f === undefined) return base("fd_read", fd, iovs, count, nreadPtr);
      if ((f.rights & RIGHT_FD_READ) === 0n) return Errno.EBADF;
      if (f.position > WASMER_MAX_FILE_SIZE) {
        view().setUint32(Number(nreadPtr) >>> 0, 0, true);
        return Errno.ESUCCESS;
      }
      const d = f.group.detached;
      const ret = d !== undefined
        ? detachedRead(d, Number(iovs) >>> 0, Number(count) >>> 0, f.position, Number(nreadPtr) >>> 0)
        : preadEach(fd, Number(iovs) >>> 0, Number(count) >>> 0, f.position, Number(nreadPtr) >>> 0);
      if (ret === Errno.ESUCCESS) f.position += BigInt(view().getUint32(Number(nreadPtr) >>> 0, true));
      return ret;
    },

    fd_pread(fd, iovs, count, offset, nreadPtr) {
      const f = file(fd);
      if (f === undefined) return base("fd_pread", fd, iovs, count, offset, nreadPtr);
      if ((f.rights & RIGHT_FD_READ) === 0n) return Errno.EBADF;
      // Linux rw_verify_area: offset plus the total count past 2^63-1 is EINVAL.
      if (BigInt.asUintN(64, BigInt(offset)) + iovecTotal(Number(iovs) >>> 0, Number(count) >>> 0) > I64_MAX) return Errno.EINVAL;
      if (BigInt.asUintN(64, BigInt(offset)) > WASMER_MAX_FILE_SIZE) {
        view().setUint32(Number(nreadPtr) >>> 0, 0, true);
        return Errno.ESUCCESS;
      }
      const d = f.group.detached;
      if (d !== undefined) return detachedRead(d, Number(iovs) >>> 0, Number(count) >>> 0, BigInt(offset), Number(nreadPtr) >>> 0);
      return preadEach(fd, Number(iovs) >>> 0, Number(count) >>> 0, BigInt.asUintN(64, BigInt(offset)), Number(nreadPtr) >>> 0);
    },

    fd_write(fd, iovs, count, nwrittenPtr) {
      const f = file(fd);
      if (f === undefined) return base("fd_write", fd, iovs, count, nwrittenPtr);
      if ((f.rights & RIGHT_FD_WRITE) === 0n) return Errno.EBADF;
      const pos = f.append ? sizeOf(f) ?? f.position : f.position;
      const [ret, written] = writeAt(Number(fd), f, Number(iovs) >>> 0, Number(count) >>> 0, pos, Number(nwrittenPtr) >>> 0);
      if (ret === Errno.ESUCCESS) f.position = pos + written;
      return ret;
    },

    fd_pwrite(fd, iovs, count, offset, nwrittenPtr) {
      const f = file(fd);
      if (f === undefined) return base("fd_pwrite", fd, iovs, count, offset, nwrittenPtr);
      if ((f.rights & RIGHT_FD_WRITE) === 0n) return Errno.EBADF;
      const off = BigInt.asIntN(64, BigInt(offset));
      if (off < 0n) return Errno.EINVAL;
      // Linux: pwrite on an O_APPEND fd appends (and the position stays).
      const pos = f.append ? sizeOf(f) ?? off : off;
      return writeAt(Number(fd), f, Number(iovs) >>> 0, Number(count) >>> 0, pos, Number(nwrittenPtr) >>> 0)[0];
    },

    fd_seek(fd, offset, whence, newOffsetPtr) {
      const f = file(fd);
      if (f === undefined) return base("fd_seek", fd, offset, whence, newOffsetPtr);
      let from: bigint | undefined;
      switch (Number(whence)) {
        case WHENCE_SET:
          from = 0n;
          break;
        case WHENCE_CUR:
          from = f.position;
          break;
        case WHENCE_END:
          from = sizeOf(f);
          if (from === undefined) return base("fd_seek", fd, offset, whence, newOffsetPtr);
          break;
        default:
          return Errno.EINVAL;
      }
      const next = from + BigInt.asIntN(64, BigInt(offset));
      if (next < 0n || next > I64_MAX) return Errno.EINVAL;
      f.position = next;
      view().setBigUint64(Number(newOffsetPtr) >>> 0, next, true);
      return Errno.ESUCCESS;
    },

    fd_tell(fd, offsetPtr) {
      const f = file(fd);
      if (f === undefined) return base("fd_tell", fd, offsetPtr);
      view().setBigUint64(Number(offsetPtr) >>> 0, f.position, true);
      return Errno.ESUCCESS;
    },

    fd_allocate(fd, offset, len) {
      const f = file(fd);
      if (f === undefined) return base("fd_allocate", fd, offset, len);
      if ((f.rights & RIGHT_FD_ALLOCATE) === 0n || (f.rights & RIGHT_FD_WRITE) === 0n) return Errno.EBADF;
      const end = BigInt(offset) + BigInt(len);
      if (end > WASMER_MAX_FILE_SIZE) return Errno.EFBIG;
      const size = sizeOf(f);
      if (size !== undefined && end <= size) return Errno.ESUCCESS; // wasmer would shrink it
      if (f.group.detached !== undefined) {
        detachedResize(f.group.detached, Number(end));
        return Errno.ESUCCESS;
      }
      return base("fd_allocate", fd, offset, len);
    },

    fd_filestat_set_size(fd, size) {
      const f = file(fd);
      if (f === undefined) return base("fd_filestat_set_size", fd, size);
      if ((f.rights & RIGHT_FD_FILESTAT_SET_SIZE) === 0n) return Errno.EBADF;
      if (BigInt(size) > WASMER_MAX_FILE_SIZE) return Errno.EFBIG;
      if (f.group.detached !== undefined) {
        detachedResize(f.group.detached, Number(size));
        return Errno.ESUCCESS;
      }
      return base("fd_filestat_set_size", fd, size);
    },

    fd_filestat_get(fd, ptr) {
      const d = file(fd)?.group.detached;
      if (d === undefined) return base("fd_filestat_get", fd, ptr);
      // Linux: an unlinked open file has st_nlink 0. dev, ino and times are not kept (0).
      const v = view();
      const at = Number(ptr) >>> 0;
      new Uint8Array(v.buffer, at, 64).fill(0);
      v.setUint8(at + 16, FILETYPE_REGULAR_FILE);
      v.setBigUint64(at + 32, BigInt(d.size), true);
      return Errno.ESUCCESS;
    },

    path_filestat_get(fd, flags, pathPtr, pathLen, ptr) {
      const ret = base("path_filestat_get", fd, flags, pathPtr, pathLen, ptr);
      if (ret !== Errno.ESUCCESS) return ret;
      // wasmer ignores a trailing slash: "a.txt/" is ENOTDIR on Linux.
      const rel = relAt(pathPtr, pathLen);
      if (/[^/]\/+$/.test(rel) && view().getUint8((Number(ptr) >>> 0) + 16) !== FILETYPE_DIRECTORY) return Errno.ENOTDIR;
      return ret;
    },

    path_create_directory(fd, pathPtr, pathLen) {
      const r = resolveAt(fd, pathPtr, pathLen);
      if (typeof r === "number") return r;
      if (r !== undefined) {
        // wasmer: success on an existing folder, ENOTDIR on a file, and it creates missing parents.
        const e = mkdirError(r);
        if (e !== Errno.ESUCCESS) return e;
      }
      return base("path_create_directory", fd, pathPtr, pathLen);
    },

    path_remove_directory(fd, pathPtr, pathLen) {
      const r = resolveAt(fd, pathPtr, pathLen);
      if (typeof r === "number") return r;
      if (r !== undefined) {
        const e = rmdirError(r);
        if (e !== Errno.ESUCCESS) return e;
      }
      return base("path_remove_directory", fd, pathPtr, pathLen);
    },

    path_symlink(oldPtr, oldLen, fd, newPtr, newLen) {
      // MemFS has no symlinks: wasmer's path_symlink "succeeds", but what it made cannot be
      // listed or stat'ed (EINVAL) and opening it panics wasmer (a wasm `unreachable`, after
      // which every call fails). So wasmer is never asked: after the checks Linux makes before
      // the file system is (an empty target, the path walk, an existing name), ENOTSUP.
      if (Number(oldLen) === 0) return Errno.ENOENT;
      const r = resolveAt(fd, newPtr, newLen);
      if (typeof r === "number") return r;
      if (r !== undefined) {
        const e = symlinkError(r);
        if (e !== Errno.ESUCCESS) return e;
      }
      return Errno.ENOTSUP;
    },

    path_rename(fd, oldPtr, oldLen, newFd, newPtr, newLen) {
      const src = resolveAt(fd, oldPtr, oldLen);
      if (typeof src === "number") return src;
      const dst = resolveAt(newFd, newPtr, newLen);
      if (typeof dst === "number") return dst;
      if (src === undefined || dst === undefined) return base("path_rename", fd, oldPtr, oldLen, newFd, newPtr, newLen);
      const e = renameError(src, dst, isEmptyDir);
      if (e === -1) return Errno.ESUCCESS; // the same name: Linux does nothing
      if (e !== Errno.ESUCCESS) return e;
      // wasmer refuses (EINVAL) to rename a file that has an open fd; EBUSY says why.
      if ((groups.get(src.path)?.live.size ?? 0) > 0) return Errno.EBUSY;
      // A folder over an empty folder: wasmer would leave two entries of one name.
      const overDir = dst.kind?.dir === true;
      if (overDir) {
        const r = base("path_remove_directory", newFd, newPtr, newLen);
        if (r !== Errno.ESUCCESS) return r;
      }
      const replaced = groups.get(dst.path);
      const bytes = snapshot(replaced);
      const ret = base("path_rename", fd, oldPtr, oldLen, newFd, newPtr, newLen);
      if (ret !== Errno.ESUCCESS) {
        if (overDir) base("path_create_directory", newFd, newPtr, newLen);
        return ret;
      }
      const from = src.path;
      const to = dst.path;
      // The file that was at `to` is gone: its fds go on with its bytes.
      if (replaced !== undefined) detach(replaced, bytes);
      for (const [path, g] of [...groups]) {
        const moved = movedPath(path, from, to);
        if (moved === undefined) continue;
        groups.delete(path);
        g.path = moved;
        groups.set(moved, g);
      }
      for (const t of tracked.values()) {
        if (t.kind !== "dir") continue;
        const moved = movedPath(t.path, from, to);
        if (moved !== undefined) t.path = moved;
      }
      return ret;
    },

    path_unlink_file(fd, pathPtr, pathLen) {
      const r = resolveAt(fd, pathPtr, pathLen);
      if (typeof r === "number") return r;
      if (r === undefined) return base("path_unlink_file", fd, pathPtr, pathLen);
      // wasmer unlinks "a.txt/" (Linux: ENOTDIR).
      const e = unlinkError(r);
      if (e !== Errno.ESUCCESS) return e;
      // wasmer answers EIO (a panic inside) on the fds of an unlinked file; Linux keeps its
      // data until the last close, so its fds go on with a copy of the bytes.
      const g = groups.get(r.path);
      const bytes = snapshot(g);
      const ret = base("path_unlink_file", fd, pathPtr, pathLen);
      if (ret === Errno.ESUCCESS && g !== undefined) detach(g, bytes);
      return ret;
    },
  };
  return guarded(fixed);

  /**
   * Every fd_* and path_* import, made safe: a JS exception (from the MemFS JS API or wasmer
   * itself) becomes an errno (EFAULT for a RangeError, else EIO), never a trap in the guest; and
   * the calls not answered above for a detached file (its fds only live here now) never reach
   * wasmer, whose handle for it is dead.
   */
  function guarded(fns: WasiImports): WasiImports {
    const out: WasiImports = {};
    for (const [name, fn] of Object.entries(fns)) {
      if (!name.startsWith("fd_") && !name.startsWith("path_")) {
        out[name] = fn;
        continue;
      }
      const answer = DETACHED_ANSWERS[name];
      out[name] = (...args) => {
        try {
          const first = args[0];
          if (answer !== undefined && first !== undefined && file(first)?.group.detached !== undefined) return answer;
          const ret = fn(...args);
          return typeof ret === "number" ? ret : Errno.ESUCCESS;
        } catch (e) {
          return e instanceof RangeError ? Errno.EFAULT : Errno.EIO;
        }
      };
    }
    return out;
  }

  function relAt(ptr: number | bigint, len: number | bigint): string {
    return decoder.decode(new Uint8Array(view().buffer, Number(ptr) >>> 0, Number(len) >>> 0));
  }

  /**
   * The guest path resolved as Linux would (wasmer-paths.ts); an errno for a failed walk;
   * undefined when `dirfd` is not a directory this wrapper follows (wasmer then answers).
   */
  function resolveAt(dirfd: number | bigint, ptr: number | bigint, len: number | bigint): Resolved | number | undefined {
    const dir = tracked.get(Number(dirfd));
    if (dir === undefined) return undefined;
    if (dir.kind === "file") return Errno.ENOTDIR;
    return resolvePath(dir.path, relAt(ptr, len), kindOf);
  }

  function isEmptyDir(path: string): boolean {
    try {
      return fs.readDir(path).length === 0;
    } catch {
      return false;
    }
  }
}
