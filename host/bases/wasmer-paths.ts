/**
 * Linux's checks for the path calls (mkdirat, unlinkat, renameat, symlinkat), made against
 * @wasmer/wasi's MemFS through its JS API BEFORE wasmer is called: measured on 1.2.2, wasmer
 * itself creates missing parents (`mkdir "nodir/sub"`), succeeds on an existing folder, accepts
 * a trailing slash on a file (`unlink "a.txt/"` deletes it), renames a folder into itself (it
 * vanishes), over a file or over a non-empty folder (emptying it), leaves two entries of one
 * name after a file is renamed over a folder (its JS `readDir` then throws), answers EIO for
 * `rename "a.txt" "a.txt"` and deletes the file, and panics (a wasm `unreachable`, after which
 * its locks are poisoned) on `rename "a.txt" "a.txt/x"` and on everything that touches what its
 * `path_symlink` made. So these calls reach wasmer only once Linux would go ahead.
 *
 * Sound because MemFS has no symlinks and no mount points: a path resolves lexically, and the
 * JS API's `metadata` tells each component's kind. Errnos are WASI's (src/errno.ts).
 */
import { Errno } from "../../src/errno.ts";

export interface Kind {
  readonly dir: boolean;
  readonly file: boolean;
}

/** A guest path resolved against a directory's MemFS path, component by component. */
export interface Resolved {
  /** The MemFS path of the last component (the folder itself for a last `.` or `..`). */
  readonly path: string;
  /** The last component is `.` (`"dot"`), `..` (`"dotdot"`), or a name (`"name"`). */
  readonly last: "name" | "dot" | "dotdot";
  /** The guest path ends with `/` after a name. */
  readonly slash: boolean;
  /** What is at `path` now; undefined when nothing is. */
  readonly kind: Kind | undefined;
}

/**
 * Resolves `rel` (a guest path relative to the folder at `base`) as Linux's path walk would in
 * a file system without symlinks: every component before the last must be a folder (ENOENT when
 * missing, ENOTDIR when it is a file), and `..` may not climb above `base` (ENOTCAPABLE, as
 * wasmtime answers for a path leaving its directory). Returns the errno on failure.
 */
export function resolvePath(base: string, rel: string, kindOf: (path: string) => Kind | undefined): Resolved | number {
  if (rel.length === 0) return Errno.ENOENT;
  const parts = rel.split("/").filter((p) => p.length > 0);
  const slash = rel.endsWith("/") && parts.length > 0;
  const stack: string[] = [];
  const here = (): string => (stack.length === 0 ? base : `${base}/${stack.join("/")}`);
  let last: Resolved["last"] = "dot";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const final = i === parts.length - 1;
    if (part === ".") {
      last = "dot";
      continue;
    }
    if (part === "..") {
      if (stack.pop() === undefined) return Errno.ENOTCAPABLE;
      last = "dotdot";
      continue;
    }
    stack.push(part);
    last = "name";
    if (final) break;
    const k = kindOf(here());
    if (k === undefined) return Errno.ENOENT;
    if (!k.dir) return Errno.ENOTDIR;
  }
  const path = here();
  return { path, last, slash: slash && last === "name", kind: kindOf(path) };
}

/** mkdirat: EEXIST for `.`, `..` or any existing name (a file too; wasmer: ENOTDIR or success). */
export function mkdirError(r: Resolved): number {
  if (r.last !== "name" || r.kind !== undefined) return Errno.EEXIST;
  return Errno.ESUCCESS;
}

/** unlinkat(flags 0): EISDIR for `.`/`..` and folders, ENOENT, ENOTDIR for `file/`. */
export function unlinkError(r: Resolved): number {
  if (r.last !== "name") return Errno.EISDIR;
  if (r.kind === undefined) return Errno.ENOENT;
  if (r.kind.dir) return Errno.EISDIR;
  if (r.slash) return Errno.ENOTDIR;
  return Errno.ESUCCESS;
}

/** unlinkat(AT_REMOVEDIR): EINVAL for `.`, ENOTEMPTY for `..`, ENOENT, ENOTDIR (wasmer checks emptiness). */
export function rmdirError(r: Resolved): number {
  if (r.last === "dot") return Errno.EINVAL;
  if (r.last === "dotdot") return Errno.ENOTEMPTY;
  if (r.kind === undefined) return Errno.ENOENT;
  if (!r.kind.dir) return Errno.ENOTDIR;
  return Errno.ESUCCESS;
}

/** symlinkat's checks before the file system is asked: EEXIST for an existing name, ENOENT for a missing `name/`. */
export function symlinkError(r: Resolved): number {
  if (r.last !== "name" || r.kind !== undefined) return Errno.EEXIST;
  if (r.slash) return Errno.ENOENT;
  return Errno.ESUCCESS;
}

/**
 * renameat, in Linux's order (do_renameat2, then vfs_rename): EBUSY for `.`/`..`, ENOENT for a
 * missing source, ENOTDIR for a trailing slash on a non-folder source, success for the same
 * name, EINVAL for a folder into itself, ENOTEMPTY onto one of its own ancestors, then by the
 * target's kind: ENOTDIR (folder over file), EISDIR (file over folder), ENOTEMPTY (folder over
 * a non-empty folder; `isEmpty` says). Returns ESUCCESS when the rename may go ahead, and -1
 * for "same name: nothing to do".
 */
export function renameError(from: Resolved, to: Resolved, isEmpty: (path: string) => boolean): number {
  if (from.last !== "name" || to.last !== "name") return Errno.EBUSY;
  if (from.kind === undefined) return Errno.ENOENT;
  if (!from.kind.dir && (from.slash || to.slash)) return Errno.ENOTDIR;
  if (from.path === to.path) return -1;
  if (to.path.startsWith(`${from.path}/`)) return Errno.EINVAL;
  if (from.path.startsWith(`${to.path}/`)) return Errno.ENOTEMPTY;
  if (to.kind === undefined) return Errno.ESUCCESS;
  if (from.kind.dir && !to.kind.dir) return Errno.ENOTDIR;
  if (!from.kind.dir && to.kind.dir) return Errno.EISDIR;
  if (to.kind.dir && !isEmpty(to.path)) return Errno.ENOTEMPTY;
  return Errno.ESUCCESS;
}
