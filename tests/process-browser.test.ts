// The process checks (support/runtimes/jspi-checks.mjs) in real Chromium (Debian's, driven by
// playwright-core), on the page and in a module Worker, from the package's browser build: typed
// stdin, a two-guest pipeline, EPIPE, EOF, kill of a waiting guest, poll_oneoff, many processes.
// The pages are served without COOP/COEP: waiting needs JSPI only, no SharedArrayBuffer.
// Chromium missing: a notice and a skip (a failure under CI=true).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createServer, type Server } from "node:http";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { bundleForBrowser, ensureBrowserBuild, ROOT } from "./support/runtimes/build.ts";
import { gated, versionOf } from "./support/runtimes/gate.ts";
import { EXPECTED, lineOf } from "./support/runtimes/jspi-expected.ts";

const CHROMIUM = "/usr/bin/chromium";
const version = existsSync(CHROMIUM) ? versionOf(CHROMIUM) : undefined;
const t = suite("process (Chromium)");
const test = gated(t, "Chromium", version, "apt-get install chromium; .ci/run does");

const PAGE = `<!doctype html><meta charset="utf-8"><title>wasi-os processes</title>
<script type="module">
import { runChecks } from "./checks.js";
const module = await WebAssembly.compileStreaming(fetch("jspi.wasm"));
const lines = [];
await runChecks(module, (l) => lines.push(l));
const worker = new Worker("worker.js", { type: "module" });
const inWorker = await new Promise((resolve) => (worker.onmessage = (e) => resolve(e.data)));
window.results = { page: lines.join("\\n") + "\\n", worker: inWorker };
</script>`;
const WORKER = `import { runChecks } from "./checks.js";
const module = await WebAssembly.compileStreaming(fetch("jspi.wasm"));
const lines = [];
await runChecks(module, (l) => lines.push(l));
postMessage(lines.join("\\n") + "\\n");`;
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

let dir = "";
let server: Server | undefined;
let context: BrowserContext | undefined;
let results: { page: string; worker: string } | undefined;

async function load(): Promise<{ page: string; worker: string }> {
  if (results !== undefined) return results;
  ensureBrowserBuild();
  dir = mkdtempSync(join(tmpdir(), "wasi-os-process-browser-"));
  await bundleForBrowser({ file: join(ROOT, "tests/support/runtimes/jspi-checks.mjs") }, join(dir, "checks.js"));
  writeFileSync(join(dir, "index.html"), PAGE);
  writeFileSync(join(dir, "worker.js"), WORKER);
  copyFileSync(join(ROOT, "build/jspi.wasm"), join(dir, "jspi.wasm"));
  const srv = createServer((req, res) => {
    const name = (req.url ?? "/") === "/" ? "index.html" : (req.url ?? "").slice(1);
    const file = join(dir, name);
    if (name.includes("..") || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  server = srv;
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const address = srv.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  context = await chromium.launchPersistentContext(mkdtempSync(join(dir, "profile-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => (window as { results?: unknown }).results !== undefined || undefined, undefined, { timeout: 60_000 }).catch(() => undefined);
  const got = await page.evaluate(() => (window as { results?: { page: string; worker: string } }).results);
  if (got === undefined) throw new Error(`the checks did not finish: ${problems.join("; ")}`);
  assert.is(await page.evaluate(() => globalThis.crossOriginIsolated), false, "served without COOP/COEP");
  results = got;
  return got;
}

for (const where of ["page", "worker"] as const) {
  for (const [check, want] of Object.entries(EXPECTED)) {
    test(`Chromium ${where}: ${check}`, async () => {
      const r = await load();
      assert.is(lineOf(r[where], check), want, r[where]);
    });
  }
}

t.after(async () => {
  await context?.close();
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

t.run();
