// A `node`-base guest copies SIZE MiB (default 256) with copy_file_range while a 1 ms interval
// timer runs, first in sync mode, then under JSPI; prints one JSON line per mode: the exit code,
// the bytes copied, the ticks and the worst gap between ticks (tests/process.test.ts).
// Run with Node 25+ (JSPI): node jspi-node-copy.mjs [SIZE]
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "wasi-os";

const mib = Number(process.argv[2] ?? 256);
const module = new WebAssembly.Module(readFileSync(new URL("../../../build/jspi.wasm", import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), "wasi-os-jspi-copy-"));
try {
  writeFileSync(join(dir, "src"), new Uint8Array(mib << 20).fill(7));
  for (const async of [false, true]) {
    rmSync(join(dir, "dst"), { force: true });
    const stamps = [];
    const timer = setInterval(() => stamps.push(performance.now()), 1);
    await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    const p = spawn(module, { base: "node", args: ["jspi", "copy", "src", "dst"], preopens: [{ guest: "/", host: dir }], stdout: () => {}, async });
    const code = await p.exited;
    await new Promise((r) => setTimeout(r, 5));
    clearInterval(timer);
    const s = [t0, ...stamps.filter((t) => t > t0)];
    let worst = 0;
    for (let k = 1; k < s.length; k++) worst = Math.max(worst, s[k] - s[k - 1]);
    console.log(JSON.stringify({ code, async: p.async, copied: statSync(join(dir, "dst")).size, ticks: s.length - 1, worstMs: worst }));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
