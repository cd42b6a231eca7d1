/**
 * The wasmer base's corrections (host/bases/wasmer-fix.ts), one behaviour per test, driven
 * through the adapter with the probe guest. Each test names the Linux behaviour it checks;
 * the comment says what @wasmer/wasi 1.2.2 does without the correction.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Errno } from "../src/errno.ts";
import { fixWasmer, joinPath } from "../host/bases/wasmer-fix.ts";
import { readTree } from "../host/bases/wasmer.ts";
import type { MemFS } from "@wasmer/wasi";
import type { FsTree } from "../host/bases/types.ts";
import { probe, type Probe } from "./support/probe.ts";

const R = { READ: 1n << 1n, SEEK: 1n << 2n, TELL: 1n << 5n, WRITE: 1n << 6n, ALLOCATE: 1n << 8n, SET_SIZE: 1n << 22n };
const RDONLY = R.READ | R.SEEK | R.TELL;
const WRONLY = R.WRITE | R.SEEK | R.TELL | R.ALLOCATE | R.SET_SIZE;
const RDWR = RDONLY | WRONLY;
const ALL = 0x1fffffffn;
const O = { CREAT: 1, DIRECTORY: 2, TRUNC: 8 };
const APPEND = 1;
const PATH = 1024;
const OUT = 2048;
const IOV = 3072;
const BUF = 4096;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

class Guest {
  constructor(readonly p: Probe) {}
  /** path_open from the preopen (guest fd 3): the fd, or the errno's negation. */
  open(path: string, rights: bigint, oflags = 0, fdflags = 0): number {
    const len = this.p.putString(PATH, path);
    const r = this.p.call("path_open", 3, 1, PATH, len, oflags, rights, ALL, fdflags, OUT);
    return r === 0 ? this.p.view().getUint32(OUT, true) : -r;
  }
  private iov(data: Uint8Array | number): void {
    const v = this.p.view();
    if (data instanceof Uint8Array) this.p.bytes().set(data, BUF);
    v.setUint32(IOV, BUF, true);
    v.setUint32(IOV + 4, data instanceof Uint8Array ? data.length : data, true);
  }
  private count(r: number): number {
    return r === 0 ? this.p.view().getUint32(OUT, true) : -r;
  }
  write(fd: number, s: string): number {
    this.iov(enc(s));
    return this.count(this.p.call("fd_write", fd, IOV, 1, OUT));
  }
  pwrite(fd: number, s: string, offset: bigint): number {
    this.iov(enc(s));
    return this.count(this.p.call("fd_pwrite", fd, IOV, 1, offset, OUT));
  }
  /** The bytes read as a string, or the errno's negation. */
  read(fd: number, n: number): string | number {
    this.iov(n);
    const r = this.p.call("fd_read", fd, IOV, 1, OUT);
    return r === 0 ? dec(this.p.bytes().slice(BUF, BUF + this.p.view().getUint32(OUT, true))) : -r;
  }
  pread(fd: number, n: number, offset: bigint): string | number {
    this.iov(n);
    const r = this.p.call("fd_pread", fd, IOV, 1, offset, OUT);
    return r === 0 ? dec(this.p.bytes().slice(BUF, BUF + this.p.view().getUint32(OUT, true))) : -r;
  }
  seek(fd: number, offset: bigint, whence: number): bigint | number {
    const r = this.p.call("fd_seek", fd, offset, whence, OUT);
    return r === 0 ? this.p.view().getBigInt64(OUT, true) : -r;
  }
  tell(fd: number): bigint | number {
    const r = this.p.call("fd_tell", fd, OUT);
    return r === 0 ? this.p.view().getBigInt64(OUT, true) : -r;
  }
  size(fd: number): bigint | number {
    const r = this.p.call("fd_filestat_get", fd, OUT);
    return r === 0 ? this.p.view().getBigUint64(OUT + 32, true) : -r;
  }
  fdstat(fd: number): { flags: number; rights: bigint } | number {
    const r = this.p.call("fd_fdstat_get", fd, OUT);
    const v = this.p.view();
    return r === 0 ? { flags: v.getUint16(OUT + 2, true), rights: v.getBigUint64(OUT + 8, true) } : -r;
  }
  rename(from: string, to: string): number {
    const a = this.p.putString(PATH, from);
    const b = this.p.putString(PATH + 256, to);
    return this.p.call("path_rename", 3, PATH, a, 3, PATH + 256, b);
  }
  /** Calls a path_* function taking (dirfd 3, path); returns its errno. */
  path(name: string, path: string): number {
    return this.p.call(name, 3, PATH, this.p.putString(PATH, path));
  }
  symlink(target: string, link: string): number {
    const a = this.p.putString(PATH, target);
    const b = this.p.putString(PATH + 256, link);
    return this.p.call("path_symlink", PATH, a, 3, PATH + 256, b);
  }
  /** path_filestat_get: the filetype and size, or the errno's negation. */
  stat(path: string): { type: number; size: bigint } | number {
    const r = this.p.call("path_filestat_get", 3, 1, PATH, this.p.putString(PATH, path), OUT);
    const v = this.p.view();
    return r === 0 ? { type: v.getUint8(OUT + 16), size: v.getBigUint64(OUT + 32, true) } : -r;
  }
  /** The names in the preopen (or a folder in it), read host-side. */
  names(folder?: string): string[] {
    const tree = this.p.wasi.readTree(0);
    const node = folder === undefined ? tree : tree[folder];
    return node === undefined || node instanceof Uint8Array ? [] : Object.keys(node).sort();
  }
  /** The current contents of a file in the preopen, read host-side. */
  contents(name: string): string {
    const node = this.p.wasi.readTree(0)[name];
    return node instanceof Uint8Array ? dec(node) : `<${typeof node}>`;
  }
}

async function guest(files: Record<string, string> = { "a.txt": "0123456789" }): Promise<Guest> {
  const tree = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, enc(v)]));
  return new Guest(await probe({ base: "wasmer", preopens: [{ guest: "/", tree }] }));
}

/** A preopen with a.txt ("x"), an empty folder d and a folder e holding x.txt. */
async function tree(): Promise<Guest> {
  const t: FsTree = { "a.txt": enc("x"), d: {}, e: { "x.txt": enc("x") } };
  return new Guest(await probe({ base: "wasmer", preopens: [{ guest: "/", tree: t }] }));
}

// --- access modes (wasmer: every fd can write; a read on a write-only fd gives EPERM) ---

test("fd_write on a read-only fd gives EBADF and leaves the file", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDONLY);
  assert.is(g.write(f, "X"), -Errno.EBADF);
  assert.is(g.contents("a.txt"), "0123456789");
});

test("fd_pwrite on a read-only fd gives EBADF", async () => {
  const g = await guest();
  assert.is(g.pwrite(g.open("a.txt", RDONLY), "X", 0n), -Errno.EBADF);
});

test("fd_read and fd_pread on a write-only fd give EBADF, not EPERM", async () => {
  const g = await guest();
  const f = g.open("a.txt", WRONLY);
  assert.is(g.read(f, 2), -Errno.EBADF);
  assert.is(g.pread(f, 2, 0n), -Errno.EBADF);
});

test("fd_filestat_set_size and fd_allocate on a read-only fd give EBADF", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDONLY);
  assert.is(g.p.call("fd_filestat_set_size", f, 1n), Errno.EBADF);
  assert.is(g.p.call("fd_allocate", f, 0n, 20n), Errno.EBADF);
  assert.is(g.contents("a.txt"), "0123456789");
});

test("fd_fdstat_get reports the rights the open asked for", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDONLY);
  assert.equal(g.fdstat(f), { flags: 0, rights: RDONLY });
});

test("a write-only open does not make the file unreadable through other fds", async () => {
  const g = await guest();
  const r = g.open("a.txt", RDONLY);
  g.open("a.txt", WRONLY);
  assert.is(g.read(r, 4), "0123");
});

// --- positions (wasmer: negative seeks succeed; a read at 2**40 reads at 0) ---

test("fd_seek to a negative position gives EINVAL and keeps the position", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDONLY);
  assert.is(g.read(f, 3), "012");
  assert.is(g.seek(f, -1n, 0), -Errno.EINVAL);
  assert.is(g.seek(f, -4n, 1), -Errno.EINVAL);
  assert.is(g.seek(f, -11n, 2), -Errno.EINVAL);
  assert.is(g.tell(f), 3n);
});

test("fd_seek with a bad whence gives EINVAL", async () => {
  const g = await guest();
  assert.is(g.seek(g.open("a.txt", RDONLY), 0n, 3), -Errno.EINVAL);
});

test("fd_seek SEEK_END counts from the current size", async () => {
  const g = await guest();
  assert.is(g.seek(g.open("a.txt", RDONLY), -2n, 2), 8n);
});

test("fd_read after a seek to 2**40 reads nothing", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDONLY);
  assert.is(g.seek(f, 1n << 40n, 0), 1n << 40n);
  assert.is(g.read(f, 4), "");
  assert.is(g.tell(f), 1n << 40n);
});

test("fd_pread at 2**40 reads nothing", async () => {
  const g = await guest();
  assert.is(g.pread(g.open("a.txt", RDONLY), 4, 1n << 40n), "");
});

test("fds on one file keep their own positions", async () => {
  const g = await guest();
  const a = g.open("a.txt", RDONLY);
  const b = g.open("a.txt", RDONLY);
  assert.is(g.read(a, 3), "012");
  assert.is(g.read(b, 2), "01");
  assert.is(g.read(a, 2), "34");
});

// --- open flags (wasmer: O_TRUNC leaves a stale st_size; O_APPEND's position is wrong) ---

test("O_TRUNC empties the file and fd_filestat_get says size 0", async () => {
  const g = await guest();
  const f = g.open("a.txt", WRONLY, O.TRUNC);
  assert.is(g.size(f), 0n);
  assert.is(g.write(f, "new"), 3);
  assert.is(g.contents("a.txt"), "new");
});

test("O_APPEND writes at the end and the position follows the end", async () => {
  const g = await guest({ "a.txt": "abc" });
  const f = g.open("a.txt", WRONLY, 0, APPEND);
  assert.is(g.seek(f, 0n, 0), 0n);
  assert.is(g.write(f, "XY"), 2);
  assert.is(g.tell(f), 5n);
  assert.is(g.contents("a.txt"), "abcXY");
});

test("O_APPEND shows in fd_fdstat_get flags", async () => {
  const g = await guest();
  const f = g.open("a.txt", WRONLY, 0, APPEND);
  const st = g.fdstat(f);
  assert.ok(typeof st === "object" && (st.flags & APPEND) === APPEND);
});

test("fd_pwrite on an O_APPEND fd appends and keeps the position", async () => {
  const g = await guest({ "a.txt": "abc" });
  const f = g.open("a.txt", WRONLY, 0, APPEND);
  assert.is(g.pwrite(f, "Z", 0n), 1);
  assert.is(g.tell(f), 0n);
  assert.is(g.contents("a.txt"), "abcZ");
});

test("an O_APPEND fd does not make other fds on the file append", async () => {
  const g = await guest({ "a.txt": "abc" });
  const w = g.open("a.txt", WRONLY);
  g.open("a.txt", WRONLY, 0, APPEND);
  assert.is(g.write(w, "X"), 1);
  assert.is(g.contents("a.txt"), "Xbc");
});

test("fd_fdstat_set_flags turns APPEND on", async () => {
  const g = await guest({ "a.txt": "abc" });
  const f = g.open("a.txt", WRONLY);
  assert.is(g.p.call("fd_fdstat_set_flags", f, APPEND), Errno.ESUCCESS);
  assert.is(g.write(f, "X"), 1);
  assert.is(g.contents("a.txt"), "abcX");
});

// --- paths (wasmer: "a.txt/" opens the file; O_CREAT under a file gives EINVAL) ---

test("a trailing slash on a regular file gives ENOTDIR", async () => {
  const g = await guest();
  assert.is(g.open("a.txt/", RDONLY), -Errno.ENOTDIR);
  assert.is(g.open("a.txt", RDONLY), 4, "the refused open left no fd behind in the guest's table");
});

test("a trailing slash on a directory opens it", async () => {
  const g = new Guest(await probe({ base: "wasmer", preopens: [{ guest: "/", tree: { d: {} } }] }));
  assert.ok(g.open("d/", RDONLY) >= 0);
});

test("O_CREAT on a path through a regular file gives ENOTDIR", async () => {
  const g = await guest();
  assert.is(g.open("a.txt/b", WRONLY, O.CREAT), -Errno.ENOTDIR);
});

test("O_CREAT under a missing folder still gives ENOENT", async () => {
  const g = await guest();
  assert.is(g.open("nodir/b", WRONLY, O.CREAT), -Errno.ENOENT);
});

test("joinPath resolves . and .. lexically and refuses to climb out", () => {
  assert.is(joinPath("/p", "a/./b/../c"), "/p/a/c");
  assert.is(joinPath("/p", "a/"), "/p/a");
  assert.is(joinPath("/p", "."), "/p");
  assert.is(joinPath("/p", "../x"), undefined);
});

// --- shared handle (wasmer: closing any fd on a file breaks the others with EINVAL) ---

test("closing one fd on a file leaves the other fds on it readable", async () => {
  const g = await guest({ "a.txt": "abc" });
  const a = g.open("a.txt", RDONLY);
  const b = g.open("a.txt", RDONLY);
  const c = g.open("a.txt", RDONLY);
  assert.is(g.p.call("fd_close", a), Errno.ESUCCESS);
  assert.is(g.p.call("fd_close", b), Errno.ESUCCESS);
  assert.is(g.read(c, 3), "abc");
});

test("a closed fd is closed for the guest even while its file has other fds", async () => {
  const g = await guest();
  const a = g.open("a.txt", RDONLY);
  g.open("a.txt", RDONLY);
  assert.is(g.p.call("fd_close", a), Errno.ESUCCESS);
  assert.is(g.read(a, 1), -Errno.EBADF);
  assert.is(g.p.call("fd_close", a), Errno.EBADF);
});

test("a truncate through another fd, then closed, is visible through an open fd", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDONLY);
  const t = g.open("a.txt", WRONLY);
  assert.is(g.p.call("fd_filestat_set_size", t, 2n), Errno.ESUCCESS);
  assert.is(g.p.call("fd_close", t), Errno.ESUCCESS);
  assert.is(g.size(f), 2n);
  assert.is(g.read(f, 10), "01");
});

test("after every fd on a file closed, a new open works", async () => {
  const g = await guest();
  const a = g.open("a.txt", RDONLY);
  const b = g.open("a.txt", RDONLY);
  g.p.call("fd_close", a);
  g.p.call("fd_close", b);
  assert.is(g.read(g.open("a.txt", RDONLY), 3), "012");
});

// --- writes (wasmer: a write inside the file inserts; past the end it appends, no hole) ---

test("fd_write inside the file overwrites and moves the position", async () => {
  const g = await guest({ "a.txt": "abcdef" });
  const f = g.open("a.txt", RDWR);
  assert.is(g.seek(f, 2n, 0), 2n);
  assert.is(g.write(f, "XY"), 2);
  assert.is(g.tell(f), 4n);
  assert.is(g.contents("a.txt"), "abXYef");
  assert.is(g.size(f), 6n);
});

test("fd_pwrite inside the file overwrites and keeps the position", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDWR);
  assert.is(g.pwrite(f, "AB", 4n), 2);
  assert.is(g.tell(f), 0n);
  assert.is(g.contents("a.txt"), "0123AB6789");
});

test("a write across the end overwrites the rest and extends the file", async () => {
  const g = await guest({ "a.txt": "abc" });
  const f = g.open("a.txt", RDWR);
  assert.is(g.pwrite(f, "XYZW", 1n), 4);
  assert.is(g.contents("a.txt"), "aXYZW");
  assert.is(g.size(f), 5n);
});

test("a write after seeking past the end leaves a hole of zeros", async () => {
  const g = await guest({ "a.txt": "ab" });
  const f = g.open("a.txt", RDWR);
  assert.is(g.seek(f, 6n, 0), 6n);
  assert.is(g.write(f, "Z"), 1);
  assert.is(g.contents("a.txt"), "ab\0\0\0\0Z");
  assert.is(g.size(f), 7n);
});

test("fd_pwrite past the end leaves a hole of zeros", async () => {
  const g = await guest({ "a.txt": "ab" });
  const f = g.open("a.txt", RDWR);
  assert.is(g.pwrite(f, "Q", 5n), 1);
  assert.is(g.contents("a.txt"), "ab\0\0\0Q");
  assert.is(g.size(f), 6n);
});

test("sequential writes to a new file append", async () => {
  const g = await guest({});
  const f = g.open("n.txt", RDWR, O.CREAT);
  for (const s of ["ab", "cd", "ef"]) assert.is(g.write(f, s), 2);
  assert.is(g.contents("n.txt"), "abcdef");
  assert.is(g.size(f), 6n);
});

test("a write whose end is beyond the 256 MiB MemFS cap gives EFBIG", async () => {
  const g = await guest();
  assert.is(g.pwrite(g.open("a.txt", RDWR), "x", 1n << 32n), -Errno.EFBIG);
  assert.is(g.pwrite(g.open("a.txt", RDWR), "x", 1n << 28n), -Errno.EFBIG);
});

test("a write through one fd is read through another fd on the file", async () => {
  const g = await guest();
  const w = g.open("a.txt", WRONLY);
  const r = g.open("a.txt", RDONLY);
  assert.is(g.pwrite(w, "XY", 2n), 2);
  assert.is(g.read(r, 10), "01XY456789");
});

// --- fd_allocate (wasmer: sets the size to offset+len, shrinking the file) ---

test("fd_allocate inside the file changes neither size nor content", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDWR);
  assert.is(g.p.call("fd_allocate", f, 2n, 3n), Errno.ESUCCESS);
  assert.is(g.contents("a.txt"), "0123456789");
  assert.is(g.size(f), 10n);
});

test("fd_allocate past the end grows the file with zeros", async () => {
  const g = await guest({ "a.txt": "ab" });
  const f = g.open("a.txt", RDWR);
  assert.is(g.p.call("fd_allocate", f, 0n, 4n), Errno.ESUCCESS);
  assert.is(g.contents("a.txt"), "ab\0\0");
  assert.is(g.size(f), 4n);
});

// --- paths follow renames ---

test("a file renamed while closed opens and writes under its new name", async () => {
  const g = await guest();
  assert.is(g.rename("a.txt", "b.txt"), Errno.ESUCCESS);
  const f = g.open("b.txt", RDWR);
  assert.is(g.pwrite(f, "X", 1n), 1);
  assert.is(g.contents("b.txt"), "0X23456789");
});

// --- symlinks (wasmer: path_symlink "succeeds", then the link panics wasmer when opened) ---

test("path_symlink gives ENOTSUP and creates nothing", async () => {
  const g = await guest();
  assert.is(g.symlink("a.txt", "l"), Errno.ENOTSUP);
  assert.is(g.stat("l"), -Errno.ENOENT);
  assert.equal(g.names(), ["a.txt"]);
});

test("path_symlink over an existing name gives EEXIST", async () => {
  const g = await tree();
  assert.is(g.symlink("x", "a.txt"), Errno.EEXIST);
  assert.is(g.symlink("x", "d"), Errno.EEXIST);
  assert.is(g.contents("a.txt"), "x");
});

test("path_symlink under a missing folder gives ENOENT", async () => {
  const g = await guest();
  assert.is(g.symlink("a.txt", "nodir/l"), Errno.ENOENT);
});

test("path_symlink under a regular file gives ENOTDIR", async () => {
  const g = await guest();
  assert.is(g.symlink("x", "a.txt/l"), Errno.ENOTDIR);
});

test("path_symlink with an empty target gives ENOENT", async () => {
  const g = await guest();
  assert.is(g.p.call("path_symlink", PATH, 0, 3, PATH + 256, g.p.putString(PATH + 256, "l")), Errno.ENOENT);
});

test("after a refused path_symlink the file system still works", async () => {
  const g = await guest();
  g.symlink("a.txt", "l");
  assert.is(g.read(g.open("a.txt", RDONLY), 3), "012");
});

// --- mkdir (wasmer: success on an existing folder, ENOTDIR on a file, creates parents) ---

test("path_create_directory on an existing folder gives EEXIST", async () => {
  const g = await tree();
  assert.is(g.path("path_create_directory", "d"), Errno.EEXIST);
});

test("path_create_directory on an existing file gives EEXIST", async () => {
  const g = await tree();
  assert.is(g.path("path_create_directory", "a.txt"), Errno.EEXIST);
});

test("path_create_directory of . gives EEXIST", async () => {
  const g = await tree();
  assert.is(g.path("path_create_directory", "."), Errno.EEXIST);
});

test("path_create_directory under a missing folder gives ENOENT and creates nothing", async () => {
  const g = await tree();
  assert.is(g.path("path_create_directory", "nodir/sub"), Errno.ENOENT);
  assert.equal(g.names(), ["a.txt", "d", "e"]);
});

test("path_create_directory under a regular file gives ENOTDIR", async () => {
  const g = await tree();
  assert.is(g.path("path_create_directory", "a.txt/sub"), Errno.ENOTDIR);
});

test("path_create_directory with a trailing slash creates the folder", async () => {
  const g = await tree();
  assert.is(g.path("path_create_directory", "n/"), Errno.ESUCCESS);
  assert.equal(g.names("n"), []);
});

test("path_create_directory climbing out of the preopen gives ENOTCAPABLE", async () => {
  const g = await tree();
  assert.is(g.path("path_create_directory", "../x"), Errno.ENOTCAPABLE);
});

// --- rmdir ---

test("path_remove_directory of . gives EINVAL", async () => {
  const g = await tree();
  assert.is(g.path("path_remove_directory", "."), Errno.EINVAL);
});

test("path_remove_directory of a regular file gives ENOTDIR", async () => {
  const g = await tree();
  assert.is(g.path("path_remove_directory", "a.txt"), Errno.ENOTDIR);
  assert.is(g.contents("a.txt"), "x");
});

// --- trailing slashes (wasmer: ignored on a regular file) ---

test("path_filestat_get of a file's name with a trailing slash gives ENOTDIR", async () => {
  const g = await tree();
  assert.is(g.stat("a.txt/"), -Errno.ENOTDIR);
  assert.equal(g.stat("d/"), { type: 3, size: 0n });
});

test("path_unlink_file of a file's name with a trailing slash gives ENOTDIR and keeps it", async () => {
  const g = await tree();
  assert.is(g.path("path_unlink_file", "a.txt/"), Errno.ENOTDIR);
  assert.is(g.contents("a.txt"), "x");
});

test("path_unlink_file of a folder gives EISDIR", async () => {
  const g = await tree();
  assert.is(g.path("path_unlink_file", "d"), Errno.EISDIR);
});

test("path_rename of a file to a name with a trailing slash gives ENOTDIR", async () => {
  const g = await tree();
  assert.is(g.rename("a.txt", "b.txt/"), Errno.ENOTDIR);
  assert.is(g.contents("a.txt"), "x");
});

// --- rename (wasmer: several wrong successes, a panic, an inconsistent MemFS) ---

test("path_rename of a folder into its own subfolder gives EINVAL and keeps it", async () => {
  const g = await tree();
  assert.is(g.rename("d", "d/sub"), Errno.EINVAL);
  assert.equal(g.names(), ["a.txt", "d", "e"]);
});

test("path_rename of a folder onto its own parent gives ENOTEMPTY", async () => {
  const g = await tree();
  assert.is(g.rename("e/x.txt", "e"), Errno.ENOTEMPTY);
});

test("path_rename of a folder over a file gives ENOTDIR", async () => {
  const g = await tree();
  assert.is(g.rename("d", "a.txt"), Errno.ENOTDIR);
  assert.is(g.contents("a.txt"), "x");
});

test("path_rename of a folder over a non-empty folder gives ENOTEMPTY and keeps the target", async () => {
  const g = await tree();
  assert.is(g.rename("d", "e"), Errno.ENOTEMPTY);
  assert.equal(g.names("e"), ["x.txt"]);
});

test("path_rename of a folder over an empty folder leaves one entry of that name", async () => {
  const g = await tree();
  assert.is(g.rename("e", "d"), Errno.ESUCCESS);
  assert.equal(g.names(), ["a.txt", "d"]);
  assert.equal(g.names("d"), ["x.txt"]);
});

test("path_rename of a file over a folder gives EISDIR and leaves the file system readable", async () => {
  const g = await tree();
  assert.is(g.rename("a.txt", "d"), Errno.EISDIR);
  assert.equal(g.names(), ["a.txt", "d", "e"]);
  assert.is(g.contents("a.txt"), "x");
});

test("path_rename of a file to its own name does nothing", async () => {
  const g = await tree();
  assert.is(g.rename("a.txt", "a.txt"), Errno.ESUCCESS);
  assert.is(g.contents("a.txt"), "x");
});

test("path_rename of a file to a path under itself gives ENOTDIR", async () => {
  const g = await tree();
  assert.is(g.rename("a.txt", "a.txt/x"), Errno.ENOTDIR);
  assert.is(g.contents("a.txt"), "x");
});

test("path_rename of . gives EBUSY", async () => {
  const g = await tree();
  assert.is(g.rename(".", "z"), Errno.EBUSY);
});

test("path_rename of a file that has an open fd gives EBUSY and keeps the fd working", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDONLY);
  assert.is(g.rename("a.txt", "b.txt"), Errno.EBUSY);
  assert.is(g.read(f, 3), "012");
});

test("path_rename over a file: the new size shows in path_filestat_get", async () => {
  const g = await guest({ "a.txt": "abc", "b.txt": "y" });
  assert.is(g.rename("a.txt", "b.txt"), Errno.ESUCCESS);
  assert.equal(g.stat("b.txt"), { type: 4, size: 3n });
});

test("an fd on a file replaced by path_rename still reads the old bytes", async () => {
  const g = await guest({ "a.txt": "new", "b.txt": "old" });
  const f = g.open("b.txt", RDONLY);
  assert.is(g.rename("a.txt", "b.txt"), Errno.ESUCCESS);
  assert.is(g.read(f, 10), "old");
  assert.is(g.contents("b.txt"), "new");
});

// --- unlink with fds open (wasmer: EIO, a panic inside, on every fd of the file) ---

test("an fd opened before path_unlink_file still reads the file", async () => {
  const g = await guest({ "a.txt": "still here" });
  const f = g.open("a.txt", RDONLY);
  assert.is(g.path("path_unlink_file", "a.txt"), Errno.ESUCCESS);
  assert.is(g.stat("a.txt"), -Errno.ENOENT);
  assert.is(g.read(f, 100), "still here");
});

test("an unlinked file's fds share its bytes: a write through one is read through another", async () => {
  const g = await guest({ "a.txt": "abcdef" });
  const w = g.open("a.txt", WRONLY);
  const r = g.open("a.txt", RDONLY);
  assert.is(g.path("path_unlink_file", "a.txt"), Errno.ESUCCESS);
  assert.is(g.pwrite(w, "XY", 2n), 2);
  assert.is(g.pwrite(w, "Z", 8n), 1);
  assert.is(g.read(r, 20), "abXYef\0\0Z");
  assert.equal(g.names(), []);
});

test("an unlinked open file reports its size and st_nlink 0", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDWR);
  g.path("path_unlink_file", "a.txt");
  assert.is(g.size(f), 10n);
  assert.is(g.p.call("fd_filestat_set_size", f, 4n), Errno.ESUCCESS);
  assert.is(g.size(f), 4n);
  assert.is(g.seek(f, 0n, 2), 4n);
  assert.is(g.p.view().getBigUint64(OUT + 24, true), 0n, "st_nlink");
});

test("an unlinked open file keeps its rights and append flag in fd_fdstat_get", async () => {
  const g = await guest();
  const f = g.open("a.txt", WRONLY, 0, APPEND);
  g.path("path_unlink_file", "a.txt");
  assert.equal(g.fdstat(f), { flags: APPEND, rights: WRONLY });
  assert.is(g.write(f, "Z"), 1);
  assert.is(g.tell(f), 11n);
});

test("closing an unlinked file's fds leaves the file system working", async () => {
  const g = await guest();
  const f = g.open("a.txt", RDONLY);
  g.path("path_unlink_file", "a.txt");
  assert.is(g.p.call("fd_close", f), Errno.ESUCCESS);
  assert.ok(g.open("n.txt", RDWR, O.CREAT) >= 0);
  assert.equal(g.names(), ["n.txt"]);
});

// --- robustness ---

test("readTree never throws: unreadable entries are left out, a name seen twice is kept once", () => {
  const entries = [{ path: "/p/a" }, { path: "/p/a" }, { path: "/p/bad" }];
  const fake = {
    readDir: (dir: string) => {
      if (dir === "/p") return entries;
      throw new Error("Error when reading the dir: invalid input");
    },
    metadata: (path: string) => {
      if (path === "/p/bad") throw new Error("fd not a file");
      return { filetype: { dir: true, file: false } };
    },
    open: () => {
      throw new Error("unreachable");
    },
  };
  assert.equal(readTree(fake as unknown as MemFS, "/p"), { a: {} });
});

test("a JS exception inside a wasmer import becomes EIO, never a trap", () => {
  const throwing = (): number => {
    throw new Error("wasmer panicked");
  };
  const fixed = fixWasmer({ fd_sync: throwing, path_unlink_file: throwing }, {} as unknown as MemFS, new Map(), () => undefined);
  assert.is(fixed["fd_sync"]?.(5), Errno.EIO);
  assert.is(fixed["path_unlink_file"]?.(5, 0, 0), Errno.EIO);
});

test.run();
