// The example plugin host (examples/plugin-host/): correct answers under a bounded load, a
// spinning plugin ended at the limit while the server goes on, and the load test's figures
// against the same server on raw node:wasi (printed; only correctness is asserted, since
// timings on a shared machine are not stable enough to hold to a threshold).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { get } from "node:http";
import { startServer, PAGE } from "../examples/plugin-host/server.ts";
import { compare } from "../examples/plugin-host/load.ts";

function fetchText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

test("a plugin that spins is ended at the limit with 504, and the next request is served", async () => {
  const { server, port } = await startServer({ impl: "wasi-os", timeout: 200 });
  try {
    const t0 = performance.now();
    const spin = await fetchText(`http://127.0.0.1:${port}/spin`);
    assert.is(spin.status, 504);
    assert.ok(performance.now() - t0 < 20_000);
    const page = await fetchText(`http://127.0.0.1:${port}/`);
    assert.equal([page.status, page.body], [200, new TextDecoder().decode(PAGE)]);
  } finally {
    server.close();
  }
});

test("under a bounded load every request gets the plugin's page, on wasi-os and on node:wasi", async () => {
  const r = (await compare(300, 8, 30_000)) as Record<string, { requests: number; ok: number; requestsPerS: number; p99Ms: number }> & { ratios: Record<string, number> };
  for (const impl of ["wasi-os", "node-wasi"]) {
    const x = r[impl]!;
    assert.ok(x.requests > 0, impl);
    assert.is(x.ok, x.requests, `${impl}: every answer was 200 with the page`);
    console.log(`plugin-host ${impl}: ${x.requests} requests, ${x.requestsPerS.toFixed(0)} requests/s, p99 ${x.p99Ms.toFixed(1)} ms`);
  }
  console.log(`plugin-host wasi-os vs node:wasi: requests/s x${r.ratios["requests_per_s_vs_node_wasi"]!.toFixed(2)}, p99 x${r.ratios["p99_vs_node_wasi"]!.toFixed(2)}`);
});

test.run();
