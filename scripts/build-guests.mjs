// Build the AssemblyScript guests: every tests/guests/*.ts -> build/<name>.wasm and every
// examples/*.ts -> build/examples/<name>.wasm, each compiled once with the options in
// asconfig.json. Guests may import only wasi_snapshot_preview1 and the extension namespace
// wasi_os_v1 (checked here after the build: no `env`, no stray namespace).
import asc from "assemblyscript/asc";
import { readFileSync, readdirSync, mkdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, basename } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const list = (dir, out) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => [join(dir, f), join(out, basename(f, ".ts") + ".wasm")]);
const guests = [...list("tests/guests", "build"), ...list("examples", "build/examples")];
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
