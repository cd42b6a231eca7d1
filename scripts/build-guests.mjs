// Build the AssemblyScript guests: build/conformance.wasm and build/examples/fdtour.wasm.
// Plain Node ESM: one asc (compiler) import, each guest compiled once with the options in
// asconfig.json. Guests import only wasi_snapshot_preview1 and the extension namespace
// wasi_os_v1 (checked here after the build: no `env`, no stray namespace).
import asc from "assemblyscript/asc";
import { readFileSync, mkdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const guests = [
  ["tests/guests/conformance.ts", "build/conformance.wasm"],
  ["tests/guests/copyfile.ts", "build/copyfile.wasm"],
  ["examples/fdtour.ts", "build/examples/fdtour.wasm"],
];
const ALLOWED = new Set(["wasi_snapshot_preview1", "wasi_os_v1"]);

let failed = false;
for (const [entry, out] of guests) {
  mkdirSync(dirname(out), { recursive: true });
  // assembly/index.ts imports abort.ts, so --use abort=assembly/abort/abort resolves (asconfig.json).
  const { error } = await asc.main(
    [entry, "--config", "asconfig.json", "--target", "release", "-o", out],
    { stdout: process.stdout, stderr: process.stderr },
  );
  if (error) { console.error(`build-guests: ${entry}: ${error.message}`); failed = true; continue; }
  const mod = new WebAssembly.Module(readFileSync(out));
  const bad = WebAssembly.Module.imports(mod).filter((i) => !ALLOWED.has(i.module));
  if (bad.length) { console.error(`build-guests: ${out} imports ${bad.map((i) => i.module + "." + i.name).join(", ")}`); failed = true; }
  console.log(`${out}  ${statSync(out).size} bytes`);
}
process.exit(failed ? 1 : 0);
