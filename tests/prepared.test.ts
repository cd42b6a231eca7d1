// The prepared host (host/prepared.ts): set up once, many runs, each on its own copy of the
// file-system template (blocks shared copy-on-write), with the host's limits.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { MemoryLimitError, prepare, runCommand, TIMEOUT_EXIT } from "../host/index.ts";
import { growGuest, wasmtimeExit, wat, WRITE_THEN_SPIN, WRITE_UNTIL_FULL } from "./support/wat.ts";
import { Errno } from "../src/errno.ts";

const cat = readFileSync("build/examples/cat.wasm");
const fdtour = readFileSync("build/examples/fdtour.wasm");
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test("a prepared run prints and leaves the same files as runCommand", async () => {
  const preopens = [{ guest: "/", tree: { "seed.txt": enc("seed") } }];
  const host = await prepare(fdtour, { preopens });
  const [a, b] = [await host.run({ args: ["fdtour"] }), await runCommand(fdtour, { args: ["fdtour"], preopens })];
  assert.is(a.exitCode, b.exitCode);
  assert.is(text(a.stdout), text(b.stdout));
  assert.equal(a.trees, b.trees);
});

test("every run starts from the template: one run's writes are not seen by the next", async () => {
  const host = await prepare(fdtour, { preopens: [{ guest: "/", tree: {} }] });
  const first = await host.run({ args: ["fdtour"] });
  assert.ok("fdtour.txt" in (first.trees[0] ?? {}), "the run wrote its file");
  const second = await host.run({ args: ["fdtour"] });
  assert.is(text(second.stdout), text(first.stdout)); // the same output: it starts without the first run's file
  const host2 = await prepare(cat, { preopens: [{ guest: "/", tree: {} }] }); // a template without it
  const r = await host2.run({ args: ["cat", "fdtour.txt"] });
  assert.is(r.exitCode, 1); // not in this template
});

test("a template file is read without being charged to the run's byte cap", async () => {
  const big = new Uint8Array(256 * 1024).fill(7);
  const host = await prepare(cat, { preopens: [{ guest: "/", tree: { "big.bin": big } }], memoryLimits: { maxBytes: 64 * 1024 } });
  let n = 0;
  const r = await host.run({ args: ["cat", "big.bin"], stdout: (c) => void (n += c.length) });
  assert.equal([r.exitCode, n], [0, big.length]);
});

test("a run's writes count against its own caps (ENOSPC), and the template stays whole", async () => {
  const host = await prepare(await wat(WRITE_UNTIL_FULL), { preopens: [{ guest: "/", tree: { "keep.txt": enc("k") } }], memoryLimits: { maxBytes: 256 * 1024 } });
  const r = await host.run();
  assert.is(r.exitCode, Errno.ENOSPC);
  assert.equal(Object.keys(r.trees[0] ?? {}).sort(), ["big", "keep.txt"]);
  const again = await host.run();
  assert.is(again.exitCode, Errno.ENOSPC); // the first run's bytes were given back, not kept
});

test("a prepared host enforces its memory limit on every run", async () => {
  const host = await prepare(await wat(growGuest("1")), { memoryLimit: 4 * 65536 });
  const want = Number(wasmtimeExit(growGuest("1 4")));
  assert.is((await host.run()).exitCode, want);
  assert.is((await host.run()).exitCode, want); // a reused memory starts the same
});

test("a prepared host refuses a module whose declared maximum is above its limit", async () => {
  try {
    await prepare(await wat(growGuest("1 100")), { memoryLimit: 4 * 65536 });
    assert.unreachable("refused");
  } catch (e) {
    assert.instance(e, MemoryLimitError);
  }
});

test("a run with a timeout is ended at it, and its files stay readable", async () => {
  const host = await prepare(await wat(WRITE_THEN_SPIN), { preopens: [{ guest: "/", tree: {} }] });
  const r = await host.run({ timeout: 300 });
  assert.equal([r.exitCode, r.timedOut], [TIMEOUT_EXIT, true]);
  assert.is(text(r.trees[0]?.["out.txt"] as Uint8Array), "written before the spin");
});

test("a reused memory is zeroed: a run sees none of the previous run's memory", async () => {
  // Writes its argument count at address 1024 only when the word there is 0; exits with the word.
  const guest = await wat(`(module
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (func (export "_start")
      (drop (call $sizes (i32.const 0) (i32.const 4)))
      (if (i32.eqz (i32.load (i32.const 1024))) (then (i32.store (i32.const 1024) (i32.load (i32.const 0)))))
      (call $exit (i32.load (i32.const 1024)))))`);
  const host = await prepare(guest);
  assert.is((await host.run({ args: ["a", "b", "c"] })).exitCode, 3);
  assert.is((await host.run({ args: ["a"] })).exitCode, 1);
});

/** Exits with memory.size at its start, then grows by its argument count. */
const sizeThenGrow = (pages: number): Promise<Uint8Array<ArrayBuffer>> =>
  wat(`(module
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") ${pages})
    (func (export "_start") (local $start i32)
      (local.set $start (memory.size))
      (drop (call $sizes (i32.const 0) (i32.const 4)))
      (drop (memory.grow (i32.load (i32.const 0))))
      (call $exit (local.get $start))))`);

/** The memory.size each of five runs starts with, the runs growing by 1, 10, 0, 3 and 0 pages. */
async function startSizes(pages: number, options: Parameters<typeof prepare>[1] = {}): Promise<number[]> {
  const host = await prepare(await sizeThenGrow(pages), options);
  const codes: number[] = [];
  for (const n of [1, 10, 0, 3, 0]) codes.push((await host.run({ args: Array<string>(n).fill("x") })).exitCode);
  return codes;
}

test("every run starts with the module's declared memory, whatever an earlier run grew to", async () => {
  assert.equal(await startSizes(1), [1, 1, 1, 1, 1]);
  assert.equal(await startSizes(6), [6, 6, 6, 6, 6]);
});

test("initialMemory sets the memory every run starts with: never below the declared size, never above the maximum", async () => {
  assert.equal(await startSizes(1, { initialMemory: 4 * 65536 }), [4, 4, 4, 4, 4]);
  assert.equal(await startSizes(1, { initialMemory: 65536 + 1 }), [2, 2, 2, 2, 2]); // whole pages, rounded up
  assert.equal(await startSizes(6, { initialMemory: 4 * 65536 }), [6, 6, 6, 6, 6]);
  assert.equal(await startSizes(1, { initialMemory: 4 * 65536, memoryLimit: 2 * 65536 }), [2, 2, 2, 2, 2]);
});

test("a bad initialMemory is refused at prepare", async () => {
  for (const bad of [-1, 0.5, 2 ** 53]) {
    try {
      await prepare(cat, { initialMemory: bad });
      assert.unreachable(`initialMemory ${bad} accepted`);
    } catch (e) {
      assert.instance(e, RangeError);
    }
  }
});

test.run();
