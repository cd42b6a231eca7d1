/**
 * WASI preview1, described once: every import, its parameters and what each parameter is.
 *
 * The adapter derives its wrappers from this table (which parameters are fds to translate,
 * which pointers to bounds-check before the base may touch them), and tests check the
 * guest's `@external` declarations against it.
 */

/** What a parameter is, as far as the adapter cares. */
export type ParamKind =
  | "fd" // a guest fd: translated through the virtual fd table
  | "i32"
  | "i64"
  | "out" // a pointer to `size` bytes the call writes
  | "buf" // a pointer to a byte region whose length is the parameter named by `len`
  | "iovs" // a pointer to `len` iovecs (8 bytes each); each iovec's buffer is checked too
  | "subs" // poll_oneoff subscriptions, `len` of them (48 bytes each)
  | "events"; // poll_oneoff events, `len` of them (32 bytes each)

export interface Param {
  readonly name: string;
  readonly kind: ParamKind;
  /** For `out`: the byte size written. */
  readonly size?: number;
  /** For `buf`/`iovs`/`subs`/`events`: the name of the length parameter. */
  readonly len?: string;
}

export interface ImportSpec {
  readonly name: string;
  readonly params: readonly Param[];
  /** False for the imports that return nothing (`proc_exit`, `proc_raise` has errno). */
  readonly returnsErrno: boolean;
}

const fd = (name = "fd"): Param => ({ name, kind: "fd" });
const i32 = (name: string): Param => ({ name, kind: "i32" });
const i64 = (name: string): Param => ({ name, kind: "i64" });
const out = (name: string, size: number): Param => ({ name, kind: "out", size });
const buf = (name: string, len: string): Param => ({ name, kind: "buf", len });
const iovs = (): Param => ({ name: "iovs", kind: "iovs", len: "iovs_len" });
const path = (name = "path"): Param[] => [buf(name, `${name}_len`), i32(`${name}_len`)];

function spec(name: string, params: Param[], returnsErrno = true): ImportSpec {
  return { name, params, returnsErrno };
}

/** Sizes of the preview1 records the out-pointers receive. */
export const SIZE = { u32: 4, u64: 8, fdstat: 24, filestat: 64, prestat: 8, subscription: 48, event: 32 } as const;

export const PREVIEW1: readonly ImportSpec[] = [
  spec("args_get", [out("argv", 0), out("argv_buf", 0)]),
  spec("args_sizes_get", [out("argc", SIZE.u32), out("argv_buf_size", SIZE.u32)]),
  spec("environ_get", [out("environ", 0), out("environ_buf", 0)]),
  spec("environ_sizes_get", [out("environ_count", SIZE.u32), out("environ_buf_size", SIZE.u32)]),
  spec("clock_res_get", [i32("id"), out("resolution", SIZE.u64)]),
  spec("clock_time_get", [i32("id"), i64("precision"), out("time", SIZE.u64)]),
  spec("fd_advise", [fd(), i64("offset"), i64("len"), i32("advice")]),
  spec("fd_allocate", [fd(), i64("offset"), i64("len")]),
  spec("fd_close", [fd()]),
  spec("fd_datasync", [fd()]),
  spec("fd_fdstat_get", [fd(), out("stat", SIZE.fdstat)]),
  spec("fd_fdstat_set_flags", [fd(), i32("flags")]),
  spec("fd_fdstat_set_rights", [fd(), i64("fs_rights_base"), i64("fs_rights_inheriting")]),
  spec("fd_filestat_get", [fd(), out("buf", SIZE.filestat)]),
  spec("fd_filestat_set_size", [fd(), i64("size")]),
  spec("fd_filestat_set_times", [fd(), i64("atim"), i64("mtim"), i32("fst_flags")]),
  spec("fd_pread", [fd(), iovs(), i32("iovs_len"), i64("offset"), out("nread", SIZE.u32)]),
  spec("fd_prestat_get", [fd(), out("buf", SIZE.prestat)]),
  spec("fd_prestat_dir_name", [fd(), buf("path", "path_len"), i32("path_len")]),
  spec("fd_pwrite", [fd(), iovs(), i32("iovs_len"), i64("offset"), out("nwritten", SIZE.u32)]),
  spec("fd_read", [fd(), iovs(), i32("iovs_len"), out("nread", SIZE.u32)]),
  spec("fd_readdir", [fd(), buf("buf", "buf_len"), i32("buf_len"), i64("cookie"), out("bufused", SIZE.u32)]),
  spec("fd_renumber", [fd(), fd("to")]),
  spec("fd_seek", [fd(), i64("offset"), i32("whence"), out("newoffset", SIZE.u64)]),
  spec("fd_sync", [fd()]),
  spec("fd_tell", [fd(), out("offset", SIZE.u64)]),
  spec("fd_write", [fd(), iovs(), i32("iovs_len"), out("nwritten", SIZE.u32)]),
  spec("path_create_directory", [fd(), ...path()]),
  spec("path_filestat_get", [fd(), i32("flags"), ...path(), out("buf", SIZE.filestat)]),
  spec("path_filestat_set_times", [fd(), i32("flags"), ...path(), i64("atim"), i64("mtim"), i32("fst_flags")]),
  spec("path_link", [fd("old_fd"), i32("old_flags"), ...path("old_path"), fd("new_fd"), ...path("new_path")]),
  spec("path_open", [
    fd(), i32("dirflags"), ...path(), i32("oflags"), i64("fs_rights_base"), i64("fs_rights_inheriting"),
    i32("fdflags"), out("opened_fd", SIZE.u32),
  ]),
  spec("path_readlink", [fd(), ...path(), buf("buf", "buf_len"), i32("buf_len"), out("bufused", SIZE.u32)]),
  spec("path_remove_directory", [fd(), ...path()]),
  spec("path_rename", [fd(), ...path("old_path"), fd("new_fd"), ...path("new_path")]),
  spec("path_symlink", [...path("old_path"), fd(), ...path("new_path")]),
  spec("path_unlink_file", [fd(), ...path()]),
  spec("poll_oneoff", [
    { name: "in", kind: "subs", len: "nsubscriptions" },
    { name: "out", kind: "events", len: "nsubscriptions" },
    i32("nsubscriptions"),
    out("nevents", SIZE.u32),
  ]),
  spec("proc_exit", [i32("rval")], false),
  spec("proc_raise", [i32("sig")]),
  spec("sched_yield", []),
  spec("random_get", [buf("buf", "buf_len"), i32("buf_len")]),
  spec("sock_accept", [fd(), i32("flags"), out("fd_out", SIZE.u32)]),
  spec("sock_recv", [fd(), iovs(), i32("iovs_len"), i32("ri_flags"), out("ro_datalen", SIZE.u32), out("ro_flags", 2)]),
  spec("sock_send", [fd(), iovs(), i32("iovs_len"), i32("si_flags"), out("so_datalen", SIZE.u32)]),
  spec("sock_shutdown", [fd(), i32("how")]),
];

export const PREVIEW1_BY_NAME: ReadonlyMap<string, ImportSpec> = new Map(PREVIEW1.map((s) => [s.name, s]));

/** The import module name of preview1. */
export const PREVIEW1_MODULE = "wasi_snapshot_preview1";
