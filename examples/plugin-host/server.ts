/**
 * An example plugin host: an HTTP server on 127.0.0.1 that runs one untrusted guest per
 * request, on a prepared host (host/prepared.ts) with a wall-clock limit.
 *
 *   node --import tsx examples/plugin-host/server.ts [--impl wasi-os|node-wasi] [--port N] [--timeout MS]
 *
 * It prints `listening on http://127.0.0.1:PORT` and serves:
 *   GET /        the plugin (build/examples/cat.wasm) prints the template's page.html: 200 and its output
 *   GET /spin    a plugin that never returns (build/jspi.wasm spin): ended at the limit, 504
 *
 * `--impl node-wasi` is the same server on raw node:wasi, for comparison (load.ts): it needs
 * the page on disk and a file per request for the guest's stdout, and it has no time limit
 * (node:wasi runs the guest on the server's own thread; /spin would hang the server, so it
 * answers 501).
 */
import { createServer, type Server } from "node:http";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WASI } from "node:wasi";
import { absentExtension, prepare } from "../../host/index.ts";

const ROOT = join(import.meta.dirname, "..", "..");
/** The page every plugin run prints (4 KiB). */
export const PAGE = new TextEncoder().encode("<p>hello from a plugin</p>\n".repeat(152));

export interface ServerOptions {
  readonly impl: "wasi-os" | "node-wasi";
  readonly port?: number;
  /** Wall-clock limit per request in milliseconds (wasi-os only). */
  readonly timeout?: number;
}

type Handler = (path: string) => Promise<{ status: number; body: Uint8Array | string }>;

async function wasiOsHandler(timeout: number): Promise<Handler> {
  const cat = await prepare(readFileSync(join(ROOT, "build/examples/cat.wasm")), { preopens: [{ guest: "/", tree: { "page.html": PAGE } }], timeout, memoryLimit: 16 << 20 });
  const spin = await prepare(readFileSync(join(ROOT, "build/jspi.wasm")), { timeout, memoryLimit: 16 << 20 });
  return async (path) => {
    if (path !== "/" && path !== "/spin") return { status: 404, body: "not found\n" };
    const r = path === "/" ? await cat.run({ args: ["cat", "page.html"] }) : await spin.run({ args: ["jspi", "spin"] });
    if (r.timedOut === true) return { status: 504, body: `plugin ended after ${timeout} ms\n` };
    return r.exitCode === 0 ? { status: 200, body: r.stdout } : { status: 500, body: `plugin exited ${r.exitCode}\n` };
  };
}

function nodeWasiHandler(): { handler: Handler; close(): void } {
  const module = new WebAssembly.Module(readFileSync(join(ROOT, "build/examples/cat.wasm")));
  const dir = mkdtempSync(join(tmpdir(), "plugin-host-"));
  writeFileSync(join(dir, "page.html"), PAGE);
  let n = 0;
  const handler: Handler = async (path) => {
    if (path === "/spin") return { status: 501, body: "node:wasi cannot stop a spinning guest\n" };
    if (path !== "/") return { status: 404, body: "not found\n" };
    const out = join(dir, `out-${n++}`);
    const fd = openSync(out, "w+");
    try {
      const wasi = new WASI({ version: "preview1", args: ["cat", "page.html"], preopens: { "/": dir }, stdout: fd, returnOnExit: true });
      const code = wasi.start(new WebAssembly.Instance(module, { ...(wasi.getImportObject() as WebAssembly.Imports), ...absentExtension(module) }));
      return code === 0 ? { status: 200, body: readFileSync(out) } : { status: 500, body: `plugin exited ${code}\n` };
    } finally {
      closeSync(fd);
      rmSync(out, { force: true });
    }
  };
  return { handler, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts the server; resolves with it and its port once it listens. */
export async function startServer(options: ServerOptions): Promise<{ server: Server; port: number }> {
  let handler: Handler;
  let cleanup = (): void => undefined;
  if (options.impl === "wasi-os") handler = await wasiOsHandler(options.timeout ?? 1000);
  else {
    const h = nodeWasiHandler();
    handler = h.handler;
    cleanup = h.close;
  }
  const server = createServer((req, res) => {
    handler(new URL(req.url ?? "/", "http://localhost").pathname).then(
      ({ status, body }) => res.writeHead(status, { "content-type": "text/html" }).end(body),
      (e: unknown) => res.writeHead(500).end(`${String(e)}\n`),
    );
  });
  server.on("close", cleanup);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("plugin-host: no TCP address");
  return { server, port: address.port };
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const arg = (name: string): string | undefined => {
    const at = process.argv.indexOf(name);
    return at < 0 ? undefined : process.argv[at + 1];
  };
  const impl = arg("--impl") ?? "wasi-os";
  if (impl !== "wasi-os" && impl !== "node-wasi") throw new Error(`--impl wasi-os|node-wasi, got ${impl}`);
  process.removeAllListeners("warning"); // node:wasi's ExperimentalWarning
  const { port } = await startServer({ impl, port: Number(arg("--port") ?? 0), timeout: Number(arg("--timeout") ?? 1000) });
  console.log(`listening on http://127.0.0.1:${port}`);
}
