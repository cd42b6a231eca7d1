// The host-facing handle on one memory file system: build it, preopen it, inspect it.
//
// These methods are for hosts and tests, not for guests: they take "/"-separated paths from
// the root (a leading "/" is allowed, ".." is not) and throw MemFsError (carrying the WASI
// errno) on failure, as node:fs throws. Guest-facing methods on the Fd objects never throw.
import { checkTree } from "../tree-check.ts";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { DEFAULT_FILE_MODE, MemDirectory, MemFile, type MemInode } from "./inode.ts";
import { FsLimits, type MemoryLimits } from "./limits.ts";
import { PreopenMemDirectory } from "./open-directory.ts";
import { hostPathParts } from "./path.ts";
import { RIGHTS_ALL, RIGHTS_DIRECTORY_BASE } from "./rights.ts";

/** A directory as a plain object: a file is its bytes, a directory a nested tree. */
export type FsTree = { [name: string]: Uint8Array | FsTree };

const ERRNO_NAMES: Record<number, string> = {
  [wasi.ERRNO_NOENT]: "ENOENT",
  [wasi.ERRNO_NOTDIR]: "ENOTDIR",
  [wasi.ERRNO_ISDIR]: "EISDIR",
  [wasi.ERRNO_EXIST]: "EEXIST",
  [wasi.ERRNO_INVAL]: "EINVAL",
  [wasi.ERRNO_FBIG]: "EFBIG",
  [wasi.ERRNO_NOSPC]: "ENOSPC",
};

export class MemFsError extends Error {
  readonly errno: number;
  constructor(errno: number, op: string, path: string) {
    super(`${ERRNO_NAMES[errno] ?? `errno ${errno}`}: ${op} '${path}'`);
    this.name = "MemFsError";
    this.errno = errno;
  }
}

/** Device numbers: every MemoryFileSystem is its own device (copies across them are EXDEV). */
let nextDev = 1n;

export class MemoryFileSystem {
  readonly root: MemDirectory;
  /** This file system's st_dev. */
  readonly dev: bigint;
  /** Its caps and the bytes in use (limits.ts); pass one FsLimits to several systems to share a cap. */
  readonly limits: FsLimits;

  constructor(root: MemDirectory = new MemDirectory(), limits: MemoryLimits | FsLimits = {}) {
    this.root = root;
    this.dev = nextDev++;
    this.limits = limits instanceof FsLimits ? limits : new FsLimits(limits);
    if (root.dev === 0n) root.dev = this.dev;
    root.limits = this.limits;
    this.limits.inodes += 1; // the root, as tmpfs counts it
  }

  /** Build a file system from a tree (bytes are copied and count against the limits). */
  static fromTree(tree: FsTree, limits: MemoryLimits | FsLimits = {}): MemoryFileSystem {
    checkTree(tree, false); // names: EINVAL below, as the file system's own calls give
    const fs = new MemoryFileSystem(undefined, limits);
    fill(fs.root, tree, fs.limits);
    return fs;
  }

  /**
   * A preopen description of the root, announced to the guest as `name` (e.g. "/" or "/sandbox").
   * Each call makes a new description; put it in `wasi.fds` (fd 3 upwards).
   */
  preopen(name: string): PreopenMemDirectory {
    return new PreopenMemDirectory(this.root, name, RIGHTS_DIRECTORY_BASE, RIGHTS_ALL);
  }

  /** Create or replace a file's contents; missing parent directories are created (mkdir -p). */
  writeFile(path: string, data: Uint8Array): void {
    const parts = this.parts(path, "writeFile");
    const name = parts.pop();
    if (name === undefined) throw new MemFsError(wasi.ERRNO_ISDIR, "writeFile", path);
    if (data.byteLength > this.limits.maxFileSize) throw new MemFsError(wasi.ERRNO_FBIG, "writeFile", path);
    const dir = this.mkdirParts(parts, path, "writeFile");
    const existing = dir.get(name);
    if (existing instanceof MemDirectory) throw new MemFsError(wasi.ERRNO_ISDIR, "writeFile", path);
    if (existing instanceof MemFile) {
      existing.data.resize(0);
      const n = existing.data.write(0, data);
      existing.touchData();
      if (n !== data.byteLength) throw new MemFsError(wasi.ERRNO_NOSPC, "writeFile", path);
      return;
    }
    dir.add(name, newFile(data, this.limits, path));
  }

  /** Create a directory and any missing parents (mkdir -p); an existing directory is fine. */
  mkdir(path: string): void {
    this.mkdirParts(this.parts(path, "mkdir"), path, "mkdir");
  }

  /** A copy of a file's contents. */
  readFile(path: string): Uint8Array {
    const inode = this.find(path, "readFile");
    if (!(inode instanceof MemFile)) throw new MemFsError(wasi.ERRNO_ISDIR, "readFile", path);
    return inode.data.toBytes();
  }

  /** The inode at `path` (for chmod, stat, ...), or null when missing. */
  lookup(path: string): MemInode | null {
    const parts = hostPathParts(path);
    if (parts === null) return null;
    let cur: MemInode = this.root;
    for (const part of parts) {
      if (!(cur instanceof MemDirectory)) return null;
      const next = cur.get(part);
      if (next === undefined) return null;
      cur = next;
    }
    return cur;
  }

  /** The whole file system as a tree of copies (entry order = creation order). */
  tree(): FsTree {
    return snapshot(this.root);
  }

  private find(path: string, op: string): MemInode {
    const parts = this.parts(path, op);
    let cur: MemInode = this.root;
    for (const part of parts) {
      if (!(cur instanceof MemDirectory)) throw new MemFsError(wasi.ERRNO_NOTDIR, op, path);
      const next = cur.get(part);
      if (next === undefined) throw new MemFsError(wasi.ERRNO_NOENT, op, path);
      cur = next;
    }
    return cur;
  }

  private parts(path: string, op: string): string[] {
    const parts = typeof path === "string" ? hostPathParts(path) : null;
    if (parts === null) throw new MemFsError(wasi.ERRNO_INVAL, op, String(path));
    return parts;
  }

  private mkdirParts(parts: string[], path: string, op: string): MemDirectory {
    let dir = this.root;
    for (const part of parts) {
      const next = dir.get(part);
      if (next === undefined) {
        const created = new MemDirectory();
        dir.add(part, created);
        dir = created;
      } else if (next instanceof MemDirectory) {
        dir = next;
      } else {
        throw new MemFsError(wasi.ERRNO_NOTDIR, op, path);
      }
    }
    return dir;
  }
}

function newFile(data: Uint8Array, limits: FsLimits, path: string): MemFile {
  try {
    return new MemFile(data, DEFAULT_FILE_MODE, limits);
  } catch {
    throw new MemFsError(wasi.ERRNO_NOSPC, "writeFile", path);
  }
}

function fill(dir: MemDirectory, tree: FsTree, limits: FsLimits): void {
  for (const [name, value] of Object.entries(tree)) {
    if (name.length === 0 || name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
      throw new MemFsError(wasi.ERRNO_INVAL, "fromTree", name);
    }
    if (value instanceof Uint8Array) {
      dir.add(name, newFile(value, limits, name));
    } else {
      const sub = new MemDirectory();
      dir.add(name, sub);
      fill(sub, value, limits);
    }
  }
}

function snapshot(dir: MemDirectory): FsTree {
  const out: FsTree = {};
  for (const name of dir.names()) {
    const inode = dir.get(name);
    if (inode instanceof MemDirectory) out[name] = snapshot(inode);
    else if (inode instanceof MemFile) out[name] = inode.data.toBytes();
  }
  return out;
}
