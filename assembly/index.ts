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
// Mode bits: preview1 has none, so st_mode carries only the file type and open() ignores mode
// until the extension ABI lands. The guest acts as root does: mode bits are never enforced.
// Byte-moving calls (readinto, preadinto, write, pwrite, readv, writev, preadv, pwritev, sendfile)
// do not allocate; read/pread allocate their result, fstat its stat_result.

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
export { ftruncate, fsync, fdatasync, posix_fallocate, posix_fadvise } from "./file";
export { isatty, device_encoding, get_blocking, set_blocking } from "./tty";
export { sendfile } from "./sendfile";
export { copy_file_range, dup, dup2, fchmod } from "./unsupported";
