// Behaviour of the `memory` base's file system objects, driven directly and through
// browser_wasi_shim's WASI dispatch. Expected errnos come from wasmtime 49 (measured with
// the wasmtime python package) or Linux, as noted in host/fs/memory/*.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { WASI, wasi, type Fd } from "@bjorn3/browser_wasi_shim";
import {
  CaptureOutput,
  MAX_FILE_SIZE,
  InputBytes,
  MemDirectory,
  MemFile,
  MemoryFileSystem,
  OpenMemDirectory,
  OpenMemFile,
  PreopenMemDirectory,
} from "../host/fs/memory/index.ts";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const R = (n: number): bigint => BigInt(n);
const READ = R(wasi.RIGHTS_FD_READ);
const WRITE = R(wasi.RIGHTS_FD_WRITE);
const ALL = (1n << 29n) - 1n;

/** A fresh file system holding "f" = "hello" plus `tree`. */
function setup(tree: Record<string, Uint8Array | Record<string, Uint8Array | Record<string, Uint8Array>>> = {}) {
  const fs = MemoryFileSystem.fromTree({ f: enc("hello"), ...tree });
  const root = fs.preopen("/");
  return { fs, root };
}

function openFile(dir: Fd, path: string, rights: bigint, oflags = 0, fdflags = 0): OpenMemFile {
  const { ret, fd_obj } = dir.path_open(1, path, oflags, rights, 0n, fdflags);
  assert.is(ret, wasi.ERRNO_SUCCESS, `open ${path}`);
  assert.ok(fd_obj instanceof OpenMemFile);
  return fd_obj as OpenMemFile;
}

function openErr(dir: Fd, path: string, rights: bigint, oflags = 0): number {
  return dir.path_open(1, path, oflags, rights, 0n, 0).ret;
}

// ---------- a guest memory driving the shim's dispatch ----------
class Guest {
  readonly memory = new WebAssembly.Memory({ initial: 2 });
  readonly w: WASI;
  constructor(fds: Fd[]) {
    this.w = new WASI([], [], fds, { debug: false });
    // wasi.js reads `self.inst.exports.memory.buffer` on every call.
    this.w.inst = { exports: { memory: this.memory } } as unknown as typeof this.w.inst;
  }
  get view(): DataView { return new DataView(this.memory.buffer); }
  get u8(): Uint8Array { return new Uint8Array(this.memory.buffer); }
  str(ptr: number, s: string): number { const b = enc(s); this.u8.set(b, ptr); return b.byteLength; }
  write(fd: number, data: Uint8Array): { ret: number; n: number } {
    this.u8.set(data, 4096);
    this.view.setUint32(100, 4096, true); this.view.setUint32(104, data.byteLength, true);
    const ret = this.w.wasiImport.fd_write!(fd, 100, 1, 200) as number;
    return { ret, n: this.view.getUint32(200, true) };
  }
  read(fd: number, len: number): { ret: number; data: Uint8Array } {
    this.view.setUint32(100, 8192, true); this.view.setUint32(104, len, true);
    const ret = this.w.wasiImport.fd_read!(fd, 100, 1, 200) as number;
    return { ret, data: this.u8.slice(8192, 8192 + this.view.getUint32(200, true)) };
  }
  open(dirfd: number, path: string, oflags: number, rights: bigint, fdflags = 0): { ret: number; fd: number } {
    const len = this.str(1000, path);
    const ret = this.w.wasiImport.path_open!(dirfd, 1, 1000, len, oflags, rights, 0n, fdflags, 300) as number;
    return { ret, fd: this.view.getUint32(300, true) };
  }
  call(name: string, ...args: (number | bigint)[]): number {
    const f = this.w.wasiImport[name] as (...a: (number | bigint)[]) => number;
    return f(...args);
  }
}

// ---------- regular files: storage ----------
test("write past EOF leaves a zero-filled gap", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE);
  assert.is(f.fd_pwrite(enc("E"), 10n).ret, 0);
  assert.equal([...f.fd_pread(100, 0n).data], [...enc("hello"), 0, 0, 0, 0, 0, ...enc("E")]);
});

test("read beyond EOF is short, then empty", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ);
  assert.is(f.fd_seek(3n, wasi.WHENCE_SET).ret, 0);
  assert.is(dec(f.fd_read(100).data), "lo");
  assert.is(f.fd_read(100).data.byteLength, 0);
  assert.is(f.fd_pread(5, 1000n).data.byteLength, 0);
});

test("storage grows geometrically, not per write", () => {
  const file = new MemFile();
  const f = new OpenMemFile(file, READ | WRITE, 0n, 0);
  const caps = new Set<number>();
  for (let i = 0; i < 10000; i++) { f.fd_write(enc("0123456789")); caps.add(file.data.allocated); }
  assert.is(file.data.size, 100000);
  // Doubling inside each 64 KiB block (64 B .. 64 KiB: 11 sizes per block, 2 blocks), not 10000.
  assert.ok(caps.size < 30, `allocation changed ${caps.size} times`);
});

test("shrinking then growing reads zeros", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE);
  assert.is(f.fd_filestat_set_size(2n), 0);
  assert.is(f.fd_filestat_set_size(5n), 0);
  assert.equal([...f.fd_pread(10, 0n).data], [...enc("he"), 0, 0, 0]);
});

test("fd_allocate extends the size with zeros and never shrinks", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE);
  assert.is(f.fd_allocate(0n, 8n), 0);
  assert.is(f.fd_filestat_get().filestat!.size, 8n);
  assert.is(f.fd_allocate(0n, 2n), 0);
  assert.is(f.fd_filestat_get().filestat!.size, 8n);
  assert.is(f.fd_allocate(0n, 0n), wasi.ERRNO_INVAL);
});

test("huge sizes answer FBIG or INVAL, never throw", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE);
  assert.is(f.fd_filestat_set_size(1n << 62n), wasi.ERRNO_FBIG);
  assert.is(f.fd_filestat_set_size(-1n), wasi.ERRNO_INVAL);
  assert.is(f.fd_pwrite(enc("x"), 1n << 62n).ret, wasi.ERRNO_FBIG);
  assert.is(f.fd_pwrite(enc("x"), (1n << 63n) - 1n).ret, wasi.ERRNO_INVAL);
  assert.is(f.fd_pwrite(enc("x"), -1n).ret, wasi.ERRNO_INVAL);
  assert.is(f.fd_pread(1, -1n).ret, wasi.ERRNO_INVAL);
  assert.is(f.fd_allocate(0n, 1n << 62n), wasi.ERRNO_FBIG);
  // Linux (CPython on ext4): lseek past s_maxbytes is EINVAL, a write at it EFBIG.
  assert.is(f.fd_seek(1n << 62n, wasi.WHENCE_SET).ret, wasi.ERRNO_INVAL);
  assert.is(f.fd_seek(MAX_FILE_SIZE, wasi.WHENCE_SET).ret, 0);
  assert.is(f.fd_write(enc("x")).ret, wasi.ERRNO_FBIG);
  assert.is(f.fd_read(1 << 30).data.byteLength, 0);
  assert.is(f.fd_pread(0xffffffff, 0n).data.byteLength, 5);
});

test("fd_seek: negative result and unknown whence are INVAL; END is relative to size", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ);
  assert.is(f.fd_seek(-1n, wasi.WHENCE_SET).ret, wasi.ERRNO_INVAL);
  assert.is(f.fd_seek(0n, 7).ret, wasi.ERRNO_INVAL);
  assert.equal(f.fd_seek(10n, wasi.WHENCE_END), { ret: 0, offset: 15n });
  assert.equal(f.fd_tell(), { ret: 0, offset: 15n });
  assert.is(f.fd_seek((1n << 63n) - 1n, wasi.WHENCE_SET).ret, wasi.ERRNO_INVAL);
  assert.is(f.fd_seek(MAX_FILE_SIZE, wasi.WHENCE_SET).ret, 0);
  assert.is(f.fd_seek(1n, wasi.WHENCE_CUR).ret, wasi.ERRNO_INVAL);
});

// ---------- rights and flags ----------
test("fd_read and fd_pread without FD_READ are BADF", () => {
  const { root } = setup();
  const f = openFile(root, "f", WRITE);
  assert.is(f.fd_read(10).ret, wasi.ERRNO_BADF);
  assert.is(f.fd_pread(10, 0n).ret, wasi.ERRNO_BADF);
});

test("fd_write and fd_pwrite without FD_WRITE are BADF", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ);
  assert.is(f.fd_write(enc("x")).ret, wasi.ERRNO_BADF);
  assert.is(f.fd_pwrite(enc("x"), 0n).ret, wasi.ERRNO_BADF);
});

test("fd_filestat_set_size on a read-only description is INVAL even with the right", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | R(wasi.RIGHTS_FD_FILESTAT_SET_SIZE));
  assert.is(f.fd_filestat_set_size(1n), wasi.ERRNO_INVAL);
  const w = openFile(root, "f", WRITE);
  assert.is(w.fd_filestat_set_size(1n), 0);
});

test("fd_allocate without FD_WRITE is BADF", () => {
  const { root } = setup();
  assert.is(openFile(root, "f", READ).fd_allocate(0n, 1n), wasi.ERRNO_BADF);
});

test("granted rights are the requested ones masked by the directory's inheriting rights", () => {
  const { root } = setup({ d: { x: enc("x") } });
  const d = root.path_open(1, "d", wasi.OFLAGS_DIRECTORY, ALL & ~WRITE, READ, 0).fd_obj as OpenMemDirectory;
  assert.ok(d instanceof OpenMemDirectory);
  const f = d.path_open(1, "x", 0, READ | WRITE, 0n, 0).fd_obj as OpenMemFile;
  assert.is(f.fd_fdstat_get().fdstat!.fs_rights_base, READ);
  assert.is(f.fd_write(enc("q")).ret, wasi.ERRNO_BADF);
});

test("fd_fdstat_get reports filetype, flags and rights", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE, 0, wasi.FDFLAGS_APPEND);
  const st = f.fd_fdstat_get().fdstat!;
  assert.is(st.fs_filetype, wasi.FILETYPE_REGULAR_FILE);
  assert.is(st.fs_flags, wasi.FDFLAGS_APPEND);
  assert.is(st.fs_rights_base, READ | WRITE);
  const rs = root.fd_fdstat_get().fdstat!;
  assert.is(rs.fs_filetype, wasi.FILETYPE_DIRECTORY);
  assert.is(rs.fs_rights_inherited, ALL);
});

test("O_APPEND writes go to the end and move the position there", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE | R(wasi.RIGHTS_FD_SEEK), 0, wasi.FDFLAGS_APPEND);
  f.fd_seek(0n, wasi.WHENCE_SET);
  assert.is(f.fd_write(enc("AB")).ret, 0);
  assert.is(f.fd_tell().offset, 7n);
  assert.is(dec(f.fd_pread(100, 0n).data), "helloAB");
});

test("fd_pwrite on an append description appends and keeps the position", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE, 0, wasi.FDFLAGS_APPEND);
  assert.is(f.fd_pwrite(enc("PQ"), 0n).ret, 0);
  assert.is(f.fd_tell().offset, 0n);
  assert.is(dec(f.fd_pread(100, 0n).data), "helloPQ");
});

test("fd_fdstat_set_flags changes APPEND/NONBLOCK, refuses sync bits with INVAL", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE);
  assert.is(f.fd_fdstat_set_flags(wasi.FDFLAGS_APPEND | wasi.FDFLAGS_NONBLOCK), 0);
  assert.is(f.fd_fdstat_get().fdstat!.fs_flags, wasi.FDFLAGS_APPEND | wasi.FDFLAGS_NONBLOCK);
  assert.is(f.fd_fdstat_set_flags(wasi.FDFLAGS_SYNC), wasi.ERRNO_INVAL);
  assert.is(f.fd_fdstat_set_flags(0), 0);
  f.fd_write(enc("Z"));
  assert.is(dec(f.fd_pread(10, 0n).data), "Zello");
});

test("fd_fdstat_set_rights can drop rights but not add them", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE);
  assert.is(f.fd_fdstat_set_rights(READ, 0n), 0);
  assert.is(f.fd_write(enc("x")).ret, wasi.ERRNO_BADF);
  assert.is(f.fd_fdstat_set_rights(READ | WRITE, 0n), wasi.ERRNO_NOTCAPABLE);
});

// ---------- filestat ----------
test("fd_filestat_get: unique ino, filetype, nlink, size", () => {
  const { root } = setup({ a: enc("abc"), b: enc("") });
  const a = openFile(root, "a", READ).fd_filestat_get().filestat!;
  const b = openFile(root, "b", READ).fd_filestat_get().filestat!;
  assert.is.not(a.ino, b.ino);
  assert.is(a.filetype, wasi.FILETYPE_REGULAR_FILE);
  assert.is(a.nlink, 1n);
  assert.is(a.size, 3n);
  assert.is(root.fd_filestat_get().filestat!.filetype, wasi.FILETYPE_DIRECTORY);
});

test("write and truncate update mtim and ctim", async () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE);
  const before = f.fd_filestat_get().filestat!;
  await new Promise((r) => setTimeout(r, 3));
  f.fd_write(enc("x"));
  const after = f.fd_filestat_get().filestat!;
  assert.ok(after.mtim > before.mtim && after.ctim > before.ctim);
  await new Promise((r) => setTimeout(r, 3));
  f.fd_filestat_set_size(0n);
  assert.ok(f.fd_filestat_get().filestat!.mtim > after.mtim);
});

test("fd_filestat_set_times sets atim/mtim; ATIM with ATIM_NOW is INVAL", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ);
  assert.is(f.fd_filestat_set_times(5n, 7n, wasi.FSTFLAGS_ATIM | wasi.FSTFLAGS_MTIM), 0);
  const st = f.fd_filestat_get().filestat!;
  assert.is(st.atim, 5n); assert.is(st.mtim, 7n);
  assert.is(f.fd_filestat_set_times(0n, 0n, wasi.FSTFLAGS_ATIM | wasi.FSTFLAGS_ATIM_NOW), wasi.ERRNO_INVAL);
});

test("filestat reaches the guest with the preview1 layout (size and times intact)", () => {
  const { root } = setup();
  const g = new Guest([new InputBytes(), new CaptureOutput(), new CaptureOutput(), root]);
  const { fd } = g.open(3, "f", 0, READ | R(wasi.RIGHTS_FD_FILESTAT_SET_TIMES));
  g.call("fd_filestat_set_times", fd, 0x1122334455n, 0x66778899aan, wasi.FSTFLAGS_ATIM | wasi.FSTFLAGS_MTIM);
  assert.is(g.call("fd_filestat_get", fd, 512), 0);
  assert.is(g.view.getUint8(512 + 16), wasi.FILETYPE_REGULAR_FILE);
  assert.is(g.view.getBigUint64(512 + 24, true), 1n);
  assert.is(g.view.getBigUint64(512 + 32, true), 5n);
  assert.is(g.view.getBigUint64(512 + 40, true), 0x1122334455n);
  assert.is(g.view.getBigUint64(512 + 48, true), 0x66778899aan);
});

test("mode bits default to 0o644/0o755 and chmod changes them", () => {
  const { fs } = setup({ d: {} });
  const f = fs.lookup("f")!;
  assert.is(f.mode, 0o100644);
  assert.is(fs.lookup("d")!.mode, 0o040755);
  f.chmod(0o600);
  assert.is(f.mode, 0o100600);
});

// ---------- path_open ----------
test("path_open: escaping the directory or an absolute path is PERM", () => {
  const { root } = setup({ d: { x: enc("x") } });
  for (const p of ["..", "../f", "d/../..", "/f", "/"]) assert.is(openErr(root, p, READ), wasi.ERRNO_PERM, p);
  const d = root.path_open(1, "d", 0, READ, 0n, 0).fd_obj!;
  assert.is(openErr(d, "../f", READ), wasi.ERRNO_PERM);
});

test("path_open: '..' inside the tree and repeated slashes resolve", () => {
  const { root } = setup({ d: { x: enc("x") } });
  assert.is(openErr(root, "d/../f", READ), 0);
  assert.is(openErr(root, "d//x", READ), 0);
  assert.is(openErr(root, ".", READ), 0);
});

test("path_open: trailing slash on a file, or a file as a component, is NOTDIR", () => {
  const { root } = setup();
  assert.is(openErr(root, "f/", READ), wasi.ERRNO_NOTDIR);
  assert.is(openErr(root, "f/y", READ), wasi.ERRNO_NOTDIR);
  assert.is(openErr(root, "f/..", READ), wasi.ERRNO_NOTDIR);
  assert.is(openErr(root, "f", READ, wasi.OFLAGS_DIRECTORY), wasi.ERRNO_NOTDIR);
});

test("path_open: missing is NOENT, empty path is NOENT", () => {
  const { root } = setup();
  assert.is(openErr(root, "nope", READ), wasi.ERRNO_NOENT);
  assert.is(openErr(root, "", READ), wasi.ERRNO_NOENT);
  assert.is(openErr(root, "nod/g", READ, wasi.OFLAGS_CREAT), wasi.ERRNO_NOENT);
});

test("path_open: CREAT|EXCL on an existing name is EXIST", () => {
  const { root } = setup({ d: {} });
  assert.is(openErr(root, "f", READ, wasi.OFLAGS_CREAT | wasi.OFLAGS_EXCL), wasi.ERRNO_EXIST);
  assert.is(openErr(root, "d", READ, wasi.OFLAGS_CREAT | wasi.OFLAGS_EXCL), wasi.ERRNO_EXIST);
});

test("path_open: CREAT makes an empty file; CREAT on 'name/' is ISDIR", () => {
  const { fs, root } = setup();
  openFile(root, "new", WRITE, wasi.OFLAGS_CREAT).fd_write(enc("n"));
  assert.is(dec(fs.readFile("new")), "n");
  assert.is(openErr(root, "g/", READ, wasi.OFLAGS_CREAT), wasi.ERRNO_ISDIR);
});

test("path_open: a directory with write rights or TRUNC is ISDIR; DIRECTORY with CREAT/TRUNC is INVAL", () => {
  const { root } = setup({ d: {} });
  assert.is(openErr(root, "d", READ | WRITE), wasi.ERRNO_ISDIR);
  assert.is(openErr(root, "d", READ, wasi.OFLAGS_TRUNC), wasi.ERRNO_ISDIR);
  assert.is(openErr(root, "d", READ, wasi.OFLAGS_TRUNC | wasi.OFLAGS_DIRECTORY), wasi.ERRNO_INVAL);
  assert.is(openErr(root, "nd", READ, wasi.OFLAGS_CREAT | wasi.OFLAGS_DIRECTORY), wasi.ERRNO_INVAL);
});

test("path_open: TRUNC empties the file even with only FD_READ", () => {
  const { fs, root } = setup();
  openFile(root, "f", READ, wasi.OFLAGS_TRUNC);
  assert.is(fs.readFile("f").byteLength, 0);
});

// ---------- directories ----------
test("directory fd: byte I/O, seek and truncate are BADF", () => {
  const { root } = setup();
  assert.is(root.fd_read(1).ret, wasi.ERRNO_BADF);
  assert.is(root.fd_write(enc("a")).ret, wasi.ERRNO_BADF);
  assert.is(root.fd_pread(1, 0n).ret, wasi.ERRNO_BADF);
  assert.is(root.fd_pwrite(enc("a"), 0n).ret, wasi.ERRNO_BADF);
  assert.is(root.fd_seek(0n, 0).ret, wasi.ERRNO_BADF);
  assert.is(root.fd_tell().ret, wasi.ERRNO_BADF);
  assert.is(root.fd_filestat_set_size(0n), wasi.ERRNO_BADF);
  assert.is(root.fd_allocate(0n, 1n), wasi.ERRNO_BADF);
});

function listAll(dir: Fd): string[] {
  const names: string[] = [];
  let cookie = 0n;
  for (;;) {
    const { ret, dirent } = dir.fd_readdir_single(cookie);
    assert.is(ret, 0);
    if (dirent === null) return names;
    names.push(new TextDecoder().decode(dirent.dir_name));
    cookie = dirent.d_next;
  }
}

test("fd_readdir_single lists '.' and '..' first, then entries", () => {
  const { root } = setup({ a: enc(""), b: enc(""), c: { z: enc("") } });
  assert.equal(listAll(root), [".", "..", "f", "a", "b", "c"]);
});

test("readdir cookies stay stable when entries are removed mid-listing", () => {
  const { root } = setup({ a: enc(""), b: enc(""), c: enc(""), d: enc("") });
  const first = root.fd_readdir_single(2n).dirent!; // "a"
  const second = root.fd_readdir_single(first.d_next).dirent!; // "b"
  assert.is(root.path_unlink_file("a"), 0);
  assert.is(root.path_unlink_file("b"), 0);
  const third = root.fd_readdir_single(second.d_next).dirent!;
  assert.is(dec(third.dir_name), "c");
  assert.is(dec(root.fd_readdir_single(third.d_next).dirent!.dir_name), "d");
});

test("path_create_directory: EXIST on any existing name; trailing slash is fine", () => {
  const { root } = setup({ d: {} });
  assert.is(root.path_create_directory("d"), wasi.ERRNO_EXIST);
  assert.is(root.path_create_directory("f"), wasi.ERRNO_EXIST);
  assert.is(root.path_create_directory("a/b"), wasi.ERRNO_NOENT);
  assert.is(root.path_create_directory("q/"), 0);
  assert.is(root.path_create_directory("../q"), wasi.ERRNO_PERM);
  assert.is(root.path_filestat_get(0, "q").filestat!.filetype, wasi.FILETYPE_DIRECTORY);
});

test("path_unlink_file: ISDIR on a directory, NOTDIR for 'file/', NOENT when missing", () => {
  const { fs, root } = setup({ d: {} });
  assert.is(root.path_unlink_file("d"), wasi.ERRNO_ISDIR);
  assert.is(root.path_unlink_file("f/"), wasi.ERRNO_NOTDIR);
  assert.is(root.path_unlink_file("nope"), wasi.ERRNO_NOENT);
  assert.is(root.path_unlink_file("f"), 0);
  assert.is(fs.lookup("f"), null);
});

test("an unlinked open file stays readable with nlink 0", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ);
  root.path_unlink_file("f");
  assert.is(dec(f.fd_read(10).data), "hello");
  assert.is(f.fd_filestat_get().filestat!.nlink, 0n);
});

test("path_remove_directory: NOTEMPTY, NOTDIR, NOENT, INVAL for '.' and '..'", () => {
  const { root } = setup({ d: { x: enc("") }, e: {} });
  assert.is(root.path_remove_directory("d"), wasi.ERRNO_NOTEMPTY);
  assert.is(root.path_remove_directory("f"), wasi.ERRNO_NOTDIR);
  assert.is(root.path_remove_directory("nope"), wasi.ERRNO_NOENT);
  assert.is(root.path_remove_directory("."), wasi.ERRNO_INVAL);
  assert.is(root.path_remove_directory("d/.."), wasi.ERRNO_INVAL);
  assert.is(root.path_remove_directory("e"), 0);
});

test("path_filestat_get: directories report nlink 2 + subdirectories", () => {
  const { root } = setup({ d: { s: {}, t: {}, x: enc("") } });
  const st = root.path_filestat_get(0, "d").filestat!;
  assert.is(st.filetype, wasi.FILETYPE_DIRECTORY);
  assert.is(st.nlink, 4n);
  assert.is(root.path_filestat_get(0, "f/").ret, wasi.ERRNO_NOTDIR);
  assert.is(root.path_filestat_get(0, "..").ret, wasi.ERRNO_PERM);
});

// ---------- through the shim's dispatch ----------
function guestWith(tree: Record<string, Uint8Array | Record<string, Uint8Array>>) {
  const fs = MemoryFileSystem.fromTree(tree);
  const out = new CaptureOutput();
  const g = new Guest([new InputBytes("in"), out, new CaptureOutput(), fs.preopen("/")]);
  return { fs, out, g };
}

test("dispatch: fd_write to stdout is captured", () => {
  const { out, g } = guestWith({});
  assert.equal(g.write(1, enc("hi\n")), { ret: 0, n: 3 });
  assert.is(out.text(), "hi\n");
});

test("dispatch: stdin reads its bytes then EOF", () => {
  const { g } = guestWith({});
  assert.is(dec(g.read(0, 10).data), "in");
  assert.equal(g.read(0, 10), { ret: 0, data: new Uint8Array(0) });
});

test("dispatch: read on a write-only fd is BADF", () => {
  const { g } = guestWith({ f: enc("hello") });
  const { ret, fd } = g.open(3, "f", 0, WRITE);
  assert.is(ret, 0);
  assert.is(g.read(fd, 4).ret, wasi.ERRNO_BADF);
});

test("dispatch: create, write, seek, read back", () => {
  const { fs, g } = guestWith({});
  const { ret, fd } = g.open(3, "new.txt", wasi.OFLAGS_CREAT, READ | WRITE | R(wasi.RIGHTS_FD_SEEK));
  assert.is(ret, 0);
  assert.equal(g.write(fd, enc("abcdef")), { ret: 0, n: 6 });
  assert.is(g.call("fd_seek", fd, 2n, wasi.WHENCE_SET, 400), 0);
  assert.is(g.view.getBigInt64(400, true), 2n);
  assert.is(dec(g.read(fd, 100).data), "cdef");
  assert.is(dec(fs.readFile("new.txt")), "abcdef");
});

test("dispatch: path_open escaping the preopen is PERM", () => {
  const { g } = guestWith({});
  assert.is(g.open(3, "../etc/passwd", 0, READ).ret, wasi.ERRNO_PERM);
});

test("dispatch: fd_prestat_get names the preopen", () => {
  const { g } = guestWith({});
  assert.is(g.call("fd_prestat_get", 3, 600), 0);
  assert.is(g.view.getUint32(604, true), 1);
  assert.is(g.call("fd_prestat_dir_name", 3, 700, 1), 0);
  assert.is(dec(g.u8.slice(700, 701)), "/");
});

test("dispatch: fd_fdstat_get writes rights and flags", () => {
  const { g } = guestWith({ f: enc("x") });
  const { fd } = g.open(3, "f", 0, READ, wasi.FDFLAGS_APPEND);
  assert.is(g.call("fd_fdstat_get", fd, 800), 0);
  assert.is(g.view.getUint8(800), wasi.FILETYPE_REGULAR_FILE);
  assert.is(g.view.getUint16(802, true), wasi.FDFLAGS_APPEND);
  assert.is(g.view.getBigUint64(808, true), READ);
});

function rename(g: Guest, from: string, to: string): number {
  const a = g.str(1000, from);
  const b = g.str(1200, to);
  return g.call("path_rename", 3, 1000, a, 3, 1200, b);
}

test("dispatch: path_rename moves a file and replaces a file", () => {
  const { fs, g } = guestWith({ a: enc("A"), b: enc("B") });
  assert.is(rename(g, "a", "b"), 0);
  assert.equal(Object.keys(fs.tree()), ["b"]);
  assert.is(dec(fs.readFile("b")), "A");
});

test("dispatch: path_rename errors: ISDIR, NOTDIR, NOTEMPTY, INVAL into itself, NOENT", () => {
  const { fs, g } = guestWith({ f: enc("F"), d: { x: enc("") }, e: {} });
  assert.is(rename(g, "f", "d"), wasi.ERRNO_ISDIR);
  assert.is(rename(g, "d", "f"), wasi.ERRNO_NOTDIR);
  assert.is(rename(g, "e", "d"), wasi.ERRNO_NOTEMPTY);
  assert.is(rename(g, "d", "d/sub"), wasi.ERRNO_INVAL);
  assert.is(rename(g, "nope", "z"), wasi.ERRNO_NOENT);
  assert.is(rename(g, "f", "../f"), wasi.ERRNO_PERM);
  // Every failure left the tree as it was.
  assert.equal(fs.tree(), { f: enc("F"), d: { x: new Uint8Array(0) }, e: {} });
});

test("dispatch: path_rename of a directory over an empty one replaces it", () => {
  const { fs, g } = guestWith({ d: { x: enc("1") }, e: {} });
  assert.is(rename(g, "d", "e"), 0);
  assert.equal(fs.tree(), { e: { x: enc("1") } });
});

test("dispatch: path_link makes a hard link (nlink 2); directories are PERM", () => {
  const { fs, g } = guestWith({ a: enc("A"), d: {} });
  const link = (from: string, to: string): number => {
    const a = g.str(1000, from); const b = g.str(1200, to);
    return g.call("path_link", 3, 0, 1000, a, 3, 1200, b);
  };
  assert.is(link("a", "b"), 0);
  assert.is(fs.lookup("b"), fs.lookup("a"));
  assert.is(fs.lookup("a")!.nlink, 2n);
  assert.is(link("a", "b"), wasi.ERRNO_EXIST);
  assert.is(link("d", "d2"), wasi.ERRNO_PERM);
});

// ---------- stdio ----------
test("CaptureOutput: tty reports a character device without SEEK/TELL (isatty true)", () => {
  const st = new CaptureOutput({ tty: true }).fd_fdstat_get().fdstat!;
  assert.is(st.fs_filetype, wasi.FILETYPE_CHARACTER_DEVICE);
  assert.is(st.fs_rights_base & (R(wasi.RIGHTS_FD_SEEK) | R(wasi.RIGHTS_FD_TELL)), 0n);
});

test("CaptureOutput: non-tty reports UNKNOWN (isatty false) and does not seek", () => {
  const c = new CaptureOutput();
  assert.is(c.fd_fdstat_get().fdstat!.fs_filetype, wasi.FILETYPE_UNKNOWN);
  assert.is(c.fd_seek(0n, 0).ret, wasi.ERRNO_SPIPE);
  assert.is(c.fd_read(1).ret, wasi.ERRNO_BADF);
});

test("CaptureOutput: a sink receives chunks; a throwing sink answers IO", () => {
  const got: string[] = [];
  const c = new CaptureOutput((chunk) => got.push(dec(chunk)));
  c.fd_write(enc("a")); c.fd_write(enc("b"));
  assert.equal(got, ["a", "b"]);
  const bad = new CaptureOutput(() => { throw new Error("x"); });
  assert.is(bad.fd_write(enc("a")).ret, wasi.ERRNO_IO);
});

test("InputBytes: writes are BADF, pread is SPIPE", () => {
  const i = new InputBytes(enc("abc"));
  assert.is(i.fd_write(enc("x")).ret, wasi.ERRNO_BADF);
  assert.is(i.fd_pread(1, 0n).ret, wasi.ERRNO_SPIPE);
  assert.is(dec(i.fd_read(2).data), "ab");
  assert.is(i.remaining, 1);
});

// ---------- host API ----------
test("MemoryFileSystem: writeFile/mkdir/readFile/tree round-trip", () => {
  const fs = new MemoryFileSystem();
  fs.mkdir("/a/b");
  fs.writeFile("/a/b/c.txt", enc("C"));
  fs.writeFile("top", enc("T"));
  assert.equal(fs.tree(), { a: { b: { "c.txt": enc("C") } }, top: enc("T") });
  assert.is(dec(fs.readFile("a/b/c.txt")), "C");
  assert.throws(() => fs.readFile("missing"));
  assert.throws(() => fs.readFile("../x"));
});

test("MemoryFileSystem.fromTree copies bytes", () => {
  const data = enc("x");
  const fs = MemoryFileSystem.fromTree({ f: data });
  data[0] = 0x79;
  assert.is(dec(fs.readFile("f")), "x");
  assert.ok(fs.root instanceof MemDirectory);
  assert.ok(fs.preopen("/") instanceof PreopenMemDirectory);
});

test("nothing throws on nonsense arguments", () => {
  const { root } = setup();
  const f = openFile(root, "f", READ | WRITE);
  const junk = [undefined, null, -1, 1.5, NaN, "x", {}, 2 ** 53] as unknown[];
  for (const j of junk) {
    f.fd_read(j as number); f.fd_pread(j as number, j as bigint); f.fd_seek(j as bigint, j as number);
    f.fd_write(j as Uint8Array); f.fd_pwrite(j as Uint8Array, j as bigint); f.fd_filestat_set_size(j as bigint);
    f.fd_allocate(j as bigint, j as bigint); f.fd_fdstat_set_flags(j as number); f.fd_filestat_set_times(j as bigint, j as bigint, j as number);
    root.path_open(0, j as string, j as number, j as bigint, j as bigint, j as number);
    root.path_create_directory(j as string); root.path_unlink_file(j as string); root.path_remove_directory(j as string);
    root.fd_readdir_single(j as bigint); root.path_filestat_get(0, j as string);
  }
  assert.ok(true);
});

test.run();
