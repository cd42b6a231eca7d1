/**
 * `npm run bench [-- --json FILE] [-- --svg (also rewrites docs/bench.svg and docs/bench.md)]`: the memory file system against the memcpy
 * ceiling and the stock browser_wasi_shim, and the `node` base against CPython's kernel copy
 * and read/write loop on the same disk (bench/disk.ts), and the `opfs` file system against
 * `memory` in Chromium (bench/opfs.ts), measured side by side in one run.
 * Progress goes to stderr, a markdown table to stdout. Environment: BENCH_MIB (size, default
 * 64), BENCH_RUNS (runs per case, default 5), BENCH_CALLS (fd_write calls per overhead run),
 * BENCH_INVOCATIONS (runs per small-guest invocation case, default 300: bench/invocation.ts).
 */
import { writeFileSync } from "node:fs";
import { TARGETS, runAll, type Config, type Results } from "./cases.ts";
import { diskCases } from "./disk.ts";
import { processCases, processCasesViaNode26 } from "./process.ts";
import { allInvocationCases } from "./invocation.ts";
import { opfsCases } from "./opfs.ts";
import { jspiAvailable } from "../host/wait.ts";
import { progress } from "./measure.ts";
import { chartSvg } from "./svg.ts";

function intEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`bench: ${name} must be a positive integer`);
  return n;
}

function verdict(name: string, value: number): string {
  const t = TARGETS[name];
  if (t === undefined) return "";
  if (t.min !== undefined) return value >= t.min ? `>= ${t.min} met` : `>= ${t.min} MISSED`;
  if (t.max !== undefined) return value <= t.max ? `<= ${t.max} met` : `<= ${t.max} MISSED`;
  return "";
}

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));

export function table(r: Results, cfg: Config): string {
  const lines = [
    `Sizes: ${cfg.mib} MiB (stock append: ${cfg.stockMib} MiB); medians of ${cfg.runs} runs; Node ${process.version}.`,
    "",
    "| case | value | unit |",
    "|---|---:|---|",
    ...Object.entries(r.cases).map(([k, v]) => `| ${k} | ${fmt(v.value)} | ${v.unit} |`),
    "",
    "| ratio | value | target |",
    "|---|---:|---|",
    ...Object.entries(r.ratios).map(([k, v]) => `| ${k} | ${fmt(v)} | ${verdict(k, v)} |`),
  ];
  return lines.join("\n") + "\n";
}

/** docs/bench.md: what is measured (fixed text) and this run's table (generated). */
function benchDoc(runTable: string): string {
  return `# Benchmark

Written by \`npm run bench -- --svg\` (bench/run.ts), with [bench.svg](bench.svg), on ${new Date().toISOString().slice(0, 10)}.

The \`memory\` base, through the whole adapter, against the memcpy ceiling (\`fresh_set\`: allocate
a 64 MiB \`Uint8Array\` and \`set\` random data into it) and the bare stock browser_wasi_shim; the
\`node\` base against CPython's \`os.copy_file_range\` (the kernel's copy) and CPython's 1 MiB
read/write loop on the same disk (bench/disk.ts). Guest loops are real wasm calling the imports;
every value is the median of runs in one process after an uncounted warm-up, each timed write or
copy checked byte for byte afterwards. Ratios are the point: absolute numbers move with the load
of a shared 2-core machine.

${runTable}
Notes:
- \`reflink_copy\`: a whole-file \`copy_file_range\` shares the 64 KiB blocks copy-on-write, so it
  allocates nothing (\`reflink_copy_arraybuffers_mib\`: growth of \`process.memoryUsage().arrayBuffers\`
  around the copy; it can come out negative when a collection lands inside).
- \`host_overwrite_copy\` / \`guest_overwrite_loop\`: \`copy_file_range\` from offset 1 to offset 3
  onto a destination already holding 64 MiB, versus the guest's own 64 KiB \`fd_read\`/\`fd_write\`
  loop over the same files. The guest loop copies twice per chunk but its 64 KiB chunks stay in
  cache, and the direct guest I/O path made it fast, so the ratio stays below 2.
- \`call_ns_*\`: a 64-byte \`fd_write\` to a sink that receives the bytes (and is verified). Our path
  has no per-call allocation except the one view of guest memory handed to the sink (~20 ns of
  the total); the stock shim slices, builds iovec and result objects.
- Processes (bench/process.ts, run with the Node 26 binary when this Node lacks JSPI):
  \`pipe_vs_native_cat\`: two guests \`cat big | cat\` through one adapter pipe against GNU
  \`cat | cat\` of the same bytes; \`event_loop_stall_vs_node_wasi\`: the worst delay of a 1 ms
  timer while a \`node\`-base guest copies 256 MiB in async mode, against the same guest on
  node:wasi; \`async_call_vs_sync\`: a 64-byte \`fd_write\` in a process whose stdout never waits
  (a plain import) against sync mode; \`async_call_suspending_vs_sync\`: the same call through a
  \`Suspending\` import, the price of every wrapped call.
`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf("--json");
  const jsonFile = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && jsonFile === undefined) throw new Error("bench: --json needs a file name");
  const svg = args.includes("--svg");
  const mib = intEnv("BENCH_MIB", 64);
  const cfg: Config = {
    mib,
    runs: intEnv("BENCH_RUNS", 5),
    stockMib: Math.min(16, mib),
    calls: intEnv("BENCH_CALLS", 200_000),
  };
  progress(`${cfg.mib} MiB, ${cfg.runs} runs per case`);
  const memory = await runAll(cfg);
  const disk = await diskCases({ mib: cfg.mib, runs: cfg.runs, log: progress });
  // Processes need JSPI: on Node 20 the same cases run with the Node 26 binary (bench/process.ts).
  const procOpts = { mib: cfg.mib, runs: cfg.runs, calls: cfg.calls, log: progress };
  const proc = jspiAvailable() ? await processCases(procOpts) : processCasesViaNode26(procOpts);
  const invocation = await allInvocationCases({ runs: intEnv("BENCH_INVOCATIONS", 300), log: progress });
  const opfs = await opfsCases({ mib: cfg.mib, runs: cfg.runs, log: progress });
  const results: Results = {
    cases: { ...memory.cases, ...disk.cases, ...proc.cases, ...invocation.cases, ...opfs.cases },
    ratios: { ...memory.ratios, ...disk.ratios, ...proc.ratios, ...invocation.ratios, ...opfs.ratios },
  };
  process.stdout.write(table(results, cfg));
  if (jsonFile !== undefined) {
    writeFileSync(jsonFile, JSON.stringify(results, null, 2) + "\n");
    progress(`wrote ${jsonFile}`);
  }
  if (svg) {
    const file = new URL("../docs/bench.svg", import.meta.url);
    writeFileSync(file, chartSvg(results, cfg));
    writeFileSync(new URL("../docs/bench.md", import.meta.url), benchDoc(table(results, cfg)));
    progress("wrote docs/bench.svg and docs/bench.md");
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
