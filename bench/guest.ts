/**
 * The benchmark's guest: a tiny wasm module (WAT, assembled with wabt) whose exported loops make
 * the preview1 calls themselves, so every measured call pays the real wasm -> JS import cost.
 * It runs on our adapter (WasiOs) and on the bare stock browser_wasi_shim alike.
 */
import wabtInit from "wabt";
import { EXT_MODULE } from "../src/abi/ext.ts";
import { PREVIEW1_MODULE } from "../src/abi/preview1.ts";

/** Scratch layout at the bottom of guest memory: iovec at 0, results at 16, path bytes at 64. */
export const PATH_AT = 64;
/** Where data regions start (page 1). */
export const DATA_AT = 65536;

const WAT = `(module
  (import "${PREVIEW1_MODULE}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "${PREVIEW1_MODULE}" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "${PREVIEW1_MODULE}" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "${PREVIEW1_MODULE}" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "${PREVIEW1_MODULE}" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "${EXT_MODULE}" "fd_copy_range" (func $copy (param i32 i32 i64 i64 i64 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_initialize"))

  ;; count writes of \`chunk\` bytes from buf, buf+stride, ...; 0, an errno, or -1 on a short write.
  (func (export "write_loop") (param $fd i32) (param $buf i32) (param $chunk i32) (param $stride i32) (param $count i32) (result i32)
    (local $i i32) (local $r i32)
    (i32.store offset=4 (i32.const 0) (local.get $chunk))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
      (i32.store (i32.const 0) (i32.add (local.get $buf) (i32.mul (local.get $i) (local.get $stride))))
      (local.set $r (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16)))
      (if (local.get $r) (then (return (local.get $r))))
      (if (i32.ne (i32.load (i32.const 16)) (local.get $chunk)) (then (return (i32.const -1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.const 0))

  ;; reads \`chunk\` bytes at a time into buf, buf+chunk, ... until EOF; returns the total (or -errno).
  (func (export "read_loop") (param $fd i32) (param $buf i32) (param $chunk i32) (result i32)
    (local $at i32) (local $r i32)
    (i32.store offset=4 (i32.const 0) (local.get $chunk))
    (local.set $at (local.get $buf))
    (loop $next
      (i32.store (i32.const 0) (local.get $at))
      (local.set $r (call $fd_read (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16)))
      (if (local.get $r) (then (return (i32.sub (i32.const 0) (local.get $r)))))
      (local.set $at (i32.add (local.get $at) (i32.load (i32.const 16))))
      (br_if $next (i32.load (i32.const 16))))
    (i32.sub (local.get $at) (local.get $buf)))

  ;; the guest's own copy: fd_read \`chunk\` into buf, fd_write it, until EOF; total or -errno.
  (func (export "copy_loop") (param $src i32) (param $dst i32) (param $buf i32) (param $chunk i32) (result i32)
    (local $n i32) (local $total i32) (local $r i32)
    (loop $next
      (i32.store (i32.const 0) (local.get $buf))
      (i32.store offset=4 (i32.const 0) (local.get $chunk))
      (local.set $r (call $fd_read (local.get $src) (i32.const 0) (i32.const 1) (i32.const 16)))
      (if (local.get $r) (then (return (i32.sub (i32.const 0) (local.get $r)))))
      (local.set $n (i32.load (i32.const 16)))
      (if (local.get $n) (then
        (i32.store offset=4 (i32.const 0) (local.get $n))
        (local.set $r (call $fd_write (local.get $dst) (i32.const 0) (i32.const 1) (i32.const 16)))
        (if (local.get $r) (then (return (i32.sub (i32.const 0) (local.get $r)))))
        (if (i32.ne (i32.load (i32.const 16)) (local.get $n)) (then (return (i32.const -1))))
        (local.set $total (i32.add (local.get $total) (local.get $n)))
        (br $next))))
    (local.get $total))

  (func (export "open") (param $dir i32) (param $len i32) (param $oflags i32) (param $rights i64) (param $fdflags i32) (result i32)
    (local $r i32)
    (local.set $r (call $path_open (local.get $dir) (i32.const 1) (i32.const ${PATH_AT}) (local.get $len) (local.get $oflags)
      (local.get $rights) (local.get $rights) (local.get $fdflags) (i32.const 16)))
    (if (local.get $r) (then (return (i32.sub (i32.const 0) (local.get $r)))))
    (i32.load (i32.const 16)))
  (func (export "seek") (param $fd i32) (param $off i64) (result i32)
    (call $fd_seek (local.get $fd) (local.get $off) (i32.const 0) (i32.const 16)))
  (func (export "close") (param $fd i32) (result i32) (call $fd_close (local.get $fd)))
  (func (export "copy_range") (param $src i32) (param $dst i32) (param $count i64) (param $os i64) (param $od i64) (result i64)
    (local $r i32)
    (local.set $r (call $copy (local.get $src) (local.get $dst) (local.get $count) (local.get $os) (local.get $od)
      (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16)))
    (if (local.get $r) (then (return (i64.sub (i64.const 0) (i64.extend_i32_u (local.get $r))))))
    (i64.load (i32.const 16)))
)`;

let compiled: Promise<WebAssembly.Module> | undefined;

export function guestModule(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    const wabt = await wabtInit();
    const parsed = wabt.parseWat("bench.wat", WAT);
    return WebAssembly.compile(parsed.toBinary({}).buffer as Uint8Array<ArrayBuffer>);
  })();
  return compiled;
}

/** The exports, typed. */
export interface GuestExports {
  readonly memory: WebAssembly.Memory;
  write_loop(fd: number, buf: number, chunk: number, stride: number, count: number): number;
  read_loop(fd: number, buf: number, chunk: number): number;
  copy_loop(src: number, dst: number, buf: number, chunk: number): number;
  open(dir: number, pathLen: number, oflags: number, rights: bigint, fdflags: number): number;
  seek(fd: number, offset: bigint): number;
  close(fd: number): number;
  copy_range(src: number, dst: number, count: bigint, offSrc: bigint, offDst: bigint): bigint;
}

/** Makes sure guest memory holds at least `bytes` (grows it; views taken before are stale). */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
}
