/**
 * A dedicated Worker that runs one module on wasi-os's `memory` base: the page posts
 * `{ url, args }`, the worker answers `{ exitCode, stdout, stderr }` (or `{ error }`).
 * It shows the library in a Worker (no DOM), as a terminal that must not block the page would
 * use it; tests/browser.test.ts compares its output with Node's.
 */
// By the package's name: esbuild resolves it through the `browser` export (dist/browser).
import { runCommand } from "wasi-os";

interface Request {
  readonly url: string;
  readonly args: string[];
}

// This file is type-checked with the DOM library; a worker scope needs only these two members.
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown): void;
};
const decoder = new TextDecoder();

scope.onmessage = (e) => {
  const { url, args } = e.data;
  (async () => {
    const module = await WebAssembly.compileStreaming(fetch(url));
    const r = await runCommand(module, { args, tty: true, preopens: [{ guest: "/", tree: {} }] });
    scope.postMessage({ exitCode: r.exitCode, stdout: decoder.decode(r.stdout), stderr: decoder.decode(r.stderr) });
  })().catch((err: unknown) => scope.postMessage({ error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }));
};
