// absentExtension (host/ext/absent.ts): a wasi-os guest on a preview1 host without the extension.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WASI } from "node:wasi";
import { absentExtension } from "../host/index.ts";
import { Errno } from "../src/errno.ts";

const ROOT = join(import.meta.dirname, "..");
const cat = new WebAssembly.Module(readFileSync(join(ROOT, "build/examples/cat.wasm")));

test("absentExtension answers ENOSYS for every extension function the module imports, and only those", () => {
  const want = WebAssembly.Module.imports(cat).filter((i) => i.module.startsWith("wasi_os_v"));
  const ext = absentExtension(cat);
  assert.ok(want.length > 0);
  assert.equal(Object.keys(ext), [...new Set(want.map((i) => i.module))]);
  for (const i of want) assert.is(ext[i.module]![i.name]!(), Errno.ENOSYS, i.name);
});

test("with absentExtension an example guest that links the extension instantiates on raw node:wasi", () => {
  const wasi = new WASI({ version: "preview1", args: ["cat"], returnOnExit: true, stdin: 0 });
  const instance = new WebAssembly.Instance(cat, { ...(wasi.getImportObject() as WebAssembly.Imports), ...absentExtension(cat) });
  assert.is(typeof instance.exports["_start"], "function");
});

test.run();
