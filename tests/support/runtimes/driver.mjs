// Runs build/runtimes.wasm (tests/guests/runtimes.ts) through the package's built output,
// imported by its name ("wasi-os", resolved through package.json `exports`), with no
// TypeScript loader: the same file runs on Node, Deno and Bun (tests/runtimes.test.ts).
//
//   node|bun driver.mjs BASE [HOST_DIR]      deno run --allow-read --allow-write driver.mjs BASE [HOST_DIR]
//
// Prints the guest's stdout, then one line with the exit code: the process must outlive the
// guest's proc_exit (Bun's own node:wasi would end the whole process there).
import { readFileSync } from "node:fs";
import process from "node:process";
import { runCommand } from "wasi-os";

const [base = "memory", hostDir] = process.argv.slice(2);
const bytes = readFileSync(new URL("../../../build/runtimes.wasm", import.meta.url));
const module = await WebAssembly.compile(bytes);
const preopen = hostDir === undefined ? { guest: "/", tree: {} } : { guest: "/", host: hostDir };
const chunks = [];
const r = await runCommand(module, { base, args: ["runtimes"], tty: true, preopens: [preopen], stdout: (c) => chunks.push(c.slice()) });
const decoder = new TextDecoder();
const out = chunks.map((c) => decoder.decode(c, { stream: true })).join("") + decoder.decode();
process.stdout.write(`${out}[exit code ${r.exitCode}; stderr ${JSON.stringify(new TextDecoder().decode(r.stderr))}]\n`);
