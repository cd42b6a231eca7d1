/**
 * The benchmark cases. Each value is the median of `runs` runs in this process (after one
 * uncounted warm-up run, with a full GC before each timed section); every timed
 * write or copy is checked byte for byte after its timing. Sizes are `mib` MiB (64 by default).
 */
import { DATA_AT, ensureMemory } from "./guest.ts";
import { MiB, check, gc, median, progress, randomBytes, timeMs, verify } from "./measure.ts";
import { StockSink, ours, stock, stockFile } from "./setups.ts";

export interface Config {
  readonly mib: number;
  readonly runs: number;
  /** Size of the stock shim's append case (its quadratic growth makes 64 MiB take minutes). */
  readonly stockMib: number;
  /** fd_write calls per run of the call overhead case. */
  readonly calls: number;
}

export interface Value {
  readonly value: number;
  readonly unit: string;
}

export interface Results {
  cases: Record<string, Value>;
  ratios: Record<string, number>;
}

const CHUNK = 64 * 1024;

function runs(cfg: Config, name: string, once: (run: number) => number): number {
  once(-1); // warm-up (JIT, first-touch allocations): checked, not counted
  const xs: number[] = [];
  for (let r = 0; r < cfg.runs; r++) xs.push(once(r));
  const m = median(xs);
  progress(`${name}: median ${m.toFixed(3)} of [${xs.map((x) => x.toFixed(3)).join(", ")}]`);
  return m;
}

const mibps = (bytes: number, ms: number): number => bytes / MiB / (ms / 1000);

export async function runAll(cfg: Config): Promise<Results> {
  const S = cfg.mib * MiB;
  const data = randomBytes(S);
  const cases: Record<string, Value> = {};
  const put = (name: string, value: number, unit: string): void => void (cases[name] = { value, unit });

  // ---- the memcpy ceiling: a fresh 64 MiB array plus one set into it ----
  put("fresh_set", runs(cfg, "fresh_set", () => {
    let out = new Uint8Array(0);
    const ms = timeMs(() => {
      out = new Uint8Array(S);
      out.set(data);
    });
    verify("fresh_set", out, data);
    return mibps(S, ms);
  }), "MiB/s");

  // ---- our stack: guest appends, reflink and unaligned copies, reads ----
  const o = await ours();
  ensureMemory(o.g.memory, DATA_AT + 2 * S + CHUNK);
  new Uint8Array(o.g.memory.buffer).set(data, DATA_AT);

  put("memfs_append", runs(cfg, "memfs_append", () => {
    const fd = o.open("append", true);
    const ms = timeMs(() => check("append loop", o.g.write_loop(fd, DATA_AT, CHUNK, CHUNK, S / CHUNK) === 0));
    o.g.close(fd);
    verify("memfs_append", o.read("append"), data);
    return mibps(S, ms);
  }), "MiB/s");

  const src = o.open("append", false);
  const reflinkGrowth: number[] = [];
  put("reflink_copy", runs(cfg, "reflink_copy", () => {
    const dst = o.open("reflink", true);
    gc();
    gc();
    const before = process.memoryUsage().arrayBuffers;
    let copied = 0n;
    const ms = timeMs(() => (copied = o.g.copy_range(src, dst, BigInt(S), 0n, 0n)));
    // Collect again: what the copy still holds is what it allocated (timeMs collects garbage
    // from earlier runs too, which would otherwise show as negative growth).
    gc();
    reflinkGrowth.push((process.memoryUsage().arrayBuffers - before) / MiB);
    check(`reflink copy returned ${copied}`, copied === BigInt(S));
    o.g.close(dst);
    verify("reflink_copy", o.read("reflink"), data);
    return ms;
  }), "ms");
  put("reflink_copy_arraybuffers_mib", median(reflinkGrowth), "MiB");

  const shifted = new Uint8Array(S + 2);
  shifted.set(data.subarray(1), 3);
  put("unaligned_copy", runs(cfg, "unaligned_copy", () => {
    const dst = o.open("unaligned", true);
    let copied = 0n;
    const ms = timeMs(() => (copied = o.g.copy_range(src, dst, BigInt(S), 1n, 3n)));
    check(`unaligned copy returned ${copied}`, copied === BigInt(S - 1));
    o.g.close(dst);
    verify("unaligned_copy", o.read("unaligned"), shifted);
    return mibps(S - 1, ms);
  }), "MiB/s");

  // Both overwrite a destination that already holds 64 MiB of its own (private) blocks.
  const other = randomBytes(S);
  new Uint8Array(o.g.memory.buffer).set(other, DATA_AT + S);
  const ow = o.open("overwrite", true);
  check("overwrite setup", o.g.write_loop(ow, DATA_AT + S, CHUNK, CHUNK, S / CHUNK) === 0);
  const expectOwEnd = new Uint8Array(S + 2);
  expectOwEnd.set(other.subarray(0, 3));
  expectOwEnd.set(data.subarray(1), 3);
  put("host_overwrite_copy", runs(cfg, "host_overwrite_copy", () => {
    let copied = 0n;
    const ms = timeMs(() => (copied = o.g.copy_range(src, ow, BigInt(S), 1n, 3n)));
    check(`overwrite copy returned ${copied}`, copied === BigInt(S - 1));
    verify("host_overwrite_copy", o.read("overwrite"), expectOwEnd);
    return mibps(S - 1, ms);
  }), "MiB/s");
  put("guest_overwrite_loop", runs(cfg, "guest_overwrite_loop", () => {
    check("seek", o.g.seek(src, 1n) === 0 && o.g.seek(ow, 3n) === 0);
    let total = 0;
    const ms = timeMs(() => (total = o.g.copy_loop(src, ow, DATA_AT + S, CHUNK)));
    check(`guest loop copied ${total}`, total === S - 1);
    verify("guest_overwrite_loop", o.read("overwrite"), expectOwEnd);
    return mibps(S - 1, ms);
  }), "MiB/s");
  // The loop used the second data region as its buffer: restore nothing, reads below overwrite it.

  put("memfs_read", runs(cfg, "memfs_read", () => {
    check("seek", o.g.seek(src, 0n) === 0);
    let n = 0;
    const ms = timeMs(() => (n = o.g.read_loop(src, DATA_AT + S, CHUNK)));
    check(`read ${n}`, n === S);
    verify("memfs_read", new Uint8Array(o.g.memory.buffer, DATA_AT + S, S), data);
    return mibps(S, ms);
  }), "MiB/s");

  // ---- the stock shim: reads, appends ----
  const sf = stockFile(data.slice());
  const st = await stock([new StockSink(), new StockSink(), new StockSink(), sf.open]);
  ensureMemory(st.g.memory, DATA_AT + 2 * S + CHUNK);
  put("stock_read", runs(cfg, "stock_read", () => {
    check("seek", st.g.seek(3, 0n) === 0);
    let n = 0;
    const ms = timeMs(() => (n = st.g.read_loop(3, DATA_AT + S, CHUNK)));
    check(`stock read ${n}`, n === S);
    verify("stock_read", new Uint8Array(st.g.memory.buffer, DATA_AT + S, S), data);
    return mibps(S, ms);
  }), "MiB/s");

  const SA = cfg.stockMib * MiB;
  new Uint8Array(st.g.memory.buffer).set(data.subarray(0, SA), DATA_AT);
  put(`stock_shim_append_${cfg.stockMib}mib_s`, runs(cfg, "stock_shim_append", () => {
    const f = stockFile(new Uint8Array(0));
    st.shim.fds[4] = f.open;
    const ms = timeMs(() => check("stock append loop", st.g.write_loop(4, DATA_AT, CHUNK, CHUNK, SA / CHUNK) === 0));
    verify("stock_shim_append", f.file.data, data.subarray(0, SA));
    return ms / 1000;
  }), "s");

  // ---- call overhead: 64-byte fd_write to a discarding sink ----
  let got = 0;
  let last: Uint8Array = new Uint8Array(0);
  const sinkOurs = await ours((c) => {
    got += c.byteLength;
    last = c;
  });
  new Uint8Array(sinkOurs.g.memory.buffer).set(data.subarray(0, 64), DATA_AT);
  const sinkStock = new StockSink();
  const st2 = await stock([new StockSink(), sinkStock, new StockSink()]);
  new Uint8Array(st2.g.memory.buffer).set(data.subarray(0, 64), DATA_AT);
  const N = cfg.calls;
  const nsPerCall = (g: typeof st2.g, before: () => void, after: () => void): number => {
    before();
    const ms = timeMs(() => check("sink loop", g.write_loop(1, DATA_AT, 64, 0, N) === 0));
    after();
    return (ms * 1e6) / N;
  };
  put("call_ns_ours", runs(cfg, "call_ns_ours", () =>
    nsPerCall(sinkOurs.g, () => (got = 0), () => {
      check(`ours sink got ${got}`, got === 64 * N);
      verify("ours sink", last, data.subarray(0, 64));
    })), "ns");
  put("call_ns_stock", runs(cfg, "call_ns_stock", () =>
    nsPerCall(st2.g, () => (sinkStock.total = 0), () => {
      check(`stock sink got ${sinkStock.total}`, sinkStock.total === 64 * N);
      verify("stock sink", sinkStock.last, data.subarray(0, 64));
    })), "ns");

  const v = (k: string): number => cases[k]!.value;
  const fresh = v("fresh_set");
  const freshMs = (S / MiB / fresh) * 1000;
  return {
    cases,
    ratios: {
      memfs_append_vs_fresh_set: v("memfs_append") / fresh,
      reflink_copy_vs_fresh_set: freshMs / v("reflink_copy"),
      unaligned_copy_vs_fresh_set: v("unaligned_copy") / fresh,
      host_copy_vs_guest_loop: v("host_overwrite_copy") / v("guest_overwrite_loop"),
      read_vs_stock_shim: v("memfs_read") / v("stock_read"),
      call_overhead_vs_stock_shim: v("call_ns_ours") / v("call_ns_stock"),
    },
  };
}

/** Targets from the issue: `min` (higher is better) or `max` (lower is better). */
export const TARGETS: Record<string, { min?: number; max?: number }> = {
  memfs_append_vs_fresh_set: { min: 0.7 },
  reflink_copy_vs_fresh_set: { min: 100 },
  unaligned_copy_vs_fresh_set: { min: 0.7 },
  host_copy_vs_guest_loop: { min: 2 },
  read_vs_stock_shim: { min: 1.5 },
  call_overhead_vs_stock_shim: { max: 0.25 },
  disk_copy_vs_cpython_kernel: { min: 0.8 },
  pipe_vs_native_cat: { min: 0.5 },
  event_loop_stall_vs_node_wasi: { max: 0.05 },
  async_call_vs_sync: { max: 1.5 },
  invocation_prepared_vs_bare_instantiate: { max: 1.5 },
  invocation_prepared_vs_stock_shim: { max: 0.3 },
  invocation_run_command_vs_stock_shim: { max: 1 },
};
