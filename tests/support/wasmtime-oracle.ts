/**
 * Raw preview1 call sequences run two ways: under wasmtime (tests/support/wasmtime-oracle.py,
 * one python process for a whole batch) and through our adapter (any object with the probe's
 * `call`/`bytes`/`view`). Both sides interpret the same {@link Call}s with the same scratch
 * memory layout, so results compare one to one.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { PREVIEW1, PREVIEW1_MODULE } from "../../src/abi/preview1.ts";

export type Arg =
  | number
  | { i64: string }
  | { var: string }
  | { str: string }
  | { out: number }
  | { iov: string }
  | { iovout: number };

export interface Call {
  readonly fn: string;
  readonly args: readonly Arg[];
  /** After success, the u32 at the first `out` becomes this variable. */
  readonly bind?: string;
}

export interface CallResult {
  readonly errno: number;
  /** Hex of each `out`/`iovout` region after the call, in argument order. */
  readonly outs: string[];
}

export interface OracleCase {
  readonly name: string;
  /** `readOnly`: wasmtime's read-only preopen (DirPerms::READ, FilePerms::READ). */
  readonly preopens: readonly { host: string; guest: string; readOnly?: boolean }[];
  readonly calls: readonly Call[];
}

export interface OracleResult {
  readonly calls: CallResult[];
  readonly error: string | null;
}

/** The probe guest as WAT (same shape as tests/support/probe.ts: every import exported as p_<name>). */
export function probeWat(): string {
  const lines = PREVIEW1.map((spec) => {
    const types = spec.params.map((p) => (p.kind === "i64" ? "i64" : "i32"));
    const params = types.map((t) => `(param ${t})`).join(" ");
    const result = spec.returnsErrno ? "(result i32)" : "";
    const gets = types.map((_, i) => `(local.get ${i})`).join(" ");
    return [
      `(import "${PREVIEW1_MODULE}" "${spec.name}" (func $${spec.name} ${params} ${result}))`,
      `(func (export "p_${spec.name}") ${params} ${result} (call $${spec.name} ${gets}))`,
    ];
  });
  return `(module\n  ${lines.map((l) => l[0]).join("\n  ")}\n  (memory (export "memory") 2)\n  (func (export "_initialize"))\n${lines.map((l) => l[1]).join("\n")})`;
}

const ORACLE = path.join(path.dirname(fileURLToPath(import.meta.url)), "wasmtime-oracle.py");

/** Runs every case under wasmtime in one python process. */
export function runWasmtime(cases: readonly OracleCase[]): { version: string; results: OracleResult[] } {
  const input = JSON.stringify({ wat: probeWat(), cases });
  const r = spawnSync("python3", [ORACLE], { input, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`wasmtime oracle failed (${r.status}): ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as { wasmtime: string; results: OracleResult[] };
  return { version: parsed.wasmtime, results: parsed.results };
}

/** What the TS interpreter needs from a probe instance. */
export interface ProbeLike {
  call(name: string, ...args: (number | bigint)[]): number;
  bytes(): Uint8Array;
  view(): DataView;
}

const SCRATCH = 1024;
/** What a variable reads as when its binding call failed: an fd nobody has. */
const UNBOUND = 0x7ffffff0;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** Interprets `calls` against a probe, exactly as wasmtime-oracle.py does. */
export function runCalls(p: ProbeLike, calls: readonly Call[]): CallResult[] {
  const env = new Map<string, number>();
  const results: CallResult[] = [];
  const i64Index = new Map(PREVIEW1.map((s) => [s.name, s.params.map((q) => q.kind === "i64")]));
  for (const call of calls) {
    let at = SCRATCH;
    const flat: (number | bigint)[] = [];
    const reads: [number, number][] = [];
    const put = (data: Uint8Array): number => {
      const ptr = at;
      p.bytes().set(data, ptr);
      at += Math.ceil(data.length / 16) * 16 + 16;
      return ptr;
    };
    const u32pair = (a: number, b: number): Uint8Array => {
      const v = new DataView(new ArrayBuffer(8));
      v.setUint32(0, a, true);
      v.setUint32(4, b, true);
      return new Uint8Array(v.buffer);
    };
    for (const a of call.args) {
      if (typeof a === "number") flat.push(a);
      else if ("i64" in a) flat.push(BigInt(a.i64));
      else if ("var" in a) flat.push(env.get(a.var) ?? UNBOUND); else if ("str" in a) {
        const b = new TextEncoder().encode(a.str);
        flat.push(put(b), b.length);
      } else if ("out" in a) {
        const ptr = put(new Uint8Array(a.out));
        reads.push([ptr, a.out]);
        flat.push(ptr);
      } else if ("iov" in a) {
        const b = new Uint8Array(Buffer.from(a.iov, "hex"));
        const ptr = put(b);
        flat.push(put(u32pair(ptr, b.length)), 1);
      } else {
        const ptr = put(new Uint8Array(a.iovout));
        reads.push([ptr, a.iovout]);
        flat.push(put(u32pair(ptr, a.iovout)), 1);
      }
    }
    const kinds = i64Index.get(call.fn);
    if (kinds === undefined || kinds.length !== flat.length) throw new Error(`${call.fn}: ${flat.length} args`);
    const args = flat.map((v, i) => (kinds[i] ? BigInt.asIntN(64, BigInt(v)) : Number(BigInt.asIntN(32, BigInt(v)))));
    const errno = p.call(call.fn, ...args);
    const outs = reads.map(([ptr, n]) => hex(p.bytes().slice(ptr, ptr + n)));
    if (call.bind !== undefined && errno === 0) env.set(call.bind, p.view().getUint32(reads[0]![0], true));
    results.push({ errno, outs });
  }
  return results;
}
