/**
 * poll_oneoff, answered by the adapter on every base.
 *
 * Why not the bases': browser_wasi_shim busy-waits and takes one clock subscription; node:wasi
 * blocks (practically forever) on an absolute clock in the past; @wasmer/wasi writes 40 bytes
 * per 32-byte event (all found by tests/fuzz.test.ts). And nothing the adapter hands a guest
 * can block on a base: stdio and pipes are the adapter's own, and every base fd is a regular
 * file or a directory, which poll reports ready at once (as Linux does).
 *
 * So, as wasmtime answers (tests/preview1-memory.test.ts runs both): the whole call is EBADF
 * for a closed fd or a directory (where the base lets us see that it is one), EINVAL for an
 * unknown clock, a CPU-time clock or an unknown event type; a regular file is ready at once
 * (nbytes 1, as wasmtime reports); adapter-owned streams ask their object; if nothing is
 * ready, the earliest clock is slept out without spinning where the runtime allows
 * (Atomics.wait) and the clocks due by then are reported; with neither, a single-threaded
 * guest would wait forever, so its streams get events with EDEADLK.
 *
 * Async mode (JSPI): where nothing is ready, the guest waits instead (ctx.block) until a
 * subscribed stream changes from outside (another process, the host) or the earliest clock is
 * due, then the whole call is answered again; relative timeouts count from the first try.
 */
import { Errno } from "../src/errno.ts";
import { SIZE } from "../src/abi/preview1.ts";
import type { Context } from "./context.ts";

const EVENTTYPE_CLOCK = 0;
const EVENTTYPE_FD_READ = 1;
const EVENTTYPE_FD_WRITE = 2;
const SUBCLOCKFLAGS_ABSTIME = 1;

interface Event {
  readonly userdata: bigint;
  readonly error: number;
  readonly type: number;
  readonly nbytes: bigint;
}

/** Clocks poll can wait on: realtime (0) and monotonic (1); wasmtime refuses the CPU-time ones. */
const CLOCKS = new Set([0, 1]);

/** Now on clock `id` in ns: realtime (0) or monotonic (1). */
function now(id: number): bigint {
  return id === 0 ? BigInt(Date.now()) * 1_000_000n : BigInt(Math.round(performance.now() * 1e6));
}

/** Sleeps without spinning where the runtime allows it (Atomics.wait), else spins. */
function sleep(ns: bigint): void {
  const ms = Number(ns) / 1e6;
  if (ms <= 0) return;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } catch {
    const end = performance.now() + ms;
    while (performance.now() < end);
  }
}

/** Now on both clocks, taken once per call: relative timeouts count from here. */
interface Start {
  readonly realtime: bigint;
  readonly monotonic: bigint;
}

const timer = (ns: bigint): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.ceil(Number(ns) / 1e6)));

export function pollOneoff(ctx: Context, subs: number, events: number, count: number, neventsPtr: number, started?: Start): number | Promise<number> {
  if (!ctx.inBounds(subs, count * SIZE.subscription) || !ctx.inBounds(events, count * SIZE.event) || !ctx.inBounds(neventsPtr, 4)) {
    return Errno.EFAULT;
  }
  if (count === 0) return Errno.EINVAL;
  const view = ctx.view();
  const start = started ?? { realtime: now(0), monotonic: now(1) };
  const ready: Event[] = [];
  const changes: (() => Promise<void> | undefined)[] = []; // how the waiting streams tell a change
  const waiting: Event[] = []; // adapter-owned streams that are not ready
  const clocks: { userdata: bigint; wait: bigint }[] = [];
  for (let k = 0; k < count; k++) {
    const at = subs + k * SIZE.subscription;
    const userdata = view.getBigUint64(at, true);
    const tag = view.getUint8(at + 8);
    if (tag === EVENTTYPE_CLOCK) {
      const id = view.getUint32(at + 16, true);
      if (!CLOCKS.has(id)) return Errno.EINVAL;
      const timeout = view.getBigUint64(at + 24, true);
      const absolute = (view.getUint16(at + 40, true) & SUBCLOCKFLAGS_ABSTIME) !== 0;
      const wait = absolute ? timeout - now(id) : timeout - (now(id) - (id === 0 ? start.realtime : start.monotonic));
      clocks.push({ userdata, wait: wait > 0n ? wait : 0n });
    } else if (tag === EVENTTYPE_FD_READ || tag === EVENTTYPE_FD_WRITE) {
      const entry = ctx.table.get(view.getUint32(at + 16, true));
      if (entry === undefined) return Errno.EBADF;
      const own = entry.desc.own;
      if (own === undefined) {
        if (ctx.base.reach?.(entry.desc.baseFd)?.kind === "directory") return Errno.EBADF;
        ready.push({ userdata, error: Errno.ESUCCESS, type: tag, nbytes: 1n });
      } else if (tag === EVENTTYPE_FD_READ ? own.readable() : own.writable()) {
        ready.push({ userdata, error: Errno.ESUCCESS, type: tag, nbytes: 1n });
      } else {
        waiting.push({ userdata, error: Errno.EDEADLK, type: tag, nbytes: 0n });
        changes.push(() => own.changed());
      }
    } else return Errno.EINVAL;
  }
  const clockEvents = (by: bigint): Event[] =>
    clocks.filter((c) => c.wait <= by).map((c) => ({ userdata: c.userdata, error: Errno.ESUCCESS, type: EVENTTYPE_CLOCK, nbytes: 0n }));
  if (ready.length > 0 || clocks.some((c) => c.wait === 0n)) return answer(ctx, events, neventsPtr, [...ready, ...clockEvents(0n)]);
  const first = clocks.length > 0 ? clocks.reduce((a, b) => (b.wait < a.wait ? b : a)).wait : undefined;
  const until = (): Promise<void> | undefined => {
    const waits = changes.map((c) => c()).filter((p): p is Promise<void> => p !== undefined);
    if (first !== undefined) waits.push(timer(first));
    return waits.length === 0 ? undefined : Promise.race(waits);
  };
  return ctx.block(until, () => pollOneoff(ctx, subs, events, count, neventsPtr, start), () => {
    if (first === undefined) return answer(ctx, events, neventsPtr, waiting);
    sleep(first);
    return answer(ctx, events, neventsPtr, clockEvents(first));
  });
}

/** Writes the events and their count. */
function answer(ctx: Context, events: number, neventsPtr: number, out: readonly Event[]): number {
  const v = ctx.view();
  out.forEach((e, k) => {
    const at = events + k * SIZE.event;
    v.setBigUint64(at, e.userdata, true);
    v.setUint16(at + 8, e.error, true);
    v.setUint8(at + 10, e.type);
    v.setBigUint64(at + 16, e.nbytes, true);
    v.setUint16(at + 24, 0, true);
  });
  v.setUint32(neventsPtr, out.length, true);
  return Errno.ESUCCESS;
}
