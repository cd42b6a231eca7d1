import { readFileSync } from "node:fs";
import { runCommand } from "../host/index.ts";
const module = await WebAssembly.compile(readFileSync("build/examples/cat.wasm"));
const data = new Uint8Array(1024).fill(65);
const opts = { args: ["cat", "/in.txt"], preopens: [{ guest: "/", tree: { "in.txt": data } }], stdout: () => {} };
for (let i = 0; i < 3000; i++) await runCommand(module, opts);
