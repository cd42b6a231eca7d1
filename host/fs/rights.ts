// Rights, flags and numeric limits shared by both file system families (host/fs/memory and
// host/fs/node).
// preview1 carries rights as u64 bitmasks; the shim exposes them as `number` constants,
// we keep them as bigint so masks compose without precision surprises.
import { wasi } from "@bjorn3/browser_wasi_shim";

export const R_FD_DATASYNC = BigInt(wasi.RIGHTS_FD_DATASYNC);
export const R_FD_READ = BigInt(wasi.RIGHTS_FD_READ);
export const R_FD_SEEK = BigInt(wasi.RIGHTS_FD_SEEK);
export const R_FD_FDSTAT_SET_FLAGS = BigInt(wasi.RIGHTS_FD_FDSTAT_SET_FLAGS);
export const R_FD_SYNC = BigInt(wasi.RIGHTS_FD_SYNC);
export const R_FD_TELL = BigInt(wasi.RIGHTS_FD_TELL);
export const R_FD_WRITE = BigInt(wasi.RIGHTS_FD_WRITE);
export const R_FD_ADVISE = BigInt(wasi.RIGHTS_FD_ADVISE);
export const R_FD_ALLOCATE = BigInt(wasi.RIGHTS_FD_ALLOCATE);
export const R_FD_READDIR = BigInt(wasi.RIGHTS_FD_READDIR);
export const R_FD_FILESTAT_GET = BigInt(wasi.RIGHTS_FD_FILESTAT_GET);
export const R_FD_FILESTAT_SET_SIZE = BigInt(wasi.RIGHTS_FD_FILESTAT_SET_SIZE);
export const R_FD_FILESTAT_SET_TIMES = BigInt(wasi.RIGHTS_FD_FILESTAT_SET_TIMES);
export const R_POLL_FD_READWRITE = BigInt(wasi.RIGHTS_POLL_FD_READWRITE);

/** Every right preview1 defines (bits 0..28). */
export const RIGHTS_ALL = (1n << 29n) - 1n;

/** Rights that only make sense on a regular file's description. */
export const RIGHTS_FILE_ONLY =
  R_FD_DATASYNC | R_FD_READ | R_FD_SEEK | R_FD_SYNC | R_FD_TELL | R_FD_WRITE | R_FD_ADVISE |
  R_FD_ALLOCATE | R_FD_FILESTAT_SET_SIZE;

/** What a preopen directory holds as its base rights: everything except the file-only ones. */
export const RIGHTS_DIRECTORY_BASE = RIGHTS_ALL & ~RIGHTS_FILE_ONLY;

/** Rights of a stream (stdio): read or write plus status, never SEEK/TELL (that is what makes
 *  wasi-libc's isatty() true for a character device and keeps lseek at ESPIPE). */
export const RIGHTS_STREAM_COMMON = R_FD_FDSTAT_SET_FLAGS | R_FD_FILESTAT_GET | R_POLL_FD_READWRITE;

export const FD_APPEND = wasi.FDFLAGS_APPEND;
export const FD_DSYNC = wasi.FDFLAGS_DSYNC;
export const FD_NONBLOCK = wasi.FDFLAGS_NONBLOCK;
export const FD_RSYNC = wasi.FDFLAGS_RSYNC;
export const FD_SYNC = wasi.FDFLAGS_SYNC;
export const FDFLAGS_ALL = FD_APPEND | FD_DSYNC | FD_NONBLOCK | FD_RSYNC | FD_SYNC;
/** The flags fd_fdstat_set_flags may change. wasmtime 49 answers INVAL when asked to change
 *  DSYNC/RSYNC/SYNC (measured); Linux's fcntl(F_SETFL) likewise only changes APPEND/NONBLOCK. */
export const FDFLAGS_CHANGEABLE = FD_APPEND | FD_NONBLOCK;

export const O_CREAT = wasi.OFLAGS_CREAT;
export const O_DIRECTORY = wasi.OFLAGS_DIRECTORY;
export const O_EXCL = wasi.OFLAGS_EXCL;
export const O_TRUNC = wasi.OFLAGS_TRUNC;
export const OFLAGS_ALL = O_CREAT | O_DIRECTORY | O_EXCL | O_TRUNC;

/** Largest value of a preview1 filesize/filedelta seen as signed i64 (off_t). */
export const I64_MAX = (1n << 63n) - 1n;

/** True when `value` is a bigint (the shim passes i64 as bigint; direct callers might not). */
export function isBigint(value: unknown): value is bigint {
  return typeof value === "bigint";
}

/** A u32-ish size from a caller: a finite non-negative integer number. */
export function isSize(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
