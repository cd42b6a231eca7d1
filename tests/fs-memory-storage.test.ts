// The memory file system's block storage: holes, copy-on-write reflinks, the caps (ENOSPC,
// EFBIG) and their accounting, driven directly and through the adapter (the `memory` base).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { BLOCK, FileStorage, FsLimits, MemFile, MemoryFileSystem, OpenMemFile } from "../host/fs/memory/index.ts";
import { probe } from "./support/probe.ts";

const R = BigInt(wasi.RIGHTS_FD_READ);
const W = BigInt(wasi.RIGHTS_FD_WRITE);
const bytes = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const limits = (maxBytes = 1 << 30, maxFileSize = 1 << 30): FsLimits => new FsLimits({ maxBytes, maxFileSize });

test("a hole reads as zeros and holds no memory", () => {
  const s = new FileStorage(limits());
  assert.is(s.write(10 * BLOCK, bytes(5)), 5);
  assert.is(s.size, 10 * BLOCK + 5);
  assert.ok(s.allocated <= 64, `allocated ${s.allocated}`);
  const out = new Uint8Array(BLOCK + 10).fill(7);
  assert.is(s.readInto(9 * BLOCK, out), BLOCK + 5);
  assert.ok(out.subarray(0, BLOCK).every((b) => b === 0));
  assert.equal([...out.subarray(BLOCK, BLOCK + 5)], [...bytes(5)]);
});

test("set_size growth is a hole; shrinking then growing reads zeros", () => {
  const s = new FileStorage(limits());
  s.write(0, bytes(100));
  assert.is(s.resize(1 << 20), 0);
  assert.ok(s.allocated < BLOCK);
  s.resize(10);
  s.resize(100);
  const out = s.toBytes();
  assert.equal([...out.subarray(0, 10)], [...bytes(10)]);
  assert.ok(out.subarray(10).every((b) => b === 0));
});

test("a whole-file copy shares every block (no bytes copied), a later write copies one block", () => {
  const lim = limits();
  const a = new FileStorage(lim);
  const data = bytes(5 * BLOCK + 123);
  a.write(0, data);
  const used = lim.used;
  const b = new FileStorage(lim);
  assert.is(b.copyFrom(a, 0, 0, a.size), a.size);
  assert.is(lim.used, used, "a reflink costs no memory");
  assert.is(b.sharedWith(a), 6);
  // Write to the copy: only the block touched is copied; the source keeps its bytes.
  b.write(BLOCK + 1, Uint8Array.of(0xee));
  assert.is(b.sharedWith(a), 5);
  assert.is(lim.used, used + BLOCK);
  assert.equal(a.toBytes(), data);
  const want = data.slice();
  want[BLOCK + 1] = 0xee;
  assert.equal(b.toBytes(), want);
  // Write to the source: the copy keeps the old bytes.
  a.write(3 * BLOCK, Uint8Array.of(1, 2, 3));
  assert.equal(b.toBytes(), want);
  assert.is(b.sharedWith(a), 4);
});

test("block-aligned range copies share the blocks they cover whole; the rest is copied once", () => {
  const lim = limits();
  const a = new FileStorage(lim);
  const data = bytes(4 * BLOCK, 9);
  a.write(0, data);
  const b = new FileStorage(lim);
  b.write(0, bytes(4 * BLOCK, 3));
  const n = b.copyFrom(a, BLOCK + 100, BLOCK + 100, 2 * BLOCK);
  assert.is(n, 2 * BLOCK);
  assert.is(b.sharedWith(a), 1, "only block 2 is covered whole");
  const want = bytes(4 * BLOCK, 3);
  want.set(data.subarray(BLOCK + 100, 3 * BLOCK + 100), BLOCK + 100);
  assert.equal(b.toBytes(), want);
});

test("unaligned copies copy bytes, holes included", () => {
  const a = new FileStorage(limits());
  a.write(2 * BLOCK, bytes(10));
  const b = new FileStorage(limits());
  assert.is(b.copyFrom(a, 1, 3, a.size - 1), a.size - 1);
  const want = new Uint8Array(a.size + 2);
  want.set(a.toBytes().subarray(1), 3);
  assert.equal(b.toBytes(), want);
});

test("shrinking a file that shares its last block keeps the other file intact", () => {
  const lim = limits();
  const a = new FileStorage(lim);
  const data = bytes(BLOCK + 50);
  a.write(0, data);
  const b = new FileStorage(lim);
  b.copyFrom(a, 0, 0, a.size);
  b.resize(BLOCK + 10);
  b.resize(BLOCK + 50);
  assert.equal(a.toBytes(), data);
  assert.ok(b.toBytes().subarray(BLOCK + 10).every((x) => x === 0));
});

test("the byte cap: a write stops short, then ENOSPC; nothing written before is lost", () => {
  const lim = limits(3 * BLOCK);
  const f = new MemFile(undefined, 0o644, lim);
  const o = new OpenMemFile(f, R | W, 0n, 0);
  const first = bytes(2 * BLOCK);
  assert.is(o.writeFrom(first, null), 2 * BLOCK);
  assert.is(o.writeFrom(bytes(2 * BLOCK, 5), null), BLOCK, "short write up to the cap");
  assert.is(o.writeFrom(bytes(10), null), -wasi.ERRNO_NOSPC);
  assert.equal(f.data.toBytes().subarray(0, 2 * BLOCK), first);
  assert.is(f.data.size, 3 * BLOCK);
  // Sparse growth and reflinks still work at the cap: they hold no new memory.
  assert.is(o.fd_filestat_set_size(BigInt(10 * BLOCK)), wasi.ERRNO_SUCCESS);
  assert.is(o.fd_allocate(BigInt(10 * BLOCK), BigInt(BLOCK)), wasi.ERRNO_NOSPC);
  assert.is(f.data.size, 10 * BLOCK);
});

test("the file size cap: EFBIG at the cap, a short write across it", () => {
  const f = new MemFile(undefined, 0o644, limits(1 << 30, 100));
  const o = new OpenMemFile(f, R | W, 0n, 0);
  assert.is(o.writeFrom(bytes(150), 0n), 100);
  assert.is(o.writeFrom(bytes(1), 100n), -wasi.ERRNO_FBIG);
  assert.is(o.fd_filestat_set_size(101n), wasi.ERRNO_FBIG);
  assert.is(o.fd_allocate(50n, 51n), wasi.ERRNO_FBIG);
});

test("unlinked files give their memory back when the last description closes", () => {
  const fs = MemoryFileSystem.fromTree({}, { maxBytes: 4 * BLOCK });
  const root = fs.preopen("/");
  const { fd_obj } = root.path_open(0, "f", wasi.OFLAGS_CREAT, R | W, 0n, 0);
  const o = fd_obj as OpenMemFile;
  o.fd_write(bytes(2 * BLOCK));
  assert.is(fs.limits.used, 2 * BLOCK);
  assert.is(root.path_unlink_file("f"), wasi.ERRNO_SUCCESS);
  assert.is(fs.limits.used, 2 * BLOCK, "still open: the bytes stay");
  assert.equal(o.fd_pread(3, 0n).data, bytes(3));
  o.fd_close();
  assert.is(fs.limits.used, 0);
});

test("a rename keeps the bytes (the link count passes through 0 on the way)", () => {
  const fs = MemoryFileSystem.fromTree({ a: bytes(100) });
  const root = fs.preopen("/");
  assert.is(root.rename("a", root, "b"), wasi.ERRNO_SUCCESS);
  assert.equal(fs.readFile("b"), bytes(100));
});

test("fromTree beyond the cap throws ENOSPC", () => {
  assert.throws(() => MemoryFileSystem.fromTree({ a: bytes(200) }, { maxBytes: 100 }), /ENOSPC/);
});

test("memoryLimits through WasiOs: ENOSPC for the guest, earlier data intact, EFBIG at the size cap", async () => {
  const p = await probe({ preopens: [{ guest: "/", tree: {} }], memoryLimits: { maxBytes: 2 * BLOCK, maxFileSize: 3 * BLOCK } });
  const name = p.putString(100, "f");
  assert.is(p.call("path_open", 3, 0, 100, name, 1, 0x2n | 0x40n, 0n, 0, 200), 0);
  const fd = p.view().getUint32(200, true);
  const chunk = bytes(BLOCK);
  p.bytes().set(chunk, 4096);
  const write = (): [number, number] => {
    p.view().setUint32(300, 4096, true);
    p.view().setUint32(304, BLOCK, true);
    const r = p.call("fd_write", fd, 300, 1, 308);
    return [r, p.view().getUint32(308, true)];
  };
  assert.equal(write(), [0, BLOCK]);
  assert.equal(write(), [0, BLOCK]);
  assert.equal(write(), [wasi.ERRNO_NOSPC, 0]);
  const tree = p.wasi.readTree(0);
  const f = tree["f"] as Uint8Array;
  assert.is(f.length, 2 * BLOCK);
  assert.equal(f.subarray(BLOCK), chunk);
  // pwrite at the size cap: FBIG.
  p.view().setUint32(300, 4096, true);
  p.view().setUint32(304, 1, true);
  assert.is(p.call("fd_pwrite", fd, 300, 1, BigInt(3 * BLOCK), 308), wasi.ERRNO_FBIG);
});

test("copy_file_range through the adapter is a reflink for whole files", async () => {
  const data = bytes(3 * BLOCK + 7);
  const p = await probe({ preopens: [{ guest: "/", tree: { src: data } }] });
  const open = (path: string, oflags: number, rights: bigint): number => {
    const len = p.putString(100, path);
    assert.is(p.call("path_open", 3, 0, 100, len, oflags, rights, 0n, 0, 200), 0);
    return p.view().getUint32(200, true);
  };
  const src = open("src", 0, 0x2n);
  const dst = open("dst", 1, 0x2n | 0x40n);
  const before = process.memoryUsage().arrayBuffers;
  assert.is(p.ext("fd_copy_range", src, dst, BigInt(data.length), 0n, 0n, 0, 0, 0, 300), 0);
  assert.ok(process.memoryUsage().arrayBuffers - before < BLOCK, "no block was copied");
  assert.is(p.view().getBigUint64(300, true), BigInt(data.length));
  assert.equal(p.wasi.readTree(0)["dst"], data);
});

test.run();
