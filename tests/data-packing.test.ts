// Data-segment packing (host/data-packing.ts): a packed module writes exactly the memory its
// original writes at instantiation, on every guest this repository builds and on WAT corners.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packDataSegments } from "../host/data-packing.ts";
import { createGuestMemory, MAX_PAGES, MEMORY_IMPORT, planGuestMemory } from "../host/guest-memory.ts";
import { prepare } from "../host/index.ts";
import { wat } from "./support/wat.ts";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The memory `bytes` (its memory made the host's) holds right after instantiation, no code run. */
function imageAfterInstantiation(bytes: Uint8Array<ArrayBuffer>, pages: number): Uint8Array {
  const memory = createGuestMemory({ bytes, initial: pages, maximum: MAX_PAGES, shared: false });
  const module = new WebAssembly.Module(bytes);
  const imports: Record<string, Record<string, WebAssembly.ExportValue>> = { [MEMORY_IMPORT.module]: { [MEMORY_IMPORT.name]: memory } };
  for (const imp of WebAssembly.Module.imports(module)) if (imp.kind === "function") (imports[imp.module] ??= {})[imp.name] = () => 0;
  new WebAssembly.Instance(module, imports);
  return new Uint8Array(memory.buffer);
}

/** The number of data segments a module declares. */
function segmentCount(bytes: Uint8Array): number {
  let at = 8;
  const u32 = (): number => {
    let r = 0;
    let s = 0;
    for (;;) {
      const b = bytes[at++]!;
      r += (b & 0x7f) * 2 ** s;
      if ((b & 0x80) === 0) return r;
      s += 7;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    if (id === 11) return u32();
    at += size;
  }
  return 0;
}

const guests = ["build", "build/examples", "build/examples/c"].flatMap((dir) =>
  readdirSync(dir).filter((f) => f.endsWith(".wasm")).map((f) => join(dir, f)),
);

test("every built guest's packed module writes the same memory at instantiation as the original", () => {
  assert.ok(guests.length >= 10, `guests found: ${guests.length}`);
  let packedSome = false;
  for (const file of guests) {
    const plan = planGuestMemory(readFileSync(file), MAX_PAGES, false);
    const packed = packDataSegments(plan.bytes);
    if (packed !== plan.bytes) packedSome = true;
    const pages = Math.max(plan.initial, 4);
    assert.equal(imageAfterInstantiation(packed, pages), imageAfterInstantiation(plan.bytes, pages), file);
  }
  assert.ok(packedSome, "no guest had segments to pack");
});

test("an AssemblyScript guest's segments are packed to a handful", () => {
  const plan = planGuestMemory(readFileSync("build/examples/cat.wasm"), MAX_PAGES, false);
  const before = segmentCount(plan.bytes);
  const after = segmentCount(packDataSegments(plan.bytes));
  assert.ok(before > 100 && after < 10, `${before} -> ${after}`);
});

test("overlapping segments keep their order, and a gap over an earlier segment is not zeroed", async () => {
  const bytes = await wat(`(module (import "wasi-os" "memory" (memory 1))
    (data (i32.const 10) "XXXXXXXX") (data (i32.const 0) "a") (data (i32.const 20) "b")
    (data (i32.const 12) "yy") (data (i32.const 14) "z") (data (i32.const 100) "c") (data (i32.const 101) "d"))`);
  const packed = packDataSegments(bytes);
  assert.ok(segmentCount(packed) < 7, "something was packed");
  assert.equal(imageAfterInstantiation(packed, 1), imageAfterInstantiation(bytes, 1));
});

test("a module with a passive segment is left as it is", async () => {
  const bytes = await wat(`(module (import "wasi-os" "memory" (memory 1)) (data (i32.const 0) "a") (data (i32.const 1) "b") (data "passive"))`);
  assert.is(packDataSegments(bytes), bytes);
});

test("a guest whose code names a data segment past the packed count runs unpacked", async () => {
  // data.drop 2 is valid on the original's three segments, not on one packed segment.
  const guest = await wat(`(module
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "ok") (data (i32.const 18) "\\n") (data (i32.const 19) "")
    (func (export "_start")
      (data.drop 2)
      (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 3))
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`);
  const host = await prepare(guest);
  const r = await host.run();
  assert.is(r.exitCode, 0);
  assert.equal(r.stdout, enc("ok\n"));
});

test.run();
