// Rights dropped with fd_fdstat_set_rights, one at a time, on a file fd and on the preopened
// directory: the calls refused with ENOTCAPABLE must be exactly those node:wasi (uvwasi, which
// enforces preview1's rights table) refuses. wasmtime 49 cannot be the oracle here: it answers
// NOTSUP to every fd_fdstat_set_rights (measured) and enforces no rights. Checked on the
// `memory` and `node` bases (the ones whose descriptions the adapter reaches).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { WASI } from "node:wasi";
import wabtInit from "wabt";
import { WasiOs } from "../host/index.ts";
import { writeHostTree } from "../host/bases/host-tree.ts";
import { errnoName } from "../src/errno.ts";
import { probeWat, runCalls, type Call, type CallResult, type ProbeLike } from "./support/wasmtime-oracle.ts";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (s: string): string => Buffer.from(s).toString("hex");
const TREE = { f: enc("hello"), d: {} };
const big = (n: bigint): { i64: string } => ({ i64: n.toString() });
const FDSTAT_AT = 60000;

const RIGHT_NAMES = [
  "FD_DATASYNC", "FD_READ", "FD_SEEK", "FD_FDSTAT_SET_FLAGS", "FD_SYNC", "FD_TELL", "FD_WRITE", "FD_ADVISE",
  "FD_ALLOCATE", "PATH_CREATE_DIRECTORY", "PATH_CREATE_FILE", "PATH_LINK_SOURCE", "PATH_LINK_TARGET", "PATH_OPEN",
  "FD_READDIR", "PATH_READLINK", "PATH_RENAME_SOURCE", "PATH_RENAME_TARGET", "PATH_FILESTAT_GET",
  "PATH_FILESTAT_SET_SIZE", "PATH_FILESTAT_SET_TIMES", "FD_FILESTAT_GET", "FD_FILESTAT_SET_SIZE",
  "FD_FILESTAT_SET_TIMES", "PATH_SYMLINK", "PATH_REMOVE_DIRECTORY", "PATH_UNLINK_FILE", "POLL_FD_READWRITE", "SOCK_SHUTDOWN",
];

/** Reads fd's base and inheriting rights through the probe. */
function rightsOf(p: ProbeLike, fd: number): [bigint, bigint] {
  p.call("fd_fdstat_get", fd, FDSTAT_AT);
  return [p.view().getBigUint64(FDSTAT_AT + 8, true), p.view().getBigUint64(FDSTAT_AT + 16, true)];
}

/** Opens "f" with every right the preopen hands down, straight through the probe; its fd. */
function openFile(p: ProbeLike): number {
  const [, inh] = rightsOf(p, 3);
  p.bytes().set(enc("f"), FDSTAT_AT + 100);
  if (p.call("path_open", 3, 1, FDSTAT_AT + 100, 1, 0, inh, 0n, 0, FDSTAT_AT + 200) !== 0) return -1;
  return p.view().getUint32(FDSTAT_AT + 200, true);
}

/** The calls after dropping right `bit` from a file fd (opened with every right the preopen hands down). */
function fileCalls(p: ProbeLike, bit: number): Call[] {
  const fd = openFile(p);
  const [base] = fd < 0 ? [0n] : rightsOf(p, fd);
  const x = fd;
  return [
    { fn: "fd_fdstat_get", args: [x, { out: 24 }] },
    { fn: "fd_fdstat_set_rights", args: [x, big(base & ~(1n << BigInt(bit))), 0] },
    { fn: "fd_read", args: [x, { iovout: 4 }, { out: 4 }] },
    { fn: "fd_pread", args: [x, { iovout: 4 }, 0, { out: 4 }] },
    { fn: "fd_write", args: [x, { iov: hex("a") }, { out: 4 }] },
    { fn: "fd_pwrite", args: [x, { iov: hex("a") }, 0, { out: 4 }] },
    { fn: "fd_seek", args: [x, 0, 0, { out: 8 }] },
    { fn: "fd_tell", args: [x, { out: 8 }] },
    { fn: "fd_filestat_get", args: [x, { out: 64 }] },
    { fn: "fd_filestat_set_size", args: [x, 5] },
    { fn: "fd_filestat_set_times", args: [x, 0, 0, 0] },
    { fn: "fd_sync", args: [x] },
    { fn: "fd_datasync", args: [x] },
    { fn: "fd_advise", args: [x, 0, 0, 0] },
    { fn: "fd_allocate", args: [x, 0, 1] },
    { fn: "fd_fdstat_set_flags", args: [x, 0] },
  ];
}

/** The calls after dropping right `bit` from the preopened directory. */
function dirCalls(p: ProbeLike, bit: number): Call[] {
  const [base, inh] = rightsOf(p, 3);
  return [
    { fn: "fd_fdstat_set_rights", args: [3, big(base & ~(1n << BigInt(bit))), big(inh)] },
    { fn: "path_open", args: [3, 1, { str: "f" }, 8, 0x2 | 0x40, 0, 0, { out: 4 }] },
    { fn: "path_open", args: [3, 1, { str: "n" }, 1, 0x2 | 0x40, 0, 0, { out: 4 }] },
    { fn: "path_open", args: [3, 1, { str: "f" }, 0, 0x2, 0, 0, { out: 4 }] },
    { fn: "path_filestat_get", args: [3, 1, { str: "f" }, { out: 64 }] },
    { fn: "path_filestat_set_times", args: [3, 1, { str: "f" }, 0, 0, 0] },
    { fn: "path_create_directory", args: [3, { str: "m" }] },
    { fn: "path_symlink", args: [{ str: "f" }, 3, { str: "l" }] },
    { fn: "path_readlink", args: [3, { str: "l" }, { out: 16 }, 16, { out: 4 }] },
    { fn: "path_link", args: [3, 0, { str: "f" }, 3, { str: "h" }] },
    { fn: "path_rename", args: [3, { str: "d" }, 3, { str: "d2" }] },
    { fn: "path_unlink_file", args: [3, { str: "f" }] },
    { fn: "path_remove_directory", args: [3, { str: "d" }] },
    { fn: "fd_readdir", args: [3, { out: 256 }, 256, 0, { out: 4 }] },
    { fn: "fd_filestat_get", args: [3, { out: 64 }] },
  ];
}

type Build = (p: ProbeLike, bit: number) => Call[];
let module: WebAssembly.Module | undefined;
async function probeModule(): Promise<WebAssembly.Module> {
  if (module === undefined) {
    const wabt = await wabtInit();
    module = await WebAssembly.compile(wabt.parseWat("p1.wat", probeWat()).toBinary({}).buffer as Uint8Array<ArrayBuffer>);
  }
  return module;
}
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-rights-"));
  writeHostTree(dir, TREE);
  dirs.push(dir);
  return dir;
};
const dirs: string[] = [];
process.on("exit", () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const probeOf = (instance: WebAssembly.Instance): ProbeLike => {
  const memory = instance.exports["memory"] as WebAssembly.Memory;
  return {
    call: (name, ...args) => (instance.exports[`p_${name}`] as (...a: (number | bigint)[]) => number)(...args) ?? 0,
    bytes: () => new Uint8Array(memory.buffer),
    view: () => new DataView(memory.buffer),
  };
};

async function onUvwasi(build: Build, bit: number): Promise<CallResult[]> {
  const m = await probeModule();
  const wasi = new WASI({ version: "preview1", preopens: { "/": tmp() }, returnOnExit: true });
  const instance = await WebAssembly.instantiate(m, { wasi_snapshot_preview1: wasi.wasiImport } as WebAssembly.Imports);
  wasi.initialize({ exports: { memory: instance.exports["memory"] } } as unknown as WebAssembly.Instance);
  const p = probeOf(instance);
  return runCalls(p, build(p, bit));
}

async function onBase(base: "memory" | "node", build: Build, bit: number): Promise<CallResult[]> {
  const m = await probeModule();
  const preopens = base === "memory" ? [{ guest: "/", tree: TREE }] : [{ guest: "/", host: tmp() }];
  const wasi = await WasiOs.create(m, { base, preopens });
  const instance = await WebAssembly.instantiate(m, wasi.getImportObject());
  wasi.initialize(instance);
  const p = probeOf(instance);
  return runCalls(p, build(p, bit));
}

/** The calls refused with ENOTCAPABLE, by name and position. */
const refused = (calls: Call[], rs: CallResult[]): string[] => rs.flatMap((r, k) => (errnoName(r.errno) === "ENOTCAPABLE" ? [`${k}:${calls[k]!.fn}`] : []));

const t = suite("preview1 rights dropped one at a time, checked against node:wasi (uvwasi)");
for (const base of ["memory", "node"] as const) {
  for (const [kind, build] of [["file", fileCalls], ["directory", dirCalls]] as const) {
    for (let bit = 0; bit < RIGHT_NAMES.length; bit++) {
      t(`dropping ${RIGHT_NAMES[bit]} from a ${kind} fd refuses what uvwasi refuses, on ${base}`, async () => {
        const names: Call[] = build({ call: () => 0, bytes: () => new Uint8Array(65536), view: () => new DataView(new ArrayBuffer(65536)) }, bit);
        const want = await onUvwasi(build, bit);
        assert.is(errnoName(want[kind === "file" ? 1 : 0]!.errno), "ESUCCESS", "uvwasi accepts the drop");
        const got = await onBase(base, build, bit);
        assert.equal(refused(names, got), refused(names, want));
      });
    }
  }
}
t.run();
