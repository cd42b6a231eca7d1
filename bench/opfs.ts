/**
 * The `opfs` file system against the `memory` one in real Chromium (playwright-core,
 * /usr/bin/chromium), side by side in one page: bench/opfs-page.ts, bundled here with esbuild
 * and served on 127.0.0.1 (no COOP/COEP). Ratios: opfs_{write,read,copy}_vs_memory, and the
 * page's async OPFS API against sync access handles in a Worker (opfs_page_async_vs_worker_sync).
 * Sizes: min(BENCH_MIB, 32) MiB (OPFS writes real files), medians of BENCH_RUNS.
 */
import * as esbuild from "esbuild";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../examples/terminal/serve.mjs";

type Case = { value: number; unit: string };
export interface OpfsResults {
  cases: Record<string, Case>;
  ratios: Record<string, number>;
}

const ROOT = join(import.meta.dirname, "..");
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** The cases; none (with a notice) where Chromium is missing. */
export async function opfsCases(opts: { mib: number; runs: number; log: (s: string) => void }): Promise<OpfsResults> {
  if (!existsSync(CHROMIUM)) {
    opts.log(`opfs: ${CHROMIUM} not found, OPFS cases left out (apt-get install chromium)`);
    return { cases: {}, ratios: {} };
  }
  const mib = Math.min(opts.mib, 32);
  const dist = mkdtempSync(join(tmpdir(), "wasi-os-bench-opfs-"));
  const profile = mkdtempSync(join(tmpdir(), "wasi-os-bench-chromium-"));
  await esbuild.build({
    entryPoints: [join(ROOT, "bench/opfs-page.ts")],
    outfile: join(dist, "bench.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
  });
  writeFileSync(join(dist, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="bench.js"></script>');
  const server = await startServer({ port: 0, dist });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.waitForFunction(() => "benchOpfs" in globalThis);
    opts.log(`opfs: ${mib} MiB in Chromium, ${opts.runs} runs per case`);
    const cases = await page.evaluate(
      ([m, r]) => (globalThis as unknown as { benchOpfs: (mib: number, runs: number) => Promise<Record<string, Case>> }).benchOpfs(m, r),
      [mib, opts.runs] as const,
    );
    for (const [k, v] of Object.entries(cases)) opts.log(`bench: ${k}: median ${v.value.toFixed(1)} ${v.unit}`);
    const v = (k: string): number => cases[k]?.value ?? NaN;
    return {
      cases,
      ratios: {
        opfs_write_vs_memory: v("opfs_write") / v("memory_write"),
        opfs_read_vs_memory: v("opfs_read") / v("memory_read"),
        opfs_copy_vs_memory: v("opfs_copy") / v("memory_copy"),
        opfs_page_async_vs_worker_sync: v("opfs_page_async_write") / v("opfs_worker_sync_write"),
      },
    };
  } finally {
    await context.close();
    await server.close();
    rmSync(dist, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const env = (k: string, d: number): number => Number(process.env[k] ?? d) || d;
  opfsCases({ mib: env("BENCH_MIB", 64), runs: env("BENCH_RUNS", 5), log: (s) => process.stderr.write(`${s}\n`) })
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    });
}
