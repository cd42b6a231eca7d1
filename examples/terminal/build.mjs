#!/usr/bin/env node
// `npm run build:browser` (part of `npm run build`, after build:host): bundles the host
// library's built output (dist/host) for browsers and workers with esbuild.
//
//   dist/browser/index.js (+ chunks/)  the package's `browser`/`worker`/`workerd` export: the
//        host library without the Node-only bases (`node`, `node-wasi` reject with a clear
//        error); its dependencies stay bare imports for the consumer's bundler; wasmer's
//        base is a lazily loaded chunk.
//   examples/terminal/dist/            the browser terminal: index.html, main.js (xterm.js,
//        the shell, the library), worker.js, xterm.css. `npm run terminal` serves it.
//
// The terminal's TypeScript is type-checked first (examples/terminal/tsconfig.json).
import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);

if (!existsSync(join(root, "dist/host/index.js"))) {
  console.error("build:browser: dist/host/index.js is missing: run `npm run build:host` first");
  process.exit(1);
}

/** The bases that need Node's own modules: in a browser bundle they reject with a clear error. */
const NODE_ONLY = { "node.js": ["createNodeBase", "node"], "node-wasi.js": ["createNodeWasiBase", "node-wasi"] };
const nodeOnlyBases = {
  name: "node-only-bases",
  setup(build) {
    build.onResolve({ filter: /\/bases\/(node|node-wasi)\.js$/ }, (a) => ({ path: a.path.split("/").pop(), namespace: "node-only" }));
    build.onLoad({ filter: /.*/, namespace: "node-only" }, (a) => {
      const [fn, base] = NODE_ONLY[a.path];
      return {
        contents: `export async function ${fn}() {
  throw new Error('wasi-os: the "${base}" base needs Node (node:fs, node:wasi); in browsers and workers use "memory" or "wasmer"');
}`,
        loader: "js",
      };
    });
  },
};

const started = performance.now();
const tsc = spawnSync(join(root, "node_modules/.bin/tsc"), ["-p", join(here, "tsconfig.json")], { stdio: "inherit" });
if (tsc.status !== 0) {
  console.error("build:browser: examples/terminal does not type-check");
  process.exit(1);
}

const common = { bundle: true, format: "esm", platform: "browser", target: "es2022", logLevel: "warning", plugins: [nodeOnlyBases] };

// The library for browsers and workers.
rmSync(join(root, "dist/browser"), { recursive: true, force: true });
await esbuild.build({
  ...common,
  entryPoints: { index: join(root, "dist/host/index.js") },
  outdir: join(root, "dist/browser"),
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  external: ["@bjorn3/browser_wasi_shim", "@wasmer/wasi"],
  sourcemap: true,
});
writeFileSync(join(root, "dist/browser/index.d.ts"), 'export * from "../host/index.js";\n');

// The terminal page and its worker: everything in (xterm.js, browser_wasi_shim).
const out = join(here, "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await esbuild.build({
  ...common,
  entryPoints: { main: join(here, "src/main.ts"), worker: join(here, "src/worker.ts") },
  outdir: out,
  // The wasmer base (and its own wasm) loads only if asked for.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: true,
});
copyFileSync(join(here, "index.html"), join(out, "index.html"));
copyFileSync(require.resolve("@xterm/xterm/css/xterm.css"), join(out, "xterm.css"));
console.log(`build:browser: dist/browser/ and examples/terminal/dist/ in ${Math.round(performance.now() - started)} ms`);
