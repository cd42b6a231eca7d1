/**
 * A probe guest generated from the preview1 table: it imports every preview1 function and
 * exports each as `p_<name>`, so tests can make any call, with any argument, from JS on any
 * base through the adapter.
 */
import wabtInit from "wabt";
import { PREVIEW1, PREVIEW1_MODULE, type ImportSpec } from "../../src/abi/preview1.ts";
import { EXT, EXT_MODULE } from "../../src/abi/ext.ts";
import { WasiOs, type WasiOsOptions } from "../../host/index.ts";

let compiled: Promise<WebAssembly.Module> | undefined;

/** An import of `module` re-exported as `<prefix><name>`. */
function thunk(module: string, prefix: string, spec: ImportSpec): string {
  const types = spec.params.map((p) => (p.kind === "i64" ? "i64" : "i32"));
  const params = types.map((t) => `(param ${t})`).join(" ");
  const result = spec.returnsErrno ? "(result i32)" : "";
  const gets = types.map((_, i) => `(local.get ${i})`).join(" ");
  const id = `$${prefix}${spec.name}`;
  return `(import "${module}" "${spec.name}" (func ${id} ${params} ${result}))
  (func (export "${prefix}${spec.name}") ${params} ${result} (call ${id} ${gets}))`;
}

function wat(): string {
  const lines = [...PREVIEW1.map((s) => thunk(PREVIEW1_MODULE, "p_", s)), ...EXT.map((s) => thunk(EXT_MODULE, "x_", s))];
  const imports = lines.map((l) => l.split("\n")[0]).join("\n  ");
  const exports = lines.map((l) => l.split("\n")[1]).join("\n");
  return `(module\n  ${imports}\n  (memory (export "memory") 2)\n  (func (export "_initialize"))\n${exports})`;
}

export function probeModule(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    const wabt = await wabtInit();
    const parsed = wabt.parseWat("probe.wat", wat());
    return WebAssembly.compile(parsed.toBinary({}).buffer as Uint8Array<ArrayBuffer>);
  })();
  return compiled;
}

export type ProbeCall = (...args: (number | bigint)[]) => number;

export interface Probe {
  readonly wasi: WasiOs;
  readonly memory: WebAssembly.Memory;
  /** Calls preview1 function `name` through the adapter. */
  call(name: string, ...args: (number | bigint)[]): number;
  /** Calls extension function `name` (wasi_os_v1) through the adapter. */
  ext(name: string, ...args: (number | bigint)[]): number;
  bytes(): Uint8Array;
  view(): DataView;
  /** Writes a UTF-8 string at `ptr`; returns its length. */
  putString(ptr: number, s: string): number;
}

export async function probe(options: WasiOsOptions): Promise<Probe> {
  const module = await probeModule();
  const wasi = await WasiOs.create(module, options);
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  wasi.initialize(instance);
  return { wasi, ...probeCalls(instance) };
}

/** The probe's calls and memory access, for any instance of the probe module. */
export function probeCalls(instance: WebAssembly.Instance): Omit<Probe, "wasi"> {
  const memory = instance.exports["memory"] as WebAssembly.Memory;
  const exported = (prefix: string, kind: string, name: string): ProbeCall => {
    const fn = instance.exports[`${prefix}${name}`] as ProbeCall | undefined;
    if (fn === undefined) throw new Error(`no ${kind} function ${name}`);
    return fn;
  };
  return {
    memory,
    call: (name, ...args) => exported("p_", "preview1", name)(...args) ?? 0,
    ext: (name, ...args) => exported("x_", "extension", name)(...args),
    bytes: () => new Uint8Array(memory.buffer),
    view: () => new DataView(memory.buffer),
    putString(ptr, s) {
      const b = new TextEncoder().encode(s);
      new Uint8Array(memory.buffer).set(b, ptr);
      return b.length;
    },
  };
}
