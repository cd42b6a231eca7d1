// The error record: AssemblyScript cannot throw (throw aborts), so every os.* call returns its
// Python value or a sentinel and records what Python would have raised here.
import { errnoName, errnoMessage } from "./errno";

/** What Python would raise. NONE: the last call succeeded. */
export enum ErrorKind { NONE = 0, OSError = 1, ValueError = 2, OverflowError = 3 }

/**
 * The last os.* call's outcome. One record, reused (no allocation on failure): copy the fields
 * you need before the next os.* call, which resets it.
 * - `failed`: true when the last call raised (its return value is then the sentinel:
 *   -1 for integers, null for objects, false for calls returning None or a bool).
 * - `errno`: WASI errno number (OSError only; 0 otherwise); `name`: "EBADF"; `message`: glibc text.
 * - `kind`: OSError / ValueError / OverflowError; `func`: the os function, e.g. "read".
 * - `toString()`: Python's spelling, "[Errno EBADF] Bad file descriptor (read)" or "ValueError (copy_file_range)".
 */
export class ErrorRecord {
  errno: i32 = 0;
  kind: ErrorKind = ErrorKind.NONE;
  func: string = "";

  get failed(): bool { return this.kind != ErrorKind.NONE; }
  get name(): string { return this.kind == ErrorKind.OSError ? errnoName(this.errno) : ""; }
  get message(): string { return this.kind == ErrorKind.OSError ? errnoMessage(this.errno) : ""; }
  get kindName(): string {
    switch (this.kind) {
      case ErrorKind.OSError: return "OSError";
      case ErrorKind.ValueError: return "ValueError";
      case ErrorKind.OverflowError: return "OverflowError";
    }
    return "None";
  }
  toString(): string {
    if (this.kind == ErrorKind.OSError) {
      return "[Errno " + this.name + "] " + this.message + " (" + this.func + ")";
    }
    return this.kindName + " (" + this.func + ")";
  }
}

const LAST = new ErrorRecord();

/** The record of the last os.* call (see ErrorRecord). */
export function last_error(): ErrorRecord { return LAST; }

/** Start of every public call: nothing raised yet. */
// @ts-ignore: decorator
@inline export function reset(): void { LAST.kind = ErrorKind.NONE; LAST.errno = 0; }

/** Record an OSError with WASI errno `code` raised by `func`. */
export function setOSError(func: string, code: i32): void {
  LAST.kind = ErrorKind.OSError; LAST.errno = code; LAST.func = func;
}

/** Record a non-OSError exception (ValueError, OverflowError). */
export function setError(func: string, kind: ErrorKind): void {
  LAST.kind = kind; LAST.errno = 0; LAST.func = func;
}

/** Python's os.strerror for a WASI errno number: glibc's message text. Never fails. */
export function strerror(code: i32): string { reset(); return errnoMessage(code); }
