// Build the C side: c/src/*.c -> build/c/libwasi_os.a, then every tests/guests/*.c ->
// build/<name>.wasm and every examples/c/*.c -> build/examples/c/<name>.wasm, linked with the
// library before libc. Toolchain: Debian's clang-14 (--target=wasm32-wasi), lld-14, llvm-14
// (llvm-ar-14), wasi-libc and libclang-rt-14-dev-wasm32 (.ci/run installs them). When it is
// missing the C guests are skipped with a notice (their tests skip, or fail under CI=true).
// Like build-guests.mjs, each module may import only wasi_snapshot_preview1 and wasi_os_v1.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

export const CC = process.env.WASI_OS_CC ?? "clang-14";
export const AR = process.env.WASI_OS_AR ?? "llvm-ar-14";
const CFLAGS = ["--target=wasm32-wasi", "-O2", "-Wall", "-Wextra", "-Werror", "-Ic/include"];
const ALLOWED = new Set(["wasi_snapshot_preview1", "wasi_os_v1"]);

/** Why the toolchain cannot build here, or undefined when it can (compiles and links a probe). */
export function toolchainMissing() {
  for (const tool of [CC, AR]) {
    const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
    if (r.error !== undefined || r.status !== 0) return `${tool} not found`;
  }
  const dir = join("build", "c");
  mkdirSync(dir, { recursive: true });
  const probe = spawnSync(CC, ["--target=wasm32-wasi", "-x", "c", "-", "-o", join(dir, "probe.wasm")], {
    input: "int main(void) { return 0; }\n",
    encoding: "utf8",
  });
  rmSync(join(dir, "probe.wasm"), { force: true });
  if (probe.status !== 0) return `${CC} --target=wasm32-wasi cannot link (wasi-libc, lld-14, libclang-rt-14-dev-wasm32?): ${probe.stderr.trim().split("\n")[0]}`;
  return undefined;
}

const cfiles = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".c")).sort().map((f) => join(dir, f)) : []);

function run(cmd, args) {
  execFileSync(cmd, args, { stdio: "inherit" });
}

function buildLibrary() {
  const dir = join("build", "c", "obj");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const objs = cfiles("c/src").map((src) => {
    const obj = join(dir, basename(src, ".c") + ".o");
    run(CC, [...CFLAGS, "-c", src, "-o", obj]);
    return obj;
  });
  const lib = join("build", "c", "libwasi_os.a");
  rmSync(lib, { force: true });
  run(AR, ["rcs", lib, ...objs]);
  console.log(`${lib}  ${objs.length} objects`);
}

function link(src, out) {
  mkdirSync(dirname(out), { recursive: true });
  run(CC, [...CFLAGS, src, "-Lbuild/c", "-lwasi_os", "-o", out]);
  const bad = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(out))).filter((i) => !ALLOWED.has(i.module));
  if (bad.length) throw new Error(`${out} imports ${bad.map((i) => i.module + "." + i.name).join(", ")}`);
  console.log(`${out}  ${statSync(out).size} bytes`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = toolchainMissing();
  if (missing !== undefined) {
    console.log(`build-c: skipped, the C toolchain is missing (${missing}); apt-get install clang-14 lld-14 llvm-14 wasi-libc libclang-rt-14-dev-wasm32`);
    process.exit(0);
  }
  try {
    buildLibrary();
    for (const src of cfiles("tests/guests")) link(src, join("build", basename(src, ".c") + "-c.wasm"));
    for (const src of cfiles("examples/c")) link(src, join("build", "examples", "c", basename(src, ".c") + ".wasm"));
  } catch (e) {
    console.error(`build-c: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
