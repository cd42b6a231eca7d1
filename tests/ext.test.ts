// The extension ABI (docs/abi.md) through the adapter, on every base, driven by the probe guest.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import wabtInit from "wabt";
import { BASES, WasiOs, AbiVersionError, type BaseName } from "../host/index.ts";
import { Errno } from "../src/errno.ts";
import { COPY_USE_POS_DST, COPY_USE_POS_SRC, DUP2_INHERITABLE, LEVELS, PIPE_NONBLOCK } from "../src/abi/ext.ts";
import { availability } from "../src/availability.ts";
import { probe, type Probe } from "./support/probe.ts";
import { preopenFor } from "./support/bases.ts";

const RW = 0x2n | 0x4n | 0x20n | 0x40n | 0x4000n | 0x200000n | 0x400000n;
const RDONLY = 0x2n | 0x4n | 0x20n | 0x200000n;
const O_CREAT = 1;
const PATH = 1000;
const OUT = 2000;
const IOV = 3000;
const DATA = 4000;
const SCRATCH = 65536;
const SCRATCH_LEN = 65536;
const enc = new TextEncoder();

/** Opens `name` in the preopen; read-only opens expect the file to exist (no O_CREAT). */
function open(p: Probe, name: string, rights = RW): number {
  const len = p.putString(PATH, name);
  const ret = p.call("path_open", 3, 0, PATH, len, rights === RW ? O_CREAT : 0, rights, 0n, 0, OUT);
  assert.is(ret, Errno.ESUCCESS, `open ${name}`);
  return p.view().getUint32(OUT, true);
}

function write(p: Probe, fd: number, text: string): number {
  const b = enc.encode(text);
  p.bytes().set(b, DATA);
  p.view().setUint32(IOV, DATA, true);
  p.view().setUint32(IOV + 4, b.length, true);
  const ret = p.call("fd_write", fd, IOV, 1, OUT);
  return ret === Errno.ESUCCESS ? p.view().getUint32(OUT, true) : -ret;
}

function read(p: Probe, fd: number, size: number): string | number {
  p.view().setUint32(IOV, DATA, true);
  p.view().setUint32(IOV + 4, size, true);
  const ret = p.call("fd_read", fd, IOV, 1, OUT);
  if (ret !== Errno.ESUCCESS) return -ret;
  return new TextDecoder().decode(p.bytes().slice(DATA, DATA + p.view().getUint32(OUT, true)));
}

function tell(p: Probe, fd: number): bigint {
  assert.is(p.call("fd_tell", fd, OUT), Errno.ESUCCESS);
  return p.view().getBigUint64(OUT, true);
}

const u32 = (p: Probe): number => p.view().getUint32(OUT, true);

for (const base of BASES) {
  const t = suite(`extension ABI on ${base}`);
  const make = (tree = {}, more: { fdLimit?: number } = {}) => probe({ base, preopens: [preopenFor(base, tree)], ...more });
  const copy = (p: Probe, src: number, dst: number, count: bigint, offSrc: bigint, offDst: bigint, flags: number, scratchLen = SCRATCH_LEN) => {
    const ret = p.ext("fd_copy_range", src, dst, count, offSrc, offDst, flags, SCRATCH, scratchLen, OUT);
    return ret === Errno.ESUCCESS ? p.view().getBigUint64(OUT, true) : -ret;
  };

  t("abi_version reports 1", async () => {
    const p = await make();
    assert.is(p.ext("abi_version", OUT), Errno.ESUCCESS);
    assert.is(u32(p), 1);
  });

  t("dup gives the lowest free fd sharing the offset", async () => {
    const p = await make();
    const a = open(p, "a.txt");
    assert.is(p.ext("fd_dup", a, OUT), Errno.ESUCCESS);
    const b = u32(p);
    assert.is(b, a + 1);
    assert.is(write(p, a, "hello"), 5);
    assert.is(tell(p, b), 5n);
  });

  t("dup of a closed fd is EBADF and beyond the fd limit EMFILE", async () => {
    const p = await make({}, { fdLimit: 5 });
    assert.is(p.ext("fd_dup", 9, OUT), Errno.EBADF);
    open(p, "a.txt");
    assert.is(p.ext("fd_dup", 4, OUT), Errno.EMFILE);
  });

  t("closing one alias keeps the other working", async () => {
    const p = await make({ "a.txt": enc.encode("abc") });
    const a = open(p, "a.txt");
    p.ext("fd_dup", a, OUT);
    const b = u32(p);
    assert.is(p.call("fd_close", a), Errno.ESUCCESS);
    assert.is(read(p, b, 3), "abc");
    assert.is(p.call("fd_close", b), Errno.ESUCCESS);
    assert.is(p.call("fd_close", b), Errno.EBADF);
  });

  t("dup2 closes fd2 first and returns fd2", async () => {
    const p = await make({ "a.txt": enc.encode("abc"), "b.txt": enc.encode("xyz") });
    const a = open(p, "a.txt");
    const b = open(p, "b.txt");
    assert.is(p.ext("fd_dup2", a, b, DUP2_INHERITABLE, OUT), Errno.ESUCCESS);
    assert.is(u32(p), b);
    assert.is(read(p, b, 3), "abc");
  });

  t("dup2 to a free high fd, to itself, and its errors", async () => {
    const p = await make({}, { fdLimit: 64 });
    const a = open(p, "a.txt");
    assert.is(p.ext("fd_dup2", a, 40, DUP2_INHERITABLE, OUT), Errno.ESUCCESS);
    assert.is(u32(p), 40);
    assert.is(p.ext("fd_dup2", a, a, DUP2_INHERITABLE, OUT), Errno.ESUCCESS);
    assert.is(p.ext("fd_dup2", a, a, 0, OUT), Errno.EINVAL, "dup3 refuses equal fds");
    assert.is(p.ext("fd_dup2", 30, a, 0, OUT), Errno.EBADF);
    assert.is(p.call("fd_filestat_get", a, OUT), Errno.ESUCCESS, "fd2 stays open after a bad dup2");
    assert.is(p.ext("fd_dup2", a, -1, 0, OUT), Errno.EBADF);
    assert.is(p.ext("fd_dup2", a, 64, 0, OUT), Errno.EBADF);
  });

  t("inheritable flags: stdio yes, opened and dup'd no, dup2 as asked", async () => {
    const p = await make();
    const flag = (fd: number): number => (p.ext("fd_inheritable_get", fd, OUT), u32(p));
    assert.is(flag(1), 1);
    const a = open(p, "a.txt");
    assert.is(flag(a), 0);
    p.ext("fd_dup", a, OUT);
    assert.is(flag(u32(p)), 0);
    p.ext("fd_dup2", a, 20, DUP2_INHERITABLE, OUT);
    assert.is(flag(20), 1);
    p.ext("fd_dup2", a, 21, 0, OUT);
    assert.is(flag(21), 0);
    assert.is(p.ext("fd_inheritable_set", a, 1), Errno.ESUCCESS);
    assert.is(flag(a), 1);
    assert.is(p.ext("fd_inheritable_get", 99, OUT), Errno.EBADF);
  });

  t("fd_close_range closes the half-open range and ignores gaps", async () => {
    const p = await make();
    const a = open(p, "a.txt");
    const b = open(p, "b.txt");
    const c = open(p, "c.txt");
    assert.is(p.ext("fd_close_range", a, c), Errno.ESUCCESS);
    assert.is(p.call("fd_filestat_get", a, OUT), Errno.EBADF);
    assert.is(p.call("fd_filestat_get", b, OUT), Errno.EBADF);
    assert.is(p.call("fd_filestat_get", c, OUT), Errno.ESUCCESS);
  });

  t("pipe moves bytes, then EOF once the write end is closed", async () => {
    const p = await make();
    assert.is(p.ext("pipe", 0, OUT), Errno.ESUCCESS);
    const r = p.view().getUint32(OUT, true);
    const w = p.view().getUint32(OUT + 4, true);
    assert.equal([r, w], [4, 5]);
    assert.is(write(p, w, "ping"), 4);
    assert.is(read(p, r, 10), "ping");
    assert.is(read(p, r, 10), -Errno.EDEADLK, "a blocking read that could never complete");
    p.call("fd_close", w);
    assert.is(read(p, r, 10), "");
  });

  t("pipe write without a reader is EPIPE; the ends are one-way", async () => {
    const p = await make();
    p.ext("pipe", 0, OUT);
    const r = p.view().getUint32(OUT, true);
    const w = p.view().getUint32(OUT + 4, true);
    assert.is(read(p, w, 1), -Errno.EBADF);
    assert.is(write(p, r, "x"), -Errno.EBADF);
    p.call("fd_close", r);
    assert.is(write(p, w, "x"), -Errno.EPIPE);
  });

  t("non-blocking pipe: EAGAIN when empty, 65536 bytes fit", async () => {
    const p = await make();
    p.ext("pipe", PIPE_NONBLOCK, OUT);
    const r = p.view().getUint32(OUT, true);
    const w = p.view().getUint32(OUT + 4, true);
    assert.is(read(p, r, 1), -Errno.EAGAIN);
    p.view().setUint32(IOV, 10000, true);
    p.view().setUint32(IOV + 4, 70000, true);
    assert.is(p.call("fd_write", w, IOV, 1, OUT), Errno.ESUCCESS);
    assert.is(u32(p), 65536);
    assert.is(write(p, w, "x"), -Errno.EAGAIN);
  });

  t("a pipe is not seekable, not a directory, and reports S_IFIFO", async () => {
    const p = await make();
    p.ext("pipe", 0, OUT);
    const r = p.view().getUint32(OUT, true);
    assert.is(p.call("fd_seek", r, 0n, 0, OUT), Errno.ESPIPE);
    assert.is(p.call("fd_sync", r), Errno.EINVAL);
    assert.is(p.call("fd_readdir", r, DATA, 100, 0n, OUT), Errno.ENOTDIR);
    assert.is(p.ext("fd_mode_get", r, OUT), Errno.ESUCCESS);
    assert.is(u32(p), 0o010600);
    assert.is(p.call("fd_fdstat_get", r, OUT), Errno.ESUCCESS);
    assert.is(p.view().getUint8(OUT), 0, "filetype unknown");
  });

  t("poll_oneoff reports a pipe with data as readable", async () => {
    const p = await make();
    p.ext("pipe", 0, OUT);
    const r = p.view().getUint32(OUT, true);
    const w = p.view().getUint32(OUT + 4, true);
    write(p, w, "x");
    const sub = 5000;
    p.bytes().fill(0, sub, sub + 48);
    p.view().setBigUint64(sub, 77n, true);
    p.view().setUint8(sub + 8, 1);
    p.view().setUint32(sub + 16, r, true);
    assert.is(p.call("poll_oneoff", sub, 6000, 1, OUT), Errno.ESUCCESS);
    assert.is(u32(p), 1);
    assert.is(p.view().getBigUint64(6000, true), 77n);
    assert.is(p.view().getUint16(6008, true), 0);
  });

  t("fd_copy_range copies with offsets and leaves positions alone", async () => {
    const p = await make({ "src.txt": enc.encode("0123456789") });
    const s = open(p, "src.txt", RDONLY);
    const d = open(p, "dst.txt");
    assert.is(copy(p, s, d, 4n, 2n, 3n, 0), 4n);
    assert.is(tell(p, s), 0n);
    assert.is(tell(p, d), 0n);
    assert.is(read(p, d, 10), "\0\0\x002345");
  });

  t("fd_copy_range with the position flags advances both positions", async () => {
    const p = await make({ "src.txt": enc.encode("0123456789") });
    const s = open(p, "src.txt", RDONLY);
    const d = open(p, "dst.txt");
    read(p, s, 2);
    assert.is(copy(p, s, d, 5n, 0n, 0n, COPY_USE_POS_SRC | COPY_USE_POS_DST), 5n);
    assert.is(tell(p, s), 7n);
    assert.is(tell(p, d), 5n);
  });

  t("fd_copy_range takes the path the report promises", async () => {
    const p = await make({ "src.txt": enc.encode("0123456789") });
    const s = open(p, "src.txt", RDONLY);
    const d = open(p, "dst.txt");
    copy(p, s, d, 10n, 0n, 0n, 0);
    const expected = availability(base, "copy_file_range").level === "native" ? "native" : "fallback";
    assert.is(p.wasi.copyPaths.last, expected);
  });

  t("fd_copy_range errors follow Linux's order", async () => {
    const p = await make({ "src.txt": enc.encode("0123456789"), d: {} });
    const s = open(p, "src.txt", RDONLY);
    const d = open(p, "dst.txt");
    const dir = open(p, "d", RDONLY);
    assert.is(copy(p, 40, d, 1n, 0n, 0n, 0), -Errno.EBADF);
    assert.is(copy(p, dir, d, 1n, 0n, 0n, 0), -Errno.EISDIR);
    assert.is(copy(p, d, s, 1n, 0n, 0n, 0), -Errno.EBADF, "source write-only side / destination read-only");
    assert.is(copy(p, s, d, 1n, -1n, 0n, 0), -Errno.EOVERFLOW);
    assert.is(copy(p, s, d, 4n, 0n, -5n, 0), -Errno.EINVAL);
    assert.is(copy(p, s, d, 0n, 0n, 0n, 0), 0n);
    assert.is(copy(p, s, d, 4n, 20n, 0n, 0), 0n, "at or past the end");
    assert.is(copy(p, s, s, 4n, 0n, 2n, 0), -Errno.EBADF, "a read-only fd is no destination");
    const rw = open(p, "src.txt");
    assert.is(copy(p, rw, rw, 4n, 0n, 2n, 0), -Errno.EINVAL, "overlapping ranges of one file");
    assert.is(copy(p, rw, rw, 2n, 0n, 5n, 0), 2n, "non-overlapping ranges of one file");
  });

  t("fd_copy_range into a pipe is EINVAL", async () => {
    const p = await make({ "src.txt": enc.encode("0123456789") });
    const s = open(p, "src.txt", RDONLY);
    p.ext("pipe", 0, OUT);
    const w = p.view().getUint32(OUT + 4, true);
    assert.is(copy(p, s, w, 4n, 0n, 0n, 0), -Errno.EINVAL);
  });

  t("fd_copy_range touches no guest memory but the scratch and the result", async () => {
    const p = await make({ "src.txt": enc.encode("0123456789".repeat(1000)) });
    const s = open(p, "src.txt", RDONLY);
    const d = open(p, "dst.txt");
    const mem = p.bytes();
    mem.fill(0xa5, 0, SCRATCH);
    mem.fill(0x5a, SCRATCH + SCRATCH_LEN);
    const before = mem.slice();
    assert.is(p.ext("fd_copy_range", s, d, 10000n, 0n, 0n, 0, SCRATCH, SCRATCH_LEN, OUT), Errno.ESUCCESS);
    const after = p.bytes();
    for (let k = 0; k < after.length; k++) {
      const lent = (k >= SCRATCH && k < SCRATCH + SCRATCH_LEN) || (k >= OUT && k < OUT + 8);
      if (!lent && after[k] !== before[k]) assert.unreachable(`byte ${k} changed outside the lent regions`);
    }
  });

  t("fd_copy_range out-of-bounds pointers give EFAULT", async () => {
    const p = await make({ "src.txt": enc.encode("0123456789") });
    const s = open(p, "src.txt", RDONLY);
    const d = open(p, "dst.txt");
    const end = p.bytes().length;
    assert.is(p.ext("fd_copy_range", s, d, 4n, 0n, 0n, 0, end - 10, 4096, OUT), Errno.EFAULT);
    assert.is(p.ext("fd_copy_range", s, d, 4n, 0n, 0n, 0, SCRATCH, 4096, end - 4), Errno.EFAULT);
  });

  t("fd_chmod stores the mode where the base can reach it, else ENOSYS", async () => {
    const p = await make();
    open(p, "a.txt");
    const a = open(p, "a.txt", RDONLY);
    const level = availability(base, "fchmod");
    const ret = p.ext("fd_chmod", a, 0o600);
    if (level.level === "not available") {
      assert.is(ret, Errno[level.errno ?? "ENOSYS"]);
      assert.is(p.ext("fd_mode_get", a, OUT), Errno.ENOSYS);
    } else {
      assert.is(ret, Errno.ESUCCESS);
      assert.is(p.ext("fd_mode_get", a, OUT), Errno.ESUCCESS);
      assert.is(u32(p), 0o100600);
    }
    assert.is(p.ext("fd_chmod", 99, 0o600), Errno.EBADF);
  });

  t("availability answers what the report says", async () => {
    const p = await make();
    const len = p.putString(PATH, "copy_file_range");
    assert.is(p.ext("availability", PATH, len, OUT, OUT + 4), Errno.ESUCCESS);
    const a = availability(base, "copy_file_range");
    assert.is(LEVELS[u32(p)], a.level);
    const len2 = p.putString(PATH, "no_such_function");
    assert.is(p.ext("availability", PATH, len2, OUT, OUT + 4), Errno.ENOENT);
  });

  t.run();
}

const x = suite("extension ABI versions");

async function moduleImporting(namespace: string, name: string): Promise<WebAssembly.Module> {
  const wabt = await wabtInit();
  const bin = wabt
    .parseWat("v.wat", `(module (import "${namespace}" "${name}" (func (param i32) (result i32))) (memory (export "memory") 1) (func (export "_start")))`)
    .toBinary({}).buffer as Uint8Array<ArrayBuffer>;
  return WebAssembly.compile(bin);
}

x("a guest built for a newer extension ABI is refused with both versions named", async () => {
  const m = await moduleImporting("wasi_os_v2", "abi_version");
  try {
    await WasiOs.create(m, { base: "memory" as BaseName });
    assert.unreachable("instantiation should be refused");
  } catch (e) {
    assert.instance(e, AbiVersionError);
    assert.match((e as Error).message, "wasi_os_v2");
    assert.match((e as Error).message, "wasi_os_v1");
  }
});

x("a guest importing a function this version lacks is refused by name", async () => {
  const m = await moduleImporting("wasi_os_v1", "fd_teleport");
  try {
    await WasiOs.create(m);
    assert.unreachable("instantiation should be refused");
  } catch (e) {
    assert.instance(e, AbiVersionError);
    assert.match((e as Error).message, "fd_teleport");
  }
});

x.run();
