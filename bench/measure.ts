/** Timing, random data and byte-for-byte checks shared by the benchmark cases. */
import { randomFillSync } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full collection before each timed section, so garbage from the previous run (64 MiB
// verification copies) is not collected in the middle of the next one. `npm run bench` runs
// plain node, so gc is exposed here rather than by a command-line flag.
setFlagsFromString("--expose-gc");
export const gc = runInNewContext("gc") as () => void;

export const MiB = 1 << 20;

/** Random bytes (incompressible, so nothing can cheat on patterns). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += 1 << 30) randomFillSync(out, at, Math.min(1 << 30, n - at));
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Milliseconds taken by `fn` (high resolution). */
export function timeMs(fn: () => void): number {
  gc();
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Throws unless `got` equals `want` byte for byte. */
export function verify(what: string, got: Uint8Array, want: Uint8Array): void {
  const a = Buffer.from(got.buffer, got.byteOffset, got.byteLength);
  const b = Buffer.from(want.buffer, want.byteOffset, want.byteLength);
  if (!a.equals(b)) {
    let k = 0;
    while (k < Math.min(a.length, b.length) && a[k] === b[k]) k++;
    throw new Error(`bench: ${what}: bytes differ (lengths ${a.length} / ${b.length}, first difference at ${k})`);
  }
}

export function check(what: string, ok: boolean): void {
  if (!ok) throw new Error(`bench: ${what}`);
}

/** A progress line on stderr (stdout carries only the table). */
export function progress(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}
