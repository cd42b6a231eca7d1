// Isolation between tenants: two guests running at the same time in one process share nothing
// the host did not pass them. The owner makes a file, a pipe and has a secret in its
// environment, then keeps running; the prober, started meanwhile, looks for each of them.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { prepare, runIsolated } from "../host/index.ts";
import { wat } from "./support/wat.ts";

/** Creates "secret" in fd 3 and a pipe (fds 4, 5), prints "ready", then spins. */
const OWNER = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_os_v1" "pipe" (func $pipe (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "secret")
  (data (i32.const 16) "ready\\n")
  (func (export "_start")
    (drop (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 6) (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 64)))
    (drop (call $pipe (i32.const 0) (i32.const 72)))
    (i32.store (i32.const 32) (i32.const 16)) (i32.store (i32.const 36) (i32.const 6))
    (drop (call $write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40)))
    (loop $l (br $l))))`;

/**
 * Exits with a bit set for each thing of another tenant it reaches: 1 "secret" opens, 2 some
 * fd from 4 to 63 is open, 4 its environment is not empty; 0 when it finds nothing.
 */
const PROBER = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "secret")
  (func (export "_start") (local $bits i32) (local $fd i32)
    (if (i32.eqz (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 6) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 64)))
      (then (local.set $bits (i32.const 1))))
    (local.set $fd (i32.const 4))
    (loop $l
      (if (i32.eqz (call $fdstat (local.get $fd) (i32.const 128))) (then (local.set $bits (i32.or (local.get $bits) (i32.const 2)))))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $fd) (i32.const 64))))
    (drop (call $env (i32.const 80) (i32.const 84)))
    (if (i32.load (i32.const 80)) (then (local.set $bits (i32.or (local.get $bits) (i32.const 4)))))
    (call $exit (local.get $bits))))`;

/** Runs the owner, and the prober once the owner is ready (both alive at once). */
async function together(runOwner: (ready: () => void) => Promise<{ trees: unknown[] }>, runProber: () => Promise<{ exitCode: number; trees: unknown[] }>) {
  let proberRun: Promise<{ exitCode: number; trees: unknown[] }> | undefined;
  let started!: () => void;
  const proberStarted = new Promise<void>((resolve) => (started = resolve));
  const owner = runOwner(() => {
    proberRun ??= runProber();
    started();
  });
  await proberStarted;
  const prober = await proberRun!;
  return { owner: await owner, prober };
}

test("two isolated guests at once: the prober reaches none of the owner's file, fds, pipe or environment", async () => {
  const [owner, prober] = [await wat(OWNER), await wat(PROBER)];
  const r = await together(
    (ready) => runIsolated(owner, { env: { SECRET: "s3cret" }, preopens: [{ guest: "/", tree: {} }], timeout: 1500, stdout: (c) => (new TextDecoder().decode(c).includes("ready") ? ready() : undefined) }),
    () => runIsolated(prober, { preopens: [{ guest: "/", tree: {} }] }),
  );
  assert.is(r.prober.exitCode, 0);
  assert.equal(Object.keys((r.owner.trees[0] ?? {}) as object), ["secret"]);
  assert.equal(r.prober.trees, [{}]);
});

test("two runs of one prepared host at once share only the template", async () => {
  const [owner, prober] = [await prepare(await wat(OWNER), { preopens: [{ guest: "/", tree: { shared: new Uint8Array([1]) } }] }), await prepare(await wat(PROBER), { preopens: [{ guest: "/", tree: { shared: new Uint8Array([1]) } }] })];
  const r = await together(
    (ready) => owner.run({ env: { SECRET: "s3cret" }, timeout: 1500, stdout: (c) => (new TextDecoder().decode(c).includes("ready") ? ready() : undefined) }),
    () => prober.run(),
  );
  assert.is(r.prober.exitCode, 0);
  assert.equal(Object.keys((r.owner.trees[0] ?? {}) as object).sort(), ["secret", "shared"]);
  assert.equal(Object.keys((r.prober.trees[0] ?? {}) as object), ["shared"]);
});

test("the prober does find what its own host passes it (the probe works)", async () => {
  const r = await runIsolated(await wat(PROBER), { env: { MINE: "1" }, preopens: [{ guest: "/", tree: { secret: new Uint8Array(0) } }] });
  assert.is(r.exitCode, 1 | 2 | 4); // its own "secret", open at fd 4, and its own environment
});

test.run();
