// A quick run of the benchmark harness with tiny sizes: it must finish, verify every timed
// write and copy byte for byte (it throws otherwise), print the table and write the JSON shape
// the issue asks for. The figures themselves mean nothing at this size.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

test("npm run bench works end to end at 1 MiB (--json)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-bench-"));
  const json = path.join(dir, "bench.json");
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--json", json], {
      encoding: "utf8",
      env: { ...process.env, BENCH_MIB: "1", BENCH_RUNS: "1", BENCH_CALLS: "2000", BENCH_INVOCATIONS: "20", BENCH_REQUESTS: "40" },
    });
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /\| memfs_append_vs_fresh_set \|/);
    assert.match(r.stderr, /bench: fresh_set: median/);
    const out = JSON.parse(fs.readFileSync(json, "utf8")) as { cases: Record<string, { value: number; unit: string }>; ratios: Record<string, number> };
    for (const k of ["fresh_set", "memfs_append", "reflink_copy", "reflink_copy_arraybuffers_mib", "unaligned_copy", "memfs_read", "stock_read", "stock_shim_append_1mib_s", "call_ns_ours", "call_ns_stock", "concurrent_invocations_per_s", "idle_instance_rss_kib", "plugin_host_wasi_os_requests_per_s", "plugin_host_node_wasi_p99_ms"]) {
      assert.ok(Number.isFinite(out.cases[k]?.value), `case ${k}`);
      assert.type(out.cases[k]?.unit, "string");
    }
    for (const k of ["memfs_append_vs_fresh_set", "reflink_copy_vs_fresh_set", "unaligned_copy_vs_fresh_set", "host_copy_vs_guest_loop", "read_vs_stock_shim", "call_overhead_vs_stock_shim", "pipe_vs_native_cat", "event_loop_stall_vs_node_wasi", "async_call_vs_sync", "invocation_prepared_vs_bare_instantiate", "invocation_prepared_vs_stock_shim", "invocation_run_command_vs_stock_shim", "plugin_host_requests_per_s_vs_node_wasi", ...(fs.existsSync(process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium") ? ["opfs_write_vs_memory", "opfs_read_vs_memory", "opfs_copy_vs_memory", "opfs_page_async_vs_worker_sync"] : [])]) {
      assert.ok(Number.isFinite(out.ratios[k]) && out.ratios[k]! > 0, `ratio ${k}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
