/**
 * `npm run bench [-- --json FILE] [-- --svg]`: the memory file system against the memcpy
 * ceiling and the stock browser_wasi_shim, measured side by side in one process.
 * Progress goes to stderr, a markdown table to stdout. Environment: BENCH_MIB (size, default
 * 64), BENCH_RUNS (runs per case, default 5), BENCH_CALLS (fd_write calls per overhead run).
 */
import { writeFileSync } from "node:fs";
import { TARGETS, runAll, type Config, type Results } from "./cases.ts";
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
  const results = await runAll(cfg);
  process.stdout.write(table(results, cfg));
  if (jsonFile !== undefined) {
    writeFileSync(jsonFile, JSON.stringify(results, null, 2) + "\n");
    progress(`wrote ${jsonFile}`);
  }
  if (svg) {
    const file = new URL("../docs/bench.svg", import.meta.url);
    writeFileSync(file, chartSvg(results, cfg));
    progress("wrote docs/bench.svg");
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
