// preview1 behaviour of the `memory` base, checked against wasmtime 49 (the reference WASI
// runtime): every case runs the same raw preview1 calls under wasmtime (a fresh temp directory
// holding the same tree, one python process for all cases: tests/support/wasmtime-oracle.py)
// and through our adapter on `memory`; errnos must have the same names and the bytes that
// reached guest memory (reads, readlink, stat fields, poll events) must agree. Expected values
// are never typed here: wasmtime decides.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import wabtInit from "wabt";
import { errnoName } from "../src/errno.ts";
import { WasiOs, type FsTree } from "../host/index.ts";
import { writeHostTree } from "../host/bases/host-tree.ts";
import { probeWat, runCalls, type Call, type CallResult, type OracleResult } from "./support/wasmtime-oracle.ts";

type Arg = Call["args"][number];
const hex = (s: string): string => Buffer.from(s).toString("hex");
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

// ---- poll_oneoff subscriptions: a data segment at fixed addresses, the same in both guests ----
const SUBS_AT = 32768;
const SUB_SLOT = 128;
type Sub = { ud: number; tag: number; fd?: number; clock?: number; timeoutNs?: bigint; abs?: boolean };
const MONO = 1;
const SUBS: Sub[][] = [
  /* 0 */ [{ ud: 1, tag: 0, clock: MONO, timeoutNs: 60_000_000n }, { ud: 2, tag: 0, clock: MONO, timeoutNs: 20_000_000n }],
  /* 1 */ [{ ud: 1, tag: 0, clock: MONO, timeoutNs: 60_000_000n }, { ud: 2, tag: 1, fd: 4 }],
  /* 2 */ [{ ud: 3, tag: 2, fd: 4 }, { ud: 1, tag: 0, clock: MONO, timeoutNs: 60_000_000n }],
  /* 3 */ [{ ud: 2, tag: 1, fd: 3 }, { ud: 1, tag: 0, clock: MONO, timeoutNs: 10_000_000n }],
  /* 4 */ [{ ud: 2, tag: 1, fd: 99 }, { ud: 1, tag: 0, clock: MONO, timeoutNs: 10_000_000n }],
  /* 5 */ [{ ud: 1, tag: 0, clock: 7, timeoutNs: 10n }],
  /* 6 */ [{ ud: 1, tag: 0, clock: 2, timeoutNs: 10n }],
  /* 7 */ [{ ud: 9, tag: 0, clock: 0, timeoutNs: 1n, abs: true }],
  /* 8 */ [{ ud: 1, tag: 5 }],
  /* 9 */ [{ ud: 2, tag: 1, fd: 4 }, { ud: 3, tag: 2, fd: 4 }],
];

function subsBytes(): Uint8Array {
  const out = new Uint8Array(SUBS.length * SUB_SLOT);
  const v = new DataView(out.buffer);
  SUBS.forEach((list, i) =>
    list.forEach((s, k) => {
      const at = i * SUB_SLOT + k * 48;
      v.setBigUint64(at, BigInt(s.ud), true);
      v.setUint8(at + 8, s.tag);
      if (s.tag === 0) {
        v.setUint32(at + 16, s.clock ?? MONO, true);
        v.setBigUint64(at + 24, s.timeoutNs ?? 0n, true);
        v.setUint16(at + 40, s.abs === true ? 1 : 0, true);
      } else v.setUint32(at + 16, s.fd ?? 0, true);
    }),
  );
  return out;
}

/** The probe guest (every preview1 import exported as p_<name>) plus the subscriptions. */
function wat(): string {
  const data = [...subsBytes()].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
  return probeWat().replace(/\)\s*$/, `  (data (i32.const ${SUBS_AT}) "${data}"))`);
}

// ---- call builders (rights as wasi-libc asks for them) ----
const RD = 0x2 | 0x4 | 0x20 | 0x4000 | 0x200000;
const WR = 0x4 | 0x20 | 0x40 | 0x200000 | 0x400000;
const RW = RD | WR;
const FOLLOW = 1;
const NOFOLLOW = 0;
const O_CREAT = 1, O_DIRECTORY = 2, O_EXCL = 4, O_TRUNC = 8;
const APPEND = 1;

const open = (p: string, o: { oflags?: number; lookup?: number; rights?: number; fdflags?: number; bind?: string } = {}): Call => ({
  fn: "path_open",
  args: [3, o.lookup ?? FOLLOW, { str: p }, o.oflags ?? 0, o.rights ?? RD, RW, o.fdflags ?? 0, { out: 4 }],
  ...(o.bind === undefined ? {} : { bind: o.bind }),
});
const v = (name: string): Arg => ({ var: name });
const read = (fd: string, n = 64): Call => ({ fn: "fd_read", args: [v(fd), { iovout: n }, { out: 4 }] });
const pread = (fd: string, off: number, n = 64): Call => ({ fn: "fd_pread", args: [v(fd), { iovout: n }, off, { out: 4 }] });
const write = (fd: string, data: string): Call => ({ fn: "fd_write", args: [v(fd), { iov: hex(data) }, { out: 4 }] });
const pwrite = (fd: string, data: string, off: number): Call => ({ fn: "fd_pwrite", args: [v(fd), { iov: hex(data) }, off, { out: 4 }] });
const seek = (fd: string, off: number, whence = 0): Call => ({ fn: "fd_seek", args: [v(fd), off, whence, { out: 8 }] });
const tell = (fd: string): Call => ({ fn: "fd_tell", args: [v(fd), { out: 8 }] });
const setSize = (fd: string, n: number): Call => ({ fn: "fd_filestat_set_size", args: [v(fd), n] });
const fdstat = (fd: string): Call => ({ fn: "fd_fdstat_get", args: [v(fd), { out: 24 }] });
const setFlags = (fd: string, flags: number): Call => ({ fn: "fd_fdstat_set_flags", args: [v(fd), flags] });
const fstat = (fd: string): Call => ({ fn: "fd_filestat_get", args: [v(fd), { out: 64 }] });
const stat = (p: string, lookup = FOLLOW): Call => ({ fn: "path_filestat_get", args: [3, lookup, { str: p }, { out: 64 }] });
const times = (p: string, flags: number, lookup = FOLLOW): Call => ({
  fn: "path_filestat_set_times",
  args: [3, lookup, { str: p }, { i64: "1000000000" }, { i64: "2000000000" }, flags],
});
const fdTimes = (fd: string, flags: number): Call => ({ fn: "fd_filestat_set_times", args: [v(fd), { i64: "3000000000" }, { i64: "4000000000" }, flags] });
const mkdir = (p: string): Call => ({ fn: "path_create_directory", args: [3, { str: p }] });
const rmdir = (p: string): Call => ({ fn: "path_remove_directory", args: [3, { str: p }] });
const unlink = (p: string): Call => ({ fn: "path_unlink_file", args: [3, { str: p }] });
const rename = (a: string, b: string): Call => ({ fn: "path_rename", args: [3, { str: a }, 3, { str: b }] });
const link = (a: string, b: string, lookup = NOFOLLOW): Call => ({ fn: "path_link", args: [3, lookup, { str: a }, 3, { str: b }] });
const symlink = (target: string, p: string): Call => ({ fn: "path_symlink", args: [{ str: target }, 3, { str: p }] });
const readlink = (p: string, n = 64): Call => ({ fn: "path_readlink", args: [3, { str: p }, { out: n }, n, { out: 4 }] });
const readdir = (fd: Arg, cookie: number | { i64: string } = 0, n = 4096): Call => ({ fn: "fd_readdir", args: [fd, { out: n }, n, cookie, { out: 4 }] });
const poll = (slot: number, n: number): Call => ({ fn: "poll_oneoff", args: [SUBS_AT + slot * SUB_SLOT, { out: 32 * n }, n, { out: 4 }] });
const sock = (fn: string, fd: Arg): Call => {
  const args: Record<string, Arg[]> = {
    sock_recv: [fd, 0, 0, 0, { out: 4 }, { out: 4 }],
    sock_send: [fd, 0, 0, 0, { out: 4 }],
    sock_shutdown: [fd, 3],
    sock_accept: [fd, 0, { out: 4 }],
  };
  return { fn, args: args[fn]! };
};

// ---- what is compared besides errnos ----
type Projection = (r: CallResult) => unknown;
const u32 = (h: string, at = 0): number => Buffer.from(h, "hex").readUInt32LE(at);
const u64 = (h: string, at: number): bigint => Buffer.from(h, "hex").readBigUInt64LE(at);
/** Bytes a read put in guest memory (only the count it reported). */
const bytesRead: Projection = (r) => (r.errno === 0 ? r.outs[0]!.slice(0, u32(r.outs[1]!) * 2) : null);
const count: Projection = (r) => (r.errno === 0 ? u32(r.outs[0]!) : null);
const offset: Projection = (r) => (r.errno === 0 ? u64(r.outs[0]!, 0) : null);
/** filetype, nlink, size (dev/ino/times differ between the two trees). */
const statBasics: Projection = (r) => {
  if (r.errno !== 0) return null;
  const type = Buffer.from(r.outs[0]!, "hex").readUInt8(16);
  return { type, nlink: u64(r.outs[0]!, 24), size: type === 3 ? "dir" : u64(r.outs[0]!, 32) };
};
const statTimes: Projection = (r) => (r.errno === 0 ? { atim: u64(r.outs[0]!, 40), mtim: u64(r.outs[0]!, 48) } : null);
/** Whether the base rights hold FD_READ, FD_SEEK, FD_TELL, FD_WRITE (what a directory must not carry). */
const byteRights: Projection = (r) => (r.errno === 0 ? Number(u64(r.outs[0]!, 8) & 0x66n) : null);
const fdFlags: Projection = (r) => (r.errno === 0 ? Buffer.from(r.outs[0]!, "hex").readUInt16LE(2) : null);
const linkTarget: Projection = (r) => (r.errno === 0 ? r.outs[0]!.slice(0, u32(r.outs[1]!) * 2) : null);
/** Entry names and types of a readdir buffer (sorted: order is each file system's own). */
const direntNames: Projection = (r) => {
  if (r.errno !== 0) return null;
  const buf = Buffer.from(r.outs[0]!, "hex");
  const used = u32(r.outs[1]!);
  const names: string[] = [];
  for (let at = 0; at + 24 <= used; ) {
    const len = buf.readUInt32LE(at + 16);
    if (at + 24 + len > used) break;
    names.push(`${buf.subarray(at + 24, at + 24 + len).toString()}:${buf.readUInt8(at + 20)}`);
    at += 24 + len;
  }
  return names.sort();
};
/** Events as (userdata, error, type, nbytes, flags), sorted by userdata. */
const events: Projection = (r) => {
  if (r.errno !== 0) return null;
  const n = u32(r.outs[1]!);
  const b = Buffer.from(r.outs[0]!, "hex");
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const at = k * 32;
    out.push(`${b.readBigUInt64LE(at)}:${b.readUInt16LE(at + 8)}:${b.readUInt8(at + 10)}:${b.readBigUInt64LE(at + 16)}:${b.readUInt16LE(at + 24)}`);
  }
  return out.sort();
};

interface Case {
  readonly name: string;
  readonly tree?: FsTree;
  /** Calls; a [call, projection] pair also compares that projection of the result. */
  readonly calls: (Call | [Call, Projection])[];
  /** Only these bases (default both); the others' difference has its own test below. */
  readonly only?: "memory";
}

const T: FsTree = { f: enc("hello"), d: { g: enc("g"), sub: {} }, empty: {} };

const CASES: Case[] = [
  // ---- rights ----
  { name: "fd_read on a write-only fd is BADF", calls: [open("f", { rights: WR, bind: "x" }), read("x"), [pread("x", 0), count]] },
  { name: "fd_write on a read-only fd is BADF", calls: [open("f", { rights: RD, bind: "x" }), write("x", "no"), pwrite("x", "no", 0), [pread("x", 0), bytesRead]] },
  // ---- O_APPEND and fdflags ----
  {
    name: "O_APPEND writes go to the end whatever the position",
    calls: [open("f", { rights: RW, fdflags: APPEND, bind: "x" }), seek("x", 0), write("x", "AB"), [tell("x"), offset], [pread("x", 0), bytesRead], [fdstat("x"), fdFlags]],
  },
  {
    name: "fd_fdstat_set_flags turns APPEND on and off",
    calls: [
      open("f", { rights: RW, bind: "x" }), setFlags("x", APPEND), [fdstat("x"), fdFlags], seek("x", 0), write("x", "12"),
      setFlags("x", 0), seek("x", 0), write("x", "Z"), [pread("x", 0), bytesRead], setFlags("x", 2),
    ],
  },
  {
    name: "fd_pwrite on an APPEND fd appends and leaves the position",
    calls: [open("f", { rights: RW, fdflags: APPEND, bind: "x" }), seek("x", 1), pwrite("x", "PQ", 0), [tell("x"), offset], [pread("x", 0), bytesRead]],
  },
  // ---- truncation ----
  {
    name: "fd_filestat_set_size shrinks, grows with zeros, keeps the position",
    calls: [
      open("f", { rights: RW, bind: "x" }), seek("x", 4), setSize("x", 2), [tell("x"), offset], setSize("x", 6),
      [pread("x", 0), bytesRead], [fstat("x"), statBasics], write("x", "W"), [pread("x", 0), bytesRead],
    ],
  },
  { name: "fd_filestat_set_size on a read-only fd is INVAL", calls: [open("f", { rights: RD, bind: "x" }), setSize("x", 1), [stat("f"), statBasics]] },
  { name: "O_TRUNC empties an existing file", calls: [open("f", { rights: RW, oflags: O_TRUNC, bind: "x" }), [fstat("x"), statBasics], [read("x"), bytesRead]] },
  { name: "a write past EOF leaves a hole of zeros", calls: [open("h", { rights: RW, oflags: O_CREAT, bind: "x" }), pwrite("x", "E", 10), [pread("x", 0), bytesRead], [fstat("x"), statBasics]] },
  // ---- directories ----
  {
    name: "fd_readdir lists entries with cookies; a cookie past the end is empty",
    calls: [
      [readdir(3), direntNames], [readdir(3, 1000), direntNames], open("d", { oflags: O_DIRECTORY, bind: "d" }), [readdir(v("d")), direntNames],
      open("f", { bind: "x" }), readdir(v("x")),
    ],
  },
  { name: "fd_readdir with a tiny buffer fills it (bufused == buf_len)", calls: [[readdir(3, 0, 30), (r) => (r.errno === 0 ? u32(r.outs[1]!) : null)]] },
  {
    name: "path_create_directory: new, existing, missing parent, trailing slash, over a file",
    calls: [mkdir("n"), mkdir("n"), mkdir("nope/x"), mkdir("m/"), mkdir("f"), mkdir("f/x"), [stat("m"), statBasics], mkdir("."), mkdir("..")],
  },
  {
    name: "path_remove_directory: empty, non-empty, a file, dots, trailing slash",
    calls: [rmdir("empty"), rmdir("d"), rmdir("f"), rmdir("."), rmdir("nope"), rmdir("d/.."), rmdir("f/"), [stat("d/sub"), statBasics]],
  },
  {
    name: "path_rename with trailing slashes on directories, and kinds that do not fit",
    calls: [
      rename("f/", "f2"), rename("empty/", "e2/"), [stat("e2"), statBasics], rename("e2", "e3/"), [stat("e3"), statBasics],
      rename("d", "f"), rename("f", "d"), rename("nope", "x"), mkdir("q"), rename("q", "d"), rename(".", "x"), rename("q", ".."), rename("q", "d/.."),
    ],
  },
  { name: "path_rename over an empty directory and into itself", calls: [mkdir("a"), mkdir("b"), rename("a", "b"), [stat("b"), statBasics], rename("d", "d/sub/x"), rename("d", "d/sub")] },
  {
    name: "path_unlink_file: a file, a directory, trailing slash, missing",
    calls: [unlink("d"), unlink("f/"), unlink("nope"), unlink("f"), [stat("f"), statBasics], unlink("d/g")],
  },
  // ---- hard links ----
  {
    name: "path_link: nlink counts, existing target, directory source, unlink keeps the other name",
    calls: [
      link("f", "g"), [stat("f"), statBasics], link("f", "d/g"), link("d", "dl"), link("nope", "x"), link("f", "g", FOLLOW),
      unlink("f"), [stat("g"), statBasics], open("g", { bind: "x" }), [read("x"), bytesRead],
    ],
  },
  // ---- symlinks ----
  {
    name: "path_symlink and path_readlink (also a short buffer)",
    calls: [
      symlink("f", "l"), [readlink("l"), linkTarget], [readlink("l", 0), linkTarget], symlink("d/g", "l2"), [readlink("l2", 2), linkTarget],
      readlink("f"), readlink("nope"), symlink("x", "l"), symlink("x", "f"), symlink("/etc/passwd", "abs"), symlink("x", "nope/l"),
    ],
  },
  {
    name: "path_open follows a symlink only with SYMLINK_FOLLOW",
    calls: [
      symlink("f", "l"), open("l", { bind: "x" }), [read("x"), bytesRead], open("l", { lookup: NOFOLLOW }),
      open("l", { lookup: NOFOLLOW, oflags: O_DIRECTORY }), symlink("d", "ld"), open("ld/g", { lookup: NOFOLLOW, bind: "y" }), [read("y"), bytesRead],
      open("ld", { oflags: O_DIRECTORY, bind: "z" }), [readdir(v("z")), direntNames],
    ],
  },
  {
    name: "path_filestat_get and set_times with and without SYMLINK_FOLLOW",
    calls: [symlink("f", "l"), [stat("l", FOLLOW), statBasics], [stat("l", NOFOLLOW), statBasics], times("l", 0b0101, FOLLOW), [stat("f"), statTimes], symlink("dangling-target", "dl"), stat("dl", FOLLOW), [stat("dl", NOFOLLOW), statBasics]],
  },
  {
    name: "symlink loops are LOOP; climbing out through a link is PERM",
    calls: [symlink("b", "a"), symlink("a", "b"), open("a"), stat("a"), mkdir("a/x"), symlink("..", "up"), open("up/f"), symlink("self/x", "self"), open("self")],
  },
  {
    name: "O_CREAT through a dangling symlink creates its target; with EXCL it is EXIST",
    calls: [symlink("made", "dl"), open("dl", { oflags: O_CREAT | O_EXCL, rights: RW }), open("dl", { oflags: O_CREAT, rights: RW, bind: "x" }), write("x", "hi"), [stat("made"), statBasics], open("dl", { oflags: O_CREAT, rights: RW, lookup: NOFOLLOW })],
  },
  {
    name: "unlink and rename act on the symlink, not its target",
    calls: [symlink("d", "ld"), rename("ld", "ld2"), [stat("ld2", NOFOLLOW), statBasics], unlink("ld2"), [stat("d"), statBasics], symlink("d", "ld"), rmdir("ld"), unlink("ld/"), rename("ld/", "x")],
  },
  // ---- times ----
  {
    name: "path_filestat_set_times and fd_filestat_set_times set the given times; ATIM with ATIM_NOW is INVAL",
    calls: [times("f", 0b0101), [stat("f"), statTimes], times("f", 0b0011), times("f", 0b1100), open("f", { bind: "x" }), fdTimes("x", 0b0101), [fstat("x"), statTimes], fdTimes("x", 0b0011), times("nope", 0b0101)],
  },
  {
    name: "set_times keep nanoseconds exactly (path and fd)",
    only: "memory",
    calls: [
      { fn: "path_filestat_set_times", args: [3, FOLLOW, { str: "f" }, { i64: "1700000000123456789" }, { i64: "1700000001987654321" }, 0b0101] }, [stat("f"), statTimes],
      open("f", { bind: "x" }), { fn: "fd_filestat_set_times", args: [v("x"), { i64: "1600000000000000001" }, { i64: "1600000000999999999" }, 0b0101] }, [fstat("x"), statTimes],
    ],
  },
  // ---- poll_oneoff ----
  { name: "poll_oneoff: two clocks, only the earliest fires", calls: [[poll(0, 2), events]] },
  { name: "poll_oneoff: a file is ready at once, before a clock", calls: [open("f", { bind: "x" }), [poll(1, 2), events]] },
  { name: "poll_oneoff: fd_write on a file is ready, nbytes 1", calls: [open("f", { rights: RW, bind: "x" }), [poll(2, 2), events]] },
  { name: "poll_oneoff: a directory fd fails the call with BADF", calls: [[poll(3, 2), events]] },
  { name: "poll_oneoff: an unknown fd fails the call with BADF", calls: [[poll(4, 2), events]] },
  { name: "poll_oneoff: an unknown clock, a CPU-time clock, an unknown event type are INVAL", calls: [poll(5, 1), poll(6, 1), poll(8, 1)] },
  { name: "poll_oneoff: an absolute realtime clock in the past fires at once", calls: [[poll(7, 1), events]] },
  {
    name: "a directory fd carries no FD_SEEK (nor FD_READ, FD_WRITE, FD_TELL) right, whatever path_open asked",
    calls: [[{ fn: "fd_fdstat_get", args: [3, { out: 24 }] }, byteRights], open("d", { oflags: O_DIRECTORY, rights: RW, bind: "d" }), [fdstat("d"), byteRights], seek("d", 0), tell("d")],
  },
  // ---- sockets ----
  {
    name: "sock_* on a file or directory is NOTSOCK, on a bad fd BADF",
    calls: [open("f", { bind: "x" }), sock("sock_recv", v("x")), sock("sock_send", v("x")), sock("sock_shutdown", 3), sock("sock_accept", 3), sock("sock_recv", 99), sock("sock_shutdown", 99), sock("sock_send", 99), sock("sock_accept", 99)],
  },
];

// ---- running both sides ----
const dirs: string[] = [];
process.on("exit", () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const callsOf = (c: Case): Call[] => c.calls.map((x) => (Array.isArray(x) ? x[0] : x));

function runWasmtime(cases: readonly Case[]): OracleResult[] {
  const oracle = path.join(path.dirname(new URL(import.meta.url).pathname), "support", "wasmtime-oracle.py");
  const req = {
    wat: wat(),
    cases: cases.map((c) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-p1-"));
      dirs.push(dir);
      writeHostTree(dir, c.tree ?? T);
      return { name: c.name, preopens: [{ host: dir, guest: "/" }], calls: callsOf(c) };
    }),
  };
  const r = spawnSync("python3", [oracle], { input: JSON.stringify(req), encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`wasmtime oracle failed (${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { results: OracleResult[] }).results;
}

let module: WebAssembly.Module | undefined;
async function runMemory(c: Case): Promise<CallResult[]> {
  return runOn("memory", c);
}

/** Runs a case on `base`: `memory` gets the tree in memory, `node` a fresh temp directory holding it. */
async function runOn(base: "memory" | "node", c: Case): Promise<CallResult[]> {
  if (module === undefined) {
    const wabt = await wabtInit();
    module = await WebAssembly.compile(wabt.parseWat("p1.wat", wat()).toBinary({}).buffer as Uint8Array<ArrayBuffer>);
  }
  let preopens;
  if (base === "node") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-p1n-"));
    dirs.push(dir);
    writeHostTree(dir, c.tree ?? T);
    preopens = [{ guest: "/", host: dir }];
  } else preopens = [{ guest: "/", tree: c.tree ?? T }];
  const wasi = await WasiOs.create(module, { base, preopens });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  wasi.initialize(instance);
  const memory = instance.exports["memory"] as WebAssembly.Memory;
  return runCalls(
    {
      call: (name, ...args) => (instance.exports[`p_${name}`] as (...a: (number | bigint)[]) => number)(...args) ?? 0,
      bytes: () => new Uint8Array(memory.buffer),
      view: () => new DataView(memory.buffer),
    },
    callsOf(c),
  );
}

const t = suite("preview1 on the memory and node bases, checked against wasmtime");
let oracle: OracleResult[] = [];
t.before(() => {
  oracle = runWasmtime(CASES);
});

const show = (x: unknown): string => JSON.stringify(x, (_k, val: unknown) => (typeof val === "bigint" ? val.toString() : val));

for (const base of ["memory", "node"] as const) for (const [i, c] of CASES.entries()) {
  if (c.only !== undefined && c.only !== base) continue;
  t(base === "memory" ? c.name : `${c.name} (node)`, async () => {
    const want = oracle[i]!;
    assert.is(want.error, null, `wasmtime failed: ${want.error}`);
    const got = await runOn(base, c);
    const calls = callsOf(c);
    const names = (rs: CallResult[]): string[] => rs.map((r, k) => `${calls[k]!.fn}:${errnoName(r.errno)}`);
    assert.equal(names(got), names(want.calls), `errnos (${base} vs wasmtime)`);
    c.calls.forEach((x, k) => {
      if (!Array.isArray(x)) return;
      assert.is(show(x[1](got[k]!)), show(x[1](want.calls[k]!)), `${calls[k]!.fn} #${k}`);
    });
  });
}

t("every preview1 behaviour of the issue has a case", () => {
  const fns = new Set(CASES.flatMap((c) => callsOf(c).map((x) => x.fn)));
  for (const fn of ["fd_fdstat_set_flags", "fd_pwrite", "fd_filestat_set_size", "fd_readdir", "path_create_directory", "path_remove_directory", "path_rename", "path_link", "path_symlink", "path_readlink", "path_filestat_get", "path_filestat_set_times", "poll_oneoff", "sock_recv"]) {
    assert.ok(fns.has(fn), fn);
  }
});

t("poll_oneoff sleeps for a clock without spinning the CPU", async () => {
  const c: Case = { name: "sleep", calls: [poll(0, 2)] };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const [r] = await runMemory(c);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  assert.is(r!.errno, 0);
  assert.ok(wall >= 20, `woke after ${wall} ms`);
  // The 20 ms sleep itself costs no CPU; the rest is instantiation.
  assert.ok((cpu.user + cpu.system) / 1000 < wall + 5, `cpu ${(cpu.user + cpu.system) / 1000} ms for ${wall} ms`);
});

// Deliberate differences from wasmtime, where Linux (the CPython oracle of the conformance
// scenarios rmdir/trailing_slash and rename/file_trailing_slash_enotdir) answers otherwise and
// the guest's os module passes the path through unchanged.
t("rmdir of \"d/\" removes d (Linux; wasmtime answers INVAL)", async () => {
  const got = await runMemory({ name: "rmdir", calls: [rmdir("d/sub/"), stat("d/sub")] });
  assert.equal(got.map((r) => errnoName(r.errno)), ["ESUCCESS", "ENOENT"]);
});

t("rename of a file to \"x/\" is NOTDIR (Linux; wasmtime ignores the slash)", async () => {
  const got = await runMemory({ name: "rename", calls: [rename("f", "f2/"), stat("f")] });
  assert.equal(got.map((r) => errnoName(r.errno)), ["ENOTDIR", "ESUCCESS"]);
});

t("node: set_times keep times to the microsecond, below wasmtime's nanoseconds (Node's utimes takes seconds as a double)", async () => {
  const i = CASES.findIndex((c) => c.name.startsWith("set_times keep nanoseconds"));
  const c = CASES[i]!;
  const got = await runOn("node", c);
  const want = oracle[i]!.calls;
  for (const k of [1, 4]) {
    const g = statTimes(got[k]!) as { atim: bigint; mtim: bigint };
    const w = statTimes(want[k]!) as { atim: bigint; mtim: bigint };
    for (const f of ["atim", "mtim"] as const) {
      const d = w[f] - g[f];
      assert.ok(d >= -1000n && d < 1000n, `${f}: ${g[f]} vs wasmtime ${w[f]}`);
    }
  }
});

t("poll_oneoff: a file is ready for reading and writing at once (Linux poll(2); wasmtime reports only the write)", async () => {
  const got = await runMemory({ name: "rw", calls: [open("f", { rights: RW, bind: "x" }), poll(9, 2)] });
  assert.equal(events(got[1]!), ["2:0:1:1:0", "3:0:2:1:0"]);
});

t.run();
