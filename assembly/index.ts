// wasi-os/assembly: the "File Descriptor Operations" of Python's os module for AssemblyScript
// guests, with CPython-on-Linux semantics over WASI preview1.
//
//   import * as os from "wasi-os/assembly";
//   const fd = os.open("notes.txt", os.O_RDWR | os.O_CREAT);
//   if (fd < 0) { const err = os.last_error(); /* err.name == "ENOENT", err.func == "open" */ }
//
// Errors (AssemblyScript cannot throw): each call returns its Python value, or on failure a
// sentinel -- -1 for integers, null for objects, false for calls whose Python value is None or a
// bool -- and records what Python would raise in os.last_error(), an ErrorRecord:
//   .failed  true if the last os.* call raised      .kind    ErrorKind.OSError | ValueError | OverflowError
//   .errno   WASI errno number (errno.EBADF == 8)   .name    "EBADF"   .message "Bad file descriptor"
//   .func    "read"                                  .toString() "[Errno EBADF] Bad file descriptor (read)"
// Every os.* call resets the record. Errno values are WASI numbers (see errno.ts); the name
// is what CPython on Linux would report. The host's ENOTCAPABLE is always translated.
//
// Offsets: NONE is Python's None (i64.MIN_VALUE). fds are i32 as C int: passing a value outside
// i32 is the caller's OverflowError (the conformance interpreter reports it).
// Preview1 lacks dup, dup2, chmod, permission bits, the inheritable flag, copy_file_range and
// pipes: those calls use the wasi-os extension ABI (namespace wasi_os_v1, docs/abi.md), which a
// wasi-os host always supplies; a base that cannot do one answers ENOSYS/ENOTSUP (ask
// os.availability(name)). Mode bits: fchmod stores them and fstat's st_mode reports them where
// the host can (type bits only otherwise); open() still ignores its mode argument. The guest
// acts as root does: mode bits are never enforced.
// Byte-moving calls (readinto, preadinto, write, pwrite, readv, writev, preadv, pwritev, sendfile,
// copy_file_range, copyfile) do not allocate; read/pread allocate their result, fstat its
// stat_result, pipe its Pipe.
//
// Path functions (stat, lstat, listdir, scandir, mkdir, rmdir, unlink, remove, rename, replace,
// symlink, readlink; fs.ts) resolve paths against the preopens as wasi-libc does; stat's
// permission bits cost an open + fd_mode_get + close, mkdir's mode an open + fd_chmod + close.
// Calls returning None return a bool (true, or false on error); listdir/scandir/readlink/stat
// return null on error.
//
// Command-line guests (examples/) also use assembly/cli.ts ("wasi-os/assembly/cli", not
// re-exported here): argv, text to stdout/stderr, exit, filemode, a UTC calendar.
//
// wasi-os's own helpers (not in Python's os): copyfile/copyfile_last_path (a whole-file copy on
// copy_file_range with a read/write fallback), availability (how this host does a function),
// extension_abi_version.

// Brings the custom abort into every guest that imports this library. Compile with
//   --use abort=assembly/abort/abort                  (inside this repository)
//   --use abort=~lib/wasi-os/assembly/abort/abort     (a consumer, via node_modules)
// so the module imports nothing from "env" (AssemblyScript's default abort import).
import "./abort";

export { errno, errnoName, errnoMessage, errnoFromName } from "./errno";
export { ErrorKind, ErrorRecord, last_error, strerror } from "./error";
export * from "./constants";
export { open, close, closerange, truncate } from "./open";
export {
  read, readinto, pread, preadinto, write, pwrite, readv, writev, preadv, pwritev,
  readintoPtr, writePtr,
} from "./io";
export { lseek } from "./seek";
export { stat_result, fstat } from "./stat";
export {
  stat, lstat, listdir, scandir, DirEntry, mkdir, rmdir, unlink, remove, rename, replace, symlink, readlink,
  chdir, getcwd,
} from "./fs";
export { ftruncate, fsync, fdatasync, posix_fallocate, posix_fadvise, fchmod } from "./file";
export { isatty, device_encoding, get_blocking, set_blocking } from "./tty";
export { sendfile } from "./sendfile";
export { copy_file_range, copyfile, copyfile_last_path } from "./copy";
export { dup, dup2, get_inheritable, set_inheritable } from "./dup";
export { Pipe, pipe, pipe2 } from "./pipe";
export { Availability, availability, extension_abi_version } from "./availability";
