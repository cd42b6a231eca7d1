import { readFileSync } from "node:fs";
import { checkAbi } from "../host/setup.ts";
const module = await WebAssembly.compile(readFileSync("build/examples/cat.wasm"));
for (let k = 0; k < 3; k++) {
let t = performance.now();
for (let i = 0; i < 1000; i++) checkAbi(module);
console.log("checkAbi", ((performance.now() - t)).toFixed(1), "us each");
t = performance.now();
for (let i = 0; i < 1000; i++) WebAssembly.Module.imports(module);
console.log("imports", ((performance.now() - t)).toFixed(1), "us each");
}
