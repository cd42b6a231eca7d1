// Path resolution relative to a directory description, with wasmtime 49's answers:
// - an absolute path, or ".." climbing above the directory the call is relative to: PERM
//   (measured; wasmtime's cap-std sandbox answers EPERM, not NOTCAPABLE as older runtimes did);
// - "" : NOENT (measured);
// - a non-final component that is a file: NOTDIR; a missing one: NOENT;
// - a trailing slash demands a directory: NOTDIR on a file (measured "f/").
// ".." is resolved by walking (not lexically), so "file/.." is NOTDIR as on Linux.
import { wasi } from "@bjorn3/browser_wasi_shim";
import { MemDirectory, type MemInode } from "./inode.ts";

export interface ParentLookup {
  ret: number;
  /** Directory holding the final component (valid when ret is SUCCESS). */
  dir: MemDirectory | null;
  /** The final component: a name, "." or "..". */
  name: string;
  /** Directories walked from the base (for resolving a final ".."). */
  stack: MemDirectory[];
  trailingSlash: boolean;
}

/**
 * A directory entry to pretend is still present while resolving. Used by the second half of a
 * rename driven by the shim (path_unlink, then path_link): the moved directory is detached at
 * that point, and we still need to see that "d/sub" lies inside "d" to answer INVAL.
 */
export interface Overlay {
  dir: MemDirectory;
  name: string;
  inode: MemDirectory;
}

function fail(ret: number): ParentLookup {
  return { ret, dir: null, name: "", stack: [], trailingSlash: false };
}

/** Resolve everything but the final component of `path`, starting at `base`. */
export function lookupParent(base: MemDirectory, path: string, overlay?: Overlay): ParentLookup {
  if (typeof path !== "string") return fail(wasi.ERRNO_INVAL);
  if (path.length === 0) return fail(wasi.ERRNO_NOENT);
  if (path.includes("\0")) return fail(wasi.ERRNO_INVAL);
  if (path.startsWith("/")) return fail(wasi.ERRNO_PERM);
  const parts = path.split("/").filter((p) => p.length > 0);
  const trailingSlash = path.endsWith("/");
  const last = parts.pop() ?? ".";
  const stack: MemDirectory[] = [base];
  for (const part of parts) {
    const step = walkOne(stack, part, overlay);
    if (step !== wasi.ERRNO_SUCCESS) return fail(step);
  }
  return { ret: wasi.ERRNO_SUCCESS, dir: stack[stack.length - 1]!, name: last, stack, trailingSlash };
}

function walkOne(stack: MemDirectory[], part: string, overlay?: Overlay): number {
  const cur = stack[stack.length - 1]!;
  if (part === ".") return wasi.ERRNO_SUCCESS;
  if (part === "..") {
    if (stack.length === 1) return wasi.ERRNO_PERM;
    stack.pop();
    return wasi.ERRNO_SUCCESS;
  }
  const child = cur.get(part) ?? (overlay !== undefined && overlay.dir === cur && overlay.name === part ? overlay.inode : undefined);
  if (child === undefined) return wasi.ERRNO_NOENT;
  if (!(child instanceof MemDirectory)) return wasi.ERRNO_NOTDIR;
  stack.push(child);
  return wasi.ERRNO_SUCCESS;
}

/** Resolve the final component found by lookupParent to an inode (undefined: missing). */
export function finalInode(found: ParentLookup): { ret: number; inode: MemInode | null } {
  const stack = found.stack;
  const dir = found.dir!;
  let inode: MemInode | undefined;
  if (found.name === ".") inode = dir;
  else if (found.name === "..") {
    if (stack.length === 1) return { ret: wasi.ERRNO_PERM, inode: null };
    inode = stack[stack.length - 2]!;
  } else inode = dir.get(found.name);
  if (inode === undefined) return { ret: wasi.ERRNO_NOENT, inode: null };
  if (found.trailingSlash && !(inode instanceof MemDirectory)) return { ret: wasi.ERRNO_NOTDIR, inode: null };
  return { ret: wasi.ERRNO_SUCCESS, inode };
}

/** Full resolution of `path` relative to `base`. */
export function lookup(base: MemDirectory, path: string): { ret: number; inode: MemInode | null } {
  const found = lookupParent(base, path);
  if (found.ret !== wasi.ERRNO_SUCCESS) return { ret: found.ret, inode: null };
  return finalInode(found);
}

/** Host-side paths ("/a/b", "a/b", "") relative to a root: split into names, no "..". */
export function hostPathParts(path: string): string[] | null {
  const parts = path.split("/").filter((p) => p.length > 0 && p !== ".");
  if (parts.some((p) => p === ".." || p.includes("\0"))) return null;
  return parts;
}
