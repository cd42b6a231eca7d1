// Helpers for command-line guests (the tools in examples/): argv, writing text to stdout and
// stderr, and exiting. Not part of Python's os; import it as "wasi-os/assembly/cli".
import { args_sizes_get, args_get, environ_sizes_get, environ_get, proc_exit } from "./wasi/preview1";
import { write } from "./io";
import { chdir } from "./fs";
import { last_error } from "./error";
import { errno } from "./errno";

const SIZES = memory.data(8, 4);

/** The argument vector, argv[0] included (WASI args_get; UTF-8 decoded). */
export function argv(): string[] {
  args_sizes_get(SIZES, SIZES + 4);
  const argc = load<u32>(SIZES), bufSize = load<u32>(SIZES + 4);
  const ptrs = new Uint32Array(argc);
  const buf = new Uint8Array(bufSize);
  args_get(ptrs.dataStart, buf.dataStart);
  const out = new Array<string>();
  for (let i: u32 = 0; i < argc; i++) {
    const p = <usize>ptrs[i];
    let e = p;
    while (load<u8>(e) != 0) e++;
    out.push(String.UTF8.decodeUnsafe(p, e - p));
  }
  return out;
}

/** The value of environment variable `name`, or null when unset (WASI environ_get). */
export function getenv(name: string): string | null {
  environ_sizes_get(SIZES, SIZES + 4);
  const count = load<u32>(SIZES), bufSize = load<u32>(SIZES + 4);
  const ptrs = new Uint32Array(count);
  const buf = new Uint8Array(bufSize);
  environ_get(ptrs.dataStart, buf.dataStart);
  const prefix = name + "=";
  for (let i: u32 = 0; i < count; i++) {
    const p = <usize>ptrs[i];
    let e = p;
    while (load<u8>(e) != 0) e++;
    const kv = String.UTF8.decodeUnsafe(p, e - p);
    if (kv.startsWith(prefix)) return kv.substring(prefix.length);
  }
  return null;
}

/**
 * Starts in the directory the shell names in $PWD (an absolute path), as a POSIX process
 * inherits its parent's cwd: preview1 has none to inherit. No $PWD, or one that is not a
 * directory: the cwd stays "/".
 */
export function enterPwd(): void {
  const pwd = getenv("PWD");
  if (pwd !== null && pwd.startsWith("/")) chdir(pwd);
}

/** Writes all of bytes to fd (looping over short writes); false on an error (os.last_error() says which). */
export function writeAll(fd: i32, bytes: Uint8Array): bool {
  let done = 0;
  while (done < bytes.length) {
    const n = write(fd, bytes.subarray(done));
    if (n < 0) return false;
    done += <i32>n;
  }
  return true;
}

/**
 * After a failed write: if it was EPIPE (the reader is gone), ends the program silently with
 * status 141 (128 + SIGPIPE), as a Linux process with SIGPIPE's default action ends; WASI has
 * no signals, so a tool does it itself. Otherwise returns.
 */
export function exitOnBrokenPipe(): void {
  if (last_error().errno == errno.EPIPE) proc_exit(141);
}

/** Writes s (UTF-8) to fd 1. */
export function out(s: string): void { writeAll(1, Uint8Array.wrap(String.UTF8.encode(s))); }

/** Writes s (UTF-8) to fd 2. */
export function err(s: string): void { writeAll(2, Uint8Array.wrap(String.UTF8.encode(s))); }

/** Ends the program with the exit code (WASI proc_exit). */
export function exit(code: i32): void { proc_exit(<u32>code); }

/** argv split into short options and operands (shortOptions). */
export class ShortOptions {
  /** Every letter of every "-abc" argument, in order. */
  letters: string = "";
  /** The other arguments ("-" included), in order. */
  operands: string[] = [];
  has(letter: string): bool { return this.letters.includes(letter); }
}

/** argv[1..] as single-letter options ("-rf" is -r and -f) and operands, as rm and wc take them. */
export function shortOptions(args: string[]): ShortOptions {
  const o = new ShortOptions();
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-") && a.length > 1) o.letters += a.substring(1);
    else o.operands.push(a);
  }
  return o;
}

/** head's and tail's arguments: a count of lines (-n N, -nN; default 10) or bytes (-c N, -cN), and files ("-" when none). */
export class CountOptions {
  count: i64 = 10;
  bytes: bool = false;
  names: string[] = [];
}

/** argv[1..] as head and tail read it (a later -n/-c wins, as GNU's). */
export function countOptions(args: string[]): CountOptions {
  const o = new CountOptions();
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if ((a == "-n" || a == "-c") && i + 1 < args.length) { o.bytes = a == "-c"; o.count = I64.parseInt(args[++i]); }
    else if (a.startsWith("-n") && a.length > 2) o.count = I64.parseInt(a.substring(2));
    else if (a.startsWith("-c") && a.length > 2) { o.bytes = true; o.count = I64.parseInt(a.substring(2)); }
    else o.names.push(a);
  }
  if (o.names.length == 0) o.names.push("-");
  return o;
}

/** The "==> NAME <==" line GNU head and tail print before the `index`-th of several files. */
export function fileBanner(index: i32, name: string): string {
  return (index > 0 ? "\n" : "") + "==> " + (name == "-" ? "standard input" : name) + " <==\n";
}

/** GNU's quoting of a file name in messages ('name'), for the simple names these tools see. */
export function quote(name: string): string { return "'" + name + "'"; }

/** Python's stat.filemode: "-rw-r--r--" for 0o100644, "drwxr-xr-x", "lrwxrwxrwx", with s/S/t/T bits. */
export function filemode(mode: i32): string {
  let s = "";
  const t = mode & 0o170000;
  s += t == 0o040000 ? "d" : t == 0o120000 ? "l" : t == 0o020000 ? "c" : t == 0o060000 ? "b" :
       t == 0o010000 ? "p" : t == 0o140000 ? "s" : "-";
  const who = [0o700, 0o070, 0o007];
  for (let i = 0; i < 3; i++) {
    const shift = 6 - 3 * i;
    const bits = (mode >> shift) & 7;
    s += (bits & 4) ? "r" : "-";
    s += (bits & 2) ? "w" : "-";
    const special = i == 0 ? (mode & 0o4000) : i == 1 ? (mode & 0o2000) : (mode & 0o1000);
    const x = (bits & 1) != 0;
    if (special != 0) s += i == 2 ? (x ? "t" : "T") : (x ? "s" : "S");
    else s += x ? "x" : "-";
  }
  return s;
}

/** A UTC calendar time from nanoseconds since the epoch. */
export class Civil {
  year: i64 = 1970; month: i32 = 1; day: i32 = 1;
  hour: i32 = 0; minute: i32 = 0; second: i32 = 0; nanos: i32 = 0;
}

/** Howard Hinnant's civil_from_days on a floor-divided day count. */
export function civil(ns: i64): Civil {
  const c = new Civil();
  let secs = ns / 1_000_000_000;
  let nanos = ns % 1_000_000_000;
  if (nanos < 0) { nanos += 1_000_000_000; secs -= 1; }
  let days = secs / 86400;
  let rem = secs % 86400;
  if (rem < 0) { rem += 86400; days -= 1; }
  c.hour = <i32>(rem / 3600); c.minute = <i32>((rem % 3600) / 60); c.second = <i32>(rem % 60);
  c.nanos = <i32>nanos;
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  c.day = <i32>(doy - (153 * mp + 2) / 5 + 1);
  c.month = <i32>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  return c;
}

/** s left-padded with c to width. */
export function padStart(s: string, width: i32, c: string = " "): string {
  while (s.length < width) s = c + s;
  return s;
}

/** s right-padded with spaces to width. */
export function padEnd(s: string, width: i32): string {
  while (s.length < width) s += " ";
  return s;
}
