// Small WAT guests built in tests (wabt), for behaviour no AssemblyScript guest shows.
import { spawnSync } from "node:child_process";
import wabtInit from "wabt";

/** The exit status wasmtime (the oracle) gives a WAT command module: a number, or "trap". */
export function wasmtimeExit(text: string): string {
  const r = spawnSync("python3", ["tests/support/oracle/wasmtime-exit.py"], { input: text, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wasmtime oracle failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Compiles WAT text to module bytes. */
export async function wat(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const wabt = await wabtInit();
  const m = wabt.parseWat("guest.wat", text);
  try {
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
}

/**
 * A guest that writes "written before the spin" to a new file out.txt in fd 3 and "started\n"
 * to stdout, then loops forever without an import.
 */
export const WRITE_THEN_SPIN = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "out.txt")
  (data (i32.const 16) "written before the spin")
  (data (i32.const 48) "started\\n")
  (func (export "_start")
    (i32.store (i32.const 64) (i32.const 16)) (i32.store (i32.const 68) (i32.const 23))
    (i32.store (i32.const 72) (i32.const 48)) (i32.store (i32.const 76) (i32.const 8))
    (drop (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 7) (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 80)))
    (drop (call $write (i32.load (i32.const 80)) (i32.const 64) (i32.const 1) (i32.const 84)))
    (drop (call $write (i32.const 1) (i32.const 72) (i32.const 1) (i32.const 84)))
    (loop $l (br $l))))`;

/** Exits with 10 * (memory.grow 2 + 1) + (memory.grow 10 + 1): which of two growths succeeded. */
export const growGuest = (memory: string): string => `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") ${memory})
  (func (export "_start")
    (call $exit (i32.add
      (i32.mul (i32.const 10) (i32.add (memory.grow (i32.const 2)) (i32.const 1)))
      (i32.add (memory.grow (i32.const 10)) (i32.const 1))))))`;

/**
 * Opens "." in fd 3 until path_open fails; exits with the number opened when the errno is
 * `errno`, else 255.
 */
export const openUntil = (errno: number): string => `(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) ".")
  (func (export "_start") (local $n i32) (local $e i32)
    (loop $l
      (local.set $e (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 16)))
      (if (i32.eqz (local.get $e)) (then (local.set $n (i32.add (local.get $n) (i32.const 1))) (br $l))))
    (call $exit (select (local.get $n) (i32.const 255) (i32.eq (local.get $e) (i32.const ${errno}))))))`;

/**
 * Creates "big" in fd 3 and appends 64 KiB at a time until fd_write fails (at most 64 times);
 * exits with the errno (0 if none failed).
 */
export const WRITE_UNTIL_FULL = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 2)
  (data (i32.const 0) "big")
  (func (export "_start") (local $fd i32) (local $e i32) (local $i i32)
    (drop (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 3) (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 16)))
    (local.set $fd (i32.load (i32.const 16)))
    (i32.store (i32.const 32) (i32.const 65536)) (i32.store (i32.const 36) (i32.const 65536))
    (loop $l
      (local.set $e (call $write (local.get $fd) (i32.const 32) (i32.const 1) (i32.const 40)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.and (i32.eqz (local.get $e)) (i32.lt_u (local.get $i) (i32.const 64)))))
    (call $exit (local.get $e))))`;

/**
 * Creates "aa", "ba", ... (two letters from a counter) in fd 3 until path_open fails; exits
 * with the number created when the errno is `errno`, else 255.
 */
export const createUntil = (errno: number): string => `(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $n i32) (local $e i32)
    (loop $l
      (i32.store8 (i32.const 0) (i32.add (i32.const 97) (i32.rem_u (local.get $n) (i32.const 26))))
      (i32.store8 (i32.const 1) (i32.add (i32.const 97) (i32.div_u (local.get $n) (i32.const 26))))
      (local.set $e (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 2) (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 16)))
      (if (i32.eqz (local.get $e)) (then
        (drop (call $close (i32.load (i32.const 16))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $l))))
    (call $exit (select (local.get $n) (i32.const 255) (i32.eq (local.get $e) (i32.const ${errno}))))))`;
