// fd_copy_range across devices on the `node` base, against CPython's os.copy_file_range (the
// kernel's copy_file_range(2)) on the same kind of files: two preopens, one under the temp
// directory on the disk and one under /dev/shm (tmpfs, another st_dev). Across them the answer
// is EXDEV, as Linux gives; on one device the copy is host-side (`native`), never through
// guest memory. Each case runs on fresh, identical files on both sides; errnos compare by name,
// copied counts, resulting file bytes and fd positions compare as values.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Errno, errnoName } from "../src/errno.ts";
import { COPY_USE_POS_DST, COPY_USE_POS_SRC } from "../src/abi/ext.ts";
import { nodeProbe, type NodeProbe } from "./support/node-probe.ts";
import { probe } from "./support/probe.ts";

const SHM = "/dev/shm";
const R_READ = 0x2n, R_WRITE = 0x40n, R_SEEK = 0x4n, R_TELL = 0x20n;
const RD = R_READ | R_SEEK | R_TELL;
const WR = R_WRITE | R_SEEK | R_TELL;
const RW = RD | WR;
const FD_APPEND = 1;
const PATH = 1024, OUT = 2048, COPIED = 4096;

const roots: string[] = [];
process.on("exit", () => roots.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A disk directory and a /dev/shm one, or why the machine cannot run these tests. */
function devices(): { disk: string; shm: string } | string {
  if (!fs.existsSync(SHM)) return `${SHM} does not exist`;
  const disk = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-exdev-")));
  roots.push(disk);
  let shm: string;
  try {
    shm = fs.realpathSync(fs.mkdtempSync(path.join(SHM, "wasi-os-exdev-")));
  } catch (e) {
    return `cannot create a directory in ${SHM}: ${(e as Error).message}`;
  }
  roots.push(shm);
  if (fs.statSync(disk).dev === fs.statSync(shm).dev) return `${os.tmpdir()} and ${SHM} are one device`;
  return { disk, shm };
}

type Where = "disk" | "shm";
type Access = "r" | "w" | "rw" | "append" | "dir";

/** One copy_file_range call; offsets null mean Python's None (use and advance the position). */
interface Case {
  readonly name: string;
  readonly src: Where;
  readonly dst: Where;
  readonly srcAccess?: Access;
  readonly dstAccess?: Exclude<Access, "dir">;
  readonly count: number;
  readonly offSrc: number | null;
  readonly offDst: number | null;
  /** Positions set (lseek) before the call. */
  readonly posSrc?: number;
  readonly posDst?: number;
}

interface Outcome {
  /** "ok" or the errno name. */
  readonly result: string;
  readonly copied: number;
  readonly posSrc: number;
  readonly posDst: number;
  /** Hex of the destination file after the call. */
  readonly dst: string;
}

const SRC_BYTES = randomBytes(300_000);
const DST_BYTES = randomBytes(1000);

const CASES: Case[] = [
  { name: "disk -> shm, offsets None: EXDEV", src: "disk", dst: "shm", count: 5000, offSrc: null, offDst: null },
  { name: "shm -> disk, offsets given: EXDEV", src: "shm", dst: "disk", count: 5000, offSrc: 10, offDst: 20 },
  { name: "disk -> disk (one device): copies, both positions advance", src: "disk", dst: "disk", count: 100_000, offSrc: null, offDst: null, posSrc: 7, posDst: 3 },
  { name: "shm -> shm (one device), offsets given, dst grows with a gap", src: "shm", dst: "shm", count: 250_000, offSrc: 1000, offDst: 5000 },
  { name: "disk -> disk, more than the source has: clamped", src: "disk", dst: "disk", count: 1 << 20, offSrc: 290_000, offDst: 0 },
  { name: "across, destination read-only: EBADF before EXDEV", src: "disk", dst: "shm", dstAccess: "r", count: 10, offSrc: 0, offDst: 0 },
  { name: "across, destination O_APPEND: EBADF", src: "shm", dst: "disk", dstAccess: "append", count: 10, offSrc: 0, offDst: 0 },
  { name: "across, source write-only: EBADF", src: "disk", dst: "shm", srcAccess: "w", count: 10, offSrc: 0, offDst: 0 },
  { name: "across, source a directory: EISDIR", src: "disk", dst: "shm", srcAccess: "dir", count: 10, offSrc: 0, offDst: 0 },
  { name: "across, count 0", src: "disk", dst: "shm", count: 0, offSrc: 0, offDst: 0 },
  { name: "across, source at its end", src: "disk", dst: "shm", count: 10, offSrc: 300_000, offDst: 0 },
  { name: "across, source offset -1", src: "disk", dst: "shm", count: 10, offSrc: -1, offDst: 0 },
];


/** The same cases with CPython, each on fresh files; one python process. */
const PY = String.raw`
import errno, json, os, sys
req = json.load(sys.stdin)
src_bytes = bytes.fromhex(req["src"]); dst_bytes = bytes.fromhex(req["dst"])
acc = {"r": os.O_RDONLY, "w": os.O_WRONLY, "rw": os.O_RDWR, "append": os.O_WRONLY | os.O_APPEND}
out = []
for i, c in enumerate(req["cases"]):
    d = req["dirs"]
    sp = os.path.join(d[c["src"]], "py%d-src" % i); dp = os.path.join(d[c["dst"]], "py%d-dst" % i)
    open(sp, "wb").write(src_bytes); open(dp, "wb").write(dst_bytes)
    s = os.open(d[c["src"]], os.O_RDONLY) if c["srcAccess"] == "dir" else os.open(sp, acc[c["srcAccess"]])
    t = os.open(dp, acc[c["dstAccess"]])
    if c["posSrc"]: os.lseek(s, c["posSrc"], 0)
    if c["posDst"]: os.lseek(t, c["posDst"], 0)
    try:
        n = os.copy_file_range(s, t, c["count"], c["offSrc"], c["offDst"]); r = "ok"
    except OSError as e:
        n = 0; r = errno.errorcode[e.errno]
    ps = os.lseek(s, 0, 1); pd = os.lseek(t, 0, 1)
    os.close(s); os.close(t)
    out.append({"result": r, "copied": n, "posSrc": ps, "posDst": pd, "dst": open(dp, "rb").read().hex()})
json.dump(out, sys.stdout)
`;

function cpython(dirs: Record<Where, string>, cases: readonly Case[]): Outcome[] {
  const input = JSON.stringify({
    src: SRC_BYTES.toString("hex"),
    dst: DST_BYTES.toString("hex"),
    dirs,
    cases: cases.map((c) => ({ ...c, srcAccess: c.srcAccess ?? "r", dstAccess: c.dstAccess ?? "rw", posSrc: c.posSrc ?? 0, posDst: c.posDst ?? 0 })),
  });
  const r = spawnSync("python3", ["-c", PY], { input, encoding: "utf8", maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Outcome[];
}

const RIGHTS: Record<Exclude<Access, "dir">, bigint> = { r: RD, w: WR, rw: RW, append: WR };

function openAt(p: NodeProbe, dirfd: number, name: string, access: Exclude<Access, "dir">): number {
  const len = p.putString(PATH, name);
  const ret = p.call("path_open", dirfd, 1, PATH, len, 0, RIGHTS[access], RW, access === "append" ? FD_APPEND : 0, OUT);
  assert.is(errnoName(ret), "ESUCCESS", `open ${name}`);
  return p.view().getUint32(OUT, true);
}

function seekTo(p: NodeProbe, fd: number, pos: number): void {
  assert.is(p.call("fd_seek", fd, BigInt(pos), 0, OUT), Errno.ESUCCESS);
}
function tell(p: NodeProbe, fd: number): number {
  return p.call("fd_tell", fd, OUT) === Errno.ESUCCESS ? Number(p.view().getBigUint64(OUT, true)) : 0;
}

/** One case through a real guest call on the node base; files are fresh, named per case. */
async function ours(dirs: Record<Where, string>, c: Case, i: number): Promise<Outcome> {
  const srcName = `ts${i}-src`;
  const dstName = `ts${i}-dst`;
  fs.writeFileSync(path.join(dirs[c.src], srcName), SRC_BYTES);
  fs.writeFileSync(path.join(dirs[c.dst], dstName), DST_BYTES);
  const p = await nodeProbe([{ guest: "/disk", host: dirs.disk }, { guest: "/shm", host: dirs.shm }]);
  const fdOf = (w: Where): number => (w === "disk" ? 3 : 4);
  try {
    const s = c.srcAccess === "dir" ? fdOf(c.src) : openAt(p, fdOf(c.src), srcName, c.srcAccess ?? "r");
    const t = openAt(p, fdOf(c.dst), dstName, c.dstAccess ?? "rw");
    if (c.posSrc !== undefined) seekTo(p, s, c.posSrc);
    if (c.posDst !== undefined) seekTo(p, t, c.posDst);
    const flags = (c.offSrc === null ? COPY_USE_POS_SRC : 0) | (c.offDst === null ? COPY_USE_POS_DST : 0);
    p.view().setBigUint64(COPIED, 0n, true);
    const ret = p.ext("fd_copy_range", s, t, BigInt(c.count), BigInt(c.offSrc ?? 0), BigInt(c.offDst ?? 0), flags, 0, 0, COPIED);
    return {
      result: ret === Errno.ESUCCESS ? "ok" : errnoName(ret),
      copied: Number(p.view().getBigUint64(COPIED, true)),
      posSrc: c.srcAccess === "dir" ? 0 : tell(p, s),
      posDst: tell(p, t),
      dst: fs.readFileSync(path.join(dirs[c.dst], dstName)).toString("hex"),
    };
  } finally {
    p.finish();
  }
}

const t = suite("node base: copy_file_range across devices, against CPython");
const dev = devices();

if (typeof dev === "string") {
  t(`skipped: ${dev}`, () => {
    console.log(`node-exdev: skipped (${dev})`);
  });
} else {
  const dirs: Record<Where, string> = { disk: dev.disk, shm: dev.shm };
  let expected: Outcome[] = [];
  t.before(() => {
    expected = cpython(dirs, CASES);
  });

  CASES.forEach((c, i) => {
    t(c.name, async () => {
      const want = expected[i]!;
      const got = await ours(dirs, c, i);
      assert.is(got.result, want.result, "errno name (node vs CPython)");
      assert.is(got.copied, want.copied, "bytes copied");
      assert.is(got.dst, want.dst, "destination bytes");
      assert.is(got.posSrc, want.posSrc, "source position");
      assert.is(got.posDst, want.posDst, "destination position");
    });
  });

  t("the cases cover EXDEV both ways and one-device copies on both devices", () => {
    const results = expected.map((e) => e.result);
    assert.ok(results.filter((r) => r === "EXDEV").length >= 2);
    assert.ok(CASES.some((c, i) => c.src === "disk" && c.dst === "disk" && results[i] === "ok"));
    assert.ok(CASES.some((c, i) => c.src === "shm" && c.dst === "shm" && results[i] === "ok"));
  });

  // Through WasiOs (host/index.ts), the public entry: the same-device copy is recorded as
  // `native`, and guest memory changes only in the 8 bytes of the out-pointer; EXDEV writes
  // nothing at all, and is not counted as a copy.
  t("one device: host-side (copyPaths.native), guest memory untouched beyond the out-pointer", async () => {
    const big = randomBytes(3 << 20); // larger than one copy chunk
    fs.writeFileSync(path.join(dirs.disk, "big-src"), big);
    fs.writeFileSync(path.join(dirs.disk, "big-dst"), "");
    fs.writeFileSync(path.join(dirs.shm, "shm-dst"), "");
    const p = await probe({ base: "node", preopens: [{ guest: "/disk", host: dirs.disk }, { guest: "/shm", host: dirs.shm }] });
    const open = (dirfd: number, name: string, rights: bigint): number => {
      const len = p.putString(PATH, name);
      assert.is(errnoName(p.call("path_open", dirfd, 1, PATH, len, 0, rights, RW, 0, OUT)), "ESUCCESS");
      return p.view().getUint32(OUT, true);
    };
    const s = open(3, "big-src", RD);
    const d = open(3, "big-dst", RW);
    const x = open(4, "shm-dst", RW);
    // Fill guest memory with a pattern, then copy with no scratch lent.
    const mem = p.bytes();
    for (let k = 0; k < mem.length; k++) mem[k] = (k * 31 + 7) & 0xff;
    const before = p.bytes().slice();
    assert.is(p.ext("fd_copy_range", s, d, BigInt(big.length), 0n, 0n, 0, 0, 0, COPIED), Errno.ESUCCESS);
    const after = p.bytes();
    assert.is(after.length, before.length, "memory did not grow");
    const changed: number[] = [];
    for (let k = 0; k < after.length; k++) if (after[k] !== before[k]) changed.push(k);
    assert.ok(changed.every((k) => k >= COPIED && k < COPIED + 8), `bytes outside the out-pointer changed: ${changed.filter((k) => k < COPIED || k >= COPIED + 8).slice(0, 5).join(",")}`);
    assert.is(p.view().getBigUint64(COPIED, true), BigInt(big.length));
    assert.is(p.wasi.copyPaths.native, 1);
    assert.is(p.wasi.copyPaths.fallback, 0);
    assert.is(p.wasi.copyPaths.last, "native");
    assert.ok(Buffer.compare(fs.readFileSync(path.join(dirs.disk, "big-dst")), big) === 0, "copied bytes");
    // Across devices: EXDEV, no byte of guest memory written (not even the out-pointer).
    const before2 = p.bytes().slice();
    assert.is(errnoName(p.ext("fd_copy_range", s, x, 100n, 0n, 0n, 0, 0, 0, COPIED)), "EXDEV");
    assert.ok(Buffer.compare(Buffer.from(p.bytes()), Buffer.from(before2)) === 0, "EXDEV touched guest memory");
    assert.is(p.wasi.copyPaths.native, 1);
    assert.is(fs.statSync(path.join(dirs.shm, "shm-dst")).size, 0);
    for (const fd of [s, d, x, 3, 4]) p.call("fd_close", fd);
  });
}

t.run();
