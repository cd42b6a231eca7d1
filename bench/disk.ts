/**
 * Disk benchmark cases for the `node` base, measured side by side with CPython in one run.
 *
 * Contract with the bench harness (bench/run.ts calls this; nothing here prints on its own):
 *
 *   export async function diskCases(opts: { mib: number; runs: number; log: (s: string) => void; dir?: string })
 *     : Promise<{ cases: Record<string, { value: number; unit: string }>; ratios: Record<string, number> }>
 *
 * - `mib`: size of the random source file (the target figures are for 64); `runs`: timed runs
 *   per case (at least 5 are made; medians are reported); `log`: progress and per-case lines;
 *   `dir`: where the files go (default: a fresh directory under os.tmpdir(), which should be
 *   on a disk, not tmpfs: the log line names its st_dev and whether /dev/shm shares it).
 * - cases (MiB/s, medians):
 *     disk_copy_node_guest      a wasm guest's fd_copy_range loop (wasi_os_v1) on the `node`
 *                               base: open src, open dst O_CREAT|O_TRUNC, copy, close
 *     disk_copy_cpython_kernel  CPython's os.copy_file_range (the kernel's copy_file_range(2))
 *                               on the same files, same steps
 *     disk_guest_loop_node      the guest's 1 MiB fd_read/fd_write loop on `node`
 *     disk_loop_cpython         CPython's 1 MiB os.read/os.write loop
 * - ratios (ours over CPython's, same run; > 1 is faster than CPython):
 *     disk_copy_vs_cpython_kernel      target >= 0.8
 *     disk_guest_loop_vs_cpython_loop
 * Every run creates its destination (O_CREAT|O_TRUNC on a file that does not exist); after
 * each timed run, outside the timing, the destination is compared byte for byte with the
 * source, written back (fsync) and removed, so no run competes with another's writeback. The
 * source stays in the page cache: this measures copying cached data into new files, the
 * part a copier controls. Runs interleave the four cases after one untimed warm-up of each.
 *
 * Why the copy is not the kernel's: Node 20 has no copy_file_range for ranges (fs.copyFile
 * opens by path, truncates and copies the mode: not a range copy of two open fds), so
 * host/fs/node/reachable.ts copies with pread/pwrite through one reused buffer. That is one
 * more memory copy per byte than the kernel's in-kernel splice; on a disk file system the
 * page allocation and writeback of the destination dominate, so the gap is small
 * (docs/node-base.md has the measured figures).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import wabtInit from "wabt";
import { WasiOs } from "../host/index.ts";

export interface DiskCaseOptions {
  readonly mib: number;
  readonly runs: number;
  readonly log: (s: string) => void;
  /** Directory for the files (default: a fresh one under os.tmpdir()). */
  readonly dir?: string;
}

export interface DiskCaseResult {
  cases: Record<string, { value: number; unit: string }>;
  ratios: Record<string, number>;
}

const MiB = 1 << 20;
const CHUNK = MiB;
// Guest memory layout: scratch words below 64 KiB, the path at 1024, the 1 MiB buffer at 64 KiB.
const PATH_PTR = 1024;
const BUF_PTR = 65536;
const RIGHTS_RD = 0x2n | 0x4n | 0x20n; // FD_READ | FD_SEEK | FD_TELL
const RIGHTS_WR = 0x40n | 0x4n | 0x20n; // FD_WRITE | FD_SEEK | FD_TELL
const O_CREAT = 1, O_TRUNC = 8;

/** The guest: path_open, fd_close, a fd_copy_range loop and a 1 MiB fd_read/fd_write loop. */
const GUEST_WAT = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_os_v1" "fd_copy_range" (func $copy_range (param i32 i32 i64 i64 i64 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 18)
  (func (export "_initialize"))
  ;; open(dirfd, path, len, oflags, rights) -> fd, or -errno
  (func (export "open") (param $dir i32) (param $p i32) (param $l i32) (param $oflags i32) (param $rights i64) (result i32)
    (local $e i32)
    (local.set $e (call $path_open (local.get $dir) (i32.const 1) (local.get $p) (local.get $l) (local.get $oflags)
      (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 16)))
    (if (result i32) (local.get $e) (then (i32.sub (i32.const 0) (local.get $e))) (else (i32.load (i32.const 16)))))
  (func (export "close") (param $fd i32) (result i32) (call $fd_close (local.get $fd)))
  ;; copy(src, dst, count) -> bytes copied, or -errno: copy_file_range at both positions until 0
  (func (export "copy") (param $s i32) (param $d i32) (param $count i64) (result i64)
    (local $total i64) (local $e i32) (local $n i64)
    (loop $again
      (local.set $e (call $copy_range (local.get $s) (local.get $d) (i64.sub (local.get $count) (local.get $total))
        (i64.const 0) (i64.const 0) (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 24)))
      (if (local.get $e) (then (return (i64.sub (i64.const 0) (i64.extend_i32_u (local.get $e))))))
      (local.set $n (i64.load (i32.const 24)))
      (local.set $total (i64.add (local.get $total) (local.get $n)))
      (br_if $again (i32.and (i64.ne (local.get $n) (i64.const 0)) (i64.lt_u (local.get $total) (local.get $count)))))
    (local.get $total))
  ;; rw(src, dst, buf, len) -> bytes copied, or -errno: fd_read len bytes, fd_write them all, until EOF
  (func (export "rw") (param $s i32) (param $d i32) (param $buf i32) (param $len i32) (result i64)
    (local $total i64) (local $n i32) (local $off i32) (local $e i32)
    (loop $read
      (i32.store (i32.const 32) (local.get $buf))
      (i32.store (i32.const 36) (local.get $len))
      (local.set $e (call $fd_read (local.get $s) (i32.const 32) (i32.const 1) (i32.const 40)))
      (if (local.get $e) (then (return (i64.sub (i64.const 0) (i64.extend_i32_u (local.get $e))))))
      (local.set $n (i32.load (i32.const 40)))
      (if (local.get $n) (then
        (local.set $off (i32.const 0))
        (loop $write
          (i32.store (i32.const 32) (i32.add (local.get $buf) (local.get $off)))
          (i32.store (i32.const 36) (i32.sub (local.get $n) (local.get $off)))
          (local.set $e (call $fd_write (local.get $d) (i32.const 32) (i32.const 1) (i32.const 40)))
          (if (local.get $e) (then (return (i64.sub (i64.const 0) (i64.extend_i32_u (local.get $e))))))
          (local.set $off (i32.add (local.get $off) (i32.load (i32.const 40))))
          (br_if $write (i32.lt_u (local.get $off) (local.get $n))))
        (local.set $total (i64.add (local.get $total) (i64.extend_i32_u (local.get $n))))
        (br $read))))
    (local.get $total))
)`;

/** CPython's side: one timed run per process start (start-up is outside the timing). */
const PY = String.raw`
import os, sys, time
mode, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
t = time.perf_counter()
s = os.open(src, os.O_RDONLY)
d = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
total = 0
if mode == "copy":
    n = os.fstat(s).st_size
    while total < n:
        k = os.copy_file_range(s, d, n - total)
        if k == 0: break
        total += k
else:
    while True:
        b = os.read(s, 1 << 20)
        if not b: break
        v = memoryview(b)
        while v:
            v = v[os.write(d, v):]
        total += len(b)
os.close(s); os.close(d)
print(time.perf_counter() - t, total)
`;

interface Guest {
  open(dir: number, ptr: number, len: number, oflags: number, rights: bigint): number;
  close(fd: number): number;
  copy(src: number, dst: number, count: bigint): bigint;
  rw(src: number, dst: number, buf: number, len: number): bigint;
}

async function guest(dir: string): Promise<{ g: Guest; put: (s: string) => number; wasi: WasiOs }> {
  const wabt = await wabtInit();
  const module = await WebAssembly.compile(wabt.parseWat("disk-bench.wat", GUEST_WAT).toBinary({}).buffer as Uint8Array<ArrayBuffer>);
  const wasi = await WasiOs.create(module, { base: "node", preopens: [{ guest: "/", host: dir }] });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  wasi.initialize(instance);
  const memory = instance.exports["memory"] as WebAssembly.Memory;
  const put = (s: string): number => {
    const b = new TextEncoder().encode(s);
    new Uint8Array(memory.buffer).set(b, PATH_PTR);
    return b.length;
  };
  return { g: instance.exports as unknown as Guest, put, wasi };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function sameBytes(a: string, b: string): boolean {
  const x = fs.readFileSync(a);
  const y = fs.readFileSync(b);
  return x.length === y.length && x.equals(y);
}

/**
 * Outside the timing: writes the run's destination back (fsync) and removes it, so that the
 * next run neither competes with its writeback nor pays for freeing its pages in O_TRUNC.
 * Without this, medians swing by +-30% depending on which case ran before which.
 */
function settle(file: string): void {
  const fd = fs.openSync(file, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.rmSync(file);
}

export async function diskCases(opts: DiskCaseOptions): Promise<DiskCaseResult> {
  const runs = Math.max(5, Math.floor(opts.runs));
  const size = Math.max(1, Math.floor(opts.mib)) * MiB;
  const own = opts.dir === undefined;
  const dir = fs.realpathSync(opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-bench-disk-")));
  const shmDev = fs.existsSync("/dev/shm") ? fs.statSync("/dev/shm").dev : -1;
  const dev = fs.statSync(dir).dev;
  opts.log(`disk: ${opts.mib} MiB random source in ${dir} (st_dev ${dev}${dev === shmDev ? ", the same device as /dev/shm: tmpfs, not a disk" : ""}); ${runs} timed runs per case`);
  const src = path.join(dir, "src");
  const buf = Buffer.allocUnsafe(size);
  randomFillSync(buf);
  fs.writeFileSync(src, buf);
  const { g, put } = await guest(dir);

  const ours = (mode: "copy" | "loop", dst: string): number => {
    const t0 = performance.now();
    const s = g.open(3, PATH_PTR, put("src"), 0, RIGHTS_RD);
    if (s < 0) throw new Error(`disk bench: guest open src: errno ${-s}`);
    const d = g.open(3, PATH_PTR, put(dst), O_CREAT | O_TRUNC, RIGHTS_WR);
    if (d < 0) throw new Error(`disk bench: guest open ${dst}: errno ${-d}`);
    const n = mode === "copy" ? g.copy(s, d, BigInt(size)) : g.rw(s, d, BUF_PTR, CHUNK);
    g.close(s);
    g.close(d);
    const ms = performance.now() - t0;
    if (n !== BigInt(size)) throw new Error(`disk bench: guest ${mode} returned ${n}, expected ${size}`);
    return ms / 1000;
  };
  const cpython = (mode: "copy" | "loop", dst: string): number => {
    const r = spawnSync("python3", ["-c", PY, mode, src, path.join(dir, dst)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`disk bench: python3 failed: ${r.stderr}`);
    const [secs, total] = r.stdout.trim().split(" ");
    if (Number(total) !== size) throw new Error(`disk bench: CPython ${mode} copied ${total}, expected ${size}`);
    return Number(secs);
  };
  const KINDS = [
    { key: "disk_copy_cpython_kernel", run: () => cpython("copy", "dst-py-copy"), dst: "dst-py-copy" },
    { key: "disk_copy_node_guest", run: () => ours("copy", "dst-node-copy"), dst: "dst-node-copy" },
    { key: "disk_loop_cpython", run: () => cpython("loop", "dst-py-loop"), dst: "dst-py-loop" },
    { key: "disk_guest_loop_node", run: () => ours("loop", "dst-node-loop"), dst: "dst-node-loop" },
  ] as const;

  const times: Record<string, number[]> = Object.fromEntries(KINDS.map((k) => [k.key, []]));
  try {
    for (const k of KINDS) {
      k.run(); // warm-up: page cache, JIT, python's imports
      settle(path.join(dir, k.dst));
    }
    for (let r = 0; r < runs; r++) {
      for (const k of KINDS) {
        times[k.key]!.push(k.run());
        if (!sameBytes(src, path.join(dir, k.dst))) throw new Error(`disk bench: ${k.key} run ${r}: destination differs from the source`);
        settle(path.join(dir, k.dst));
      }
    }
  } finally {
    for (const k of KINDS) fs.rmSync(path.join(dir, k.dst), { force: true });
    fs.rmSync(src, { force: true });
    if (own) fs.rmSync(dir, { recursive: true, force: true });
  }

  const cases: DiskCaseResult["cases"] = {};
  for (const k of KINDS) {
    const mibs = opts.mib / median(times[k.key]!);
    cases[k.key] = { value: Math.round(mibs), unit: "MiB/s" };
    const all = times[k.key]!.map((t) => Math.round(opts.mib / t)).join(" ");
    opts.log(`  ${k.key.padEnd(26)} ${Math.round(mibs).toString().padStart(6)} MiB/s  (runs: ${all})`);
  }
  const ratio = (a: string, b: string): number => Math.round((cases[a]!.value / cases[b]!.value) * 100) / 100;
  const ratios = {
    disk_copy_vs_cpython_kernel: ratio("disk_copy_node_guest", "disk_copy_cpython_kernel"),
    disk_guest_loop_vs_cpython_loop: ratio("disk_guest_loop_node", "disk_loop_cpython"),
  };
  for (const [k, v] of Object.entries(ratios)) opts.log(`  ${k.padEnd(34)} ${v}`);
  return { cases, ratios };
}

// `node --import tsx bench/disk.ts [MiB] [runs]` runs the cases alone.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const mib = Number(process.argv[2] ?? 64);
  const runs = Number(process.argv[3] ?? 7);
  diskCases({ mib, runs, log: (s) => console.log(s) }).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
