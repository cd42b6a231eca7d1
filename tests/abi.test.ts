// The guest's `@external` declarations (assembly/wasi/ext.ts, assembly/wasi/preview1.ts) and the
// compiled conformance guest's imports, checked against the ABI tables (src/abi/ext.ts,
// src/abi/preview1.ts): namespace, names, parameter count and wasm type (i32 vs i64), results.
import { test } from "uvu";
import { withC } from "./support/c-guests.ts";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  EXT, EXT_BY_NAME, EXT_MODULE, EXT_VERSION, COPY_USE_POS_SRC, COPY_USE_POS_DST, DUP2_INHERITABLE, PIPE_NONBLOCK,
} from "../src/abi/ext.ts";
import { PREVIEW1, PREVIEW1_BY_NAME, PREVIEW1_MODULE, type ImportSpec } from "../src/abi/preview1.ts";

const ROOT = join(import.meta.dirname, "..");
const read = (p: string) => readFileSync(join(ROOT, p), "utf8");

type WasmType = "i32" | "i64";

interface Decl {
  module: string;
  name: string;
  fn: string;
  params: { name: string; type: string; wasm: WasmType }[];
  result: string;
}

/** AssemblyScript type -> wasm value type, for the integer types the declarations use. */
function wasmType(asType: string): WasmType {
  return asType === "u64" || asType === "i64" ? "i64" : "i32";
}

/** Every `@external("module", "name") export declare function fn(params): result;` in an AS file. */
export function parseExternals(src: string): Decl[] {
  const re = /@external\(\s*"([^"]+)"\s*,\s*"([^"]+)"\s*\)\s*export\s+declare\s+function\s+(\w+)\s*\(([^)]*)\)\s*:\s*(\w+)\s*;/g;
  const out: Decl[] = [];
  for (const m of src.matchAll(re)) {
    const params = m[4]!.split(",").map((p) => p.trim()).filter((p) => p !== "").map((p) => {
      const pm = /^(\w+)\s*:\s*(\w+)$/.exec(p);
      if (!pm) throw new Error(`cannot parse parameter ${JSON.stringify(p)} of ${m[3]}`);
      return { name: pm[1]!, type: pm[2]!, wasm: wasmType(pm[2]!) };
    });
    out.push({ module: m[1]!, name: m[2]!, fn: m[3]!, params, result: m[5]! });
  }
  return out;
}

const specType = (p: ImportSpec["params"][number]): WasmType => (p.kind === "i64" ? "i64" : "i32");

function checkDecl(d: Decl, spec: ImportSpec | undefined, where: string): void {
  assert.ok(spec, `${where}: ${d.module}.${d.name} is not in the ABI table`);
  const s = spec!;
  assert.is(d.fn, d.name, `${where}: ${d.name} is declared under another name (${d.fn})`);
  assert.is(d.params.length, s.params.length, `${where}: ${d.name} has ${d.params.length} parameters, the table ${s.params.length}`);
  d.params.forEach((p, i) => {
    assert.is(p.wasm, specType(s.params[i]!), `${where}: ${d.name} parameter ${i + 1} (${p.name}: ${p.type}) should be ${specType(s.params[i]!)}`);
  });
  if (s.returnsErrno) assert.is.not(d.result, "void", `${where}: ${d.name} returns an errno`);
  else assert.is(d.result, "void", `${where}: ${d.name} returns nothing`);
  if (d.result !== "void") assert.is(wasmType(d.result), "i32", `${where}: ${d.name}'s errno is an i32`);
}

const EXT_DECLS = parseExternals(read("assembly/wasi/ext.ts"));
const P1_DECLS = parseExternals(read("assembly/wasi/preview1.ts"));

test("the declaration parser reads names, parameters and wasm types", () => {
  const [d] = parseExternals('// @ts-ignore: decorator\n@external("m", "f")\nexport declare function f(\n  a: u32, b: u64,\n  c: usize,\n): u16;\n');
  assert.equal(d, {
    module: "m", name: "f", fn: "f", result: "u16",
    params: [{ name: "a", type: "u32", wasm: "i32" }, { name: "b", type: "u64", wasm: "i64" }, { name: "c", type: "usize", wasm: "i32" }],
  });
});

test("assembly/wasi/ext.ts declares every extension function, in the ext namespace, as the table says", () => {
  assert.ok(EXT_DECLS.length > 0, "no @external declarations found");
  for (const d of EXT_DECLS) {
    assert.is(d.module, EXT_MODULE, `${d.name}: namespace`);
    checkDecl(d, EXT_BY_NAME.get(d.name), "ext.ts");
    // Same parameter names as docs/abi.md, so the doc comments and the table read alike.
    assert.equal(d.params.map((p) => p.name), EXT_BY_NAME.get(d.name)!.params.map((p) => p.name), `${d.name}: parameter names`);
  }
  const declared = new Set(EXT_DECLS.map((d) => d.name));
  for (const s of EXT) assert.ok(declared.has(s.name), `ext.ts does not declare ${s.name}`);
  assert.is(declared.size, EXT_DECLS.length, "a function is declared twice");
});

test("assembly/wasi/ext.ts: a doc comment on every declaration", () => {
  const src = read("assembly/wasi/ext.ts");
  for (const d of EXT_DECLS) {
    const at = src.indexOf(`@external("${d.module}", "${d.name}")`);
    const before = src.slice(0, at).replace(/\s*\/\/ @ts-ignore: decorator\s*$/, "");
    assert.ok(/\*\/\s*$/.test(before), `${d.name} has no /** doc comment */ right above it`);
  }
});

test("assembly/wasi/ext.ts: version and flag constants equal src/abi/ext.ts", () => {
  const src = read("assembly/wasi/ext.ts");
  const konst = (name: string): number => {
    const m = new RegExp(`export const ${name}\\s*:\\s*\\w+\\s*=\\s*(\\d+)\\s*;`).exec(src);
    assert.ok(m, `ext.ts has no constant ${name}`);
    return Number(m![1]);
  };
  assert.is(konst("EXT_VERSION"), EXT_VERSION);
  assert.is(konst("COPY_USE_POS_SRC"), COPY_USE_POS_SRC);
  assert.is(konst("COPY_USE_POS_DST"), COPY_USE_POS_DST);
  assert.is(konst("DUP2_INHERITABLE"), DUP2_INHERITABLE);
  assert.is(konst("PIPE_NONBLOCK"), PIPE_NONBLOCK);
  assert.match(src, new RegExp(`export const EXT_MODULE = "${EXT_MODULE}";`));
});

test("assembly/wasi/preview1.ts declarations match the preview1 table", () => {
  assert.ok(P1_DECLS.length > 0, "no @external declarations found");
  for (const d of P1_DECLS) {
    assert.is(d.module, PREVIEW1_MODULE, `${d.name}: namespace`);
    checkDecl(d, PREVIEW1_BY_NAME.get(d.name), "preview1.ts");
  }
  assert.is(new Set(P1_DECLS.map((d) => d.name)).size, P1_DECLS.length, "a function is declared twice");
});

// ---- the compiled guest ---------------------------------------------------------------------

/** A value type of a module's type section (floats appear in C guests' own functions, never in the ABI). */
type ValType = WasmType | "f32" | "f64";
interface WasmImport { module: string; name: string; params: ValType[]; results: ValType[] }

/** Function imports of a wasm binary with their signatures (type and import sections only). */
export function functionImports(bytes: Uint8Array): WasmImport[] {
  let pos = 8;
  const u32 = (): number => {
    let v = 0, shift = 0;
    for (;;) {
      const b = bytes[pos++]!;
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return v >>> 0;
      shift += 7;
    }
  };
  const str = (): string => { const n = u32(); const s = new TextDecoder().decode(bytes.subarray(pos, pos + n)); pos += n; return s; };
  const vt = (b: number): ValType => {
    if (b === 0x7f) return "i32";
    if (b === 0x7e) return "i64";
    if (b === 0x7d) return "f32";
    if (b === 0x7c) return "f64";
    throw new Error(`value type 0x${b.toString(16)} in an import signature`);
  };
  const types: { params: ValType[]; results: ValType[] }[] = [];
  const out: WasmImport[] = [];
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const size = u32();
    const end = pos + size;
    if (id === 1) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        if (bytes[pos++] !== 0x60) throw new Error("not a function type");
        const np = u32(); const params = Array.from({ length: np }, () => vt(bytes[pos++]!));
        const nr = u32(); const results = Array.from({ length: nr }, () => vt(bytes[pos++]!));
        types.push({ params, results });
      }
    } else if (id === 2) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        const module = str(), name = str();
        const kind = bytes[pos++]!;
        if (kind === 0) { const t = types[u32()]!; out.push({ module, name, ...t }); }
        else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
        else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
        else if (kind === 3) { pos += 2; }
        else throw new Error(`import kind ${kind}`);
      }
      return out;
    }
    pos = end;
  }
  return out;
}

/** Every import of the module at `path` is in the ABI tables with the table's signature; it uses the extension. */
function checkImports(path: string, build: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`${build}\``);
  const bytes = readFileSync(path);
  const mod = new WebAssembly.Module(bytes);
  const listed = WebAssembly.Module.imports(mod);
  const sigs = functionImports(new Uint8Array(bytes));
  assert.equal(listed.map((i) => `${i.module}.${i.name}`), sigs.map((i) => `${i.module}.${i.name}`));
  for (const i of sigs) {
    const table = i.module === PREVIEW1_MODULE ? PREVIEW1_BY_NAME : i.module === EXT_MODULE ? EXT_BY_NAME : null;
    assert.ok(table, `imports from an unknown namespace: ${i.module}.${i.name}`);
    const spec = table!.get(i.name);
    assert.ok(spec, `${i.module}.${i.name} is not in the table`);
    assert.equal(i.params, spec!.params.map(specType), `${i.module}.${i.name} parameter types`);
    assert.equal(i.results, spec!.returnsErrno ? ["i32"] : [], `${i.module}.${i.name} result`);
  }
  // The guest uses the extension: at least dup, pipe and copy_file_range come from it.
  for (const n of ["fd_dup", "pipe", "fd_copy_range"]) assert.ok(sigs.some((i) => i.module === EXT_MODULE && i.name === n), `no ${n} import`);
}

test("every import of build/conformance.wasm is in the ABI tables, with the table's signature", () => {
  checkImports(join(ROOT, "build/conformance.wasm"), "npm run build:guests");
});

// libwasi_os.a declares the imports in C (c/src/imports.h): the linked C guest holds it to the table.
withC(test)("every import of the C guest build/conformance-c.wasm is in the ABI tables, with the table's signature", () => {
  checkImports(join(ROOT, "build/conformance-c.wasm"), "npm run build:c");
});

test("PREVIEW1 and EXT have no duplicate names", () => {
  assert.is(new Set(PREVIEW1.map((s) => s.name)).size, PREVIEW1.length);
  assert.is(new Set(EXT.map((s) => s.name)).size, EXT.length);
});

test.run();
