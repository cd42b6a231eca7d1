// Path resolution relative to a directory description, with wasmtime 49's answers:
// - an absolute path, or ".." climbing above the directory the call is relative to: PERM
//   (measured; wasmtime's cap-std sandbox answers EPERM, not NOTCAPABLE as older runtimes did);
// - "" : NOENT (measured);
// - a non-final component that is a file: NOTDIR; a missing one: NOENT;
// - a trailing slash demands a directory: NOTDIR on a file (measured "f/").
// ".." is resolved by walking (not lexically), so "file/.." is NOTDIR as on Linux.
// Symbolic links (as host/fs/node/resolve.ts, both matched to wasmtime): a link in a non-final
// component is always followed, in the final one only when asked (lookupflags
// SYMLINK_FOLLOW) or when a trailing slash demands a directory; its target is spliced into the
// walk relative to the link's directory, so it can never climb above the base either (PERM);
// an absolute target is PERM (cap-std), an empty one NOENT; more than 40 expansions in one
// lookup is LOOP (Linux's and wasmtime's limit).
import { wasi } from "@bjorn3/browser_wasi_shim";
import { MemDirectory, MemSymlink, type MemInode } from "./inode.ts";

/** Linux's MAXSYMLINKS; wasmtime (cap-std) uses the same. */
export const MAX_SYMLINK_HOPS = 40;
/** preview1 lookupflags bit: follow a symlink in the final component. */
export const LOOKUP_SYMLINK_FOLLOW = 1;

export interface ParentLookup {
  ret: number;
  /** Directory holding the final component (valid when ret is SUCCESS). */
  dir: MemDirectory | null;
  /** The final component: a name, "." or "..". */
  name: string;
  /** Directories walked from the base (for resolving a final ".."). */
  stack: MemDirectory[];
  /** The final object must be a directory (a trailing slash, or a followed target ending in one). */
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

export interface LookupOptions {
  /** Follow a symlink in the final component. Default false. */
  readonly follow?: boolean;
  /** A trailing slash follows a final symlink (POSIX); rename's old path does not. Default true. */
  readonly slashFollows?: boolean;
  readonly overlay?: Overlay;
}

function fail(ret: number): ParentLookup {
  return { ret, dir: null, name: "", stack: [], trailingSlash: false };
}

const split = (p: string): string[] => p.split("/").filter((c) => c.length > 0);

/** Resolve everything but the final component of `path` (and that too when it is a symlink to follow). */
export function lookupParent(base: MemDirectory, path: string, options: LookupOptions = {}): ParentLookup {
  if (typeof path !== "string") return fail(wasi.ERRNO_INVAL);
  if (path.length === 0) return fail(wasi.ERRNO_NOENT);
  if (path.includes("\0")) return fail(wasi.ERRNO_INVAL);
  if (path.startsWith("/")) return fail(wasi.ERRNO_PERM);
  const overlay = options.overlay;
  const queue = split(path);
  if (queue.length === 0) queue.push(".");
  let mustBeDir = path.endsWith("/");
  const stack: MemDirectory[] = [base];
  let hops = 0;
  for (;;) {
    const comp = queue.shift()!;
    const cur = stack[stack.length - 1]!;
    if (queue.length === 0 && comp !== "." && comp !== "..") {
      const entry = cur.get(comp);
      const follow = options.follow === true || (mustBeDir && options.slashFollows !== false);
      if (entry instanceof MemSymlink && follow) {
        const r = expand(entry, queue, ++hops);
        if (r !== wasi.ERRNO_SUCCESS) return fail(r);
        if (entry.target.endsWith("/")) mustBeDir = true;
        continue;
      }
      return { ret: wasi.ERRNO_SUCCESS, dir: cur, name: comp, stack, trailingSlash: mustBeDir };
    }
    if (queue.length === 0) return { ret: wasi.ERRNO_SUCCESS, dir: cur, name: comp, stack, trailingSlash: mustBeDir };
    if (comp === ".") continue;
    if (comp === "..") {
      if (stack.length === 1) return fail(wasi.ERRNO_PERM);
      stack.pop();
      continue;
    }
    const child = cur.get(comp) ?? (overlay !== undefined && overlay.dir === cur && overlay.name === comp ? overlay.inode : undefined);
    if (child === undefined) return fail(wasi.ERRNO_NOENT);
    if (child instanceof MemSymlink) {
      const r = expand(child, queue, ++hops);
      if (r !== wasi.ERRNO_SUCCESS) return fail(r);
      continue;
    }
    if (!(child instanceof MemDirectory)) return fail(wasi.ERRNO_NOTDIR);
    stack.push(child);
  }
}

/** Splices a link's target in front of the rest of the walk. */
function expand(link: MemSymlink, queue: string[], hops: number): number {
  if (hops > MAX_SYMLINK_HOPS) return wasi.ERRNO_LOOP;
  if (link.target.length === 0) return wasi.ERRNO_NOENT;
  if (link.target.startsWith("/")) return wasi.ERRNO_PERM;
  const parts = split(link.target);
  queue.unshift(...(parts.length > 0 ? parts : ["."]));
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
export function lookup(base: MemDirectory, path: string, options: LookupOptions = {}): { ret: number; inode: MemInode | null } {
  const found = lookupParent(base, path, options);
  if (found.ret !== wasi.ERRNO_SUCCESS) return { ret: found.ret, inode: null };
  return finalInode(found);
}

/** Host-side paths ("/a/b", "a/b", "") relative to a root: split into names, no "..". */
export function hostPathParts(path: string): string[] | null {
  const parts = path.split("/").filter((p) => p.length > 0 && p !== ".");
  if (parts.some((p) => p === ".." || p.includes("\0"))) return null;
  return parts;
}
