// Escape attempts against the `node` base's sandbox, each a distinct technique. Every case
// runs the same preview1 calls under wasmtime 49 (the oracle: tests/support/wasmtime-oracle.py,
// one python process for all cases) and on the `node` base, each in a fresh copy of the same
// host tree; the errnos must have the same names, and the host tree must change the same way
// (outside the preopen: not at all; inside: exactly as under wasmtime).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { errnoName } from "../src/errno.ts";
import { nodeProbe } from "./support/node-probe.ts";
import { runCalls, runWasmtime, type Call, type CallResult, type OracleResult } from "./support/wasmtime-oracle.ts";

// ---- the host tree: <W>/sandbox is the preopen, <W>/outside must stay untouched ----
function buildWorld(): string {
  const w = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-sandbox-")));
  const S = `${w}/sandbox`;
  fs.mkdirSync(`${S}/d/sub`, { recursive: true });
  fs.mkdirSync(`${w}/outside/dir`, { recursive: true });
  fs.writeFileSync(`${w}/outside/secret`, "s3cret");
  fs.writeFileSync(`${w}/outside/dir/inner`, "inner");
  fs.writeFileSync(`${S}/f`, "hello");
  fs.writeFileSync(`${S}/d/g`, "g");
  const links: [string, string][] = [
    ["etc", "/etc"],
    ["up", ".."],
    ["loop1", "loop2"],
    ["loop2", "loop1"],
    ["rel", "../outside/secret"],
    ["dangling", "../outside/new"],
    ["outdir", "../outside/dir"],
    ["chain1", "chain2"],
    ["chain2", "d/../../outside"],
    ["d/climb", "../../outside/secret"],
    ["d/ok", "../f"],
    ["abs_in", `${S}/f`],
    ["tof", "f"],
  ];
  for (const [at, target] of links) fs.symlinkSync(target, `${S}/${at}`);
  // A chain of 45 relative links: more than Linux's and wasmtime's 40 expansions.
  for (let i = 0; i < 45; i++) fs.symlinkSync(i === 44 ? "f" : `hop${i + 1}`, `${S}/hop${i}`);
  return w;
}

const worlds: string[] = [];
process.on("exit", () => worlds.forEach((w) => fs.rmSync(w, { recursive: true, force: true })));
function world(): string {
  const w = buildWorld();
  worlds.push(w);
  return w;
}

/** Everything under `root` (files: hash, mode, nlink; links: target; dirs: mode), times left out. */
function snapshot(root: string, sub: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    const full = path.join(root, rel);
    const st = fs.lstatSync(full);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out[rel] = `link ${fs.readlinkSync(full).split(root).join("<W>")}`;
    else if (st.isFile()) out[rel] = `file ${mode} n${st.nlink} ${createHash("sha1").update(fs.readFileSync(full)).digest("hex")}`;
    else if (st.isDirectory()) {
      out[rel] = `dir ${mode}`;
      for (const name of fs.readdirSync(full).sort()) walk(path.join(rel, name));
    } else out[rel] = "other";
  };
  walk(sub);
  return out;
}

// ---- call builders ----
const RW = 0x2 | 0x4 | 0x20 | 0x40 | 0x4000 | 0x200000; // what wasi-libc asks for O_RDWR
const RD = 0x2 | 0x4 | 0x20 | 0x4000;
const FOLLOW = 1;
const NOFOLLOW = 0;
const O_CREAT = 1, O_DIRECTORY = 2, O_EXCL = 4, O_TRUNC = 8;
const hex = (s: string): string => Buffer.from(s).toString("hex");

const open = (p: string, o: { oflags?: number; lookup?: number; rights?: number; dirfd?: Arg; bind?: string } = {}): Call => ({
  fn: "path_open",
  args: [o.dirfd ?? 3, o.lookup ?? FOLLOW, { str: p }, o.oflags ?? 0, o.rights ?? RD, RW, 0, { out: 4 }],
  ...(o.bind === undefined ? {} : { bind: o.bind }),
});
type Arg = Call["args"][number];
const read = (fd: string, n = 64): Call => ({ fn: "fd_read", args: [{ var: fd }, { iovout: n }, { out: 4 }] });
const write = (fd: string, data: string): Call => ({ fn: "fd_write", args: [{ var: fd }, { iov: hex(data) }, { out: 4 }] });
const stat = (p: string, lookup = FOLLOW): Call => ({ fn: "path_filestat_get", args: [3, lookup, { str: p }, { out: 64 }] });
const times = (p: string, lookup = FOLLOW): Call => ({ fn: "path_filestat_set_times", args: [3, lookup, { str: p }, { i64: "1000000000" }, { i64: "2000000000" }, 0b0101] });
const mkdir = (p: string): Call => ({ fn: "path_create_directory", args: [3, { str: p }] });
const unlink = (p: string): Call => ({ fn: "path_unlink_file", args: [3, { str: p }] });
const rmdir = (p: string): Call => ({ fn: "path_remove_directory", args: [3, { str: p }] });
const symlink = (target: string, p: string): Call => ({ fn: "path_symlink", args: [{ str: target }, 3, { str: p }] });
const readlink = (p: string, n = 64): Call => ({ fn: "path_readlink", args: [3, { str: p }, { out: n }, n, { out: 4 }] });
const link = (from: string, to: string, lookup = NOFOLLOW): Call => ({ fn: "path_link", args: [3, lookup, { str: from }, 3, { str: to }] });
const rename = (from: string, to: string): Call => ({ fn: "path_rename", args: [3, { str: from }, 3, { str: to }] });
const readdir = (fd: Arg = 3, cookie = 0): Call => ({ fn: "fd_readdir", args: [fd, { out: 4096 }, 4096, cookie, { out: 4 }] });

interface EscapeCase {
  readonly name: string;
  readonly calls: Call[];
}

/** Each technique once. Expected errnos are never typed here: wasmtime decides. */
const CASES: EscapeCase[] = [
  { name: "../ climbs out of the preopen", calls: [open("../outside/secret")] },
  { name: ".. alone names the preopen's parent", calls: [open("..")] },
  { name: "a/../../x climbs out after a real directory", calls: [open("d/../../outside/secret")] },
  { name: "empty components and dots do not hide a climb", calls: [open("d//.//..//..//outside/secret")] },
  { name: "an absolute path (/etc/passwd)", calls: [open("/etc/passwd")] },
  { name: "a host symlink to /etc as an intermediate directory", calls: [open("etc/passwd")] },
  { name: "a host symlink to /etc opened as a directory", calls: [open("etc", { oflags: O_DIRECTORY })] },
  { name: "a host symlink to .. then down into the outside", calls: [open("up/outside/secret")] },
  { name: "a relative host symlink to an outside file, followed", calls: [open("rel"), stat("rel")] },
  { name: "a relative host symlink to an outside file, not followed", calls: [open("rel", { lookup: NOFOLLOW })] },
  { name: "a chain of symlinks whose last hop leaves", calls: [open("chain1/secret"), stat("chain1")] },
  { name: "a symlink loop", calls: [open("loop1"), stat("loop1"), mkdir("loop1/x")] },
  { name: "45 chained symlinks exceed the hop limit", calls: [open("hop0"), open("hop5")] },
  { name: "a relative symlink in a subdirectory climbing two levels", calls: [open("d/climb"), open("d/ok")] },
  { name: "an absolute symlink pointing inside the preopen", calls: [open("abs_in"), stat("abs_in")] },
  { name: "readlink never hands out an absolute host path", calls: [readlink("etc"), readlink("abs_in"), readlink("rel")] },
  {
    name: "a guest-created symlink to an outside file, opened for reading",
    calls: [symlink("../outside/secret", "mine"), open("mine", { bind: "x" }), read("x")],
  },
  {
    name: "a guest-created symlink to an outside file, opened O_TRUNC for writing",
    calls: [symlink("../outside/secret", "mine"), open("mine", { oflags: O_TRUNC, rights: RW, bind: "x" }), write("x", "pwned")],
  },
  {
    name: "a guest-created symlink to an outside file, stat'ed and time-stamped",
    calls: [symlink("../outside/secret", "mine"), stat("mine"), times("mine"), times("mine", NOFOLLOW)],
  },
  { name: "a guest-created absolute symlink is refused", calls: [symlink("/etc/passwd", "abs"), open("abs")] },
  {
    name: "a guest symlink made harmless, then moved so that it climbs out",
    calls: [symlink("../outside/secret", "d/e"), rename("d/e", "e"), open("e"), stat("e")],
  },
  { name: "a symlink planted through a symlinked directory", calls: [symlink("x", "up/outside/planted"), symlink("x", "outdir/planted")] },
  {
    name: "a hard link to an outside file through a symlink",
    calls: [link("rel", "hl", FOLLOW), link("outdir/inner", "hl2"), link("rel", "hl3"), open("hl3"), stat("hl3")],
  },
  { name: "rename into the outside through a symlinked directory", calls: [rename("f", "outdir/f"), rename("f", "up/outside/f")] },
  { name: "rename out of the outside into the preopen", calls: [rename("outdir/inner", "stolen"), rename("up/outside/secret", "stolen2")] },
  { name: "path_filestat_get through an outside symlink", calls: [stat("outdir/inner"), stat("outdir"), stat("outdir", NOFOLLOW)] },
  { name: "path_create_directory through a symlink", calls: [mkdir("outdir/newdir"), mkdir("up/outside/newdir"), mkdir("dangling")] },
  { name: "unlink and rmdir through symlinked directories", calls: [unlink("outdir/inner"), unlink("up/outside/secret"), rmdir("up/outside/dir")] },
  {
    name: "O_CREAT through a dangling symlink pointing outside",
    calls: [open("dangling", { oflags: O_CREAT, rights: RW }), open("dangling", { oflags: O_CREAT, rights: RW, lookup: NOFOLLOW }), open("dangling", { oflags: O_CREAT | O_EXCL, rights: RW })],
  },
  { name: "trailing slashes on escaping symlinks", calls: [open("up/"), open("rel/"), open("../"), open("etc/"), stat("rel/"), stat("up/", NOFOLLOW)] },
  { name: "trailing slash on a dangling outside symlink with O_CREAT", calls: [open("dangling/", { oflags: O_CREAT, rights: RW }), mkdir("dangling/")] },
  {
    name: ".. relative to an opened subdirectory stops at that directory",
    calls: [open("d", { oflags: O_DIRECTORY, bind: "d" }), open("../f", { dirfd: { var: "d" } }), open("sub/../../f", { dirfd: { var: "d" } })],
  },
  { name: "times and unlink on the symlink itself leave the outside target alone", calls: [times("rel", NOFOLLOW), unlink("rel"), unlink("etc")] },
];

/** The root's readdir: names and types only (inode numbers differ between the two trees). */
function direntNames(result: CallResult): string[] {
  const buf = Buffer.from(result.outs[0] ?? "", "hex");
  const used = Buffer.from(result.outs[1] ?? "", "hex").readUInt32LE(0);
  const names: string[] = [];
  for (let at = 0; at + 24 <= used; ) {
    const len = buf.readUInt32LE(at + 16);
    const type = buf.readUInt8(at + 20);
    if (at + 24 + len > used) break;
    names.push(`${buf.subarray(at + 24, at + 24 + len).toString()}:${type}`);
    at += 24 + len;
  }
  return names.sort();
}

const READDIR_CASE: EscapeCase = {
  name: "readdir lists only the preopen, and a cookie past the end is empty",
  calls: [readdir(), readdir(3, 1000), open("d", { oflags: O_DIRECTORY, bind: "d" }), readdir({ var: "d" })],
};

const ALL = [...CASES, READDIR_CASE];
const wasmtimeWorlds = ALL.map(() => world());
let oracle: OracleResult[] = [];

const t = suite("sandbox: escapes from the node base, checked against wasmtime");

t.before(() => {
  const before = wasmtimeWorlds.map((w) => snapshot(w, "."));
  oracle = runWasmtime(ALL.map((c, i) => ({ name: c.name, preopens: [{ host: `${wasmtimeWorlds[i]}/sandbox`, guest: "/" }], calls: c.calls }))).results;
  // wasmtime itself must not have let anything out (sanity of the oracle trees).
  wasmtimeWorlds.forEach((w, i) => assert.equal(pick(snapshot(w, "."), "outside"), pick(before[i]!, "outside"), `wasmtime changed the outside in ${ALL[i]!.name}`));
});

function pick(snap: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snap).filter(([k]) => k === prefix || k.startsWith(`${prefix}/`)));
}

async function runNode(c: EscapeCase): Promise<{ w: string; results: CallResult[] }> {
  const w = world();
  const p = await nodeProbe([{ guest: "/", host: `${w}/sandbox` }]);
  try {
    return { w, results: runCalls(p, c.calls) };
  } finally {
    p.finish();
  }
}

const names = (rs: CallResult[]): string[] => rs.map((r) => errnoName(r.errno));

ALL.forEach((c, i) => {
  t(c.name, async () => {
    const expected = oracle[i]!;
    assert.is(expected.error, null, `wasmtime failed: ${expected.error}`);
    const w = world();
    const outsideBefore = pick(snapshot(w, "."), "outside");
    fs.rmSync(w, { recursive: true });
    const { w: nw, results } = await runNode(c);
    assert.equal(names(results), names(expected.calls), "errnos (node vs wasmtime)");
    // The outside is untouched, and the preopen changed exactly as wasmtime changed it.
    assert.equal(pick(snapshot(nw, "."), "outside"), outsideBefore, "outside tree");
    assert.equal(pick(snapshot(nw, "."), "sandbox"), pick(snapshot(wasmtimeWorlds[i]!, "."), "sandbox"), "sandbox tree");
    // Bytes that reached guest memory (reads, readlink) are the same too; directory listings by name.
    c.calls.forEach((call, k) => {
      if (call.fn === "fd_read" || call.fn === "path_readlink") assert.equal(results[k]!.outs, expected.calls[k]!.outs, `${call.fn} #${k}`);
      if (call.fn === "fd_readdir") assert.equal(direntNames(results[k]!), direntNames(expected.calls[k]!), `readdir #${k}`);
    });
  });
});

t("there are at least 25 distinct escape techniques", () => {
  assert.ok(CASES.length >= 25, `${CASES.length}`);
  assert.is(new Set(CASES.map((c) => c.name)).size, CASES.length);
});

t.run();

// ---- read-only preopens (PreopenSpec.readOnly) against wasmtime's preopen_dir(fs_mutable=False) ----
// fd 3 = "/ro" (read-only: f, d/g, e/, l -> f), fd 4 = "/rw" (writable: a, sub/). Every case runs
// in a fresh world on both sides; errnos must have the same names, "ro" must not change at all
// and "rw" must change exactly as under wasmtime.
function roWorld(): string {
  const w = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-ro-")));
  worlds.push(w);
  fs.mkdirSync(`${w}/ro/d`, { recursive: true });
  fs.mkdirSync(`${w}/ro/e`);
  fs.writeFileSync(`${w}/ro/f`, "hello");
  fs.writeFileSync(`${w}/ro/d/g`, "g");
  fs.symlinkSync("f", `${w}/ro/l`);
  fs.mkdirSync(`${w}/rw/sub`, { recursive: true });
  fs.writeFileSync(`${w}/rw/a`, "a");
  return w;
}
const roPreopens = (w: string) => [{ host: `${w}/ro`, guest: "/ro", readOnly: true }, { host: `${w}/rw`, guest: "/rw" }];

const WR = 0x40;
const on = (fd: Arg, c: Call): Call => ({ ...c, args: [fd, ...c.args.slice(1)] });
const setSize = (fd: string, size: number): Call => ({ fn: "fd_filestat_set_size", args: [{ var: fd }, size] });
const fdTimes = (fd: Arg, flags = 0b0101): Call => ({ fn: "fd_filestat_set_times", args: [fd, { i64: "1000000000" }, { i64: "2000000000" }, flags] });
const pathTimes = (p: string, flags: number, lookup = FOLLOW): Call => ({ fn: "path_filestat_set_times", args: [3, lookup, { str: p }, 0, 0, flags] });
const pwrite = (fd: string, data: string): Call => ({ fn: "fd_pwrite", args: [{ var: fd }, { iov: hex(data) }, 0, { out: 4 }] });
const setFlags = (fd: string, flags: number): Call => ({ fn: "fd_fdstat_set_flags", args: [{ var: fd }, flags] });
const sync = (fd: string): Call => ({ fn: "fd_sync", args: [{ var: fd }] });
const datasync = (fd: string): Call => ({ fn: "fd_datasync", args: [{ var: fd }] });

const RO_CASES: EscapeCase[] = [
  { name: "ro: reading works (open, read, stat, readlink, readdir)", calls: [open("f", { bind: "r" }), read("r"), stat("d"), readlink("l"), readdir(), open("d", { oflags: O_DIRECTORY })] },
  { name: "ro: open asking for FD_WRITE is EPERM, only that right counts", calls: [open("f", { rights: RW }), open("f", { rights: WR }), open("f", { rights: 0x1fffffff & ~WR }), open("f", { rights: 0 })] },
  { name: "ro: open for write of a missing, escaping, absolute or symlinked path is EPERM", calls: [open("missing", { rights: RW }), open("../x", { rights: RW }), open("/x", { rights: RW }), open("", { rights: RW }), open("l", { rights: RW, lookup: NOFOLLOW }), open("l", { lookup: NOFOLLOW })] },
  { name: "ro: O_CREAT and O_TRUNC are EPERM even with read rights", calls: [open("new", { oflags: O_CREAT }), open("f", { oflags: O_CREAT }), open("f", { oflags: O_CREAT | O_EXCL }), open("f", { oflags: O_TRUNC }), open("nope/new", { oflags: O_CREAT }), open("new/", { oflags: O_CREAT }), open("../x", { oflags: O_CREAT })] },
  { name: "ro: O_DIRECTORY with O_CREAT or O_TRUNC stays EINVAL", calls: [open("d", { oflags: O_DIRECTORY | O_CREAT }), open("d", { oflags: O_DIRECTORY | O_TRUNC })] },
  { name: "ro: a directory opened for write is EPERM (not EISDIR)", calls: [open("d", { oflags: O_DIRECTORY, rights: RW }), open("d", { rights: RW })] },
  { name: "ro: fd_write and fd_pwrite on a read-only fd are EBADF", calls: [open("f", { bind: "r" }), write("r", "x"), pwrite("r", "x")] },
  { name: "ro: set_size is EPERM before the size is checked", calls: [open("f", { bind: "r" }), setSize("r", 0), setSize("r", -1)] },
  { name: "ro: fd_filestat_set_times is EPERM (bad flags stay EINVAL)", calls: [open("f", { bind: "r" }), fdTimes({ var: "r" }), fdTimes({ var: "r" }, 0), fdTimes({ var: "r" }, 0b0011), fdTimes(3), open("d", { oflags: O_DIRECTORY, bind: "d" }), fdTimes({ var: "d" })] },
  { name: "ro: path_filestat_set_times is EPERM, missing or not", calls: [times("f"), times("f", NOFOLLOW), times("missing"), pathTimes("f", 0b1010), pathTimes("f", 0), pathTimes("f", 0b0011)] },
  { name: "ro: APPEND, sync and datasync on a read-only fd still work", calls: [open("f", { bind: "r" }), setFlags("r", 1), sync("r"), datasync("r"), open("f", { bind: "a" }), read("a")] },
  { name: "ro: mkdir is EPERM, existing, missing parent or escaping", calls: [mkdir("nd"), mkdir("d"), mkdir("nope/x"), mkdir("../x"), mkdir("nd/")] },
  { name: "ro: unlink and rmdir are EPERM, missing or not", calls: [unlink("f"), unlink("missing"), unlink("d"), unlink("l"), rmdir("e"), rmdir("missing"), rmdir("f")] },
  { name: "ro: symlink is EPERM before its target is checked", calls: [symlink("f", "sl"), symlink("f", "f"), symlink("/etc", "sl"), symlink("", "sl"), symlink("../x", "sl")] },
  { name: "ro: link and rename inside are EPERM", calls: [link("f", "hl"), link("missing", "hl"), link("f", "hl", FOLLOW), rename("f", "f2"), rename("missing", "f2"), rename(".", "x"), rename("d", "e")] },
  {
    name: "ro: link and rename between a read-only and a writable preopen are EPERM both ways",
    calls: [
      { fn: "path_rename", args: [4, { str: "a" }, 3, { str: "a" }] },
      { fn: "path_rename", args: [3, { str: "f" }, 4, { str: "f" }] },
      { fn: "path_link", args: [3, 0, { str: "f" }, 4, { str: "f" }] },
      { fn: "path_link", args: [4, 0, { str: "a" }, 3, { str: "a" }] },
    ],
  },
  {
    name: "ro: a subdirectory opened from it is read-only too",
    calls: [open("d", { oflags: O_DIRECTORY, bind: "d" }), open("g", { dirfd: { var: "d" }, rights: RW }), open("g", { dirfd: { var: "d" }, bind: "g" }), read("g"), on({ var: "d" }, mkdir("x")), on({ var: "d" }, unlink("g")), setSize("g", 0)],
  },
  {
    name: "ro: the writable preopen next to it still works",
    calls: [open("a", { dirfd: 4, rights: RW, bind: "w" }), write("w", "bc"), open("n", { dirfd: 4, rights: RW, oflags: O_CREAT }), on(4, mkdir("m")), { fn: "path_rename", args: [4, { str: "sub" }, 4, { str: "sub2" }] }, fdTimes({ var: "w" })],
  },
];

const ro = suite("sandbox: read-only preopens, checked against wasmtime");
const roWasmtimeWorlds = RO_CASES.map(() => roWorld());
let roOracle: OracleResult[] = [];

ro.before(() => {
  roOracle = runWasmtime(RO_CASES.map((c, i) => ({ name: c.name, preopens: roPreopens(roWasmtimeWorlds[i]!), calls: c.calls }))).results;
});

RO_CASES.forEach((c, i) => {
  ro(c.name, async () => {
    const expected = roOracle[i]!;
    assert.is(expected.error, null, `wasmtime failed: ${expected.error}`);
    const w = roWorld();
    const roBefore = snapshot(w, "ro");
    const p = await nodeProbe(roPreopens(w));
    let results: CallResult[];
    try {
      results = runCalls(p, c.calls);
    } finally {
      p.finish();
    }
    assert.equal(names(results), names(expected.calls), "errnos (node vs wasmtime)");
    assert.equal(snapshot(w, "ro"), roBefore, "the read-only tree changed");
    assert.equal(snapshot(roWasmtimeWorlds[i]!, "ro"), roBefore, "wasmtime changed the read-only tree");
    assert.equal(snapshot(w, "rw"), snapshot(roWasmtimeWorlds[i]!, "rw"), "writable tree");
    c.calls.forEach((call, k) => {
      if (call.fn === "fd_read" || call.fn === "path_readlink") assert.equal(results[k]!.outs, expected.calls[k]!.outs, `${call.fn} #${k}`);
      if (call.fn === "fd_readdir") assert.equal(direntNames(results[k]!), direntNames(expected.calls[k]!), `readdir #${k}`);
    });
  });
});

// The extension functions have no wasmtime counterpart: fd_chmod follows wasmtime's model
// (every metadata change under a read-only preopen is EPERM, as set_times), and fd_copy_range
// into a read-only preopen cannot find a writable fd there (EBADF, Linux's answer for a
// destination not open for writing); copying out of it works, host-side.
ro("ro: fd_chmod is EPERM on files and directories, and the mode stays", async () => {
  const w = roWorld();
  const modeBefore = fs.statSync(`${w}/ro/f`).mode;
  const p = await nodeProbe(roPreopens(w));
  try {
    const fd = runCalls(p, [open("f", { bind: "r" })]);
    assert.is(errnoName(fd[0]!.errno), "ESUCCESS");
    const r = Buffer.from(fd[0]!.outs[0]!, "hex").readUInt32LE(0);
    assert.is(errnoName(p.ext("fd_chmod", r, 0o600)), "EPERM");
    assert.is(errnoName(p.ext("fd_chmod", 3, 0o700)), "EPERM");
    assert.is(fs.statSync(`${w}/ro/f`).mode, modeBefore);
    // The writable preopen's files still take a chmod.
    const a = runCalls(p, [open("a", { dirfd: 4, bind: "a" })]);
    const afd = Buffer.from(a[0]!.outs[0]!, "hex").readUInt32LE(0);
    assert.is(errnoName(p.ext("fd_chmod", afd, 0o640)), "ESUCCESS");
    assert.is(fs.statSync(`${w}/rw/a`).mode & 0o777, 0o640);
  } finally {
    p.finish();
  }
});

ro("ro: fd_copy_range into a read-only preopen is EBADF, out of it copies host-side", async () => {
  const w = roWorld();
  const p = await nodeProbe(roPreopens(w));
  try {
    const rs = runCalls(p, [open("f", { bind: "src" }), open("a", { dirfd: 4, rights: RW, bind: "dst" })]);
    const [src, dst] = rs.map((r) => Buffer.from(r.outs[0]!, "hex").readUInt32LE(0));
    const OUT8 = 4096;
    // dst in the read-only tree: the only fds there are read-only ones.
    assert.is(errnoName(p.ext("fd_copy_range", dst!, src!, 5n, 0n, 0n, 0, 0, 0, OUT8)), "EBADF");
    assert.is(errnoName(p.ext("fd_copy_range", src!, 3, 5n, 0n, 0n, 0, 0, 0, OUT8)), "EISDIR");
    assert.is(errnoName(p.ext("fd_copy_range", src!, dst!, 5n, 0n, 1n, 0, 0, 0, OUT8)), "ESUCCESS");
    assert.is(p.view().getBigUint64(OUT8, true), 5n);
    assert.is(fs.readFileSync(`${w}/rw/a`, "utf8"), "ahello");
    assert.is(fs.readFileSync(`${w}/ro/f`, "utf8"), "hello");
  } finally {
    p.finish();
  }
});

// The command line: `--dir-ro HOST[::GUEST]` (src/cli.ts).
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } });

ro("cli: --dir-ro makes the guest's open(O_CREAT) fail with EPERM and leaves the directory alone", () => {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-cli-ro-")));
  worlds.push(d);
  fs.writeFileSync(`${d}/keep`, "k");
  const r = cli("run", "--dir-ro", `${d}::/`, "build/examples/fdtour.wasm");
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /open failed: \[Errno EPERM\]/);
  assert.equal(fs.readdirSync(d), ["keep"]);
  // The same directory with --dir is writable.
  const w = cli("run", "--dir", `${d}::/`, "build/examples/fdtour.wasm");
  assert.is(w.status, 0, w.stderr);
  assert.ok(fs.existsSync(`${d}/fdtour.txt`));
});

ro("cli: --dir-ro on a base that cannot enforce it is a usage error; --help lists it", () => {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-cli-ro-")));
  worlds.push(d);
  for (const host of ["memory", "node-wasi", "wasmer"]) {
    const r = cli("run", "--host", host, "--dir-ro", d, "build/examples/fdtour.wasm");
    assert.is(r.status, 2, `${host}: ${r.stderr}`);
    assert.match(r.stderr, /--dir-ro is enforced only on node/);
  }
  assert.equal(fs.readdirSync(d), []);
  assert.match(cli("--help").stdout, /--dir-ro HOST\[::GUEST\]/);
});

ro.run();
