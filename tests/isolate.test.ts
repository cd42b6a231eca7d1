// Isolated runs (host/isolate.ts): the guest's wasm in a Worker, ended at a wall-clock limit,
// while the adapter and the file systems stay with the caller.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { runCommand, runIsolated, TIMEOUT_EXIT } from "../host/index.ts";
import { wat, WRITE_THEN_SPIN } from "./support/wat.ts";

const fdtour = readFileSync("build/examples/fdtour.wasm");
const jspi = readFileSync("build/jspi.wasm");
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

test("an isolated run prints and leaves the same files as runCommand", async () => {
  const options = { args: ["fdtour"], preopens: [{ guest: "/", tree: {} }] };
  const [a, b] = [await runIsolated(fdtour, options), await runCommand(fdtour, options)];
  assert.is(a.exitCode, b.exitCode);
  assert.is(a.timedOut, false);
  assert.is(text(a.stdout), text(b.stdout));
  assert.equal(a.trees, b.trees);
});

test("a guest spinning without imports ends at its time limit with exit status 124", async () => {
  const t0 = performance.now();
  const r = await runIsolated(jspi, { args: ["jspi", "spin"], timeout: 300 });
  assert.is(r.exitCode, TIMEOUT_EXIT);
  assert.is(TIMEOUT_EXIT, 124);
  assert.is(r.timedOut, true);
  assert.ok(performance.now() - t0 < 20_000, "ended well before 20 s on a loaded machine");
});

test("a file the killed guest wrote stays readable by the host", async () => {
  const r = await runIsolated(await wat(WRITE_THEN_SPIN), { preopens: [{ guest: "/", tree: { "kept.txt": new Uint8Array([1, 2]) } }], timeout: 300 });
  assert.is(r.timedOut, true);
  const tree = r.trees[0];
  assert.ok(tree !== undefined);
  assert.is(text(tree["out.txt"] as Uint8Array), "written before the spin");
  assert.equal(tree["kept.txt"], new Uint8Array([1, 2]));
});

test("output written before the time limit is kept", async () => {
  const r = await runIsolated(await wat(WRITE_THEN_SPIN), { preopens: [{ guest: "/", tree: {} }], timeout: 300 });
  assert.is(text(r.stdout), "started\n");
});

test("runCommand with a timeout runs isolated", async () => {
  const r = await runCommand(jspi, { args: ["jspi", "spin"], timeout: 200 });
  assert.equal([r.exitCode, r.timedOut], [124, true]);
});

test("an isolated run of a compiled module is refused: it needs the bytes", async () => {
  const module = await WebAssembly.compile(jspi);
  try {
    await runCommand(module, { timeout: 100 });
    assert.unreachable("should refuse");
  } catch (e) {
    assert.instance(e, TypeError);
    assert.match((e as Error).message, "bytes");
  }
});

test("a trap in an isolated guest is a WebAssembly.RuntimeError", async () => {
  const bytes = await wat(`(module (memory (export "memory") 1) (func (export "_start") unreachable))`);
  try {
    await runIsolated(bytes, {});
    assert.unreachable("should trap");
  } catch (e) {
    assert.instance(e, WebAssembly.RuntimeError);
  }
});

test("a timeout that is not a positive number is a RangeError", async () => {
  for (const timeout of [0, -1, Number.NaN]) {
    try {
      await runIsolated(jspi, { timeout });
      assert.unreachable(String(timeout));
    } catch (e) {
      assert.instance(e, RangeError);
    }
  }
});

test.run();
