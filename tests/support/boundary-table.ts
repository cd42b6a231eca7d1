/**
 * The boundary sweep: for every guest function with integer arguments, each integer argument
 * in turn takes every boundary value (0, 1, -1, 2**31-1, 2**31, 2**32, 2**62, 2**63-1, -2**63),
 * the others fixed at ordinary values. `npm run boundary` (scripts/boundary.ts) writes one
 * scenario per (function, argument) to scenarios/boundary/; the conformance run compares each
 * step with CPython on every base, and tests/boundary.test.ts holds the checked-in files to
 * this table. Values a row leaves out say why (`skip`). strerror is not swept: errno numbers
 * are the platform's (WASI's in the guest, Linux's in the oracle), so scenarios name errnos.
 */

export const BOUNDARY_VALUES = ["0", "1", "-1", "2**31-1", "2**31", "2**32", "2**62", "2**63-1", "-2**63"] as const;
export type Boundary = (typeof BOUNDARY_VALUES)[number];

export interface SweepArg {
  /** The argument's name, as in Python's signature. */
  readonly name: string;
  /** The value used while another argument is swept. */
  readonly normal: string;
  /** Swept (default true): false for non-integer arguments (bytes, paths, lists). */
  readonly sweep?: boolean;
  /** Boundary values left out, with the reason (machine-dependent answers). */
  readonly skip?: { readonly values: readonly Boundary[]; readonly why: string };
}

export interface SweepRow {
  readonly fn: string;
  /** Setup and steps before the swept call (bind `f`, `g`, ...). */
  readonly before: readonly string[];
  readonly args: readonly SweepArg[];
  /** Steps after each swept call (e.g. showing the position), with `{}` unused. */
  readonly after?: readonly string[];
}

/** fds 0 and 1 are the stdio streams: /dev/null for CPython, the result channel for the guest. */
const FD_SKIP = { values: ["0", "1"] as const, why: "fds 0 and 1 are stdio: /dev/null in the oracle, the results channel in the guest" };
/** A size CPython allocates up front (PyBytes of that size): MemoryError or not depends on the machine. */
const ALLOC_SKIP = { values: ["2**31-1", "2**31", "2**32", "2**62", "2**63-1"] as const, why: "CPython allocates the whole buffer first: the answer depends on the machine's memory" };

/** os.NONE is -2**63: an explicit -2**63 offset is Python's None to the AssemblyScript API. */
const NONE_SKIP = { values: ["-2**63"] as const, why: "-2**63 is os.NONE in the AssemblyScript API (Python's None), so it cannot stand for itself" };
/** posix_fallocate reserves real space: gigabytes on the oracle's disk, the memory base's 1 GiB byte cap. */
const ALLOCATE_SKIP = { values: ["2**31-1", "2**31", "2**32"] as const, why: "reserves that much real space: the answer depends on free disk (oracle) or the byte cap (memory: 1 GiB)" };

const fd = (name = "fd", normal = "f"): SweepArg => ({ name, normal, skip: FD_SKIP });
const int = (name: string, normal: string, skip?: SweepArg["skip"]): SweepArg => (skip === undefined ? { name, normal } : { name, normal, skip });
const fixed = (name: string, normal: string): SweepArg => ({ name, normal, sweep: false });

const FILE = `@file a.txt b"0123456789"`;
const RW = `f = open "a.txt" O_RDWR`;
const RO = `f = open "a.txt" O_RDONLY`;

export const SWEEP: readonly SweepRow[] = [
  { fn: "read", before: [FILE, RO], args: [fd(), int("n", "4", ALLOC_SKIP)] },
  { fn: "readinto", before: [FILE, RO], args: [fd(), int("n", "4", ALLOC_SKIP)] },
  { fn: "pread", before: [FILE, RO], args: [fd(), int("n", "4", ALLOC_SKIP), int("offset", "2")] },
  { fn: "write", before: [FILE, RW], args: [fd(), fixed("data", `b"xy"`)] },
  { fn: "pwrite", before: [FILE, RW], args: [fd(), fixed("data", `b"xy"`), int("offset", "3")], after: ["fstat f"] },
  { fn: "readv", before: [FILE, RO], args: [fd(), fixed("buffers", "[2, 3]")] },
  { fn: "writev", before: [FILE, RW], args: [fd(), fixed("buffers", `[b"ab", b"cd"]`)] },
  { fn: "preadv", before: [FILE, RO], args: [fd(), fixed("buffers", "[2, 3]"), int("offset", "1")] },
  { fn: "pwritev", before: [FILE, RW], args: [fd(), fixed("buffers", `[b"ab", b"cd"]`), int("offset", "1")], after: ["fstat f"] },
  { fn: "lseek", before: [FILE, RO], args: [fd(), int("pos", "3"), int("how", "SEEK_SET")] },
  { fn: "ftruncate", before: [FILE, RW], args: [fd(), int("length", "4")], after: ["fstat f"] },
  { fn: "posix_fallocate", before: [FILE, RW], args: [fd(), int("offset", "0"), int("len", "16", ALLOCATE_SKIP)], after: ["fstat f"] },
  { fn: "posix_fadvise", before: [FILE, RO], args: [fd(), int("offset", "0"), int("len", "0"), int("advice", "POSIX_FADV_NORMAL")] },
  {
    fn: "sendfile",
    before: [FILE, `@file b.txt b""`, `f = open "b.txt" O_WRONLY`, `g = open "a.txt" O_RDONLY`],
    args: [fd("out_fd", "f"), fd("in_fd", "g"), int("offset", "1", NONE_SKIP), int("count", "4")],
    after: ["fstat f"],
  },
  {
    fn: "copy_file_range",
    before: [FILE, `@file b.txt b""`, `g = open "a.txt" O_RDONLY`, `f = open "b.txt" O_WRONLY`],
    args: [fd("src", "g"), fd("dst", "f"), int("count", "4"), int("offset_src", "1", NONE_SKIP), int("offset_dst", "2", NONE_SKIP)],
    after: ["fstat f"],
  },
  { fn: "dup", before: [FILE, RO], args: [fd()] },
  { fn: "dup2", before: [FILE, RO], args: [fd(), fd("fd2", "f+5"), fixed("inheritable", "True")] },
  { fn: "fchmod", before: [FILE, RO], args: [fd(), int("mode", "0o600")], after: ["fstat f st_mode"] },
  { fn: "close", before: [FILE, RO], args: [fd()] },
  { fn: "fstat", before: [FILE, RO], args: [fd()] },
  { fn: "fsync", before: [FILE, RW], args: [fd()] },
  { fn: "fdatasync", before: [FILE, RW], args: [fd()] },
  { fn: "isatty", before: [FILE, RO], args: [fd()] },
  { fn: "device_encoding", before: [FILE, RO], args: [fd()] },
  { fn: "get_inheritable", before: [FILE, RO], args: [fd()] },
  { fn: "set_inheritable", before: [FILE, RO], args: [fd(), int("inheritable", "True")], after: ["get_inheritable f"] },
  { fn: "get_blocking", before: [FILE, RO], args: [fd()] },
  { fn: "set_blocking", before: [FILE, RO], args: [fd(), int("blocking", "False")], after: ["get_blocking f"] },
  { fn: "truncate", before: [FILE], args: [fixed("path", `"a.txt"`), int("length", "4")], after: [`stat "a.txt"`] },
];

/** The boundary scenarios, by file name (scenarios/boundary/<fn>_<arg>.scn): their text. */
export function boundaryScenarios(): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of SWEEP) {
    for (const [k, arg] of row.args.entries()) {
      if (arg.sweep === false) continue;
      const values = BOUNDARY_VALUES.filter((v) => !(arg.skip?.values as readonly string[] | undefined)?.includes(v));
      const lines = [`# ${row.fn} with ${arg.name} at each 64-bit boundary value answers as CPython does (generated by npm run boundary from tests/support/boundary-table.ts)`];
      if (arg.skip !== undefined) lines.push(`# left out: ${arg.skip.values.join(", ")}: ${arg.skip.why}`);
      const setup = row.before.filter((l) => l.startsWith("@"));
      const steps = row.before.filter((l) => !l.startsWith("@"));
      lines.push(...setup, ...steps);
      for (const v of values) {
        const args = row.args.map((a, j) => (j === k ? v : a.normal));
        lines.push([row.fn, ...args].join(" "));
        lines.push(...(row.after ?? []));
      }
      out.set(`${row.fn}_${arg.name}.scn`, lines.join("\n") + "\n");
    }
  }
  return out;
}
