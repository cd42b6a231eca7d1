/**
 * Guest path -> host object, component by component, never leaving the preopen.
 *
 * ## How
 * Node 20 has no openat(2), no O_PATH constant and no RESOLVE_BENEATH, so we emulate openat
 * with Linux's `/proc/self/fd/<fd>/<name>`: the kernel resolves the magic link `<fd>` to the
 * very directory that fd holds (it does not walk any path string again), then looks up the
 * single `<name>` inside it. Every directory we step into is opened
 * (`O_RDONLY|O_DIRECTORY|O_NOFOLLOW`) as one name relative to the previous directory's fd, and
 * every final operation names one component relative to the last directory fd. So:
 * - `..` is resolved here, against our own stack of opened directories: `..` at the bottom
 *   of the stack (the directory the call is relative to) is EPERM, as in wasmtime.
 * - an absolute path is EPERM; so is a symlink whose target is absolute (wasmtime/cap-std).
 * - a symlink is followed here: we lstat, readlink, and splice its target's components into
 *   the queue, with at most {@link MAX_SYMLINK_HOPS} expansions per call (then ELOOP, as Linux).
 * - the final component is opened with `O_NOFOLLOW` (a symlink there after our check: ELOOP);
 *   every directory stepped through is fstat'ed after its open and must have the dev/ino of
 *   the lstat we decided on, else the call fails with EAGAIN (something swapped it meanwhile).
 *
 * ## What races remain (with /proc/self/fd, i.e. on Linux)
 * An attacker here is a concurrent host-side process (or another guest sharing the tree);
 * the guest itself is single-threaded and synchronous, so it cannot race its own calls.
 * 1. Intermediate components: none. Each step is one name looked up inside an fd we hold,
 *    with O_NOFOLLOW|O_DIRECTORY, so swapping a directory for a symlink between our lstat
 *    and our open makes the open fail (ELOOP/ENOTDIR) instead of following it.
 * 2. Final component of path_open / fd-based ops: none (one name inside a held fd, O_NOFOLLOW).
 * 3. Symlink expansion: readlink happens after lstat; if the link is replaced by another link
 *    in between we follow the new target, which goes through the same checks. No escape.
 * 4. path_filestat_set_times with SYMLINK_FOLLOW: done as open(O_NOFOLLOW) + futimes, so a
 *    swap to a symlink fails (ELOOP) instead of touching the link's target.
 * 5. Left open: a directory the guest holds (a preopen or an opened subdirectory) that a
 *    host-side actor *moves* outside the preopen keeps being usable through the guest's fd,
 *    and `..` from that fd's own stack cannot see it moved. openat-based runtimes (wasmtime,
 *    uvwasi) share this: the capability is the open directory, not its location.
 * 6. Left open: readdir lists names, then lstat's each one for ino/type; an entry replaced in
 *    between is reported with the new entry's ino/type (information inside the sandbox only).
 *
 * ## Without /proc/self/fd (non-Linux, or /proc not mounted)
 * The same walk runs on plain path strings (the preopen's realpath + the names we checked),
 * and after every directory open we compare fstat dev/ino with the lstat we resolved (EAGAIN
 * on a mismatch) and check that the realpath of the opened directory lies below the preopen's
 * realpath (EPERM otherwise); path_open also compares the opened file's dev/ino with its lstat. Between our lstat of an
 * intermediate directory and the final syscall on the path string, a concurrent actor can
 * swap that directory for a symlink and redirect the final operation (mkdir, unlink, rename,
 * link, symlink, utimes, open with O_CREAT). That is a real check-then-use race there;
 * {@link PROC_FD_MODE} says which mode this process runs in (capability reports should use it).
 */
import * as fs from "node:fs";
import type { BigIntStats } from "node:fs";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { codeOf, errnoOf } from "./errors.ts";

/** Linux's MAXSYMLINKS. */
export const MAX_SYMLINK_HOPS = 40;

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = fs.constants;
/** Flags for stepping into a directory: never follows a symlink at that name. */
export const DIR_OPEN_FLAGS = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;

/** True when `/proc/self/fd/<fd>/<name>` can stand in for openat (Linux with /proc). */
export const PROC_FD_MODE: boolean = (() => {
  try {
    const fd = fs.openSync("/", DIR_OPEN_FLAGS);
    try {
      return fs.statSync(`/proc/self/fd/${fd}/.`).ino === fs.fstatSync(fd).ino;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
})();

/** An open host directory: its fd, and the path prefix that names things inside it. */
export interface DirRef {
  readonly fd: number;
  /** The preopen's real path (used for the containment check without /proc). */
  readonly root: string;
  /** `/proc/self/fd/<fd>` (fd-relative) or the directory's checked real path (fallback). */
  readonly path: string;
}

/** A DirRef for an fd we opened on `realPath` (the path is used only without /proc). */
export function dirRef(fd: number, realPath: string, root: string): DirRef {
  return { fd, root, path: PROC_FD_MODE ? `/proc/self/fd/${fd}` : realPath };
}

/** The host path naming `name` inside `dir`. */
export function entryPath(dir: DirRef, name: string): string {
  return `${dir.path}/${name}`;
}

export interface ResolveOptions {
  /** Follow a symlink in the final component (preview1 LOOKUPFLAGS_SYMLINK_FOLLOW). */
  readonly follow: boolean;
}

/**
 * The result of a walk. On success either `name` is a single entry name inside `dir` (it may
 * not exist: `stat` null), or `name` is null and the path named `dir` itself ("." , "d/..").
 * The walk owns the directory fds it opened: call {@link Resolution.release} when done.
 */
export class Resolution {
  ret: number = wasi.ERRNO_SUCCESS;
  name: string | null = null;
  /** lstat of the final entry when it was looked at (always when following), else null. */
  stat: BigIntStats | null = null;
  /** The path ended in "/" (or a symlink target did): the final object must be a directory. */
  mustBeDir = false;
  private readonly stack: { ref: DirRef; owned: boolean }[] = [];

  constructor(start: DirRef) {
    this.stack.push({ ref: start, owned: false });
  }

  /** The directory the final name lives in (or that the path named). */
  get dir(): DirRef {
    return this.stack[this.stack.length - 1]!.ref;
  }

  /** Host path of the final entry (only when `name` is not null). */
  get entry(): string {
    return entryPath(this.dir, this.name ?? ".");
  }

  get depth(): number {
    return this.stack.length;
  }

  push(ref: DirRef): void {
    this.stack.push({ ref, owned: true });
  }

  pop(): void {
    const top = this.stack.pop();
    if (top?.owned) fs.closeSync(top.ref.fd);
  }

  /** Hands the top directory's fd to the caller (it will not be closed by release). */
  takeTop(): number | null {
    const top = this.stack[this.stack.length - 1]!;
    if (!top.owned) return null;
    top.owned = false;
    return top.ref.fd;
  }

  fail(ret: number): this {
    this.ret = ret;
    return this;
  }

  release(): void {
    while (this.stack.length > 0) this.pop();
  }
}

function split(path: string): string[] {
  return path.split("/").filter((p) => p.length > 0);
}

/**
 * Walks `path` relative to `start`. Never throws; the caller must `release()` the result
 * (also on failure).
 */
export function resolve(start: DirRef, path: string, options: ResolveOptions): Resolution {
  const r = new Resolution(start);
  if (typeof path !== "string") return r.fail(wasi.ERRNO_INVAL);
  if (path.length === 0) return r.fail(wasi.ERRNO_NOENT);
  if (path.includes("\0")) return r.fail(wasi.ERRNO_INVAL);
  if (path.startsWith("/")) return r.fail(wasi.ERRNO_PERM);
  const queue = split(path);
  r.mustBeDir = path.endsWith("/");
  let hops = 0;
  try {
    while (queue.length > 0) {
      const comp = queue.shift()!;
      const last = queue.length === 0;
      if (comp === ".") {
        if (last) r.name = null;
        continue;
      }
      if (comp === "..") {
        if (r.depth === 1) return r.fail(wasi.ERRNO_PERM);
        r.pop();
        if (last) r.name = null;
        continue;
      }
      const at = entryPath(r.dir, comp);
      if (last && !options.follow && !r.mustBeDir) {
        r.name = comp;
        return r;
      }
      let st: BigIntStats;
      try {
        st = fs.lstatSync(at, { bigint: true });
      } catch (e) {
        if (last && codeOf(e) === "ENOENT") {
          r.name = comp;
          r.stat = null;
          return r;
        }
        return r.fail(errnoOf(e));
      }
      if (st.isSymbolicLink()) {
        if (++hops > MAX_SYMLINK_HOPS) return r.fail(wasi.ERRNO_LOOP);
        const target = fs.readlinkSync(at, { encoding: "utf8" });
        if (target.length === 0) return r.fail(wasi.ERRNO_NOENT);
        if (target.startsWith("/")) return r.fail(wasi.ERRNO_PERM);
        if (last && target.endsWith("/")) r.mustBeDir = true;
        const parts = split(target);
        // "a/" -> ["a"]; a target of only slashes and dots still names this directory.
        queue.unshift(...(parts.length > 0 ? parts : ["."]));
        continue;
      }
      if (last) {
        r.name = comp;
        r.stat = st;
        if (r.mustBeDir && !st.isDirectory()) return r.fail(wasi.ERRNO_NOTDIR);
        return r;
      }
      if (!st.isDirectory()) return r.fail(wasi.ERRNO_NOTDIR);
      const step = stepInto(r.dir, comp, st);
      if (typeof step === "number") return r.fail(step);
      r.push(step);
    }
    return r;
  } catch (e) {
    return r.fail(errnoOf(e));
  }
}

/**
 * Opens directory `name` inside `dir` without following a symlink there, and checks it is
 * the directory we lstat'ed (same dev/ino). Returns a DirRef or an errno.
 */
function stepInto(dir: DirRef, name: string, st: BigIntStats): DirRef | number {
  const at = entryPath(dir, name);
  let fd: number;
  try {
    fd = fs.openSync(at, DIR_OPEN_FLAGS);
  } catch (e) {
    return errnoOf(e);
  }
  try {
    const opened = fs.fstatSync(fd, { bigint: true });
    if (opened.dev !== st.dev || opened.ino !== st.ino) {
      // Swapped between lstat and open. With /proc it is still a directory inside the tree,
      // but it is not what we checked: refuse rather than guess.
      fs.closeSync(fd);
      return wasi.ERRNO_AGAIN;
    }
    if (PROC_FD_MODE) return dirRef(fd, at, dir.root);
    const real = fs.realpathSync.native(at);
    if (!isWithin(dir.root, real)) {
      fs.closeSync(fd);
      return wasi.ERRNO_PERM;
    }
    return dirRef(fd, real, dir.root);
  } catch (e) {
    fs.closeSync(fd);
    return errnoOf(e);
  }
}

/** Opens a directory fd for an existing DirRef's directory (a new open description). */
export function reopenDir(dir: DirRef): number {
  return fs.openSync(`${dir.path}/.`, O_RDONLY | O_DIRECTORY);
}

/** Fallback-mode containment check: is `real` the root or below it? */
export function isWithin(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith("/") ? root : `${root}/`);
}
