/**
 * The adapter: one virtual fd table in front of a base host, a wrapper around every preview1
 * import, and the extension namespace (docs/abi.md).
 *
 * The whole path of one call: guest import -> `wrap()` here (look up the fds, check every
 * pointer region, then either the adapter's own objects (host/own/dispatch.ts) or the base's
 * function with base fds) -> an errno back; a JS exception from a base becomes an errno,
 * never a trap. Extension calls go to host/ext/*.ts through the same checks.
 */
import { Errno } from "../src/errno.ts";
import { PREVIEW1, SIZE, type ImportSpec, type Param } from "../src/abi/preview1.ts";
import { EXT, EXT_VERSION } from "../src/abi/ext.ts";
import type { BaseName } from "../src/bases.ts";
import type { Base, StdioSpec, WasiFunction, WasiImports } from "./bases/types.ts";
import type { Context, CopyPaths } from "./context.ts";
import { FdTable, DEFAULT_FD_LIMIT, type OpenDescription } from "./fdtable.ts";
import { OWN_DISPATCH, transfer } from "./own/dispatch.ts";
import { InputStream, OutputStream } from "./own/stdio.ts";
import { BLOCKED, type OwnFile } from "./own/types.ts";
import { macrotask } from "./wait.ts";
import { fd_close_range, fd_dup, fd_dup2 } from "./ext/dup.ts";
import { fd_chmod, fd_inheritable_get, fd_inheritable_set, fd_mode_get } from "./ext/mode.ts";
import { fd_copy_range } from "./ext/copy.ts";
import { pipe } from "./ext/pipe.ts";
import { fd_seek_data, fd_size_max_get } from "./ext/seek.ts";
import { NEEDED_RIGHTS } from "./needed-rights.ts";
import { availability } from "./ext/availability.ts";
import { pollOneoff } from "./poll.ts";
import { utf8 } from "./bytes.ts";

/** Thrown by our `proc_exit` and caught by {@link Adapter.start}; never reaches the base. */
export class ProcExit extends Error {
  constructor(readonly code: number) {
    // No stack trace: it is control flow, thrown on every exit, and capturing one through the
    // guest's wasm frames cost more than the rest of a small command's run.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`proc_exit(${code})`);
    Error.stackTraceLimit = limit;
  }
}

export interface AdapterOptions extends StdioSpec {
  readonly baseName: BaseName;
  readonly args: readonly string[];
  /** `KEY=VALUE` strings. */
  readonly env: readonly string[];
  /** Guest preopen names, one per base preopen fd. */
  readonly preopenNames: readonly string[];
  /** The guest fd limit (default 1024). */
  readonly fdLimit?: number;
  /** Adapter-owned objects for fds 0-2 (host/process.ts: pipes to the host or other processes); they override the StdioSpec fields. */
  readonly stdioFiles?: readonly [OwnFile | undefined, OwnFile | undefined, OwnFile | undefined];
  /**
   * Async mode (JSPI, host/process.ts): the names of the imports (preview1 and extension) that
   * may suspend the guest. Exactly these are wrapped in `WebAssembly.Suspending`; the rest
   * stay plain imports (a Suspending import costs ~0.1 us more per call, even when it does not
   * suspend). Absent: sync mode, where a call that would block answers EDEADLK.
   */
  readonly suspending?: ReadonlySet<string>;
  /**
   * The imports the guest module has (host/setup.ts `importPlan`): only these are built. Why: a
   * wrapper per preview1 and extension function, for a guest that links fifteen, was a third of
   * setting up a small run. Absent: every function (a host hands the imports to modules it has not seen).
   */
  readonly plan?: ImportPlan;
}

/** The function names a module imports from each of the two namespaces. */
export interface ImportPlan {
  readonly preview1: ReadonlySet<string>;
  readonly ext: ReadonlySet<string>;
}

/** A call's result: an errno now, or (async mode, in a suspending import) one to come. */
export type Result = number | Promise<number>;

// The views before bind(): zero bytes long, so never written; shared by every adapter.
const NO_BYTES = new Uint8Array(0);
const NO_VIEW = new DataView(new ArrayBuffer(0));
const n = (v: number | bigint | undefined): number => Number(v ?? 0) >>> 0;
const i = (v: number | bigint | undefined): number => Number(v ?? 0) | 0;
const big = (v: number | bigint | undefined): bigint => (typeof v === "bigint" ? v : BigInt(v ?? 0));

/** A thrown value turned into an errno: bad memory access is EFAULT; anything else EIO. */
function errnoOf(e: unknown): number {
  if (e instanceof ProcExit) throw e;
  if (e instanceof RangeError) return Errno.EFAULT;
  return Errno.EIO;
}

/**
 * Where guest output goes when the host gives no sink: the process's own stream on Node, Deno
 * and Bun; the console elsewhere (browsers, workerd), decoded as UTF-8 line by line.
 */
function defaultSink(stream: "stdout" | "stderr"): (chunk: Uint8Array) => void {
  const proc = (globalThis as { process?: { stdout?: { write(c: Uint8Array): unknown }; stderr?: { write(c: Uint8Array): unknown } } }).process;
  const target = proc?.[stream];
  // Node's stream write may keep the chunk past the call: copy it out of guest memory.
  if (target !== undefined) return (c) => void target.write(c.slice());
  const decoder = new TextDecoder();
  let pending = "";
  const log = stream === "stdout" ? console.log : console.error;
  return (c) => {
    pending += decoder.decode(c, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) log(line);
  };
}


/**
 * Calls a base function: missing is ENOSYS, a throw becomes an errno, no return value is
 * success. A promise (a base's async I/O, only in async mode: Base.suspending) passes through,
 * its rejection turned into an errno the same way.
 */
function invoke(fn: WasiFunction | undefined, args: (number | bigint)[]): Result {
  if (fn === undefined) return Errno.ENOSYS;
  try {
    const ret = fn(...args);
    if (typeof ret === "number") return ret;
    if (ret instanceof Promise) return ret.then((v) => (typeof v === "number" ? v : Errno.ESUCCESS), errnoOf);
    return Errno.ESUCCESS;
  } catch (e) {
    return errnoOf(e);
  }
}

interface Region {
  readonly at: number;
  readonly kind: Param["kind"];
  readonly size: number;
  readonly lenAt: number;
}

/** Where a spec's fd parameters and pointer regions are; derived once per spec, not per adapter. */
const SHAPES = new Map<ImportSpec, { readonly fdAt: readonly number[]; readonly regions: readonly Region[] }>();
function shapeOf(spec: ImportSpec): { readonly fdAt: readonly number[]; readonly regions: readonly Region[] } {
  let shape = SHAPES.get(spec);
  if (shape === undefined) {
    shape = { fdAt: spec.params.flatMap((p, k) => (p.kind === "fd" ? [k] : [])), regions: regionsOf(spec) };
    SHAPES.set(spec, shape);
  }
  return shape;
}

/** The pointer regions a spec names, with the positions of their length parameters. */
function regionsOf(spec: ImportSpec): Region[] {
  const index = new Map(spec.params.map((p, k) => [p.name, k]));
  return spec.params.flatMap((p, at) =>
    p.kind === "i32" || p.kind === "i64" || p.kind === "fd"
      ? []
      : [{ at, kind: p.kind, size: p.size ?? 0, lenAt: p.len === undefined ? -1 : (index.get(p.len) ?? -1) }],
  );
}

export class Adapter implements Context {
  readonly table: FdTable;
  readonly wasiImport: WasiImports;
  /** The `wasi_os_v1` functions. */
  readonly extImport: WasiImports;
  readonly copyPaths: CopyPaths = { native: 0, fallback: 0, last: undefined };
  private memory: WebAssembly.Memory | undefined;
  /**
   * Views of guest memory, rebuilt only when its buffer changes (memory.grow). Why: the wrapper
   * runs on every import call, and making a fresh Uint8Array/DataView per pointer check cost
   * more than the rest of a small fd_write put together.
   */
  private memBuffer: ArrayBufferLike | undefined;
  private memBytes = NO_BYTES;
  private memView = NO_VIEW;
  private readonly args: Uint8Array[];
  private readonly env: Uint8Array[];
  /** True while a Suspending import runs: only then may `block()` answer with a promise. */
  private canSuspend = false;
  /** Set by kill(): the exit code every later import (or wait) ends the guest with. */
  private killedWith: number | undefined;
  /** Wakes the current wait (at most one: the guest is suspended in one import at a time). */
  private wake: (() => void) | undefined;

  constructor(
    readonly base: Base,
    private readonly options: AdapterOptions,
  ) {
    this.table = new FdTable(options.fdLimit ?? DEFAULT_FD_LIMIT);
    const tty = options.tty ?? false;
    const out = options.stdout ?? defaultSink("stdout");
    const err = options.stderr ?? defaultSink("stderr");
    const files = options.stdioFiles ?? [undefined, undefined, undefined];
    this.table.open({ baseFd: -1, own: files[0] ?? new InputStream(options.stdin ?? new Uint8Array(0), tty) }, true);
    this.table.open({ baseFd: -1, own: files[1] ?? new OutputStream(out, tty) }, true);
    this.table.open({ baseFd: -1, own: files[2] ?? new OutputStream(err, tty) }, true);
    base.preopenFds.forEach((baseFd, k) => this.table.open({ baseFd, preopen: options.preopenNames[k] ?? "/" }));
    this.args = options.args.map(utf8);
    this.env = options.env.map(utf8);
    const own = this.ownImports();
    const plan = options.plan;
    const wasiImport: WasiImports = {};
    for (const spec of PREVIEW1) if (plan === undefined || plan.preview1.has(spec.name)) wasiImport[spec.name] = own[spec.name] ?? this.wrap(spec);
    // The hottest calls get fixed-arity entry points: no argument array, no generic region walk.
    if (wasiImport["fd_write"] !== undefined) wasiImport["fd_write"] = this.streamFastPath(wasiImport["fd_write"], false);
    if (wasiImport["fd_read"] !== undefined) wasiImport["fd_read"] = this.streamFastPath(wasiImport["fd_read"], true);
    const extImport = this.extImports(plan?.ext);
    const suspending = options.suspending;
    if (suspending !== undefined) {
      for (const imports of [wasiImport, extImport]) {
        for (const name of Object.keys(imports)) if (suspending.has(name)) imports[name] = this.suspendable(imports[name]!);
      }
    }
    this.wasiImport = wasiImport;
    this.extImport = extImport;
  }

  /**
   * An import that may suspend the guest (async mode): `WebAssembly.Suspending` around the very
   * same function. While it runs, `block()` may answer with a promise; a result that is a plain
   * number returns without suspending. A killed process ends at its next such import.
   */
  private suspendable(fn: WasiFunction): WasiFunction {
    const S = (WebAssembly as unknown as { Suspending: new (f: WasiFunction) => WasiFunction }).Suspending;
    return new S((...args: (number | bigint)[]) => {
      this.exitIfKilled();
      this.canSuspend = true;
      try {
        const r = fn(...args);
        return r instanceof Promise ? r.then((v) => (this.exitIfKilled(), v), errnoOf) : r;
      } finally {
        this.canSuspend = false;
      }
    });
  }

  private exitIfKilled(): void {
    if (this.killedWith !== undefined) throw new ProcExit(this.killedWith);
  }

  /**
   * The one point where a call would block. In a suspending import (async mode), when
   * something outside the guest can end the wait (`until()` gives a promise), the guest waits
   * for it (or for a kill), resumes on a later macrotask and `retry`s the same call; otherwise
   * `otherwise()` answers now (EDEADLK for a read or write: waiting could never end).
   */
  block(until: () => Promise<void> | undefined, retry: () => Result, otherwise: () => number): Result {
    if (!this.canSuspend) return otherwise();
    const ready = until();
    if (ready === undefined) return otherwise();
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      void ready.then(resolve);
    })
      .then(macrotask)
      .then(() => {
        this.wake = undefined;
        this.exitIfKilled();
        this.canSuspend = true; // the retry runs inside the same suspended import
        try {
          return retry();
        } finally {
          this.canSuspend = false;
        }
      });
  }

  /**
   * Ends the guest with exit code `code` at its next suspending import; a guest waiting in one
   * wakes and ends now. (A guest computing without calling an import cannot be stopped from
   * its own thread: isolation in a Worker can.)
   */
  kill(code: number): void {
    this.killedWith ??= code;
    this.wake?.();
  }

  /** True once kill() was called. */
  get killed(): boolean {
    return this.killedWith !== undefined;
  }

  /** Closes every guest fd (a finished process's pipe ends: readers see EOF, writers EPIPE). */
  closeAll(): void {
    for (const fd of this.table.fds()) {
      const last = this.table.release(fd);
      if (last !== undefined) this.closeDescription(last);
    }
  }

  /** Binds the instance's memory; call before the guest runs (start/initialize do). */
  bind(instance: WebAssembly.Instance): void {
    const memory = instance.exports["memory"];
    if (!(memory instanceof WebAssembly.Memory)) throw new TypeError("wasi-os: the guest exports no memory");
    this.memory = memory;
    this.base.bind(instance);
  }

  /** Runs a command's `_start`; returns its exit code (0 when `_start` returns). */
  start(instance: WebAssembly.Instance): number {
    this.bind(instance);
    const start = instance.exports["_start"];
    if (typeof start !== "function") throw new TypeError("wasi-os: the guest exports no _start");
    try {
      start();
      return 0;
    } catch (e) {
      if (e instanceof ProcExit) return e.code;
      throw e;
    } finally {
      this.base.finish();
    }
  }

  /** Initializes a reactor (calls `_initialize` when exported). */
  initialize(instance: WebAssembly.Instance): void {
    this.bind(instance);
    const init = instance.exports["_initialize"];
    if (typeof init === "function") init();
  }

  /** Re-reads `memory.buffer` (a costly getter) and rebuilds the cached views when it changed. */
  private refresh(): void {
    if (this.memory === undefined) throw new Error("wasi-os: guest memory used before bind()");
    const b = this.memory.buffer;
    if (b !== this.memBuffer) {
      this.memBuffer = b;
      this.memBytes = new Uint8Array(b);
      this.memView = new DataView(b);
    }
  }

  /**
   * Guest memory's size, through the cached views. Growing a non-shared memory detaches the old
   * buffer (its views read 0 bytes long), which triggers a refresh; a grown shared memory is
   * caught by inBounds, which refreshes before it answers "out of bounds".
   */
  private size(): number {
    if (this.memBytes.byteLength === 0) this.refresh();
    return this.memBytes.byteLength;
  }

  bytes(): Uint8Array {
    this.size();
    return this.memBytes;
  }

  view(): DataView {
    this.size();
    return this.memView;
  }

  inBounds(ptr: number, len: number): boolean {
    if (ptr < 0 || len < 0) return false;
    if (ptr + len <= this.size()) return true;
    this.refresh();
    return ptr + len <= this.memBytes.byteLength;
  }

  callBase(name: string, ...args: (number | bigint)[]): number {
    const r = invoke(this.base.imports[name], args);
    // Extension functions call only synchronous base functions (Base.suspending are imports
    // the guest calls itself); a promise here would be a wiring bug, reported as EIO.
    return typeof r === "number" ? r : Errno.EIO;
  }

  closeDescription(desc: OpenDescription): number {
    if (desc.own !== undefined) {
      desc.own.close();
      return Errno.ESUCCESS;
    }
    return this.callBase("fd_close", desc.baseFd);
  }

  /** True when every pointer region of the call lies in guest memory. */
  private regionsOk(regions: readonly Region[], args: (number | bigint)[]): boolean {
    for (let j = 0; j < regions.length; j++) {
      const r = regions[j]!;
      const ptr = n(args[r.at]);
      const count = r.lenAt < 0 ? 0 : n(args[r.lenAt]);
      args[r.at] = ptr;
      if (!this.regionOk(r.kind, ptr, r.size, count)) return false;
    }
    return true;
  }

  private regionOk(kind: Param["kind"], ptr: number, size: number, count: number): boolean {
    switch (kind) {
      case "out":
        return this.inBounds(ptr, size);
      case "buf":
        return this.inBounds(ptr, count);
      case "subs":
        return this.inBounds(ptr, count * SIZE.subscription);
      case "events":
        return this.inBounds(ptr, count * SIZE.event);
      case "iovs": {
        if (!this.inBounds(ptr, count * 8)) return false;
        const view = this.memView;
        for (let k = 0; k < count; k++) {
          const at = view.getUint32(ptr + k * 8, true);
          const len = view.getUint32(ptr + k * 8 + 4, true);
          if (at + len > view.byteLength && !this.inBounds(at, len)) return false;
        }
        return true;
      }
      default:
        return true;
    }
  }

  /**
   * The generic preview1 wrapper: fds first (EBADF), then pointer regions (EFAULT), then the
   * adapter's own object or the base's function with base fds.
   */
  private wrap(spec: ImportSpec): (...args: (number | bigint)[]) => Result {
    const fn = this.base.imports[spec.name];
    const { fdAt, regions } = shapeOf(spec);
    const ownHandler = OWN_DISPATCH[spec.name];
    const table = this.table;
    const needed = this.base.droppedRights === undefined ? undefined : NEEDED_RIGHTS[spec.name];
    return (...args: (number | bigint)[]): Result => {
      let own: OpenDescription["own"];
      for (let j = 0; j < fdAt.length; j++) {
        const k = fdAt[j]!;
        const entry = table.get(Number(args[k]));
        if (entry === undefined) return Errno.EBADF;
        if (entry.desc.own !== undefined) own = entry.desc.own;
        else args[k] = entry.desc.baseFd;
      }
      // Rights the guest dropped (fd_fdstat_set_rights) are enforced, as preview1 asks.
      if (needed !== undefined && own === undefined) {
        const rights = needed(args);
        for (let j = 0; j < fdAt.length && j < rights.length; j++) {
          if ((this.base.droppedRights!(Number(args[fdAt[j]!])) & rights[j]!) !== 0n) return Errno.ENOTCAPABLE;
        }
      }
      if (regions.length > 0 && !this.regionsOk(regions, args)) return Errno.EFAULT;
      if (own !== undefined) {
        if (ownHandler === undefined) return Errno.EBADF;
        const r = ownHandler(own, this.bytes(), this.memView, args);
        return r === BLOCKED ? Errno.EDEADLK : r; // fd_read/fd_write, which can wait, take streamFastPath
      }
      return invoke(fn, args);
    };
  }

  /**
   * fd_read/fd_write on the adapter's own streams (stdio, pipes) without the generic wrapper's
   * argument array: the same checks in the same order (EBADF, then EFAULT for the iovec array,
   * every buffer and the count), then the transfer. Base fds take the generic path.
   */
  private streamFastPath(generic: WasiFunction, reading: boolean): WasiFunction {
    const table = this.table;
    // `done`: bytes an earlier try of this same call moved (a blocking write waits for room for the rest).
    const call = (fd: number | bigint, iovs: number | bigint, count: number | bigint, out: number | bigint, done = 0): Result => {
      const own = table.get(fd as number)?.desc.own;
      if (own === undefined) return generic(fd, iovs, count, out) as Result;
      const p = (iovs as number) >>> 0;
      const c = (count as number) >>> 0;
      const o = (out as number) >>> 0;
      // Bounds inline against the cached size; a miss refreshes (memory may have grown) first.
      let size = this.size();
      if (p + c * 8 > size || o + 4 > size) {
        if (!this.inBounds(p, c * 8) || !this.inBounds(o, 4)) return Errno.EFAULT;
        size = this.size();
      }
      const view = this.memView;
      let want = 0;
      for (let k = 0; k < c; k++) {
        const buf = view.getUint32(p + k * 8, true);
        const len = view.getUint32(p + k * 8 + 4, true);
        if (buf + len > size && !this.inBounds(buf, len)) return Errno.EFAULT;
        want += len;
      }
      const r = transfer(own, this.memBytes, this.memView, p, c, o, reading, done);
      if (r === BLOCKED) return wait(own, fd, iovs, count, out, done, () => (done > 0 ? (this.view().setUint32(o, done, true), Errno.ESUCCESS) : Errno.EDEADLK));
      // A blocking write completes in full, as Linux's to a pipe does: it waits for room for the
      // rest (not when it stopped for another reason: a reader gone leaves the pipe writable).
      if (reading || r !== Errno.ESUCCESS || !this.canSuspend || own.nonblocking) return r;
      const moved = this.memView.getUint32(o, true);
      return moved < want && !own.writable() ? wait(own, fd, iovs, count, out, moved, () => Errno.ESUCCESS) : r;
    };
    // Closures only where the call waits: the hot path allocates nothing.
    const wait = (own: OwnFile, fd: number | bigint, iovs: number | bigint, count: number | bigint, out: number | bigint, moved: number, otherwise: () => number): Result =>
      this.block(() => own.changed(), () => call(fd, iovs, count, out, moved), otherwise);
    return (fd, iovs, count, out) => call(fd ?? 0, iovs ?? 0, count ?? 0, out ?? 0);
  }


  /** The preview1 imports the adapter answers itself, because they create, move or name guest fds. */
  private ownImports(): Record<string, WasiFunction> {
    const table = this.table;
    return {
      args_sizes_get: (argc, size) => this.sizesGet(this.args, n(argc), n(size)),
      args_get: (argv, buf) => this.listGet(this.args, n(argv), n(buf)),
      environ_sizes_get: (count, size) => this.sizesGet(this.env, n(count), n(size)),
      environ_get: (environ, buf) => this.listGet(this.env, n(environ), n(buf)),

      proc_exit: (code) => {
        throw new ProcExit(n(code));
      },

      fd_close: (fd) => {
        if (table.get(i(fd)) === undefined) return Errno.EBADF;
        const last = table.release(i(fd));
        return last === undefined ? Errno.ESUCCESS : this.closeDescription(last);
      },

      // One semantics on every base: `to` must be open (preview1), renumber(x, x) is a no-op,
      // and the base never learns about it (its fd numbers are not ours).
      fd_renumber: (from, to) => {
        const f = i(from);
        const t = i(to);
        if (table.get(f) === undefined || table.get(t) === undefined) return Errno.EBADF;
        if (f === t) return Errno.ESUCCESS;
        const last = table.release(t);
        if (last !== undefined) this.closeDescription(last);
        table.move(f, t);
        return Errno.ESUCCESS;
      },

      path_open: (dirfd, dirflags, path, pathLen, oflags, rightsBase, rightsInh, fdflags, openedPtr) => {
        const dir = table.get(i(dirfd));
        if (dir === undefined) return Errno.EBADF;
        const p = n(path);
        const out = n(openedPtr);
        if (!this.inBounds(p, n(pathLen)) || !this.inBounds(out, 4)) return Errno.EFAULT;
        if (dir.desc.own !== undefined) return Errno.ENOTDIR;
        const dropped = this.base.droppedRights?.(dir.desc.baseFd) ?? 0n;
        if ((dropped & NEEDED_RIGHTS["path_open"]!([dirfd, dirflags, path, pathLen, oflags])[0]!) !== 0n) return Errno.ENOTCAPABLE;
        if (table.lowestFree() < 0) return Errno.EMFILE;
        const ret = this.callBase("path_open", dir.desc.baseFd, dirflags, p, n(pathLen), oflags, rightsBase, rightsInh, fdflags, out);
        if (ret !== Errno.ESUCCESS) return ret;
        const view = this.view();
        const guestFd = table.open({ baseFd: view.getUint32(out, true) });
        view.setUint32(out, guestFd, true);
        return Errno.ESUCCESS;
      },

      // Preopen names are the adapter's: the base's own names (wasmer's mount points,
      // node:wasi's keys) never reach the guest.
      fd_prestat_get: (fd, buf) => {
        const entry = table.get(i(fd));
        if (entry === undefined || entry.desc.preopen === undefined) return Errno.EBADF;
        const p = n(buf);
        if (!this.inBounds(p, SIZE.prestat)) return Errno.EFAULT;
        const view = this.view();
        view.setUint32(p, 0, true); // tag 0: a directory
        view.setUint32(p + 4, utf8(entry.desc.preopen).length, true);
        return Errno.ESUCCESS;
      },
      fd_prestat_dir_name: (fd, buf, len) => {
        const entry = table.get(i(fd));
        if (entry === undefined || entry.desc.preopen === undefined) return Errno.EBADF;
        const bytes = utf8(entry.desc.preopen);
        const p = n(buf);
        if (!this.inBounds(p, n(len))) return Errno.EFAULT;
        if (n(len) < bytes.length) return Errno.ENAMETOOLONG;
        this.bytes().set(bytes, p);
        return Errno.ESUCCESS;
      },

      poll_oneoff: (inPtr, outPtr, nsubs, neventsPtr) => pollOneoff(this, n(inPtr), n(outPtr), n(nsubs), n(neventsPtr)),
      // Async mode: give the event loop and the other processes a turn. Sync mode: nothing to yield to.
      sched_yield: () => this.block(macrotask, () => Errno.ESUCCESS, () => Errno.ESUCCESS),

      // No base here offers sockets to the guest: a valid fd is simply not a socket.
      sock_accept: (fd) => this.notSocket(fd),
      sock_recv: (fd) => this.notSocket(fd),
      sock_send: (fd) => this.notSocket(fd),
      sock_shutdown: (fd) => this.notSocket(fd),
    };
  }

  /** The extension namespace: every function checks its regions, then runs host/ext/*. */
  private extImports(only: ReadonlySet<string> | undefined): WasiImports {
    type Handler = (args: (number | bigint)[]) => Result;
    const handlers: Record<string, Handler> = {
      abi_version: ([out]) => (this.view().setUint32(n(out), EXT_VERSION, true), Errno.ESUCCESS),
      fd_dup: ([fd, out]) => fd_dup(this, i(fd), n(out)),
      fd_dup2: ([fd, fd2, flags, out]) => fd_dup2(this, i(fd), i(fd2), i(flags), n(out)),
      fd_close_range: ([low, high]) => fd_close_range(this, i(low), i(high)),
      fd_chmod: ([fd, mode]) => fd_chmod(this, i(fd), i(mode)),
      fd_mode_get: ([fd, out]) => fd_mode_get(this, i(fd), n(out)),
      fd_inheritable_get: ([fd, out]) => fd_inheritable_get(this, i(fd), n(out)),
      fd_inheritable_set: ([fd, v]) => fd_inheritable_set(this, i(fd), i(v)),
      fd_copy_range: ([src, dst, count, offSrc, offDst, flags, scratch, scratchLen, out]) =>
        fd_copy_range(this, i(src), i(dst), big(count), big(offSrc), big(offDst), i(flags), n(scratch), n(scratchLen), n(out)),
      pipe: ([flags, out]) => pipe(this, i(flags), n(out)),
      fd_seek_data: ([fd, offset, whence, out]) => fd_seek_data(this, i(fd), big(offset), i(whence), n(out)),
      fd_size_max_get: ([fd, out]) => fd_size_max_get(this, i(fd), n(out)),
      availability: ([name, len, level, errno]) => availability(this, this.options.baseName, n(name), n(len), n(level), n(errno)),
    };
    const imports: WasiImports = {};
    for (const spec of EXT) {
      if (only !== undefined && !only.has(spec.name)) continue;
      const handler = handlers[spec.name];
      if (handler === undefined) throw new Error(`wasi-os: extension function ${spec.name} has no implementation`);
      const { regions } = shapeOf(spec);
      imports[spec.name] = (...args: (number | bigint)[]): Result => {
        if (!this.regionsOk(regions, args)) return Errno.EFAULT;
        try {
          return handler(args);
        } catch (e) {
          return errnoOf(e);
        }
      };
    }
    return imports;
  }

  private notSocket(fd: number | bigint): number {
    return this.table.get(i(fd)) === undefined ? Errno.EBADF : Errno.ENOTSOCK;
  }

  private sizesGet(list: readonly Uint8Array[], countPtr: number, sizePtr: number): number {
    if (!this.inBounds(countPtr, 4) || !this.inBounds(sizePtr, 4)) return Errno.EFAULT;
    const view = this.view();
    view.setUint32(countPtr, list.length, true);
    view.setUint32(sizePtr, list.reduce((s, a) => s + a.length + 1, 0), true);
    return Errno.ESUCCESS;
  }

  private listGet(list: readonly Uint8Array[], ptrs: number, buf: number): number {
    const total = list.reduce((s, a) => s + a.length + 1, 0);
    if (!this.inBounds(ptrs, list.length * 4) || !this.inBounds(buf, total)) return Errno.EFAULT;
    const view = this.view();
    const bytes = this.bytes();
    for (const [k, s] of list.entries()) {
      view.setUint32(ptrs + k * 4, buf, true);
      bytes.set(s, buf);
      bytes[buf + s.length] = 0;
      buf += s.length + 1;
    }
    return Errno.ESUCCESS;
  }
}
