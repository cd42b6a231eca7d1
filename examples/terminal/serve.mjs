#!/usr/bin/env node
// `npm run terminal`: serves the browser terminal on http://127.0.0.1:8080/ (PORT to change).
//
//   /                 examples/terminal/dist/ (built by `npm run build`)
//   /bin/index.json   the programs there are now: build/examples/*.wasm, by name
//   /bin/NAME.wasm    build/examples/NAME.wasm
//   /guests/NAME.wasm build/NAME.wasm (test guests, for tests/browser.test.ts)
//   /ruby/ruby.wasm   CRuby 3.4 with its standard library (npm @ruby/3.4-wasm-wasi)
//
// Answers carry no-store, so rebuilt tools show up at once, and no COOP/COEP: the terminal
// needs no cross-origin isolation (typed input reaches a waiting guest through JSPI, not
// SharedArrayBuffer). `isolated: true` adds the headers (COOP/COEP) for pages that want them.
import { createServer } from "node:http";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const RUBY = join(root, "node_modules/@ruby/3.4-wasm-wasi/dist/ruby+stdlib.wasm");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
};
const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** A file below `dir` named by a URL path, or undefined (no traversal, files only). */
function fileIn(dir, urlPath) {
  const full = normalize(join(dir, decodeURIComponent(urlPath)));
  if (full !== dir && !full.startsWith(dir + sep)) return undefined;
  return existsSync(full) && statSync(full).isFile() ? full : undefined;
}

/** Names of the programs in build/examples (sorted). */
export function programs(dir = join(root, "build/examples")) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith(".wasm")).map((f) => f.slice(0, -5)).sort();
}

/**
 * Starts the server; resolves to its URL and a close function. `port` 0 picks a free port.
 * @param {{ host?: string, port?: number, dist?: string, examples?: string, guests?: string, isolated?: boolean }} [options]
 */
export function startServer(options = {}) {
  const HEADERS = { "Cache-Control": "no-store", ...(options.isolated === true ? ISOLATION : {}) };
  const host = options.host ?? "127.0.0.1";
  const dist = options.dist ?? join(here, "dist");
  const examples = options.examples ?? join(root, "build/examples");
  const guests = options.guests ?? join(root, "build");
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let body;
    let file;
    let path = url.pathname;
    if (path === "/bin/index.json") body = JSON.stringify(programs(examples));
    else if (/^\/bin\/[\w.-]+\.wasm$/.test(path)) file = fileIn(examples, path.slice(5));
    else if (/^\/guests\/[\w.-]+\.wasm$/.test(path)) file = fileIn(guests, path.slice(8));
    else if (path === "/ruby/ruby.wasm") file = existsSync(RUBY) ? RUBY : undefined;
    else {
      if (path.endsWith("/")) path += "index.html";
      file = fileIn(dist, path);
    }
    if (body === undefined && file === undefined) {
      res.writeHead(404, { ...HEADERS, "Content-Type": "text/plain" }).end(`not found: ${url.pathname}\n`);
      return;
    }
    const type = TYPES[extname(file ?? path)] ?? "application/octet-stream";
    res.writeHead(200, { ...HEADERS, "Content-Type": type }).end(body ?? readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      resolve({
        url: `http://${host}:${port}/`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  if (!existsSync(join(here, "dist/main.js"))) {
    console.error("examples/terminal/dist is not built: run `npm run build` first");
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 8080);
  const { url } = await startServer({ port });
  console.log(`wasi-os terminal: ${url}  (programs: ${programs().join(" ") || "none built"}; Ctrl-C to stop)`);
}
