// Guest memory limits (host/guest-memory.ts): the host's maximum, enforced by the engine.
// Expected exit codes come from wasmtime running the same guest with that maximum declared.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { MemoryLimitError, runCommand, runIsolated } from "../host/index.ts";
import { growGuest, wasmtimeExit, wat } from "./support/wat.ts";

const PAGE = 65536;

test("memory.grow past the host's limit fails in the guest as at a declared maximum (wasmtime)", async () => {
  const want = Number(wasmtimeExit(growGuest("1 4")));
  const r = await runCommand(await wat(growGuest("1")), { memoryLimit: 4 * PAGE });
  assert.is(r.exitCode, want);
  assert.is(want, 20); // grow 2 gave the old size 1; grow 10 failed (-1)
});

test("an isolated run enforces the memory limit the same way", async () => {
  const r = await runIsolated(await wat(growGuest("1")), { memoryLimit: 4 * PAGE });
  assert.is(r.exitCode, Number(wasmtimeExit(growGuest("1 4"))));
});

test("a guest's own smaller maximum stays in force under a larger limit", async () => {
  const r = await runCommand(await wat(growGuest("1 2")), { memoryLimit: 64 * PAGE });
  assert.is(r.exitCode, Number(wasmtimeExit(growGuest("1 2"))));
});

test("a module declaring a larger maximum than the limit is refused before it runs", async () => {
  try {
    await runCommand(await wat(growGuest("1 100")), { memoryLimit: 4 * PAGE });
    assert.unreachable("refused");
  } catch (e) {
    assert.instance(e, MemoryLimitError);
    assert.match((e as Error).message, "declares a maximum memory of 100 pages, more than the limit of 4 pages (0.25 MiB)");
  }
});

test("a module needing more memory at start than the limit is refused", async () => {
  try {
    await runIsolated(await wat(growGuest("8")), { memoryLimit: 4 * PAGE });
    assert.unreachable("refused");
  } catch (e) {
    assert.instance(e, MemoryLimitError);
    assert.match((e as Error).message, "needs 8 pages of memory at start");
  }
});

test("a module that imports its memory is refused with the import's name", async () => {
  const bytes = await wat(`(module (import "env" "memory" (memory 1)) (func (export "_start")))`);
  try {
    await runCommand(bytes, { memoryLimit: 4 * PAGE });
    assert.unreachable("refused");
  } catch (e) {
    assert.instance(e, MemoryLimitError);
    assert.match((e as Error).message, "env.memory");
  }
});

test("a real guest runs unchanged under a memory limit (data segments, exports)", async () => {
  const fdtour = readFileSync("build/examples/fdtour.wasm");
  const options = { args: ["fdtour"], preopens: [{ guest: "/", tree: {} }] };
  const [a, b] = [await runCommand(fdtour, { ...options, memoryLimit: 16 << 20 }), await runCommand(fdtour, options)];
  assert.equal([a.exitCode, a.stdout, a.trees], [b.exitCode, b.stdout, b.trees]);
});

test("a memory limit that is not a whole number of bytes is a RangeError", async () => {
  for (const memoryLimit of [-1, 1.5, Number.NaN]) {
    try {
      await runCommand(await wat(growGuest("1")), { memoryLimit });
      assert.unreachable(String(memoryLimit));
    } catch (e) {
      assert.instance(e, RangeError);
    }
  }
});

test.run();
