// The workerd worker for tests/runtimes.test.ts: runs build/runtimes.wasm on each request and
// answers what the guest printed, in the shape driver.mjs prints on Node, Deno and Bun.
// workerd refuses WebAssembly.compile(bytes): the guest comes in as a wasm module import,
// bound by the config (`wasm = embed "runtimes.wasm"`), and wasi-os takes the Module as is.
// Bundled by the test with esbuild from the package's built output ("wasi-os" resolves
// through the `workerd` export condition to dist/browser/index.js).
import { runCommand } from "wasi-os";
import guest from "./runtimes.wasm";

export default {
  async fetch() {
    const chunks = [];
    const r = await runCommand(guest, { args: ["runtimes"], tty: true, preopens: [{ guest: "/", tree: {} }], stdout: (c) => chunks.push(c.slice()) });
    const decoder = new TextDecoder();
    const out = chunks.map((c) => decoder.decode(c, { stream: true })).join("") + decoder.decode();
    return new Response(`${out}[exit code ${r.exitCode}; stderr ${JSON.stringify(decoder.decode(r.stderr))}]\n`);
  },
};
