/**
 * Availability, one source of truth: for every public guest `os` function and every base,
 * how it is done (`native` | `emulated` | `fallback` | `not available`) and, when not
 * available, the errno it gives. `wasi-os report`, the guest's `availability` query and the
 * README table all come from here; tests hold it to what conformance and the adapter's
 * recorded copy paths show.
 */
import { BASES, type BaseName } from "./bases.ts";
import type { GuestName } from "./guests.ts";
import type { ErrnoName } from "./errno.ts";
import type { Level } from "./abi/ext.ts";

export interface Availability {
  readonly level: Level;
  /** The errno a call gives when the level is `not available`; null otherwise. */
  readonly errno: ErrnoName | null;
  /** What works differently from CPython although the function is available. */
  readonly caveat?: string;
}

/**
 * Every public function of `wasi-os/assembly`: the "File Descriptor Operations" of Python's os
 * docs (alphabetical, as there), the path functions the tools need, then wasi-os's own helper.
 */
export const GUEST_FUNCTIONS = [
  "close", "closerange", "copy_file_range", "device_encoding", "dup", "dup2", "fchmod",
  "fdatasync", "fstat", "fsync", "ftruncate", "get_blocking", "get_inheritable", "isatty",
  "lseek", "open", "pipe", "pipe2", "posix_fadvise", "posix_fallocate", "pread", "preadinto",
  "preadv", "pwrite", "pwritev", "read", "readinto", "readv", "sendfile", "set_blocking",
  "set_inheritable", "strerror", "truncate", "write", "writev",
  "listdir", "lstat", "mkdir", "readlink", "remove", "rename", "replace", "rmdir", "scandir",
  "stat", "symlink", "unlink",
  "copyfile",
] as const;
export type GuestFunction = (typeof GUEST_FUNCTIONS)[number];

const native: Availability = { level: "native", errno: null };
const emulated: Availability = { level: "emulated", errno: null };
const fallback: Availability = { level: "fallback", errno: null };
const missing = (errno: ErrnoName): Availability => ({ level: "not available", errno });
/** Where the base cannot reach permission bits (fd_mode_get and fd_chmod answer ENOSYS). */
const typeOnly: Availability = { level: "native", errno: null, caveat: "st_mode carries the file type only: the base does not expose permission bits" };
const modeIgnored = (level: Availability["level"]): Availability => ({
  level,
  errno: null,
  caveat: "the mode argument is not applied: the base keeps its default permission bits",
});
/** wasmer shares one MemFS handle per file: a file with an open fd cannot be renamed. */
const renameBusy: Availability = {
  level: "emulated",
  errno: null,
  caveat: "a file that has an open fd cannot be renamed (EBUSY): @wasmer/wasi shares one handle per file",
};
/** Bases that cannot tell a file's holes: lseek SEEK_DATA/SEEK_HOLE see the whole file as data. */
const noHoles = (level: Availability["level"]): Availability => ({
  level,
  errno: null,
  caveat: "SEEK_DATA/SEEK_HOLE see the whole file as data (the base cannot tell holes), as Linux does on file systems without hole tracking",
});
/** @wasmer/wasi's MemFS keeps a file in one buffer: 256 MiB at most here (host/bases/wasmer-fix.ts; ext4 allows 2^44-4096). */
const small = (level: Availability["level"], extra = ""): Availability => ({
  level,
  errno: null,
  caveat: `files hold at most 256 MiB (MemFS keeps a file in one buffer in wasmer's own memory): EFBIG/EOVERFLOW past that, where ext4 allows 2^44-4096${extra}`,
});
/** What a base without permission bits shares: fchmod missing, modes neither set nor shown. */
const NO_MODES: Partial<Record<GuestFunction, Availability>> = {
  fchmod: missing("ENOSYS"),
  fstat: typeOnly,
  stat: typeOnly,
  lstat: typeOnly,
  mkdir: modeIgnored("native"),
};

/** Done by the adapter's fd table or its own objects, identically on every base. */
const ADAPTER: Partial<Record<GuestFunction, Availability>> = {
  dup: emulated,
  dup2: emulated,
  closerange: emulated,
  get_inheritable: emulated,
  set_inheritable: emulated,
  pipe: emulated,
  pipe2: emulated,
};

/** Where a base differs from "native". */
const BY_BASE: Record<BaseName, Partial<Record<GuestFunction, Availability>>> = {
  // Our own file system objects are reachable: copies are host-side, modes are stored.
  memory: {},
  // Real files through node:fs, objects reachable: host-side copies (pread/pwrite), real fchmod.
  // Node's fs has no lseek: holes are out of reach.
  node: { lseek: noHoles("native") },
  // Opaque fd table: copies loop through lent guest memory; modes are out of reach.
  "node-wasi": { ...NO_MODES, open: modeIgnored("native"), copy_file_range: fallback, copyfile: fallback, lseek: noHoles("native") },
  // host/bases/wasmer-fix.ts re-implements positions, appends, overwrites and rights checks
  // around @wasmer/wasi's own calls (its MemFS inserts on write, ignores rights, truncates
  // seek positions to 32 bits): those functions are emulated, not wasmer's own.
  wasmer: {
    copy_file_range: small("fallback"),
    copyfile: fallback,
    ...NO_MODES,
    // MemFS has no symlinks: wasmer-fix makes Linux's checks, then answers ENOTSUP.
    symlink: missing("ENOTSUP"),
    rename: renameBusy,
    replace: renameBusy,
    lseek: {
      level: "emulated",
      errno: null,
      caveat: "positions go up to 2^63-1 (no EINVAL at a file system's largest size); SEEK_DATA/SEEK_HOLE see the whole file as data",
    },
    read: emulated,
    readinto: emulated,
    readv: emulated,
    write: emulated,
    writev: emulated,
    pwrite: small("emulated"),
    pwritev: small("emulated"),
    sendfile: small("emulated"),
    posix_fallocate: small("emulated"),
    ftruncate: small("native"),
    truncate: small("native"),
    open: modeIgnored("emulated"),
  },
};

/** How `fn` is done on `base`. */
export function availability(base: BaseName, fn: GuestFunction): Availability {
  return BY_BASE[base][fn] ?? ADAPTER[fn] ?? native;
}

export function isGuestFunction(name: string): name is GuestFunction {
  return (GUEST_FUNCTIONS as readonly string[]).includes(name);
}

/** The whole matrix, as `wasi-os report --json` prints it. */
export function report(): { hosts: Record<BaseName, Record<GuestFunction, Availability>> } {
  const hosts = {} as Record<BaseName, Record<GuestFunction, Availability>>;
  for (const base of BASES) {
    const row = {} as Record<GuestFunction, Availability>;
    for (const fn of GUEST_FUNCTIONS) row[fn] = availability(base, fn);
    hosts[base] = row;
  }
  return { hosts };
}

// ---- the C guest: libwasi_os.a (c/) on wasi-libc ------------------------------------------------

/** With a caveat added to what `a` already says. */
const withCaveat = (a: Availability, caveat: string): Availability => ({ ...a, caveat: a.caveat === undefined ? caveat : `${a.caveat}; ${caveat}` });

/**
 * What a C program gets differently from the AssemblyScript guest for Python's function `fn`
 * (the calls CPython makes, as tests/guests/conformance.c makes them): wasi-libc's own
 * functions, which libwasi_os.a does not replace, pass preview1's answers through where the
 * AssemblyScript library makes Linux's checks itself. `*` holds for every base.
 */
const C_MODES: Partial<Record<GuestFunction, string>> = {
  open: "wasi-libc's open does not apply the mode argument (preview1's path_open has none): set it with fchmod",
  mkdir: "wasi-libc's mkdir does not apply the mode argument (preview1 has none): set it with chmod",
  fstat: "a file made by open(O_CREAT) shows the base's default permission bits, since wasi-libc's open drops the mode",
};
const C_FOLDER_FD: Partial<Record<GuestFunction, string>> = {
  read: "reading a folder fails with EBADF, not EISDIR (wasi-libc turns the base's refusal into EBADF)",
  lseek: "lseek on a folder fails (EBADF; ESPIPE on node-wasi): wasi-libc calls fd_seek, which the base refuses for a folder",
};
const C_CAVEATS: Partial<Record<BaseName | "*", Partial<Record<GuestFunction, string>>>> = {
  "*": {
    strerror: "musl's messages (wasi-libc), e.g. \"Invalid seek\" for ESPIPE where glibc says \"Illegal seek\"",
    stat: "stat(\"\") is the current folder, not ENOENT: wasi-libc resolves an empty path to \".\"; a folder made by mkdir shows the base's default permission bits, since wasi-libc's mkdir drops the mode",
  },
  memory: {
    ...C_MODES,
    ...C_FOLDER_FD,
    symlink: "an empty target is not refused (Linux: ENOENT): wasi-libc passes it to the base, which makes the link",
  },
  node: {
    ...C_MODES,
    ...C_FOLDER_FD,
    rename: "a trailing slash on a file's new name is dropped (Linux: ENOTDIR): wasi-libc passes it to the node base",
    rmdir: "rmdir(\"d/\") fails with EINVAL (Linux removes d): wasi-libc passes the slash to the node base",
  },
  "node-wasi": {
    ...C_FOLDER_FD,
    ftruncate: "ENOTCAPABLE on a read-only fd (Linux: EINVAL): wasi-libc passes node:wasi's errno through",
    readinto: "ENOTCAPABLE on a write-only fd (Linux: EBADF): wasi-libc passes node:wasi's errno through",
    readv: "ENOTCAPABLE on a write-only fd (Linux: EBADF), even with no buffers: wasi-libc passes node:wasi's errno through",
    writev: "ENOTCAPABLE on a read-only fd (Linux: EBADF), even with no buffers: wasi-libc passes node:wasi's errno through",
    open: "O_NOFOLLOW on a symlink opens its target (Linux: ELOOP)",
    symlink: "an empty target gives EINVAL (Linux: ENOENT): wasi-libc passes it to node:wasi",
  },
  wasmer: {
    ftruncate: "ftruncate on a read-only fd gives EBADF (Linux: EINVAL)",
    open: "a folder opens for writing (Linux: EISDIR)",
  },
};

/** How `fn` is done on `base` for `guest`: the AssemblyScript guest's answer, with the C guest's caveats. */
export function guestAvailability(guest: GuestName, base: BaseName, fn: GuestFunction): Availability {
  const a = availability(base, fn);
  if (guest === "as") return a;
  const caveats = [C_CAVEATS["*"]?.[fn], C_CAVEATS[base]?.[fn]].filter((c): c is string => c !== undefined);
  return caveats.reduce(withCaveat, a);
}

/**
 * The C library's functions (Linux prototypes, c/include/wasi_os.h), each done as the guest
 * function it shares its import with; then wasi-libc's own functions where the C guest differs.
 */
export const C_FUNCTIONS: readonly (readonly [string, GuestFunction])[] = [
  ["dup", "dup"], ["dup2", "dup2"], ["dup3", "dup2"], ["pipe", "pipe"], ["pipe2", "pipe2"],
  ["fchmod", "fchmod"], ["fchmodat", "fchmod"], ["chmod", "fchmod"],
  ["copy_file_range", "copy_file_range"], ["sendfile", "sendfile"], ["close_range", "closerange"],
  ["fcntl (FD_CLOEXEC)", "set_inheritable"], ["fstat", "fstat"], ["stat", "stat"], ["lseek", "lseek"],
  ["posix_fadvise", "posix_fadvise"], ["posix_fallocate", "posix_fallocate"],
];

/** The C guest's rows: the library's functions, then every wasi-libc function with a C caveat. */
export function cReport(): Record<BaseName, Record<string, Availability>> {
  const own = new Set(C_FUNCTIONS.map(([c]) => c));
  const differing = GUEST_FUNCTIONS.filter((fn) => !own.has(fn) && BASES.some((b) => guestAvailability("c", b, fn).caveat !== availability(b, fn).caveat));
  const out = {} as Record<BaseName, Record<string, Availability>>;
  for (const base of BASES) {
    const row: Record<string, Availability> = {};
    for (const [c, fn] of C_FUNCTIONS) row[c] = guestAvailability("c", base, fn);
    for (const fn of differing) row[fn] = guestAvailability("c", base, fn);
    out[base] = row;
  }
  return out;
}

/**
 * The `opfs` file system (host/fs/opfs: a browser home kept in the Origin Private File System)
 * answers as the `memory` base does except in these functions (tests/fs-opfs.test.ts holds each
 * row to what the file system answers, the errno to Linux's on a file system without them).
 */
export const OPFS_DIFFERENCES: Readonly<Record<string, Availability>> = {
  symlink: { level: "not available", errno: "EPERM", caveat: "OPFS has no symbolic links" },
  link: { level: "not available", errno: "EPERM", caveat: "OPFS has no hard links (renames work)" },
};
