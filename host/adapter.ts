/**
 * The adapter: one virtual fd table in front of a base host, and a wrapper around every
 * preview1 import so that no base ever sees a guest fd, an unchecked guest pointer, or gets
 * to throw into the guest.
 *
 * The whole path of one call: guest import -> `wrap()` here (validate, translate fds) ->
 * the base's own function -> errno back (or a thrown JS error turned into one).
 */
import { Errno } from "../src/errno.ts";
import { PREVIEW1, SIZE, type ImportSpec } from "../src/abi/preview1.ts";
import type { Base, WasiFunction, WasiImports } from "./bases/types.ts";
import { FdTable, DEFAULT_FD_LIMIT } from "./fdtable.ts";

/** Thrown by our `proc_exit` and caught by {@link Adapter.start}; never reaches the base. */
export class ProcExit extends Error {
  constructor(readonly code: number) {
    super(`proc_exit(${code})`);
  }
}

export interface AdapterOptions {
  readonly args: readonly string[];
  /** `KEY=VALUE` strings. */
  readonly env: readonly string[];
  /** Guest preopen names, one per base preopen fd. */
  readonly preopenNames: readonly string[];
  /** The guest fd limit (default 1024). */
  readonly fdLimit?: number;
}

const encoder = new TextEncoder();

/** A thrown value turned into an errno: bad memory access is EFAULT; anything else EIO. */
function errnoOf(e: unknown): number {
  if (e instanceof ProcExit) throw e;
  if (e instanceof RangeError) return Errno.EFAULT;
  return Errno.EIO;
}

export class Adapter {
  readonly table: FdTable;
  readonly wasiImport: WasiImports;
  private memory: WebAssembly.Memory | undefined;
  private readonly args: Uint8Array[];
  private readonly env: Uint8Array[];

  constructor(
    private readonly base: Base,
    options: AdapterOptions,
  ) {
    this.table = new FdTable(options.fdLimit ?? DEFAULT_FD_LIMIT);
    for (const baseFd of base.stdioFds) this.table.open(baseFd);
    base.preopenFds.forEach((baseFd, i) => this.table.open(baseFd, options.preopenNames[i] ?? "/"));
    this.args = options.args.map((a) => encoder.encode(a));
    this.env = options.env.map((e) => encoder.encode(e));
    const own = this.ownImports();
    const wasiImport: WasiImports = {};
    for (const spec of PREVIEW1) wasiImport[spec.name] = own[spec.name] ?? this.wrap(spec);
    this.wasiImport = wasiImport;
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

  private bytes(): Uint8Array {
    if (this.memory === undefined) throw new Error("wasi-os: guest memory used before bind()");
    return new Uint8Array(this.memory.buffer);
  }

  private view(): DataView {
    if (this.memory === undefined) throw new Error("wasi-os: guest memory used before bind()");
    return new DataView(this.memory.buffer);
  }

  /** True when [ptr, ptr+len) lies inside guest memory. */
  private inBounds(ptr: number, len: number): boolean {
    return ptr >= 0 && len >= 0 && ptr + len <= this.bytes().byteLength;
  }

  /**
   * The generic wrapper: checks every pointer region the spec names, translates fd
   * parameters, calls the base, and turns anything thrown into an errno.
   */
  private wrap(spec: ImportSpec): WasiFunction {
    const fn = this.base.imports[spec.name];
    const index = new Map(spec.params.map((p, i) => [p.name, i]));
    const fdIdx = spec.params.flatMap((p, i) => (p.kind === "fd" ? [i] : []));
    const regions = spec.params.flatMap((p, i) => {
      const lenIdx = p.len === undefined ? -1 : (index.get(p.len) ?? -1);
      return p.kind === "i32" || p.kind === "i64" || p.kind === "fd" ? [] : [{ i, kind: p.kind, size: p.size ?? 0, lenIdx }];
    });
    const self = this;
    return function (...args: (number | bigint)[]): number {
      if (fn === undefined) return Errno.ENOSYS;
      for (const i of fdIdx) {
        const entry = self.table.get(Number(args[i]));
        if (entry === undefined) return Errno.EBADF;
        args[i] = entry.desc.baseFd;
      }
      for (const r of regions) {
        const ptr = Number(args[r.i]) >>> 0;
        const count = r.lenIdx < 0 ? 0 : Number(args[r.lenIdx]) >>> 0;
        args[r.i] = ptr;
        if (!self.regionOk(r.kind, ptr, r.size, count)) return Errno.EFAULT;
      }
      try {
        const ret = fn(...args);
        return typeof ret === "number" ? ret : Errno.ESUCCESS;
      } catch (e) {
        return errnoOf(e);
      }
    };
  }

  private regionOk(kind: string, ptr: number, size: number, count: number): boolean {
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
        const view = this.view();
        for (let k = 0; k < count; k++) {
          const buf = view.getUint32(ptr + k * 8, true);
          const len = view.getUint32(ptr + k * 8 + 4, true);
          if (!this.inBounds(buf, len)) return false;
        }
        return true;
      }
      default:
        return true;
    }
  }

  /** Calls a base function, turning a throw into an errno. */
  private callBase(name: string, ...args: (number | bigint)[]): number {
    const fn = this.base.imports[name];
    if (fn === undefined) return Errno.ENOSYS;
    try {
      const ret = fn(...args);
      return typeof ret === "number" ? ret : Errno.ESUCCESS;
    } catch (e) {
      return errnoOf(e);
    }
  }

  /** The imports the adapter answers itself, because they create, move or name guest fds. */
  private ownImports(): Record<string, WasiFunction> {
    const table = this.table;
    return {
      args_sizes_get: (argc, size) => this.sizesGet(this.args, Number(argc) >>> 0, Number(size) >>> 0),
      args_get: (argv, buf) => this.listGet(this.args, Number(argv) >>> 0, Number(buf) >>> 0),
      environ_sizes_get: (count, size) => this.sizesGet(this.env, Number(count) >>> 0, Number(size) >>> 0),
      environ_get: (environ, buf) => this.listGet(this.env, Number(environ) >>> 0, Number(buf) >>> 0),

      proc_exit: (code) => {
        throw new ProcExit(Number(code) >>> 0);
      },

      fd_close: (fd) => {
        if (table.get(Number(fd)) === undefined) return Errno.EBADF;
        const last = table.release(Number(fd));
        return last === undefined ? Errno.ESUCCESS : this.callBase("fd_close", last.baseFd);
      },

      // One semantics on every base: `to` must be open (preview1), renumber(x, x) is a no-op,
      // and the base never learns about it (its fd numbers are not ours).
      fd_renumber: (from, to) => {
        const f = Number(from);
        const t = Number(to);
        if (table.get(f) === undefined || table.get(t) === undefined) return Errno.EBADF;
        if (f === t) return Errno.ESUCCESS;
        const last = table.release(t);
        if (last !== undefined) this.callBase("fd_close", last.baseFd);
        table.move(f, t);
        return Errno.ESUCCESS;
      },

      path_open: (dirfd, dirflags, path, pathLen, oflags, rightsBase, rightsInh, fdflags, openedPtr) => {
        const dir = table.get(Number(dirfd));
        if (dir === undefined) return Errno.EBADF;
        const p = Number(path) >>> 0;
        const out = Number(openedPtr) >>> 0;
        if (!this.inBounds(p, Number(pathLen) >>> 0) || !this.inBounds(out, 4)) return Errno.EFAULT;
        if (table.lowestFree() < 0) return Errno.EMFILE;
        const ret = this.callBase(
          "path_open", dir.desc.baseFd, dirflags, p, Number(pathLen) >>> 0, oflags, rightsBase, rightsInh, fdflags, out,
        );
        if (ret !== Errno.ESUCCESS) return ret;
        const view = this.view();
        const guestFd = table.open(view.getUint32(out, true));
        view.setUint32(out, guestFd, true);
        return Errno.ESUCCESS;
      },

      // Preopen names are the adapter's: the base's own names (wasmer's mount points,
      // node:wasi's keys) never reach the guest.
      fd_prestat_get: (fd, buf) => {
        const name = table.get(Number(fd))?.desc.preopen;
        if (name === undefined) return Errno.EBADF;
        const p = Number(buf) >>> 0;
        if (!this.inBounds(p, SIZE.prestat)) return Errno.EFAULT;
        const view = this.view();
        view.setUint32(p, 0, true); // tag 0: a directory
        view.setUint32(p + 4, encoder.encode(name).length, true);
        return Errno.ESUCCESS;
      },
      fd_prestat_dir_name: (fd, buf, len) => {
        const name = table.get(Number(fd))?.desc.preopen;
        if (name === undefined) return Errno.EBADF;
        const bytes = encoder.encode(name);
        const p = Number(buf) >>> 0;
        const n = Number(len) >>> 0;
        if (!this.inBounds(p, n)) return Errno.EFAULT;
        if (n < bytes.length) return Errno.ENAMETOOLONG;
        this.bytes().set(bytes, p);
        return Errno.ESUCCESS;
      },

      poll_oneoff: (inPtr, outPtr, nsubs, neventsPtr) => this.pollOneoff(inPtr, outPtr, nsubs, neventsPtr),

      // No base here offers sockets to the guest: a valid fd is simply not a socket.
      sock_accept: (fd) => this.notSocket(fd),
      sock_recv: (fd) => this.notSocket(fd),
      sock_send: (fd) => this.notSocket(fd),
      sock_shutdown: (fd) => this.notSocket(fd),
    };
  }

  private notSocket(fd: number | bigint): number {
    return this.table.get(Number(fd)) === undefined ? Errno.EBADF : Errno.ENOTSOCK;
  }

  private sizesGet(list: readonly Uint8Array[], countPtr: number, sizePtr: number): number {
    if (!this.inBounds(countPtr, 4) || !this.inBounds(sizePtr, 4)) return Errno.EFAULT;
    const view = this.view();
    view.setUint32(countPtr, list.length, true);
    view.setUint32(sizePtr, list.reduce((n, s) => n + s.length + 1, 0), true);
    return Errno.ESUCCESS;
  }

  private listGet(list: readonly Uint8Array[], ptrs: number, buf: number): number {
    const total = list.reduce((n, s) => n + s.length + 1, 0);
    if (!this.inBounds(ptrs, list.length * 4) || !this.inBounds(buf, total)) return Errno.EFAULT;
    const view = this.view();
    const bytes = this.bytes();
    for (const [i, s] of list.entries()) {
      view.setUint32(ptrs + i * 4, buf, true);
      bytes.set(s, buf);
      bytes[buf + s.length] = 0;
      buf += s.length + 1;
    }
    return Errno.ESUCCESS;
  }

  /**
   * poll_oneoff: fd subscriptions carry guest fds inside guest memory, so they are
   * translated in place for the base call and restored afterwards. A subscription on a
   * closed fd gets an invalid base fd, for which the base reports EBADF in its event.
   */
  private pollOneoff(inPtr: number | bigint, outPtr: number | bigint, nsubs: number | bigint, neventsPtr: number | bigint): number {
    const p = Number(inPtr) >>> 0;
    const n = Number(nsubs) >>> 0;
    const o = Number(outPtr) >>> 0;
    const ne = Number(neventsPtr) >>> 0;
    if (!this.inBounds(p, n * SIZE.subscription) || !this.inBounds(o, n * SIZE.event) || !this.inBounds(ne, 4)) {
      return Errno.EFAULT;
    }
    const view = this.view();
    const saved: [number, number][] = [];
    for (let k = 0; k < n; k++) {
      const sub = p + k * SIZE.subscription;
      const tag = view.getUint8(sub + 8);
      if (tag === 1 || tag === 2) {
        const at = sub + 16;
        const guestFd = view.getUint32(at, true);
        saved.push([at, guestFd]);
        view.setUint32(at, this.table.get(guestFd)?.desc.baseFd ?? 0xffffffff, true);
      }
    }
    try {
      return this.callBase("poll_oneoff", p, o, n, ne);
    } finally {
      const v = this.view();
      for (const [at, guestFd] of saved) v.setUint32(at, guestFd, true);
    }
  }
}
