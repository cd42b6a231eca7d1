// Runs the process checks (jspi-checks.mjs) on build/jspi.wasm from the package's built output:
//   node|bun jspi.mjs        deno run --allow-read jspi.mjs
import { readFileSync } from "node:fs";
import { runChecks } from "./jspi-checks.mjs";

const module = await WebAssembly.compile(readFileSync(new URL("../../../build/jspi.wasm", import.meta.url)));
await runChecks(module, (line) => console.log(line));
