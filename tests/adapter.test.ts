import { suite } from "uvu";
import * as assert from "uvu/assert";
import wabtInit from "wabt";
import { BASES, runCommand, WasiOs } from "../host/index.ts";
import { setUp } from "../host/setup.ts";
import { PREVIEW1 } from "../src/abi/preview1.ts";
import { EXT } from "../src/abi/ext.ts";
import { Errno } from "../src/errno.ts";
import { probe, type Probe } from "./support/probe.ts";
import { preopenFor } from "./support/bases.ts";

// Rights a wasi-libc guest asks for when opening read-write.
const RW = 0x2n | 0x4n | 0x20n | 0x40n | 0x4000n | 0x200000n;
const O_CREAT = 1;
const PATH = 1000;
const OUT = 2000;

function open(p: Probe, name: string, dirfd = 3): { ret: number; fd: number } {
  const len = p.putString(PATH, name);
  const ret = p.call("path_open", dirfd, 0, PATH, len, O_CREAT, RW, 0n, 0, OUT);
  return { ret, fd: p.view().getUint32(OUT, true) };
}

{
  const t = suite("import plan");
  t("an adapter for a module builds only the functions it imports; WasiOs builds every one", async () => {
    const wabt = await wabtInit();
    const m = wabt.parseWat("g.wat", `(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "wasi_os_v1" "fd_dup" (func (param i32 i32) (result i32))) (memory (export "memory") 1) (func (export "_start")))`);
    const module = new WebAssembly.Module(new Uint8Array(m.toBinary({}).buffer));
    m.destroy();
    const { adapter } = await setUp(module, {});
    assert.equal(Object.keys(adapter.wasiImport), ["fd_write"]);
    assert.equal(Object.keys(adapter.extImport), ["fd_dup"]);
    const all = await WasiOs.create(module);
    assert.is(Object.keys(all.wasiImport).length, PREVIEW1.length);
    assert.is(Object.keys(all.extImport).length, EXT.length);
  });
  t.run();
}

for (const base of BASES) {
  const t = suite(`adapter on ${base}`);
  const make = (fdLimit?: number) =>
    probe({ base, preopens: [preopenFor(base, { "a.txt": new TextEncoder().encode("hello") }, "/sandbox")], ...(fdLimit ? { fdLimit } : {}) });

  t("path_open returns the lowest free fd and reuses a closed slot", async () => {
    const p = await make();
    assert.equal(open(p, "a.txt"), { ret: 0, fd: 4 });
    assert.equal(open(p, "b.txt"), { ret: 0, fd: 5 });
    assert.is(p.call("fd_close", 4), Errno.ESUCCESS);
    assert.equal(open(p, "c.txt"), { ret: 0, fd: 4 });
  });

  t("preopen names are the adapter's, stdio fds are not preopens", async () => {
    const p = await make();
    assert.is(p.call("fd_prestat_get", 3, OUT), Errno.ESUCCESS);
    const len = p.view().getUint32(OUT + 4, true);
    assert.is(p.call("fd_prestat_dir_name", 3, PATH, len), Errno.ESUCCESS);
    assert.is(new TextDecoder().decode(p.bytes().slice(PATH, PATH + len)), "/sandbox");
    for (const fd of [0, 1, 2, 4]) assert.is(p.call("fd_prestat_get", fd, OUT), Errno.EBADF, `fd ${fd}`);
  });

  t("a pointer outside guest memory gives EFAULT instead of a trap", async () => {
    const p = await make();
    const end = p.bytes().byteLength;
    assert.is(p.call("fd_filestat_get", 3, end - 8), Errno.EFAULT);
    assert.is(p.call("fd_prestat_get", 3, -1), Errno.EFAULT);
    p.view().setUint32(OUT, end - 2, true);
    p.view().setUint32(OUT + 4, 100, true);
    assert.is(p.call("fd_write", 1, OUT, 1, OUT + 16), Errno.EFAULT);
    assert.is(p.call("args_sizes_get", end, 0), Errno.EFAULT);
  });

  t("an fd the guest does not have gives EBADF", async () => {
    const p = await make();
    assert.is(p.call("fd_filestat_get", 17, OUT), Errno.EBADF);
    assert.is(p.call("fd_close", 17), Errno.EBADF);
    assert.is(p.call("fd_close", -1), Errno.EBADF);
  });

  t("fd_renumber(x, x) leaves x open", async () => {
    const p = await make();
    const { fd } = open(p, "a.txt");
    assert.is(p.call("fd_renumber", fd, fd), Errno.ESUCCESS);
    assert.is(p.call("fd_filestat_get", fd, OUT), Errno.ESUCCESS);
  });

  t("fd_renumber moves the description and closes the target's", async () => {
    const p = await make();
    const a = open(p, "a.txt").fd;
    const b = open(p, "b.txt").fd;
    assert.is(p.call("fd_renumber", a, b), Errno.ESUCCESS);
    assert.is(p.call("fd_filestat_get", a, OUT), Errno.EBADF);
    assert.is(p.call("fd_filestat_get", b, OUT), Errno.ESUCCESS);
    assert.is(p.view().getBigUint64(OUT + 32, true), 5n, "b now refers to a.txt (5 bytes)");
    assert.is(p.call("fd_renumber", a, b), Errno.EBADF);
    assert.is(p.call("fd_renumber", b, 40), Errno.EBADF);
  });

  t("sockets calls answer ENOTSOCK on a file and EBADF on a bad fd", async () => {
    const p = await make();
    assert.is(p.call("sock_shutdown", 3, 0), Errno.ENOTSOCK);
    assert.is(p.call("sock_accept", 30, 0, OUT), Errno.EBADF);
  });

  t("opening beyond the fd limit gives EMFILE", async () => {
    const p = await make(6);
    assert.is(open(p, "a.txt").fd, 4);
    assert.is(open(p, "b.txt").fd, 5);
    assert.is(open(p, "c.txt").ret, Errno.EMFILE);
  });

  t("args and environ come from the adapter", async () => {
    const module = await (await wabtInit()).parseWat(
      "args.wat",
      `(module
        (import "wasi_snapshot_preview1" "args_sizes_get" (func $s (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 1)
        (func (export "_start") (drop (call $s (i32.const 0) (i32.const 4)))
          (call $exit (i32.add (i32.mul (i32.load (i32.const 0)) (i32.const 100)) (i32.load (i32.const 4))))))`,
    );
    const bin = module.toBinary({}).buffer as Uint8Array<ArrayBuffer>;
    const r = await runCommand(bin, { base, args: ["prog", "xy"], preopens: [preopenFor(base)] });
    assert.is(r.exitCode, 2 * 100 + 8, "argc 2, 8 bytes with NULs");
  });

  t.run();
}
