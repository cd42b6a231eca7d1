// Isolated runs (host/isolate.ts) in real Chromium, from the package's browser build: the
// guest's wasm in a Web Worker, ended at its time limit even while spinning without imports,
// with its files kept; the memory limit; a prepared host's timeout on a reused Worker. On a
// cross-origin isolated page (COOP/COEP), which SharedArrayBuffer needs; a page without them
// gets IsolationUnavailableError. Chromium missing: a notice and a skip (a failure under CI=true).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { bundleForBrowser, ensureBrowserBuild, ROOT } from "./support/runtimes/build.ts";
import { gated, versionOf } from "./support/runtimes/gate.ts";
import { growGuest, wasmtimeExit, wat, WRITE_THEN_SPIN } from "./support/wat.ts";

const CHROMIUM = "/usr/bin/chromium";
const version = existsSync(CHROMIUM) ? versionOf(CHROMIUM) : undefined;
const t = suite("isolation (Chromium)");
const test = gated(t, "Chromium", version, "apt-get install chromium; .ci/run does");

// What the pages report, one field per check (JSON).
const CHECKS = `
import { IsolationUnavailableError, prepare, runIsolated } from "wasi-os";
const bytes = async (name) => new Uint8Array(await (await fetch(name)).arrayBuffer());
const text = (b) => new TextDecoder().decode(b);
const out = { isolated: globalThis.crossOriginIsolated };
if (!out.isolated) {
  try { await runIsolated(await bytes("cat.wasm"), { args: ["cat"] }); out.refused = "ran"; }
  catch (e) { out.refused = (e instanceof IsolationUnavailableError ? "IsolationUnavailableError: " : "other: ") + e.message; }
} else {
  const spin = await bytes("spin.wasm");
  const t0 = performance.now();
  const r = await runIsolated(spin, { preopens: [{ guest: "/", tree: { "kept.txt": new Uint8Array([1, 2]) } }], timeout: 300 });
  out.spin = { exitCode: r.exitCode, timedOut: r.timedOut, ms: performance.now() - t0, stdout: text(r.stdout),
    out: text(r.trees[0]["out.txt"]), kept: Array.from(r.trees[0]["kept.txt"]) };
  const c = await runIsolated(await bytes("cat.wasm"), { args: ["cat", "in.txt"], preopens: [{ guest: "/", tree: { "in.txt": new TextEncoder().encode("hello from the page\\n") } }] });
  out.cat = { exitCode: c.exitCode, stdout: text(c.stdout) };
  out.grow = (await runIsolated(await bytes("grow.wasm"), { memoryLimit: 4 * 65536 })).exitCode;
  const host = await prepare(spin, { timeout: 200, preopens: [{ guest: "/", tree: {} }] });
  out.prepared = [];
  for (let k = 0; k < 2; k++) out.prepared.push((await host.run()).exitCode);
}
window.results = out;`;
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

interface Results {
  isolated: boolean;
  refused?: string;
  spin?: { exitCode: number; timedOut: boolean; ms: number; stdout: string; out: string; kept: number[] };
  cat?: { exitCode: number; stdout: string };
  grow?: number;
  prepared?: number[];
}

let dir = "";
let server: Server | undefined;
let context: BrowserContext | undefined;
const results = new Map<string, Promise<Results>>();

/** Serves `dir` at /isolated/ with COOP/COEP and at /plain/ without; starts Chromium once. */
async function start(): Promise<number> {
  ensureBrowserBuild();
  dir = mkdtempSync(join(tmpdir(), "wasi-os-isolate-browser-"));
  // The package as a browser app imports it (its "browser" export), bundled.
  await bundleForBrowser({ source: CHECKS }, join(dir, "checks.js"));
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><title>wasi-os isolation</title><script type="module" src="checks.js"></script>`);
  writeFileSync(join(dir, "spin.wasm"), await wat(WRITE_THEN_SPIN));
  writeFileSync(join(dir, "grow.wasm"), await wat(growGuest("1")));
  writeFileSync(join(dir, "cat.wasm"), readFileSync(join(ROOT, "build/examples/cat.wasm")));
  const srv = createServer((req, res) => {
    const m = /^\/(isolated|plain)\/(.*)$/.exec(req.url ?? "");
    const name = m?.[2] === "" ? "index.html" : (m?.[2] ?? "");
    const file = join(dir, name);
    if (m === null || name.includes("..") || !existsSync(file)) return void res.writeHead(404).end();
    const headers: Record<string, string> = { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" };
    if (m[1] === "isolated") Object.assign(headers, { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" });
    res.writeHead(200, headers).end(readFileSync(file));
  });
  server = srv;
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const address = srv.address();
  context = await chromium.launchPersistentContext(mkdtempSync(join(dir, "profile-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return typeof address === "object" && address !== null ? address.port : 0;
}

let port: Promise<number> | undefined;
/** The page's results, loaded once (a page that fails fails every test that reads it, at once). */
function load(which: "isolated" | "plain"): Promise<Results> {
  let r = results.get(which);
  if (r === undefined) {
    r = loadPage(which);
    results.set(which, r);
  }
  return r;
}

async function loadPage(which: "isolated" | "plain"): Promise<Results> {
  const p = await (port ??= start());
  const page = await context!.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`http://127.0.0.1:${p}/${which}/`);
  await page.waitForFunction(() => (window as { results?: unknown }).results !== undefined || undefined, undefined, { timeout: 60_000 }).catch(() => undefined);
  const r = await page.evaluate(() => (window as { results?: Results }).results);
  await page.close();
  if (r === undefined) throw new Error(`the ${which} page did not finish: ${problems.join("; ")}`);
  return r;
}

test("Chromium: the page served with COOP/COEP is cross-origin isolated", async () => {
  assert.is((await load("isolated")).isolated, true);
});

test("Chromium: a guest spinning without imports is ended at its time limit with exit 124", async () => {
  const s = (await load("isolated")).spin!;
  assert.is(s.exitCode, 124);
  assert.is(s.timedOut, true);
  assert.ok(s.ms >= 300 && s.ms < 10_000, `${s.ms} ms`);
});

test("Chromium: a guest ended at its limit keeps its output and files", async () => {
  const s = (await load("isolated")).spin!;
  assert.is(s.stdout, "started\n");
  assert.is(s.out, "written before the spin");
  assert.equal(s.kept, [1, 2]);
});

test("Chromium: an isolated cat prints its file", async () => {
  assert.equal((await load("isolated")).cat, { exitCode: 0, stdout: "hello from the page\n" });
});

test("Chromium: memory.grow fails past the memory limit as wasmtime's does", async () => {
  assert.is((await load("isolated")).grow, Number(wasmtimeExit(growGuest("1 4"))));
});

test("Chromium: a prepared host's time limit ends every run, its Worker replaced", async () => {
  assert.equal((await load("isolated")).prepared, [124, 124]);
});

test("Chromium: a page that is not cross-origin isolated is refused with IsolationUnavailableError", async () => {
  const r = await load("plain");
  assert.is(r.isolated, false);
  assert.match(r.refused ?? "", /^IsolationUnavailableError: .*cross-origin isolated/);
});

t.after(async () => {
  await context?.close();
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

t.run();
