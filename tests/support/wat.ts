// Small WAT guests built in tests (wabt), for behaviour no AssemblyScript guest shows.
import wabtInit from "wabt";

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
