/**
 * The wasi-os extension ABI, described once. docs/abi.md is its prose; this table is what the
 * adapter implements and what the guest's `@external` declarations are checked against.
 *
 * Rules (docs/abi.md): every function returns a WASI errno (i32); results go through
 * out-pointers; offsets and counts are 64-bit; "use and advance the position" is a flag,
 * never a magic offset; a function a base cannot do is still supplied and returns
 * ENOSYS/ENOTSUP, so one guest binary instantiates everywhere.
 */
import type { ImportSpec, Param } from "./preview1.ts";

/** This host's ABI version; the import namespace carries it. */
export const EXT_VERSION = 1;
/** Import namespace of version `v`: `wasi_os_v1`. */
export const extModule = (v: number): string => `wasi_os_v${v}`;
export const EXT_MODULE = extModule(EXT_VERSION);
/** Matches any version's namespace, to tell a newer guest apart from a foreign import. */
export const EXT_MODULE_PATTERN = /^wasi_os_v(\d+)$/;

/** `fd_copy_range` flags: use (and advance) the fd's own position instead of the offset argument. */
export const COPY_USE_POS_SRC = 1;
export const COPY_USE_POS_DST = 2;
/** `fd_dup2` flag: the new fd is inheritable (Python's default for dup2). */
export const DUP2_INHERITABLE = 1;
/** `fd_seek_data` whence values (Linux's numbers for lseek). */
export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;
/** `pipe` flag: both ends non-blocking (EAGAIN instead of blocking). */
export const PIPE_NONBLOCK = 1;

/** Availability levels, as `availability` reports them (index = the number written). */
export const LEVELS = ["native", "emulated", "fallback", "not available"] as const;
export type Level = (typeof LEVELS)[number];

const fd = (name = "fd"): Param => ({ name, kind: "fd" });
const i32 = (name: string): Param => ({ name, kind: "i32" });
const i64 = (name: string): Param => ({ name, kind: "i64" });
const out = (name: string, size: number): Param => ({ name, kind: "out", size });
const buf = (name: string, len: string): Param => ({ name, kind: "buf", len });

function spec(name: string, params: Param[]): ImportSpec {
  return { name, params, returnsErrno: true };
}

export const EXT: readonly ImportSpec[] = [
  spec("abi_version", [out("version", 4)]),
  spec("fd_dup", [fd(), out("new_fd", 4)]),
  spec("fd_dup2", [fd(), i32("fd2"), i32("flags"), out("new_fd", 4)]),
  spec("fd_close_range", [i32("fd_low"), i32("fd_high")]),
  spec("fd_chmod", [fd(), i32("mode")]),
  spec("fd_mode_get", [fd(), out("mode", 4)]),
  spec("fd_inheritable_get", [fd(), out("inheritable", 4)]),
  spec("fd_inheritable_set", [fd(), i32("inheritable")]),
  spec("fd_copy_range", [
    fd("fd_src"), fd("fd_dst"), i64("count"), i64("offset_src"), i64("offset_dst"), i32("flags"),
    buf("scratch", "scratch_len"), i32("scratch_len"), out("copied", 8),
  ]),
  spec("pipe", [i32("flags"), out("fds", 8)]),
  spec("fd_seek_data", [fd(), i64("offset"), i32("whence"), out("new_offset", 8)]),
  spec("fd_size_max_get", [fd(), out("max", 8)]),
  spec("availability", [buf("name", "name_len"), i32("name_len"), out("level", 4), out("errno", 4)]),
];

export const EXT_BY_NAME: ReadonlyMap<string, ImportSpec> = new Map(EXT.map((s) => [s.name, s]));
