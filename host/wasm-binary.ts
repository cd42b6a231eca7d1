// Reading and writing the few pieces of the WebAssembly binary format the host's module
// rewrites need (host/guest-memory.ts, host/data-packing.ts): sections, LEB128 numbers.

/** A cursor over a module's bytes; `fail` makes the error a malformed module is reported with. */
export class Reader {
  at: number;
  constructor(
    readonly b: Uint8Array,
    at: number,
    private readonly fail: (message: string) => Error,
  ) {
    this.at = at;
  }
  byte(): number {
    const v = this.b[this.at++];
    if (v === undefined) throw this.fail("wasi-os: truncated module");
    return v;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const v = this.byte();
      result += (v & 0x7f) * 2 ** shift;
      if ((v & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw this.fail("wasi-os: bad LEB128 in module");
    }
  }
  /** A signed LEB128 of at most 32 bits (an i32.const). */
  s32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const v = this.byte();
      result |= (v & 0x7f) << shift;
      shift += 7;
      if ((v & 0x80) === 0) return shift < 32 && (v & 0x40) !== 0 ? result | (-1 << shift) : result;
      if (shift > 35) throw this.fail("wasi-os: bad LEB128 in module");
    }
  }
  skip(n: number): void {
    this.at += n;
  }
}

/** Unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let v = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) v |= 0x80;
    out.push(v);
  } while (n > 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** The sections of a module, in order: id and where the content starts and ends. */
export function sections(wasm: Uint8Array, fail: (message: string) => Error): { id: number; start: number; contentAt: number; end: number }[] {
  const r = new Reader(wasm, 8, fail);
  const out: { id: number; start: number; contentAt: number; end: number }[] = [];
  while (r.at < wasm.length) {
    const start = r.at;
    const id = r.byte();
    const size = r.u32();
    const end = r.at + size;
    if (end > wasm.length) throw fail("wasi-os: truncated module");
    out.push({ id, start, contentAt: r.at, end });
    r.at = end;
  }
  return out;
}
