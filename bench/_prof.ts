import { readFileSync } from "node:fs";
import { runCommand, WasiOs } from "../host/index.ts";
import { setUp } from "../host/setup.ts";
const bytes = readFileSync("build/examples/cat.wasm");
const module = await WebAssembly.compile(bytes);
const data = new Uint8Array(1024).fill(65);
const opts = { args: ["cat", "/in.txt"], preopens: [{ guest: "/", tree: { "in.txt": data } }], stdout: () => {} };
async function time(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < 300; i++) { const t = performance.now(); await f(); xs.push(performance.now() - t); }
  xs.sort((a, b) => a - b);
  console.log(name, (xs[150]! * 1000).toFixed(0), "us");
}
const runOnly: number[] = [];
const r = await runCommand(module, opts); console.log(r.exitCode, r.stdout.length);
await time("runCommand", () => runCommand(module, opts));
await time("setUp", () => setUp(module, opts));
const noop = Object.fromEntries(WebAssembly.Module.imports(module).map((i) => [i.module, {}]));
for (const i of WebAssembly.Module.imports(module)) (noop[i.module] as Record<string, unknown>)[i.name] = () => 0;
await time("bare instantiate", () => WebAssembly.instantiate(module, noop));
const s = await setUp(module, opts);
await time("instantiate with adapter imports", () => WebAssembly.instantiate(module, { wasi_snapshot_preview1: s.adapter.wasiImport, wasi_os_v1: s.adapter.extImport }));
await time("WasiOs.create", () => WasiOs.create(module, opts));
const { createMemoryBase } = await import("../host/bases/memory.ts");
const { Adapter } = await import("../host/adapter.ts");
await time("createMemoryBase", async () => createMemoryBase({ ...opts, module, preopens: opts.preopens, async: false } as never));
const base = await createMemoryBase({ ...opts, module, preopens: opts.preopens, async: false } as never);
await time("new Adapter", async () => new Adapter(base, { baseName: "memory", args: ["cat"], env: [], preopenNames: ["/"], stdout: () => {} } as never));
await time("checkAbi", async () => (await import("../host/setup.ts")).checkAbi(module));
await time("Module.imports", async () => WebAssembly.Module.imports(module));
await time("run only", async () => { const s = await setUp(module, opts); const inst = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: s.adapter.wasiImport, wasi_os_v1: s.adapter.extImport }); const t = performance.now(); s.adapter.start(inst); runOnly.push(performance.now() - t); });
runOnly.sort((a,b)=>a-b); console.log("start() median", (runOnly[runOnly.length>>1]!*1000).toFixed(0));
