/**
 * Load test of the plugin host (server.ts): a bounded number of requests (and a deadline), a
 * fixed number in flight, against the wasi-os server and the same server on raw node:wasi,
 * each started as its own process so that the load generator does not share its thread.
 *
 *   node --import tsx examples/plugin-host/load.ts [REQUESTS] [CONCURRENCY]
 *
 * prints one JSON object: requests/s, p50 and p99 latency for each, and their ratios.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, get } from "node:http";
import { join } from "node:path";
import { PAGE } from "./server.ts";

export interface LoadResult {
  readonly requests: number;
  readonly ok: number;
  readonly requestsPerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** `requests` GETs of `url`, `concurrency` at a time, stopping at `deadlineMs`; checks each body. */
export async function load(url: string, requests: number, concurrency: number, deadlineMs: number, want: Uint8Array = PAGE): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let ok = 0;
  let next = 0;
  const t0 = performance.now();
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const start = performance.now();
      get(url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          latencies.push(performance.now() - start);
          if (res.statusCode === 200 && Buffer.concat(chunks).equals(want)) ok++;
          resolve();
        });
      }).on("error", () => resolve());
    });
  const worker = async (): Promise<void> => {
    while (next < requests && performance.now() - t0 < deadlineMs) {
      next++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, ok, requestsPerS: latencies.length / seconds, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
}

/** Starts server.ts with `impl` in its own process; resolves with its URL and the process. */
export function serve(impl: "wasi-os" | "node-wasi", timeoutMs = 1000): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--no-warnings", "--import", "tsx", join(import.meta.dirname, "server.ts"), "--impl", impl, "--timeout", String(timeoutMs)], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m !== null) resolve({ url: m[1]!, child });
    });
    child.on("exit", (code) => reject(new Error(`plugin-host ${impl} exited ${code} before listening`)));
  });
}

/** Both servers under the same load, one after the other. */
export async function compare(requests: number, concurrency: number, deadlineMs: number): Promise<Record<string, unknown>> {
  const results: Record<string, LoadResult> = {};
  for (const impl of ["wasi-os", "node-wasi"] as const) {
    const { url, child } = await serve(impl);
    try {
      await load(`${url}/`, Math.min(50, requests), concurrency, deadlineMs); // warm-up
      results[impl] = await load(`${url}/`, requests, concurrency, deadlineMs);
    } finally {
      child.kill();
    }
  }
  const a = results["wasi-os"]!;
  const b = results["node-wasi"]!;
  return { ...results, ratios: { requests_per_s_vs_node_wasi: a.requestsPerS / b.requestsPerS, p99_vs_node_wasi: a.p99Ms / b.p99Ms } };
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const requests = Number(process.argv[2] ?? 2000);
  const concurrency = Number(process.argv[3] ?? 8);
  console.log(JSON.stringify(await compare(requests, concurrency, 60_000), null, 2));
}
