// The package as a user gets it: `npm pack`, install the tarball into a fresh consumer project,
// compile a guest there that imports `wasi-os/assembly` the documented way (README), and run it
// with the installed host library's built output (no TypeScript loader).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(".");
const work = mkdtempSync(join(tmpdir(), "wasi-os-pack-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

const GUEST = `import * as os from "wasi-os/assembly";
function say(s: string): void {
  os.write(1, Uint8Array.wrap(String.UTF8.encode(s + "\\n")));
}
function main(): void {
  const fd = os.open("hello.txt", os.O_RDWR | os.O_CREAT, 0o600);
  os.write(fd, Uint8Array.wrap(String.UTF8.encode("packed")));
  const d = os.dup(fd);
  os.lseek(d, 0, os.SEEK_SET);
  const b = os.read(fd, 100);
  const st = os.fstat(fd);
  if (b !== null && st !== null) say(String.UTF8.decode(b.buffer) + " mode=0o" + (st.st_mode & 0o777).toString(8));
  else say(os.last_error().toString());
}
main();
`;

const RUN = `import { readFileSync } from "node:fs";
import { runCommand } from "wasi-os";
const r = await runCommand(readFileSync("guest.wasm"), { args: ["guest"], preopens: [{ guest: "/", tree: {} }] });
process.stdout.write(r.stdout);
process.exit(r.exitCode);
`;

test("a packed and installed wasi-os compiles and runs a guest importing wasi-os/assembly", () => {
  const tgz = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: root, encoding: "utf8" }).trim().split("\n").pop()!;
  const consumer = join(work, "consumer");
  execFileSync("mkdir", ["-p", consumer]);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--silent", "--no-audit", "--no-fund", "--prefer-offline", join(work, tgz)], { cwd: consumer, stdio: "pipe" });
  writeFileSync(join(consumer, "guest.ts"), GUEST);
  // The documented compile command (README "A guest"), with this project's asc.
  execFileSync(
    join(root, "node_modules/.bin/asc"),
    ["guest.ts", "-o", "guest.wasm", "--runtime", "incremental", "--exportStart", "_start", "--use", "abort=~lib/wasi-os/assembly/abort/abort", "-O3"],
    { cwd: consumer, stdio: "pipe" },
  );
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(join(consumer, "guest.wasm"))));
  assert.ok(imports.every((i) => i.module === "wasi_snapshot_preview1" || i.module === "wasi_os_v1"), JSON.stringify(imports));
  writeFileSync(join(consumer, "run.mjs"), RUN);
  const out = execFileSync(process.execPath, ["run.mjs"], { cwd: consumer, encoding: "utf8" });
  assert.is(out, "packed mode=0o600\n");

  // The README's guest example compiles the same way.
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const example = /## A guest\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, "README has a guest example");
  writeFileSync(join(consumer, "readme.ts"), example);
  execFileSync(
    join(root, "node_modules/.bin/asc"),
    ["readme.ts", "-o", "readme.wasm", "--runtime", "incremental", "--exportStart", "_start", "--use", "abort=~lib/wasi-os/assembly/abort/abort"],
    { cwd: consumer, stdio: "pipe" },
  );
});

test.run();
