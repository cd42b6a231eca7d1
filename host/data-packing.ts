/**
 * Fewer data segments for a module whose memory the host makes (host/prepared.ts). Why:
 * instantiation applies every active segment one by one, and AssemblyScript emits one per
 * static string: cat.wasm's 397 segments were half of instantiating it (18 vs 9.5 us with the
 * 5 segments here). Packing is done once per prepared module.
 *
 * A segment is joined to the one before when it starts at or after that one's end, within
 * GAP bytes, and the gap between them overlaps no earlier segment: the gap's bytes are written
 * as zeros, which is what a fresh (or zeroed, reused) memory holds there. Only modules whose
 * segments are all active on memory 0 at constant offsets are packed; code that names a
 * segment index past the new count fails to compile, and the caller then uses the module as
 * it was (every active segment is dropped after instantiation, so memory.init/data.drop on any
 * index below the new count behave as before).
 */
import { join } from "./bytes.ts";
import { leb, Reader, sections, sleb } from "./wasm-binary.ts";

/** Largest run of zeros written to join two segments. */
const GAP = 64;

class NotPackable extends Error {}
const fail = (m: string): Error => new NotPackable(m);

interface Segment {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/** `wasm` with its active data segments joined, or `wasm` itself when it cannot be packed. */
export function packDataSegments(wasm: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  try {
    return pack(wasm);
  } catch (e) {
    if (e instanceof NotPackable) return wasm;
    throw e;
  }
}

function pack(wasm: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const all = sections(wasm, fail);
  const data = all.find((s) => s.id === 11);
  if (data === undefined) return wasm;
  const r = new Reader(wasm, data.contentAt, fail);
  const count = r.u32();
  const segments: Segment[] = [];
  for (let k = 0; k < count; k++) {
    if (r.u32() !== 0) throw fail("not an active segment on memory 0");
    if (r.byte() !== 0x41) throw fail("not a constant offset");
    const offset = r.s32() >>> 0;
    if (r.byte() !== 0x0b) throw fail("not a constant offset");
    const len = r.u32();
    segments.push({ offset, bytes: wasm.subarray(r.at, r.at + len) });
    r.skip(len);
  }
  if (r.at !== data.end) throw fail("data section size mismatch");

  const groups: { lo: number; hi: number; parts: Segment[] }[] = [];
  for (const s of segments) {
    const last = groups[groups.length - 1];
    // Joined: starts at or after the last group's end, within GAP, not empty, and no earlier group lies under the gap.
    const joins =
      last !== undefined && s.offset >= last.hi && s.offset - last.hi <= GAP && s.bytes.length > 0 && groups.every((g) => g === last || g.hi <= last.hi || g.lo >= s.offset);
    if (last !== undefined && joins) {
      last.parts.push(s);
      last.hi = s.offset + s.bytes.length;
    } else groups.push({ lo: s.offset, hi: s.offset + s.bytes.length, parts: [s] });
  }
  if (groups.length === segments.length) return wasm;

  const body: ArrayLike<number>[] = [leb(groups.length)];
  for (const g of groups) {
    const image = new Uint8Array(g.hi - g.lo);
    for (const s of g.parts) image.set(s.bytes, s.offset - g.lo);
    body.push([0, 0x41, ...sleb(g.lo | 0), 0x0b, ...leb(image.length)], image);
  }
  const content = join(body);
  const parts: ArrayLike<number>[] = [wasm.subarray(0, 8)];
  for (const s of all) {
    if (s.id === 12) {
      const c = leb(groups.length);
      parts.push([12, ...leb(c.length), ...c]);
    } else if (s.id === 11) parts.push([11, ...leb(content.length)], content);
    else parts.push(wasm.subarray(s.start, s.end));
  }
  return join(parts);
}
