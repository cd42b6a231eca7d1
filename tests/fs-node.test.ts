// Behaviour of the `node` base (host/fs/node + host/bases/node.ts) on real files, one
// behaviour per test, driven through the adapter with the probe guest. Facts are checked
// against the real disk (fs.statSync etc.) and, for errnos, against wasmtime 49.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Errno, errnoName } from "../src/errno.ts";
import { OpenNodeFile, OpenNodeDirectory, NodeDescription } from "../host/fs/node/index.ts";
import { nodeProbe, type NodeProbe } from "./support/node-probe.ts";
import { runCalls, runWasmtime, type Call } from "./support/wasmtime-oracle.ts";

const R_READ = 0x2n, R_WRITE = 0x40n, R_SEEK = 0x4n, R_TELL = 0x20n;
const RW = R_READ | R_WRITE | R_SEEK | R_TELL | 0x200000n | 0x4000n | 0x80000n;
const RD = R_READ | R_SEEK | R_TELL | 0x200000n;
const O_CREAT = 1, O_DIRECTORY = 2, O_EXCL = 4, O_TRUNC = 8;
const FD_APPEND = 1;
const PATH = 1000, OUT = 2000, IOV = 3000, BUF = 8192;
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

const dirs: string[] = [];
process.on("exit", () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A fresh host directory holding f = "hello" and d/g = "g". */
function tree(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-fsnode-")));
  dirs.push(dir);
  fs.writeFileSync(`${dir}/f`, "hello");
  fs.mkdirSync(`${dir}/d`);
  fs.writeFileSync(`${dir}/d/g`, "g");
  return dir;
}

async function setup(): Promise<{ dir: string; p: NodeProbe }> {
  const dir = tree();
  return { dir, p: await nodeProbe([{ guest: "/", host: dir }]) };
}

function open(p: NodeProbe, name: string, rights = RW, oflags = 0, fdflags = 0, dirfd = 3): { ret: number; fd: number } {
  const len = p.putString(PATH, name);
  const ret = p.call("path_open", dirfd, 1, PATH, len, oflags, rights, RW, fdflags, OUT);
  return { ret, fd: p.view().getUint32(OUT, true) };
}
function openOk(p: NodeProbe, name: string, rights = RW, oflags = 0, fdflags = 0): number {
  const r = open(p, name, rights, oflags, fdflags);
  assert.is(errnoName(r.ret), "ESUCCESS", `open ${name}`);
  return r.fd;
}
function write(p: NodeProbe, fd: number, data: string, offset?: bigint): { ret: number; n: number } {
  const n = p.putString(BUF, data);
  p.view().setUint32(IOV, BUF, true);
  p.view().setUint32(IOV + 4, n, true);
  const ret = offset === undefined ? p.call("fd_write", fd, IOV, 1, OUT) : p.call("fd_pwrite", fd, IOV, 1, offset, OUT);
  return { ret, n: p.view().getUint32(OUT, true) };
}
function read(p: NodeProbe, fd: number, len: number, offset?: bigint): { ret: number; data: Uint8Array } {
  p.view().setUint32(IOV, BUF, true);
  p.view().setUint32(IOV + 4, len, true);
  const ret = offset === undefined ? p.call("fd_read", fd, IOV, 1, OUT) : p.call("fd_pread", fd, IOV, 1, offset, OUT);
  return { ret, data: p.bytes().slice(BUF, BUF + p.view().getUint32(OUT, true)) };
}
function filestat(p: NodeProbe, fd: number) {
  assert.is(p.call("fd_filestat_get", fd, OUT), Errno.ESUCCESS);
  const v = p.view();
  return {
    dev: v.getBigUint64(OUT, true), ino: v.getBigUint64(OUT + 8, true), filetype: v.getUint8(OUT + 16),
    nlink: v.getBigUint64(OUT + 24, true), size: v.getBigUint64(OUT + 32, true),
    atim: v.getBigUint64(OUT + 40, true), mtim: v.getBigUint64(OUT + 48, true), ctim: v.getBigUint64(OUT + 56, true),
  };
}
function seek(p: NodeProbe, fd: number, offset: bigint, whence: number): { ret: number; pos: bigint } {
  const ret = p.call("fd_seek", fd, offset, whence, OUT);
  return { ret, pos: p.view().getBigUint64(OUT, true) };
}
function pathCall(p: NodeProbe, name: string, fn: string, ...rest: (number | bigint)[]): number {
  const len = p.putString(PATH, name);
  return p.call(fn, 3, PATH, len, ...rest);
}
function desc(p: NodeProbe, guestFd: number): NodeDescription {
  const baseFd = p.adapter.table.get(guestFd)!.desc.baseFd;
  const f = p.base.reach?.(baseFd);
  assert.ok(f !== undefined, "reachable");
  return (f as unknown as { desc: NodeDescription }).desc;
}
const osFds = (): number => fs.readdirSync("/proc/self/fd").length;

test("fd_filestat_get reports the real dev, ino, type, nlink, size and ns times", async () => {
  const { dir, p } = await setup();
  fs.linkSync(`${dir}/f`, `${dir}/f2`);
  const fd = openOk(p, "f", RD);
  const got = filestat(p, fd);
  const st = fs.statSync(`${dir}/f`, { bigint: true });
  assert.equal(got, { dev: st.dev, ino: st.ino, filetype: 4, nlink: 2n, size: 5n, atim: st.atimeNs, mtim: st.mtimeNs, ctim: st.ctimeNs });
});

test("fd_filestat_get on a directory reports its real inode and the directory type", async () => {
  const { dir, p } = await setup();
  const got = filestat(p, 3);
  const st = fs.statSync(dir, { bigint: true });
  assert.equal([got.ino, got.dev, got.filetype, got.nlink], [st.ino, st.dev, 3, st.nlink]);
});

test("the description exposes the real st_mode and st_dev, and chmod changes the file", async () => {
  const { dir, p } = await setup();
  const fd = openOk(p, "f", RD);
  const d = desc(p, fd);
  const st = fs.statSync(`${dir}/f`, { bigint: true });
  assert.is(d.mode, Number(st.mode));
  assert.is(d.dev, st.dev);
  assert.is(d.chmod(0o600), Errno.ESUCCESS);
  assert.is(fs.statSync(`${dir}/f`).mode & 0o7777, 0o600);
  assert.is(p.base.reach?.(p.adapter.table.get(3)!.desc.baseFd)?.kind, "directory");
});

test("writes land on the disk and reads come from it", async () => {
  const { dir, p } = await setup();
  const fd = openOk(p, "new.txt", RW, O_CREAT);
  assert.equal(write(p, fd, "written"), { ret: 0, n: 7 });
  assert.is(fs.readFileSync(`${dir}/new.txt`, "utf8"), "written");
  fs.writeFileSync(`${dir}/f`, "from host");
  const rd = openOk(p, "f", RD);
  assert.is(dec(read(p, rd, 100).data), "from host");
});

test("O_APPEND writes go to the end and leave the position there", async () => {
  const { dir, p } = await setup();
  const fd = openOk(p, "f", RW, 0, FD_APPEND);
  fs.appendFileSync(`${dir}/f`, "++"); // grown behind our back: appends still go to the end
  assert.equal(write(p, fd, "!"), { ret: 0, n: 1 });
  assert.is(fs.readFileSync(`${dir}/f`, "utf8"), "hello++!");
  assert.equal(seek(p, fd, 0n, 1), { ret: 0, pos: 8n });
});

test("fd_pwrite on an O_APPEND description appends and keeps the position", async () => {
  const { dir, p } = await setup();
  const fd = openOk(p, "f", RW, 0, FD_APPEND);
  assert.equal(write(p, fd, "X", 0n), { ret: 0, n: 1 });
  assert.is(fs.readFileSync(`${dir}/f`, "utf8"), "helloX");
  assert.equal(seek(p, fd, 0n, 1), { ret: 0, pos: 0n });
});

test("fd_fdstat_set_flags turns APPEND on and off", async () => {
  const { dir, p } = await setup();
  const fd = openOk(p, "f", RW);
  assert.is(p.call("fd_fdstat_set_flags", fd, FD_APPEND), Errno.ESUCCESS);
  write(p, fd, "A");
  assert.is(p.call("fd_fdstat_set_flags", fd, 0), Errno.ESUCCESS);
  seek(p, fd, 0n, 0);
  write(p, fd, "B");
  assert.is(fs.readFileSync(`${dir}/f`, "utf8"), "BelloA");
  assert.is(p.call("fd_fdstat_set_flags", fd, 2 /* DSYNC */), Errno.EINVAL);
});

test("O_TRUNC empties an existing file", async () => {
  const { dir, p } = await setup();
  openOk(p, "f", RW, O_TRUNC);
  assert.is(fs.statSync(`${dir}/f`).size, 0);
});

test("fd_filestat_set_size truncates and extends with zeros; without FD_WRITE it is EINVAL", async () => {
  const { dir, p } = await setup();
  const fd = openOk(p, "f", RW);
  assert.is(p.call("fd_filestat_set_size", fd, 2n), Errno.ESUCCESS);
  assert.is(p.call("fd_filestat_set_size", fd, 4n), Errno.ESUCCESS);
  assert.equal([...fs.readFileSync(`${dir}/f`)], [0x68, 0x65, 0, 0]);
  const ro = openOk(p, "f", RD);
  assert.is(p.call("fd_filestat_set_size", ro, 0n), Errno.EINVAL);
});

test("a hole left by a write past EOF reads as zeros", async () => {
  const { dir, p } = await setup();
  const fd = openOk(p, "f", RW);
  assert.equal(seek(p, fd, 10n, 0), { ret: 0, pos: 10n });
  write(p, fd, "E");
  assert.equal([...read(p, fd, 100, 0n).data], [...Buffer.from("hello"), 0, 0, 0, 0, 0, 0x45]);
  assert.is(fs.statSync(`${dir}/f`).size, 11);
});

test("fd_seek/fd_tell keep a position per description; END is the real size", async () => {
  const { dir, p } = await setup();
  const a = openOk(p, "f", RD);
  const b = openOk(p, "f", RD);
  assert.is(dec(read(p, a, 2).data), "he");
  assert.is(dec(read(p, b, 1).data), "h");
  fs.appendFileSync(`${dir}/f`, "12");
  assert.equal(seek(p, a, -1n, 2), { ret: 0, pos: 6n });
  assert.is(dec(read(p, a, 10).data), "2");
  assert.is(read(p, a, 10).data.length, 0);
  assert.is(p.call("fd_tell", b, OUT), 0);
  assert.is(p.view().getBigUint64(OUT, true), 1n);
  assert.is(seek(p, a, -1n, 0).ret, Errno.EINVAL);
});

test("fd_readdir lists the real entries with their inode numbers and types", async () => {
  const { dir, p } = await setup();
  fs.symlinkSync("f", `${dir}/l`);
  assert.is(p.call("fd_readdir", 3, BUF, 4096, 0n, OUT), Errno.ESUCCESS);
  const used = p.view().getUint32(OUT, true);
  const v = p.view();
  const got: string[] = [];
  for (let at = BUF; at < BUF + used; ) {
    const len = v.getUint32(at + 16, true);
    const name = dec(p.bytes().slice(at + 24, at + 24 + len));
    const ino = v.getBigUint64(at + 8, true);
    if (name !== "." && name !== "..") assert.is(ino, fs.lstatSync(`${dir}/${name}`, { bigint: true }).ino, name);
    got.push(`${name}:${v.getUint8(at + 20)}`);
    at += 24 + len;
  }
  assert.equal(got.sort(), ["..:3", ".:3", "d:3", "f:4", "l:7"]);
});

test("fd_readdir cookies resume where the previous call stopped", async () => {
  const { dir, p } = await setup();
  for (let i = 0; i < 20; i++) fs.writeFileSync(`${dir}/n${i}`, "");
  const names = new Set<string>();
  let cookie = 0n;
  for (;;) {
    assert.is(p.call("fd_readdir", 3, BUF, 100, cookie, OUT), 0);
    const used = p.view().getUint32(OUT, true);
    let at = BUF;
    let last = cookie;
    while (at + 24 <= BUF + used) {
      const len = p.view().getUint32(at + 16, true);
      if (at + 24 + len > BUF + used) break;
      names.add(dec(p.bytes().slice(at + 24, at + 24 + len)));
      last = p.view().getBigUint64(at, true);
      at += 24 + len;
    }
    if (used < 100) break;
    assert.ok(last !== cookie, "progress");
    cookie = last;
  }
  assert.is(names.size, 2 + 2 + 20);
});

test("path_rename moves the file on the disk", async () => {
  const { dir, p } = await setup();
  const len = p.putString(PATH, "f");
  const len2 = p.putString(PATH + 100, "d/moved");
  assert.is(p.call("path_rename", 3, PATH, len, 3, PATH + 100, len2), Errno.ESUCCESS);
  assert.ok(!fs.existsSync(`${dir}/f`));
  assert.is(fs.readFileSync(`${dir}/d/moved`, "utf8"), "hello");
});

test("path_unlink_file removes a file; a directory is EISDIR", async () => {
  const { dir, p } = await setup();
  assert.is(pathCall(p, "f", "path_unlink_file"), Errno.ESUCCESS);
  assert.ok(!fs.existsSync(`${dir}/f`));
  assert.is(pathCall(p, "d", "path_unlink_file"), Errno.EISDIR);
});

test("path_create_directory and path_remove_directory work on the disk; non-empty is ENOTEMPTY", async () => {
  const { dir, p } = await setup();
  assert.is(pathCall(p, "nd", "path_create_directory"), Errno.ESUCCESS);
  assert.ok(fs.statSync(`${dir}/nd`).isDirectory());
  assert.is(pathCall(p, "nd", "path_create_directory"), Errno.EEXIST);
  assert.is(pathCall(p, "d", "path_remove_directory"), Errno.ENOTEMPTY);
  assert.is(pathCall(p, "nd", "path_remove_directory"), Errno.ESUCCESS);
  assert.ok(!fs.existsSync(`${dir}/nd`));
});

test("path_symlink creates a real symlink and path_readlink reads it back", async () => {
  const { dir, p } = await setup();
  const tl = p.putString(PATH + 200, "d/g");
  const nl = p.putString(PATH, "ln");
  assert.is(p.call("path_symlink", PATH + 200, tl, 3, PATH, nl), Errno.ESUCCESS);
  assert.is(fs.readlinkSync(`${dir}/ln`), "d/g");
  assert.is(p.call("path_readlink", 3, PATH, nl, BUF, 64, OUT), Errno.ESUCCESS);
  assert.is(dec(p.bytes().slice(BUF, BUF + p.view().getUint32(OUT, true))), "d/g");
  assert.is(dec(read(p, openOk(p, "ln", RD), 10).data), "g");
});

test("path_link makes a hard link: same inode, nlink 2", async () => {
  const { dir, p } = await setup();
  const a = p.putString(PATH, "f");
  const b = p.putString(PATH + 100, "hard");
  assert.is(p.call("path_link", 3, 0, PATH, a, 3, PATH + 100, b), Errno.ESUCCESS);
  const s1 = fs.statSync(`${dir}/f`), s2 = fs.statSync(`${dir}/hard`);
  assert.equal([s1.ino, s1.nlink], [s2.ino, 2]);
});

test("path_filestat_set_times sets the real times (to within a microsecond)", async () => {
  const { dir, p } = await setup();
  const t = 1_600_000_000_123_456_789n;
  const len = p.putString(PATH, "f");
  assert.is(p.call("path_filestat_set_times", 3, 1, PATH, len, t, t, 0b0101), Errno.ESUCCESS);
  const st = fs.statSync(`${dir}/f`, { bigint: true });
  for (const got of [st.atimeNs, st.mtimeNs]) assert.ok(got - t < 1000n && t - got < 1000n, `${got}`);
  assert.is(p.call("path_filestat_set_times", 3, 1, PATH, len, t, t, 0b0011), Errno.EINVAL);
});

test("rights: reading without FD_READ and writing without FD_WRITE are EBADF", async () => {
  const { p } = await setup();
  const wo = openOk(p, "f", R_WRITE);
  assert.is(read(p, wo, 5).ret, Errno.EBADF);
  const ro = openOk(p, "f", RD);
  assert.is(write(p, ro, "x").ret, Errno.EBADF);
  assert.is(write(p, ro, "x", 0n).ret, Errno.EBADF);
});

test("rights: requested rights are masked by the directory's inheriting rights", async () => {
  const { p } = await setup();
  assert.is(p.call("fd_fdstat_get", 3, OUT), 0);
  const dirBase = p.view().getBigUint64(OUT + 8, true);
  assert.is(p.call("fd_fdstat_set_rights", 3, dirBase, RD & ~0x2n), Errno.ESUCCESS);
  const fd = openOk(p, "f", RW);
  assert.is(p.call("fd_fdstat_get", fd, OUT), 0);
  assert.is(p.view().getBigUint64(OUT + 8, true), (RD & ~0x2n) & RW);
  assert.is(read(p, fd, 1).ret, Errno.EBADF);
  assert.is(p.call("fd_fdstat_set_rights", fd, RW, 0n), Errno.ENOTCAPABLE);
});

test("O_CREAT|O_EXCL on an existing file is EEXIST; O_DIRECTORY on a file is ENOTDIR", async () => {
  const { p } = await setup();
  assert.is(open(p, "f", RW, O_CREAT | O_EXCL).ret, Errno.EEXIST);
  assert.is(open(p, "f", RD, O_DIRECTORY).ret, Errno.ENOTDIR);
  assert.is(open(p, "d", RD, O_DIRECTORY).ret, Errno.ESUCCESS);
  assert.is(open(p, "d", RW).ret, Errno.EISDIR);
});

test("a directory description has no byte I/O (EBADF), a file no path operations (ENOTDIR)", async () => {
  const { p } = await setup();
  const d = openOk(p, "d", RD, O_DIRECTORY);
  assert.is(read(p, d, 1).ret, Errno.EBADF);
  const f = openOk(p, "f", RD);
  const len = p.putString(PATH, "x");
  assert.is(p.call("path_create_directory", f, PATH, len), Errno.ENOTDIR);
  assert.ok(desc(p, d) instanceof OpenNodeDirectory && desc(p, f) instanceof OpenNodeFile);
});

test("the adapter answers EBADF for unknown fds and EFAULT for pointers outside memory", async () => {
  const { p } = await setup();
  assert.is(p.call("fd_filestat_get", 77, OUT), Errno.EBADF);
  const fd = openOk(p, "f", RD);
  const end = p.bytes().byteLength;
  assert.is(p.call("fd_filestat_get", fd, end - 8), Errno.EFAULT);
  p.view().setUint32(IOV, end - 2, true);
  p.view().setUint32(IOV + 4, 100, true);
  assert.is(p.call("fd_read", fd, IOV, 1, OUT), Errno.EFAULT);
});

test("no OS fd leaks: every open is released by fd_close, and finish() closes the rest", async () => {
  const { p } = await setup();
  const before = osFds();
  const fds = [openOk(p, "f", RD), openOk(p, "d", RD, O_DIRECTORY), openOk(p, "d/g", RW), openOk(p, "f", RW, 0, FD_APPEND)];
  p.call("fd_fdstat_set_flags", fds[3]!, 0); // reopen path
  open(p, "../x"); open(p, "d/../../x"); open(p, "missing/x"); // failed walks open and close dir fds
  assert.is(osFds(), before + fds.length);
  for (const fd of fds) assert.is(p.call("fd_close", fd), Errno.ESUCCESS);
  assert.is(osFds(), before);
  openOk(p, "f", RD);
  p.finish();
  assert.is(osFds(), before - 1, "finish() also closed the preopen");
});

// Single calls whose answers depend on symlinks and trailing slashes: wasmtime decides.
test("path operations on symlinks and trailing slashes give wasmtime's errnos", async () => {
  const build = (): string => {
    const dir = tree();
    fs.symlinkSync("f", `${dir}/tof`);
    fs.symlinkSync("d", `${dir}/tod`);
    return dir;
  };
  const calls: Call[] = [];
  const O = (p: string, oflags: number, lookup: number, rights = Number(RW)): Call => ({ fn: "path_open", args: [3, lookup, { str: p }, oflags, rights, Number(RW), 0, { out: 4 }] });
  for (const p of ["f", "f/", "tof", "tof/", "tod", "tod/", "d/", "missing/", ".", "d/..", "d/g/", ""]) {
    calls.push(O(p, 0, 1, Number(RD)), O(p, 0, 0, Number(RD)), O(p, O_DIRECTORY, 0, Number(RD)), O(p, O_CREAT, 1));
    calls.push({ fn: "path_filestat_get", args: [3, 1, { str: p }, { out: 64 }] }, { fn: "path_filestat_get", args: [3, 0, { str: p }, { out: 64 }] });
    calls.push({ fn: "path_readlink", args: [3, { str: p }, { out: 8 }, 8, { out: 4 }] });
  }
  const mutating = (p: string): Call[] => [
    { fn: "path_remove_directory", args: [3, { str: p }] },
    { fn: "path_unlink_file", args: [3, { str: p }] },
    { fn: "path_create_directory", args: [3, { str: p }] },
    { fn: "path_symlink", args: [{ str: "x" }, 3, { str: p }] },
    { fn: "path_link", args: [3, 0, { str: p }, 3, { str: "zz" }] },
    { fn: "path_link", args: [3, 0, { str: "f" }, 3, { str: p }] },
    { fn: "path_rename", args: [3, { str: p }, 3, { str: "zz" }] },
    { fn: "path_rename", args: [3, { str: "f" }, 3, { str: p }] },
  ];
  const cases = ["f/", "tof/", "tod/", "d/", "tod", "missing/", "d/g/", ".", "d/.."].flatMap((p) => mutating(p).map((c) => [c]));
  cases.unshift(calls.map((c) => c));
  const dirsW = cases.map(() => build());
  const expected = runWasmtime(cases.map((c, i) => ({ name: `${i}`, preopens: [{ host: dirsW[i]!, guest: "/" }], calls: c }))).results;
  const diffs: string[] = [];
  for (const [i, c] of cases.entries()) {
    const p = await nodeProbe([{ guest: "/", host: build() }]);
    const got = runCalls(p, c).map((r) => errnoName(r.errno));
    p.finish();
    const want = expected[i]!.calls.map((r) => errnoName(r.errno));
    const diff = c.map((call, k) => (got[k] === want[k] ? null : `${call.fn} ${JSON.stringify(call.args.slice(0, 3))}: ${got[k]} vs wasmtime ${want[k]}`)).filter((d) => d !== null);
    diffs.push(...diff);
  }
  assert.equal(diffs, []);
});

test("readOnly is inherited by every description opened below a read-only preopen, and only there", async () => {
  const dir = tree();
  const other = tree();
  const p = await nodeProbe([{ guest: "/ro", host: dir, readOnly: true }, { guest: "/rw", host: other }]);
  try {
    const d = open(p, "d", RD, O_DIRECTORY);
    assert.is(d.ret, Errno.ESUCCESS);
    const g = open(p, "g", RD, 0, 0, d.fd);
    assert.is(g.ret, Errno.ESUCCESS);
    const w = open(p, "f", RW, 0, 0, 4);
    assert.is(w.ret, Errno.ESUCCESS);
    assert.equal([3, d.fd, g.fd].map((fd) => desc(p, fd).readOnly), [true, true, true]);
    assert.equal([4, w.fd].map((fd) => desc(p, fd).readOnly), [false, false]);
    // A dup of a read-only fd is the same description: still read-only.
    assert.is(p.ext("fd_dup", g.fd, OUT), Errno.ESUCCESS);
    assert.is(desc(p, p.view().getUint32(OUT, true)).readOnly, true);
  } finally {
    p.finish();
  }
});

test.run();
