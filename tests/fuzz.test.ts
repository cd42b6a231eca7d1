// Property-based fuzzing of the adapter (issue 3): random calls of every extension function and
// every preview1 import, on every base, through the probe guest (tests/support/probe.ts).
//
// For every call: (a) no JS exception escapes into the guest; (b) the answer is a WASI errno
// (0..76); (c) guest memory outside the regions the call was given — per the ABI tables
// (src/abi/preview1.ts, src/abi/ext.ts): out-pointers with their sizes, buf+len, iovec arrays and
// the buffers they name, subscriptions and events — is byte-for-byte unchanged; (e) it returns
// within a time budget (a blocking pipe read must answer EDEADLK, never wait). Across a base's
// run (d) at least a third of the calls succeed: the generators are weighted towards valid
// arguments (open fds of the kind the function wants, pointers into a free area, sane lengths),
// with closed and bad fds, pointers at and beyond the end of memory, huge and negative
// lengths/offsets and random flags mixed in.
//
// Reproduce: FUZZ_SEED=<seed> (default a fixed seed) and FUZZ_RUNS=<runs> (sequences of
// CALLS_PER_RUN calls on a fresh probe per base; default enough for 10,000 calls per base).
// On failure the seed, the base and the shrunk call sequence (with the concrete arguments of
// the failing call) are printed. FUZZ_TRACE=1 prints every call before it is made (for a call
// that kills the process); FUZZ_VERBOSE=1 prints calls and successes per function;
// FUZZ_SKIP=<base>:<function>,... skips calls while triaging one bug (never in CI).
//
// Not called, on purpose:
// - `proc_exit` ends the guest (the adapter throws ProcExit to unwind `_start`); `proc_raise`
//   asks to deliver a signal, which may end the process: both legitimately end or suspend it.
// Bounded, on purpose (they would otherwise legitimately take long, which is not a bug):
// - `poll_oneoff` clock subscriptions time out within 0..1 ms (relative) or at 0/1 ns (absolute).
// - Offsets/sizes that can grow a file (pwrite offset, seek, set_size, allocate, the copy's
//   destination offset) are either <= 1 MiB or far beyond every base's maximum file size
//   (>= 2^45: EFBIG), never a few GiB that a base would really allocate or that a later copy
//   would then really move; a run stops early if its calls moved more than GROWTH_LIMIT bytes
//   (repeated self-copies can double a file each time).
// - Path names come from a small vocabulary inside the preopen; symlink targets never point
//   outside it (escapes are tests/sandbox.test.ts's business; this must not touch the host).
import { writeSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { BASES, type BaseName } from "../host/index.ts";
import { PREVIEW1, type ImportSpec, type Param } from "../src/abi/preview1.ts";
import { EXT } from "../src/abi/ext.ts";
import { Errno, errnoName } from "../src/errno.ts";
import { probe, type Probe } from "./support/probe.ts";
import { preopenFor } from "./support/bases.ts";

const DEFAULT_SEED = 0x5eed_2024;
const CALLS_PER_RUN = 100;
const DEFAULT_RUNS = 102; // 102 sequences of 100 slots (a rare slot is empty): >= 10,000 calls
const MIN_CALLS = 10_000;
const SEED = process.env["FUZZ_SEED"] === undefined ? DEFAULT_SEED : Number(process.env["FUZZ_SEED"]);
const RUNS = process.env["FUZZ_RUNS"] === undefined ? DEFAULT_RUNS : Number(process.env["FUZZ_RUNS"]);
/** FUZZ_SKIP=base:function,...: skip those calls (triage only: by default nothing is skipped). */
const SKIP = new Set((process.env["FUZZ_SKIP"] ?? "").split(",").filter((x) => x !== ""));
/** FUZZ_TRACE=1: print every call before making it (to find a call that crashes the process). */
const TRACE = process.env["FUZZ_TRACE"] !== undefined;
/** A call slower than this fails (e): nothing here may wait (generous for disk syncs on CI). */
const CALL_BUDGET_MS = 500;
/** A call still running after this long is a hang: the watchdog prints it and kills the process. */
const HANG_MS = 10_000;
/** Bytes written/copied per run before the run stops (see the header). */
const GROWTH_LIMIT = 64 * 2 ** 20;

const EXCLUDED = new Set(["proc_exit", "proc_raise"]);
const MAX_ERRNO = Object.keys(Errno).length - 1; // 76, ENOTCAPABLE

// ---- guest memory layout (the probe has 2 pages) ----
const MEM = 2 * 65536;
/** Each parameter k gets a private 256-byte slot for its out value, path, iovec array or subscriptions. */
const SLOT0 = 1024;
const SLOT_SIZE = 256;
/** Buffers iovecs and output buffers point at. */
const DATA = 8192;
const DATA_SPAN = 40_000;
/** fd_copy_range's lent scratch: the last 64 KiB. */
const SCRATCH = 65536;

// ---- rights and flags ----
const RIGHTS_ALL = (1n << 29n) - 1n;
/** What a directory may hold and hand down on every base (uvwasi refuses sock_shutdown, and file-only rights on a directory). */
const INHERIT = RIGHTS_ALL & ~(1n << 28n);
const DIR_RIGHTS = INHERIT & ~(0x1n | 0x2n | 0x4n | 0x10n | 0x20n | 0x40n | 0x80n | 0x100n | 0x400000n);
const RW = 0x2n | 0x4n | 0x20n | 0x40n | 0x4000n | 0x200000n | 0x400000n;
const RDONLY = 0x2n | 0x4n | 0x20n | 0x200000n;
const O_CREAT = 1;
const O_DIRECTORY = 2;
const O_EXCL = 4;
const O_TRUNC = 8;
const FD_WRITE = 0x40n;

// ---- the generated call, symbolically (so a shrunk sequence stays meaningful) ----
type FdKind = "file" | "ro" | "dir" | "pipeR" | "pipeW" | "stdin" | "stdout";
type FdSel = { t: "open"; kind: FdKind; i: number } | { t: "closed"; i: number } | { t: "raw"; v: number };
type PtrSel = { t: "slot"; off: number } | { t: "at"; v: number } | { t: "end"; back: number };
type LenSel = { t: "exact" } | { t: "delta"; d: number } | { t: "raw"; v: number };
/** A byte length: a number, or "fit" (up to the end of memory). */
type BufLen = number | "fit";
type Sub =
  | { tag: "clock"; user: bigint; id: number; timeout: bigint; precision: bigint; flags: number }
  | { tag: "fd"; user: bigint; write: boolean; fd: FdSel }
  | { tag: "raw"; user: bigint; tagv: number; fill: number };
type Arg =
  | { t: "fd"; sel: FdSel }
  | { t: "fdnum"; sel: FdSel; add: number }
  | { t: "i32"; v: number }
  | { t: "i64"; v: bigint }
  | { t: "ptr"; at: PtrSel }
  | { t: "text"; at: PtrSel; text: string; len: LenSel }
  | { t: "buf"; at: PtrSel; len: BufLen; scratch: boolean }
  | { t: "iovs"; at: PtrSel; bufs: { at: PtrSel; len: BufLen }[]; count: LenSel }
  | { t: "subs"; at: PtrSel; subs: Sub[]; count: LenSel }
  | { t: "len" };
interface Call {
  readonly ns: "p" | "x";
  readonly fn: string;
  readonly args: readonly Arg[];
}

// ---- generators ----
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>): { weight: number; arbitrary: fc.Arbitrary<T> } => ({ weight, arbitrary });
const ANY: FdKind[] = ["file", "ro", "dir", "pipeR", "pipeW", "stdin", "stdout"];
const READABLE: FdKind[] = ["file", "ro", "ro", "pipeR", "stdin"];
const WRITABLE: FdKind[] = ["file", "file", "file", "pipeW", "stdout"];
const SEEKABLE: FdKind[] = ["file", "file", "ro"];
const FILE: FdKind[] = ["file"];
const DIR: FdKind[] = ["dir"];

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const smallOr = (max: number, ...more: number[]): fc.Arbitrary<number> =>
  fc.oneof(w(80, fc.integer({ min: 0, max })), w(10, fc.constantFrom(...more, 0xffffffff, 0x80000000)), w(10, int32));

const fdSel = (kinds: FdKind[]): fc.Arbitrary<FdSel> =>
  fc.oneof(
    w(84, fc.record({ t: fc.constant("open" as const), kind: fc.constantFrom(...kinds), i: fc.nat(63) })),
    w(5, fc.record({ t: fc.constant("open" as const), kind: fc.constantFrom(...ANY), i: fc.nat(63) })),
    w(5, fc.record({ t: fc.constant("closed" as const), i: fc.nat(63) })),
    w(6, fc.record({ t: fc.constant("raw" as const), v: fc.constantFrom(-1, -2147483648, 2147483647, 1023, 1024, 65535, 0x7ffffff0) })),
  );

/** A pointer: mostly the parameter's own area (at a small, often unaligned offset), sometimes anywhere, at the end or outside. */
const ptrSel = (span: number): fc.Arbitrary<PtrSel> =>
  fc.oneof(
    w(86, fc.record({ t: fc.constant("slot" as const), off: fc.nat(span) })),
    w(4, fc.record({ t: fc.constant("at" as const), v: fc.nat(MEM - 1) })),
    w(4, fc.record({ t: fc.constant("end" as const), back: fc.nat(64) })),
    w(5, fc.record({ t: fc.constant("at" as const), v: fc.constantFrom(MEM, MEM + 1, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff) })),
    w(1, fc.constant<PtrSel>({ t: "at", v: 0 })),
  );
const lenSel: fc.Arbitrary<LenSel> = fc.oneof(
  w(88, fc.constant<LenSel>({ t: "exact" })),
  w(6, fc.record({ t: fc.constant("delta" as const), d: fc.integer({ min: -3, max: 8 }) })),
  w(6, fc.record({ t: fc.constant("raw" as const), v: fc.constantFrom(0, MEM, 0x7fffffff, 0x80000000, 0xffffffff) })),
);
const bufLen: fc.Arbitrary<BufLen> = fc.oneof(
  w(60, fc.integer({ min: 1, max: 256 })),
  w(8, fc.constant(0)),
  w(20, fc.integer({ min: 257, max: 16384 })),
  w(4, fc.constant<BufLen>("fit")),
  w(8, fc.constantFrom(MEM, 0x7fffffff, 0x80000000, 0xffffffff)),
);
const scratchLen: fc.Arbitrary<BufLen> = fc.oneof(
  w(70, fc.constant<BufLen>("fit")),
  w(20, fc.constantFrom(4096, 4095, 65535, 16, 0)),
  w(10, fc.constantFrom(65537, 0x7fffffff, 0xffffffff)),
);

/** i64 positions that only read (pread, the copy's source, advise): any value is safe. */
const position = fc.oneof(
  w(60, fc.bigInt({ min: 0n, max: 128n })),
  w(15, fc.bigInt({ min: 0n, max: 1n << 20n })),
  w(12, fc.constantFrom((1n << 32n) - 1n, 1n << 32n, (1n << 32n) + 1n, 1n << 45n, 1n << 62n, (1n << 63n) - 1n)),
  w(13, fc.constantFrom(-1n, -5n, -4096n, -(1n << 63n))),
);
/** i64 values that can grow a file: small, or far beyond every base's maximum size (see the header). */
const extent = (max: bigint): fc.Arbitrary<bigint> =>
  fc.oneof(
    w(60, fc.bigInt({ min: 0n, max: 128n })),
    w(15, fc.bigInt({ min: 0n, max })),
    w(12, fc.constantFrom(1n << 45n, 1n << 53n, 1n << 62n, (1n << 63n) - 1n)),
    w(13, fc.constantFrom(-1n, -5n, -4096n, -(1n << 63n))),
  );
const rights = fc.oneof(
  w(35, fc.constant(RW)),
  w(20, fc.constant(RDONLY)),
  w(20, fc.constant(DIR_RIGHTS)),
  w(10, fc.constantFrom(0n, -1n, RIGHTS_ALL, INHERIT)),
  w(10, uint64),
);
const timestamp = fc.oneof(w(50, fc.constantFrom(0n, 1_700_000_000_000_000_000n)), w(50, uint64));

const FILES = ["a.txt", "b.txt", "d/e.txt", "new1", "new2", "d/new3", "./a.txt"];
const DIRS = [".", "d", "d/sub", "empty", "d/", "d/.."];
const ODD = ["", "nope/x", "a.txt/x", "..", "l", "l2", "é", "x".repeat(200), "a\0b"];
const DIR_PATHS = new Set(DIRS);
/** Symlink targets stay inside the preopen (no "..", no absolute path). */
const TARGETS = ["a.txt", "d", "nope", "l", "d/e.txt", "e.txt", "", "l2"];
const FUNCTION_NAMES = ["copy_file_range", "dup", "fchmod", "pipe", "open", "nope", "", "copy_file_range\0"];
const pathText = fc.oneof(w(45, fc.constantFrom(...FILES)), w(35, fc.constantFrom(...DIRS)), w(20, fc.constantFrom(...ODD)));

const clockSub: fc.Arbitrary<Sub> = fc.oneof(
  // relative, 0..1 ms (flags bit 0 clear; other bits random)
  fc.record({
    tag: fc.constant("clock" as const),
    user: uint64,
    id: fc.oneof(w(80, fc.constantFrom(0, 1, 2, 3)), w(20, int32)),
    timeout: fc.bigInt({ min: 0n, max: 1_000_000n }),
    precision: uint64,
    flags: fc.oneof(w(90, fc.constant(0)), w(10, fc.integer({ min: 0, max: 0xffff }).map((f) => f & ~1))),
  }),
  // absolute, in the past
  fc.record({
    tag: fc.constant("clock" as const),
    user: uint64,
    id: fc.constantFrom(0, 1),
    timeout: fc.constantFrom(0n, 1n),
    precision: uint64,
    flags: fc.constant(1),
  }),
);
const sub: fc.Arbitrary<Sub> = fc.oneof(
  w(40, clockSub),
  w(50, fc.record({ tag: fc.constant("fd" as const), user: uint64, write: fc.boolean(), fd: fdSel(["pipeR", "pipeW", "file", "ro", "stdin", "stdout"]) })),
  w(10, fc.record({ tag: fc.constant("raw" as const), user: uint64, tagv: fc.integer({ min: 3, max: 255 }), fill: fc.nat(255) })),
);

const I32: Record<string, fc.Arbitrary<number>> = {
  "clock_res_get.id": smallOr(3),
  "clock_time_get.id": smallOr(3),
  "fd_advise.advice": smallOr(5),
  "fd_fdstat_set_flags.flags": fc.oneof(w(85, fc.constantFrom(0, 1, 4, 5, 2, 8, 16)), w(15, int32)),
  "fd_seek.whence": smallOr(2),
  "path_open.dirflags": smallOr(1),
  "path_open.oflags": fc.oneof(
    w(90, fc.constantFrom(0, 0, 0, O_CREAT, O_CREAT, O_DIRECTORY, O_CREAT | O_EXCL, O_CREAT | O_TRUNC, O_TRUNC)),
    w(10, int32),
  ),
  "path_open.fdflags": fc.oneof(w(90, fc.constantFrom(0, 0, 0, 0, 1, 2, 4, 8, 16)), w(10, int32)),
  "fd_copy_range.flags": smallOr(3),
  "fd_dup2.flags": smallOr(1),
  "pipe.flags": smallOr(1),
  "fd_chmod.mode": fc.oneof(w(70, fc.constantFrom(0o644, 0o600, 0o7777, 0o400, 0)), w(30, int32)),
  "fd_inheritable_set.inheritable": smallOr(1),
  "fd_seek_data.whence": fc.oneof(w(85, fc.constantFrom(3, 4)), w(15, int32)),
};
const I64: Record<string, fc.Arbitrary<bigint>> = {
  "fd_advise.offset": position,
  "fd_advise.len": position,
  "fd_allocate.offset": extent(1n << 20n),
  "fd_allocate.len": extent(1n << 20n),
  "fd_filestat_set_size.size": extent(1n << 20n),
  "fd_pread.offset": position,
  "fd_pwrite.offset": extent(1n << 20n),
  "fd_seek.offset": extent(1n << 16n),
  "fd_readdir.cookie": fc.oneof(w(80, fc.bigInt({ min: 0n, max: 8n })), w(20, fc.constantFrom(-1n, 1n << 32n, (1n << 63n) - 1n))),
  "fd_copy_range.count": fc.oneof(
    w(85, extent(1n << 20n)),
    w(15, fc.constantFrom((1n << 62n), (1n << 63n) - 1n)),
  ),
  "fd_copy_range.offset_src": position,
  "fd_copy_range.offset_dst": extent(1n << 20n),
  "fd_seek_data.offset": position,
  "path_open.fs_rights_base": rights,
  "path_open.fs_rights_inheriting": fc.oneof(w(40, fc.constant(0n)), w(40, fc.constant(INHERIT)), w(20, rights)),
  "fd_fdstat_set_rights.fs_rights_base": rights,
  "fd_fdstat_set_rights.fs_rights_inheriting": rights,
  "fd_filestat_set_times.atim": timestamp,
  "fd_filestat_set_times.mtim": timestamp,
  "path_filestat_set_times.atim": timestamp,
  "path_filestat_set_times.mtim": timestamp,
};
/** fd parameters that are typed i32 in the tables (they may name a free fd). */
const FDNUM = new Set(["fd_dup2.fd2", "fd_close_range.fd_low", "fd_close_range.fd_high"]);

/** Per function: weight in the mix, and the fd kinds each fd parameter wants, in order. */
const PLAN: Record<string, { weight: number; fds?: FdKind[][] }> = {
  args_get: { weight: 1 }, args_sizes_get: { weight: 1 }, environ_get: { weight: 1 }, environ_sizes_get: { weight: 1 },
  clock_res_get: { weight: 1 }, clock_time_get: { weight: 1 }, sched_yield: { weight: 1 }, random_get: { weight: 1 },
  fd_advise: { weight: 2, fds: [SEEKABLE] },
  fd_allocate: { weight: 2, fds: [FILE] },
  fd_close: { weight: 2 },
  fd_datasync: { weight: 1, fds: [SEEKABLE] },
  fd_fdstat_get: { weight: 3 },
  fd_fdstat_set_flags: { weight: 2 },
  fd_fdstat_set_rights: { weight: 1 },
  fd_filestat_get: { weight: 3 },
  fd_filestat_set_size: { weight: 2, fds: [FILE] },
  fd_filestat_set_times: { weight: 1 },
  fd_pread: { weight: 4, fds: [READABLE] },
  fd_prestat_get: { weight: 2, fds: [DIR] },
  fd_prestat_dir_name: { weight: 2, fds: [DIR] },
  fd_pwrite: { weight: 4, fds: [WRITABLE] },
  fd_read: { weight: 6, fds: [READABLE] },
  fd_readdir: { weight: 3, fds: [DIR] },
  fd_renumber: { weight: 1 },
  fd_seek: { weight: 4, fds: [SEEKABLE] },
  fd_sync: { weight: 1, fds: [SEEKABLE] },
  fd_tell: { weight: 3, fds: [SEEKABLE] },
  fd_write: { weight: 6, fds: [WRITABLE] },
  path_create_directory: { weight: 2, fds: [DIR] },
  path_filestat_get: { weight: 3, fds: [DIR] },
  path_filestat_set_times: { weight: 1, fds: [DIR] },
  path_link: { weight: 1, fds: [DIR, DIR] },
  path_open: { weight: 9, fds: [DIR] },
  path_readlink: { weight: 2, fds: [DIR] },
  path_remove_directory: { weight: 1, fds: [DIR] },
  path_rename: { weight: 1, fds: [DIR, DIR] },
  path_symlink: { weight: 2, fds: [DIR] },
  path_unlink_file: { weight: 1, fds: [DIR] },
  poll_oneoff: { weight: 3 },
  sock_accept: { weight: 1 }, sock_recv: { weight: 1 }, sock_send: { weight: 1 }, sock_shutdown: { weight: 1 },
  abi_version: { weight: 1 },
  fd_dup: { weight: 3 },
  fd_dup2: { weight: 2 },
  fd_close_range: { weight: 1 },
  fd_chmod: { weight: 2 },
  fd_mode_get: { weight: 2 },
  fd_inheritable_get: { weight: 2 },
  fd_inheritable_set: { weight: 2 },
  fd_copy_range: { weight: 6, fds: [["ro", "file"], FILE] },
  pipe: { weight: 2 },
  fd_seek_data: { weight: 2, fds: [FILE] },
  fd_size_max_get: { weight: 1 },
  availability: { weight: 2 },
};

/** The arbitrary for one function's argument list, derived from its table entry. */
function callArb(ns: "p" | "x", spec: ImportSpec): fc.Arbitrary<Call> {
  const plan = PLAN[spec.name];
  if (plan === undefined) throw new Error(`fuzz: no plan for ${spec.name} (a new import? add it to PLAN)`);
  const lens = new Set(spec.params.flatMap((p) => (p.len === undefined ? [] : [p.len])));
  let fdIndex = 0;
  const argArb = (p: Param, k: number): fc.Arbitrary<Arg> => {
    const key = `${spec.name}.${p.name}`;
    const span = (n: number): fc.Arbitrary<PtrSel> => ptrSel(n);
    if (lens.has(p.name)) return fc.constant<Arg>({ t: "len" });
    switch (p.kind) {
      case "fd":
        return fdSel(plan.fds?.[fdIndex++] ?? ANY).map((sel): Arg => ({ t: "fd", sel }));
      case "i32":
        if (FDNUM.has(key)) {
          return fc.oneof(
            w(60, fc.record({ t: fc.constant("fdnum" as const), sel: fdSel(ANY), add: fc.constantFrom(0, 0, 1, 2) })),
            w(25, fc.record({ t: fc.constant("fdnum" as const), sel: fc.constant<FdSel>({ t: "raw", v: 0 }), add: fc.integer({ min: 5, max: 40 }) })),
            w(15, fc.record({ t: fc.constant("fdnum" as const), sel: fdSel(ANY), add: fc.constantFrom(-1, 1023, 1024, 2 ** 31 - 1) })),
          ) as fc.Arbitrary<Arg>;
        }
        return (I32[key] ?? smallOr(16)).map((v): Arg => ({ t: "i32", v }));
      case "i64":
        return (I64[key] ?? fc.oneof(w(70, fc.bigInt({ min: 0n, max: 64n })), w(30, uint64))).map((v): Arg => ({ t: "i64", v }));
      case "out":
        return span(15).map((at): Arg => ({ t: "ptr", at }));
      case "events":
        return span(15).map((at): Arg => ({ t: "ptr", at }));
      case "buf": {
        const input = spec.name === "availability" || (p.name.endsWith("path") && spec.name !== "fd_prestat_dir_name");
        if (input) {
          const text = spec.name === "availability" ? fc.constantFrom(...FUNCTION_NAMES) : spec.name === "path_symlink" && p.name === "old_path" ? fc.constantFrom(...TARGETS) : pathText;
          return fc.record({ t: fc.constant("text" as const), at: span(31), text, len: lenSel });
        }
        const scratch = spec.name === "fd_copy_range";
        return fc.record({ t: fc.constant("buf" as const), at: span(scratch ? 64 : DATA_SPAN), len: scratch ? scratchLen : bufLen, scratch: fc.constant(scratch) });
      }
      case "iovs":
        return fc.record({
          t: fc.constant("iovs" as const),
          at: span(15),
          bufs: fc.array(fc.record({ at: ptrSel(DATA_SPAN), len: bufLen }), { minLength: 0, maxLength: 8 }),
          count: lenSel,
        });
      case "subs":
        return fc.record({ t: fc.constant("subs" as const), at: span(15), subs: fc.array(sub, { minLength: 1, maxLength: 4 }), count: lenSel });
      default:
        throw new Error(`fuzz: parameter kind ${String(p.kind)}`);
    }
  };
  return fc.tuple(...spec.params.map(argArb)).map((args): Call => ({ ns, fn: spec.name, args }));
}

const SPECS: { ns: "p" | "x"; spec: ImportSpec }[] = [
  ...PREVIEW1.filter((s) => !EXCLUDED.has(s.name)).map((spec) => ({ ns: "p" as const, spec })),
  ...EXT.map((spec) => ({ ns: "x" as const, spec })),
];
const SPEC_OF = new Map(SPECS.map((s) => [`${s.ns}:${s.spec.name}`, s.spec]));
const anyCall: fc.Arbitrary<Call> = fc.oneof(...SPECS.map(({ ns, spec }) => w(PLAN[spec.name]?.weight ?? 1, callArb(ns, spec))));
/** A sequence: fixed length, but each slot shrinks to "no call" so a failure shrinks to the calls it needs. */
const sequence = fc.array(fc.option(anyCall, { nil: null, freq: 1000 }), { minLength: CALLS_PER_RUN, maxLength: CALLS_PER_RUN });

// ---- the model of the guest's fds (only for choosing arguments; never asserted) ----
class FdModel {
  readonly kinds = new Map<number, FdKind>([[0, "stdin"], [1, "stdout"], [2, "stdout"], [3, "dir"]]);
  readonly closed: number[] = [];

  resolve(sel: FdSel): number {
    if (sel.t === "raw") return sel.v;
    if (sel.t === "closed") {
      const gone = this.closed.filter((fd) => !this.kinds.has(fd));
      return gone.length > 0 ? (gone[sel.i % gone.length] ?? 200) : 200 + (sel.i % 50);
    }
    const fds = [...this.kinds].filter(([, k]) => k === sel.kind).map(([fd]) => fd);
    const pool = fds.length > 0 ? fds : [...this.kinds.keys()];
    return pool.length > 0 ? (pool[sel.i % pool.length] ?? 3) : 3;
  }

  close(fd: number): void {
    if (this.kinds.delete(fd)) this.closed.push(fd);
  }
}

// ---- materializing a call: concrete arguments, the memory it writes, the regions it is given ----
interface Concrete {
  readonly args: (number | bigint)[];
  /** [start, end) byte ranges of guest memory the call was given, clamped to memory. */
  readonly regions: [number, number][];
  /** Where each out-pointer parameter points, by name (for the fd model). */
  readonly outs: Map<string, number>;
  readonly text: Map<string, string>;
  /** What the pointed-at inputs hold (paths, subscriptions), for messages. */
  readonly notes: string[];
}

const enc = new TextEncoder();

function resolvePtr(at: PtrSel, slot: number, memLen: number): number {
  switch (at.t) {
    case "slot":
      return slot + at.off;
    case "at":
      return at.v >>> 0;
    case "end":
      return Math.max(0, memLen - at.back);
  }
}

function resolveLen(sel: LenSel, exact: number): number {
  if (sel.t === "exact") return exact;
  if (sel.t === "delta") return Math.max(0, exact + sel.d);
  return sel.v >>> 0;
}

function materialize(call: Call, spec: ImportSpec, fds: FdModel, mem: Uint8Array): Concrete {
  const view = new DataView(mem.buffer);
  const memLen = mem.length;
  const args: (number | bigint)[] = new Array<number | bigint>(spec.params.length).fill(0);
  const regions: [number, number][] = [];
  const outs = new Map<string, number>();
  const text = new Map<string, string>();
  const notes: string[] = [];
  const index = new Map(spec.params.map((p, k) => [p.name, k]));
  const give = (start: number, len: number): void => {
    const a = Math.min(start, memLen);
    const b = Math.min(start + len, memLen);
    if (b > a) regions.push([a, b]);
  };
  const put = (at: number, bytes: Uint8Array): void => {
    if (at < memLen) mem.set(bytes.subarray(0, Math.max(0, memLen - at)), at);
  };
  const setLen = (p: Param, v: number): void => {
    const k = p.len === undefined ? undefined : index.get(p.len);
    if (k !== undefined) args[k] = v | 0;
  };
  const lenArg = (p: Param): number => {
    const k = p.len === undefined ? undefined : index.get(p.len);
    return k === undefined ? 0 : Number(args[k] ?? 0) >>> 0;
  };
  const deferred: (() => void)[] = [];

  call.args.forEach((arg, k) => {
    const p = spec.params[k];
    if (p === undefined) return;
    const slot = SLOT0 + k * SLOT_SIZE;
    switch (arg.t) {
      case "len":
        return;
      case "fd":
        args[k] = fds.resolve(arg.sel);
        return;
      case "fdnum":
        args[k] = (fds.resolve(arg.sel) + arg.add) | 0;
        return;
      case "i32":
        args[k] = arg.v | 0;
        return;
      case "i64":
        args[k] = BigInt.asIntN(64, arg.v);
        return;
      case "ptr": {
        const at = resolvePtr(arg.at, slot, memLen);
        args[k] = at | 0;
        outs.set(p.name, at);
        if (p.kind === "events") deferred.push(() => give(at, lenArg(p) * 32));
        else give(at, p.size ?? 0);
        return;
      }
      case "text": {
        const at = resolvePtr(arg.at, slot, memLen);
        const bytes = enc.encode(arg.text);
        put(at, bytes);
        const len = resolveLen(arg.len, bytes.length);
        args[k] = at | 0;
        setLen(p, len);
        text.set(p.name, arg.text);
        notes.push(`${p.name}=${JSON.stringify(arg.text)}`);
        give(at, len);
        return;
      }
      case "buf": {
        const at = resolvePtr(arg.at, arg.scratch ? SCRATCH : DATA, memLen);
        const len = arg.len === "fit" ? Math.max(0, memLen - at) : arg.len >>> 0;
        args[k] = at | 0;
        setLen(p, len);
        give(at, len);
        return;
      }
      case "iovs": {
        const at = resolvePtr(arg.at, slot, memLen);
        const entry = new Uint8Array(8);
        const ev = new DataView(entry.buffer);
        arg.bufs.forEach((b, j) => {
          const bufAt = resolvePtr(b.at, DATA, memLen);
          ev.setUint32(0, bufAt, true);
          ev.setUint32(4, b.len === "fit" ? Math.max(0, memLen - bufAt) : b.len >>> 0, true);
          put(at + j * 8, entry);
        });
        const count = resolveLen(arg.count, arg.bufs.length);
        args[k] = at | 0;
        setLen(p, count);
        give(at, count * 8);
        // The buffers the iovecs name, as they are in memory now (beyond the written ones: the pattern).
        for (let j = 0; j < count && at + j * 8 + 8 <= memLen; j++) {
          give(view.getUint32(at + j * 8, true), view.getUint32(at + j * 8 + 4, true));
        }
        return;
      }
      case "subs": {
        const at = resolvePtr(arg.at, slot, memLen);
        arg.subs.forEach((s, j) => put(at + j * 48, subscription(s, fds)));
        notes.push(`subscriptions=[${arg.subs.map((s) => describeSub(s, fds)).join("; ")}]`);
        const count = resolveLen(arg.count, arg.subs.length);
        args[k] = at | 0;
        setLen(p, count);
        give(at, count * 48);
        return;
      }
    }
  });
  deferred.forEach((f) => f());
  return { args, regions, outs, text, notes };
}

function describeSub(s: Sub, fds: FdModel): string {
  if (s.tag === "clock") return `clock id=${s.id} timeout=${s.timeout}ns flags=${s.flags}`;
  if (s.tag === "fd") return `${s.write ? "fd_write" : "fd_read"} fd=${fds.resolve(s.fd)}`;
  return `tag ${s.tagv}`;
}

function subscription(s: Sub, fds: FdModel): Uint8Array {
  const bytes = new Uint8Array(48);
  const v = new DataView(bytes.buffer);
  v.setBigUint64(0, s.user, true);
  if (s.tag === "clock") {
    v.setUint8(8, 0);
    v.setUint32(16, s.id >>> 0, true);
    v.setBigUint64(24, s.timeout, true);
    v.setBigUint64(32, s.precision, true);
    v.setUint16(40, s.flags, true);
  } else if (s.tag === "fd") {
    v.setUint8(8, s.write ? 2 : 1);
    v.setUint32(16, fds.resolve(s.fd) >>> 0, true);
  } else {
    bytes.fill(s.fill, 9);
    v.setUint8(8, s.tagv);
  }
  return bytes;
}

// ---- after a successful call: keep the fd model in step ----
function track(call: Call, c: Concrete, fds: FdModel, view: DataView): void {
  const u32 = (name: string, plus = 0): number | undefined => {
    const at = c.outs.get(name);
    return at === undefined || at + plus + 4 > view.byteLength ? undefined : view.getUint32(at + plus, true);
  };
  const arg = (k: number): number => Number(c.args[k] ?? -1);
  switch (call.fn) {
    case "path_open": {
      const fd = u32("opened_fd");
      if (fd === undefined) return;
      const oflags = arg(4);
      const path = c.text.get("path") ?? "";
      const base = BigInt(c.args[5] ?? 0n);
      fds.kinds.set(fd, oflags & O_DIRECTORY || DIR_PATHS.has(path) ? "dir" : (base & FD_WRITE) !== 0n ? "file" : "ro");
      return;
    }
    case "fd_close":
      fds.close(arg(0));
      return;
    case "fd_renumber": {
      const kind = fds.kinds.get(arg(0));
      if (kind === undefined || arg(0) === arg(1)) return;
      fds.kinds.delete(arg(0));
      fds.kinds.set(arg(1), kind);
      return;
    }
    case "fd_dup": {
      const fd = u32("new_fd");
      const kind = fds.kinds.get(arg(0));
      if (fd !== undefined && kind !== undefined) fds.kinds.set(fd, kind);
      return;
    }
    case "fd_dup2": {
      const kind = fds.kinds.get(arg(0));
      if (kind !== undefined) fds.kinds.set(arg(1), kind);
      return;
    }
    case "fd_close_range":
      for (const fd of [...fds.kinds.keys()]) if (fd >= arg(0) && fd < arg(1)) fds.close(fd);
      return;
    case "pipe": {
      const r = u32("fds");
      const wr = u32("fds", 4);
      if (r !== undefined) fds.kinds.set(r, "pipeR");
      if (wr !== undefined) fds.kinds.set(wr, "pipeW");
      return;
    }
  }
}

/** Bytes a successful call moved into files (the growth guard). */
function moved(call: Call, c: Concrete, view: DataView): number {
  const at = call.fn === "fd_copy_range" ? c.outs.get("copied") : call.fn === "fd_write" || call.fn === "fd_pwrite" ? c.outs.get("nwritten") : undefined;
  if (at === undefined || at + 8 > view.byteLength) return 0;
  return call.fn === "fd_copy_range" ? Number(view.getBigUint64(at, true)) : view.getUint32(at, true);
}

// ---- the watchdog: a call that never returns cannot be timed from this thread ----
const watch = new SharedArrayBuffer(8 + 2048);
const watchState = new Int32Array(watch, 0, 2); // [calls started, in a call]
const watchText = new Uint8Array(watch, 8);
const watchdog = new Worker(
  `const { workerData } = require("node:worker_threads");
  const fs = require("node:fs");
  const state = new Int32Array(workerData.sab, 0, 2);
  const text = new Uint8Array(workerData.sab, 8);
  let last = -1, since = Date.now();
  setInterval(() => {
    const seq = Atomics.load(state, 0);
    if (seq !== last || Atomics.load(state, 1) === 0) { last = seq; since = Date.now(); return; }
    if (Date.now() - since < workerData.hangMs) return;
    const end = text.indexOf(0);
    fs.writeSync(2, "\\nfuzz: a call has not returned for " + workerData.hangMs + " ms (it blocks): " + Buffer.from(text.slice(0, end < 0 ? text.length : end)).toString() + "\\n");
    process.kill(process.pid, "SIGKILL");
  }, 200);`,
  { eval: true, workerData: { sab: watch, hangMs: HANG_MS } },
);
watchdog.unref();

function describe(call: Call, c: Concrete): string {
  const args = c.args.map((a, k) => `${spec(call).params[k]?.name ?? k}=${typeof a === "bigint" ? `${a}n` : a}`);
  const notes = c.notes.length > 0 ? ` with ${c.notes.join(", ")}` : "";
  return `${call.ns === "x" ? "wasi_os_v1" : "preview1"}.${call.fn}(${args.join(", ")})${notes}`;
}

function spec(call: Call): ImportSpec {
  const s = SPEC_OF.get(`${call.ns}:${call.fn}`);
  if (s === undefined) throw new Error(`fuzz: unknown function ${call.fn}`);
  return s;
}

// ---- one run: a fresh probe, a few valid fds, then the sequence ----
const TREE = {
  "a.txt": enc.encode("0123456789abcdef".repeat(8)),
  "b.txt": enc.encode("the quick brown fox jumps over the lazy dog\n".repeat(120)),
  d: { "e.txt": enc.encode("hello"), sub: {} },
  empty: {},
};
/**
 * Memory is refilled with this before every call: irregular non-zero bytes make stray writes
 * visible, with a zero byte every 512 bytes (as real memory has NULs) except in the last 4 KiB.
 */
const PATTERN = (() => {
  const p = new Uint8Array(MEM);
  let x = 0x9e3779b9;
  for (let k = 0; k < p.length; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    p[k] = k % 512 === 511 && k < MEM - 4096 ? 0 : (x & 0xff) | 1;
  }
  return p;
})();




interface Stats {
  calls: number;
  ok: number;
  maxMs: number;
  slowest: string;
  stopped: number;
  byFn: Map<string, [number, number]>;
}

/** The failure of one call, with everything needed to reproduce it. */
class CallFailure extends Error {}

async function setup(p: Probe, fds: FdModel): Promise<void> {
  const view = p.view();
  const open = (path: string, oflags: number, base: bigint, kind: FdKind): void => {
    const len = p.putString(SLOT0, path);
    const ret = p.call("path_open", 3, 0, SLOT0, len, oflags, base, kind === "dir" ? INHERIT : 0n, 0, SLOT0 + 512);
    assert.is(ret, Errno.ESUCCESS, `setup: open ${path}: ${errnoName(ret)}`);
    fds.kinds.set(view.getUint32(SLOT0 + 512, true), kind);
  };
  open("a.txt", 0, RW, "file");
  open("b.txt", 0, RDONLY, "ro");
  open("d", O_DIRECTORY, DIR_RIGHTS, "dir");
  for (const flags of [0, 1]) {
    assert.is(p.ext("pipe", flags, SLOT0), Errno.ESUCCESS, "setup: pipe");
    fds.kinds.set(view.getUint32(SLOT0, true), "pipeR");
    fds.kinds.set(view.getUint32(SLOT0 + 4, true), "pipeW");
  }
  assert.is(p.ext("fd_dup", 4, SLOT0), Errno.ESUCCESS, "setup: dup");
  fds.kinds.set(view.getUint32(SLOT0, true), "file");
}

async function runSequence(base: BaseName, run: number, calls: readonly (Call | null)[], stats: Stats): Promise<void> {
  const p = await probe({ base, preopens: [preopenFor(base, TREE)], stdout: () => {}, stderr: () => {} });
  const fds = new FdModel();
  try {
    await setup(p, fds);
    const shadow = new Uint8Array(MEM);
    let growth = 0;
    for (const [index, call] of calls.entries()) {
      if (call === null || SKIP.has(`${base}:${call.fn}`)) continue;
      if (growth > GROWTH_LIMIT) {
        stats.stopped++;
        return;
      }
      const mem = p.bytes();
      mem.set(PATTERN);
      const s = spec(call);
      const c = materialize(call, s, fds, mem);
      shadow.set(mem);
      const where = (): string => `${base}, property run ${run} (shrinks counted), call ${index}: ${describe(call, c)}`;
      if (TRACE) writeSync(2, `${where()}\n`);
      const label = enc.encode(where().slice(0, 2000));
      watchText.fill(0);
      watchText.set(label.subarray(0, watchText.length));
      Atomics.add(watchState, 0, 1);
      Atomics.store(watchState, 1, 1);
      let ret: unknown;
      const t0 = performance.now();
      try {
        ret = call.ns === "p" ? p.call(call.fn, ...c.args) : p.ext(call.fn, ...c.args);
      } catch (e) {
        throw new CallFailure(`(a) a JS exception escaped into the guest: ${String(e)}\n    at ${where()}`);
      } finally {
        Atomics.store(watchState, 1, 0);
      }
      const ms = performance.now() - t0;
      // (a)/(b)
      if (typeof ret !== "number" || !Number.isInteger(ret) || ret < 0 || ret > MAX_ERRNO) {
        throw new CallFailure(`(b) not a WASI errno: ${String(ret)}\n    at ${where()}`);
      }
      // (e)
      if (ms > CALL_BUDGET_MS) throw new CallFailure(`(e) took ${ms.toFixed(0)} ms (budget ${CALL_BUDGET_MS} ms)\n    at ${where()}`);
      if (ms > stats.maxMs) {
        stats.maxMs = ms;
        stats.slowest = describe(call, c);
      }
      // (c): copy the given regions over, then the rest must be identical.
      const after = p.bytes();
      if (after.length !== MEM) throw new CallFailure(`(c) memory size changed to ${after.length}\n    at ${where()}`);
      for (const [a, b] of c.regions) shadow.set(after.subarray(a, b), a);
      if (Buffer.compare(after, shadow) !== 0) {
        let first = 0;
        while (after[first] === shadow[first]) first++;
        let last = first;
        for (let k = first; k < MEM; k++) if (after[k] !== shadow[k]) last = k;
        const given = c.regions.map(([a, b]) => `[${a}, ${b})`).join(" ") || "none";
        throw new CallFailure(
          `(c) wrote guest memory outside the regions it was given: bytes ${first}..${last} changed ` +
            `(returned ${errnoName(ret)}; given: ${given})\n    at ${where()}`,
        );
      }
      stats.calls++;
      const per = stats.byFn.get(call.fn) ?? [0, 0];
      per[0]++;
      if (ret === Errno.ESUCCESS) {
        stats.ok++;
        per[1]++;
        const v = p.view();
        track(call, c, fds, v);
        growth += moved(call, c, v);
      }
      stats.byFn.set(call.fn, per);
    }
  } finally {
    // Release the base's host fds (node-wasi and node hold real ones) before the next run.
    p.ext("fd_close_range", 0, 0x7fffffff);
  }
}

for (const base of BASES) {
  const t = suite(`fuzz on ${base}`);
  t(`random calls on ${base} keep errnos valid and memory outside the given buffers intact`, async () => {
    const stats: Stats = { calls: 0, ok: 0, maxMs: 0, slowest: "", stopped: 0, byFn: new Map() };
    let run = 0;
    const t0 = performance.now();
    const details = await fc.check(
      fc.asyncProperty(sequence, async (calls) => {
        await runSequence(base, run++, calls, stats);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const ms = performance.now() - t0;
    if (details.failed) {
      const shrunk = (details.counterexample?.[0] ?? []).filter((c): c is Call => c !== null);
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      console.error(
        `\nfuzz ${base} FAILED (seed ${details.seed}, path ${details.counterexamplePath}; reproduce with FUZZ_SEED=${details.seed})\n` +
          `  ${error}\n  shrunk sequence (${shrunk.length} calls, after the setup opens a.txt rw, b.txt ro, d, two pipes, dup):\n` +
          shrunk.map((c) => `    ${c.ns === "x" ? "wasi_os_v1" : "preview1"}.${c.fn} ${JSON.stringify(c.args, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`).join("\n"),
      );
      assert.unreachable(`fuzz on ${base}: ${error}`);
    }
    const ratio = stats.ok / Math.max(1, stats.calls);
    console.log(
      `fuzz ${base}: ${stats.calls} calls in ${(ms / 1000).toFixed(1)} s, ${(ratio * 100).toFixed(1)}% succeeded, ` +
        `slowest ${stats.maxMs.toFixed(1)} ms (${stats.slowest})${stats.stopped > 0 ? `, ${stats.stopped} runs stopped by the growth guard` : ""}; seed ${SEED}`,
    );
    if (process.env["FUZZ_VERBOSE"] !== undefined) {
      for (const [fn, [n, ok]] of [...stats.byFn].sort()) console.log(`  ${fn.padEnd(24)} ${String(n).padStart(5)} calls ${String(ok).padStart(5)} ok`);
    }
    if (RUNS === DEFAULT_RUNS && SKIP.size === 0) assert.ok(stats.calls >= MIN_CALLS, `only ${stats.calls} calls (at least ${MIN_CALLS} per base)`);
    // (d)
    assert.ok(ratio >= 1 / 3, `only ${(ratio * 100).toFixed(1)}% of the calls succeeded (at least a third must)`);
  });
  t.run();
}
