// One guest (tests/guests/runtimes.ts: copy_file_range, dup2, pipe, fchmod, device_encoding on
// a terminal, proc_exit) through the package's built output on every server-side runtime, with
// no TypeScript loader: Node is the reference; workerd, Deno and Bun must print exactly what
// Node prints. How each runtime is driven, and its quirks: docs/runtimes.md.
//
// A runtime that is missing is skipped with a notice (a failure under CI=true): gate.ts.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { ensureBrowserBuild, ensureRuntimesGuest, ROOT } from "./support/runtimes/build.ts";
import { gated, versionOf } from "./support/runtimes/gate.ts";

const guest = ensureRuntimesGuest();
ensureBrowserBuild();
const DRIVER = join(ROOT, "tests/support/runtimes/driver.mjs");
const bin = (name: string): string => join(ROOT, "node_modules/.bin", name);
const work = mkdtempSync(join(tmpdir(), "wasi-os-runtimes-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a process to its end (no TypeScript loader leaks in through NODE_OPTIONS). */
function run(command: string, args: string[]): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolve) => {
    const p = spawn(command, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: "", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    p.on("error", (e) => resolve({ status: -1, stdout, stderr: stderr + String(e), ms: performance.now() - started }));
    p.on("close", (status) => resolve({ status, stdout, stderr, ms: performance.now() - started }));
  });
}

/**
 * workerd: the worker (support/runtimes/worker.mjs) bundled from the package's `workerd` export,
 * the guest embedded as a wasm module, one socket on 127.0.0.1 with an ephemeral port that
 * workerd reports on its control fd; one fetch, then the process ends.
 */
async function runWorkerd(): Promise<Ran> {
  const started = performance.now();
  const dir = mkdtempSync(join(work, "workerd-"));
  await esbuild.build({
    entryPoints: [join(ROOT, "tests/support/runtimes/worker.mjs")],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
    outfile: join(dir, "worker.js"),
    absWorkingDir: ROOT,
    logLevel: "warning",
  });
  copyFileSync(guest, join(dir, "runtimes.wasm"));
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "runtimes.wasm", wasm = embed "runtimes.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
`,
  );
  let stderr = "";
  const p: ChildProcess = spawn(bin("workerd"), ["serve", join(dir, "config.capnp"), "--control-fd=3"], { cwd: dir, stdio: ["ignore", "ignore", "pipe", "pipe"] });
  p.stderr?.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let control = "";
      const timer = setTimeout(() => reject(new Error(`workerd did not listen within 20 s: ${stderr}`)), 20_000);
      p.stdio[3]?.on("data", (d: Buffer) => {
        control += d.toString("utf8");
        const m = /"event":"listen"[^}]*"port":(\d+)/.exec(control);
        if (m?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      p.on("exit", (code) => reject(new Error(`workerd exited (${code}): ${stderr}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/`);
    return { status: res.status === 200 ? 0 : res.status, stdout: await res.text(), stderr, ms: performance.now() - started };
  } catch (e) {
    return { status: -1, stdout: "", stderr: String(e), ms: performance.now() - started };
  } finally {
    p.kill();
  }
}

const versions = {
  workerd: versionOf(bin("workerd")),
  deno: versionOf(bin("deno")),
  bun: versionOf(bin("bun")),
};
// All at once: the runtimes start in parallel, the tests below wait for their own.
const node = run(process.execPath, [DRIVER, "memory"]);
const runs: Record<keyof typeof versions, Promise<Ran> | undefined> = {
  workerd: versions.workerd === undefined ? undefined : runWorkerd(),
  deno: versions.deno === undefined ? undefined : run(bin("deno"), ["run", "--quiet", "--allow-read", DRIVER, "memory"]),
  bun: versions.bun === undefined ? undefined : run(bin("bun"), [DRIVER, "memory"]),
};

const t = suite("runtimes");

t("Node runs the guest from dist/ (the reference output)", async () => {
  const r = await node;
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout.startsWith("device_encoding(1) UTF-8\n"), r.stdout);
  assert.match(r.stdout, /copy_file_range\(src, dst, 5\) 5\n/);
  assert.match(r.stdout, /dup2\(src, 10\) 10\n/);
  assert.match(r.stdout, /read pipe "through"\n/);
  assert.match(r.stdout, /fchmod\(dst, 0o600\) ok mode 0o600\n/);
  // proc_exit(3) ends the guest, not the process: the driver still prints its last line.
  assert.ok(r.stdout.endsWith('exit 3\n[exit code 3; stderr ""]\n'), r.stdout);
});

t("the browser build (exports: browser, worker, workerd) references no node: module and has types", () => {
  const dir = join(ROOT, "dist/browser");
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
  assert.ok(files.includes("index.js"), files.join(", "));
  for (const f of files) {
    const code = readFileSync(join(dir, f), "utf8");
    assert.not.match(code, /(from|import\()\s*["']node:/, `${f} imports a node: module`);
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, Record<string, string>> };
  const main = pkg.exports["."] ?? {};
  assert.equal(Object.keys(main), ["types", "workerd", "worker", "browser", "default"]);
  for (const target of [main["types"], main["browser"], main["default"], pkg.exports["./browser"]?.["types"]]) {
    assert.ok(target !== undefined && existsSync(join(ROOT, target)), `${target} is missing`);
  }
});

const HOW: Record<keyof typeof versions, [string, string]> = {
  workerd: ["workerd", "npm ci installs it: package workerd with @cloudflare/workerd-linux-64"],
  deno: ["Deno", "npm ci installs it: package deno with @deno/linux-x64-glibc"],
  bun: ["Bun", "npm ci installs it: package bun, whose install script package.json's allowScripts approves"],
};

for (const key of ["workerd", "deno", "bun"] as const) {
  const [name, missing] = HOW[key];
  const version = versions[key];
  gated(t, name, version, missing)(`${name} (${version ?? "missing"}) prints exactly what Node prints`, async () => {
    const r = await runs[key];
    const reference = await node;
    assert.ok(r !== undefined);
    assert.is(r.status, 0, `${name} failed: ${r.stderr}`);
    assert.fixture(r.stdout, reference.stdout);
  });
}

t.after(async () => {
  const timed: [string, Promise<Ran> | undefined][] = [["node", node], ...(["workerd", "deno", "bun"] as const).map((k): [string, Promise<Ran> | undefined] => [k, runs[k]])];
  const parts: string[] = [];
  for (const [k, p] of timed) if (p !== undefined) parts.push(`${k} ${Math.round((await p).ms)} ms`);
  console.log(`runtimes: ${parts.join(", ")}`);
});

t.run();
