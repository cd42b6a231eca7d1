// The conformance guest: a WASI command that runs the steps given in argv (docs/conformance.md,
// "Guest encoding") with wasi-os/assembly and prints one result line per step ("Result lines").
import * as os from "../../assembly/index";
import { fd_write, fd_fdstat_get } from "../../assembly/wasi/preview1";
import { argv } from "../../assembly/cli";

// ---- output ---------------------------------------------------------------------------------

const IOV = memory.data(8, 8);
const NW = memory.data(4, 4);
const FDSTAT_BUF = memory.data(24, 8);

function println(s: string): void {
  const b = String.UTF8.encode(s + "\n");
  let p = changetype<usize>(b);
  let left = <u32>b.byteLength;
  while (left > 0) {
    store<u32>(IOV, <u32>p);
    store<u32>(IOV, left, 4);
    if (fd_write(1, IOV, 1, NW) != 0) return;
    const w = load<u32>(NW);
    p += w; left -= w;
  }
}

const HEX = "0123456789abcdef";

function escapeBytes(p: usize, n: i32): string {
  // Into one byte buffer (at most 4 bytes per input byte), then one decode: linear, not quadratic.
  const out = new Uint8Array(n * 4);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = <i32>load<u8>(p + i);
    if (c == 0x22 || c == 0x5c) { out[k++] = 0x5c; out[k++] = <u8>c; }
    else if (c >= 0x20 && c <= 0x7e) out[k++] = <u8>c;
    else {
      out[k++] = 0x5c; out[k++] = 0x78;
      out[k++] = <u8>HEX.charCodeAt(c >> 4); out[k++] = <u8>HEX.charCodeAt(c & 15);
    }
  }
  return String.UTF8.decodeUnsafe(out.dataStart, k);
}

function fmtBytes(b: Uint8Array): string { return "b\"" + escapeBytes(b.dataStart, b.length) + "\""; }

function fmtStr(s: string): string {
  const b = String.UTF8.encode(s);
  return "\"" + escapeBytes(changetype<usize>(b), b.byteLength) + "\"";
}

function fmtOct(v: i64): string {
  if (v == 0) return "0o0";
  let s = "";
  let u = <u64>v;
  while (u != 0) { s = String.fromCharCode(<i32>(0x30 + (u & 7))) + s; u >>= 3; }
  return "0o" + s;
}

/** fd:lowest if every fd below it answers fd_fdstat_get, else fd:high. */
function fmtNewFd(fd: i32): string {
  for (let i = 0; i < fd; i++) if (fd_fdstat_get(<u32>i, FDSTAT_BUF) != 0) return "fd:high";
  return "fd:lowest";
}

// ---- arguments ------------------------------------------------------------------------------

const vars = new Map<string, i64>();

class Arg {
  kind: i32 = 0; // 'i' int (also k: and f:), 'n' None, 'b' bytes, 's' str, 'L' list, 'a' identifier, '?' unknown
  int: i64 = 0;
  bytes: Uint8Array = new Uint8Array(0);
  str: string = "";
  list: Arg[] = [];
}

function hexNibble(c: i32): i32 { return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57; }

function unhex(h: string): Uint8Array {
  const n = h.length >> 1;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = <u8>((hexNibble(h.charCodeAt(2 * i)) << 4) | hexNibble(h.charCodeAt(2 * i + 1)));
  return out;
}

function parseI64(s: string): i64 {
  let neg = false, i = 0;
  if (s.startsWith("-")) { neg = true; i = 1; } else if (s.startsWith("+")) i = 1;
  let v: u64 = 0;
  for (; i < s.length; i++) v = v * 10 + <u64>(s.charCodeAt(i) - 0x30);
  return neg ? -(<i64>v) : <i64>v;
}

/** The guest's own value for a constant name: O_*, SEEK_*, POSIX_FADV_*, S_IF*, errno names. Sets ok=false if unknown. */
let constOk = true;
function constant(name: string): i64 {
  if (name == "O_RDONLY") return os.O_RDONLY;
  if (name == "O_WRONLY") return os.O_WRONLY;
  if (name == "O_RDWR") return os.O_RDWR;
  if (name == "O_ACCMODE") return os.O_ACCMODE;
  if (name == "O_CREAT") return os.O_CREAT;
  if (name == "O_EXCL") return os.O_EXCL;
  if (name == "O_NOCTTY") return os.O_NOCTTY;
  if (name == "O_TRUNC") return os.O_TRUNC;
  if (name == "O_APPEND") return os.O_APPEND;
  if (name == "O_NONBLOCK") return os.O_NONBLOCK;
  if (name == "O_DSYNC") return os.O_DSYNC;
  if (name == "O_DIRECTORY") return os.O_DIRECTORY;
  if (name == "O_NOFOLLOW") return os.O_NOFOLLOW;
  if (name == "O_CLOEXEC") return os.O_CLOEXEC;
  if (name == "O_SYNC") return os.O_SYNC;
  if (name == "O_RSYNC") return os.O_RSYNC;
  if (name == "SEEK_SET") return os.SEEK_SET;
  if (name == "SEEK_CUR") return os.SEEK_CUR;
  if (name == "SEEK_END") return os.SEEK_END;
  if (name == "SEEK_DATA") return os.SEEK_DATA;
  if (name == "SEEK_HOLE") return os.SEEK_HOLE;
  if (name == "POSIX_FADV_NORMAL") return os.POSIX_FADV_NORMAL;
  if (name == "POSIX_FADV_RANDOM") return os.POSIX_FADV_RANDOM;
  if (name == "POSIX_FADV_SEQUENTIAL") return os.POSIX_FADV_SEQUENTIAL;
  if (name == "POSIX_FADV_WILLNEED") return os.POSIX_FADV_WILLNEED;
  if (name == "POSIX_FADV_DONTNEED") return os.POSIX_FADV_DONTNEED;
  if (name == "POSIX_FADV_NOREUSE") return os.POSIX_FADV_NOREUSE;
  if (name == "S_IFMT") return os.S_IFMT;
  if (name == "S_IFREG") return os.S_IFREG;
  if (name == "S_IFDIR") return os.S_IFDIR;
  if (name == "S_IFCHR") return os.S_IFCHR;
  if (name == "S_IFIFO") return os.S_IFIFO;
  const e = os.errnoFromName(name);
  if (e >= 0) return e;
  constOk = false;
  return 0;
}

function parseArg(enc: string): Arg {
  const a = new Arg();
  const tag = enc.charCodeAt(0);
  const body = enc.substring(2);
  if (tag == 0x69 /* i */) { a.kind = 0x69; a.int = parseI64(body); }
  else if (tag == 0x6e /* n */) { a.kind = 0x6e; }
  else if (tag == 0x62 /* b */) { a.kind = 0x62; a.bytes = unhex(body); }
  else if (tag == 0x73 /* s */) { a.kind = 0x73; a.str = String.UTF8.decode(unhex(body).buffer); }
  else if (tag == 0x6b /* k */) {
    a.kind = 0x69;
    const names = body.split("|");
    let v: i64 = 0;
    for (let i = 0; i < names.length; i++) v |= constant(names[i]);
    a.int = v;
  } else if (tag == 0x66 /* f */) {
    a.kind = 0x69;
    let name = body, delta: i64 = 0;
    const plus = body.indexOf("+"), minus = body.indexOf("-");
    if (plus > 0) { name = body.substring(0, plus); delta = parseI64(body.substring(plus + 1)); }
    else if (minus > 0) { name = body.substring(0, minus); delta = -parseI64(body.substring(minus + 1)); }
    a.int = (vars.has(name) ? vars.get(name) : -1) + delta;
  } else if (tag == 0x4c /* L */) {
    a.kind = 0x4c;
    if (body.length > 0) {
      const items = body.split(",");
      for (let i = 0; i < items.length; i++) a.list.push(parseArg(items[i]));
    }
  } else if (tag == 0x61 /* a */) { a.kind = 0x61; a.str = body; }
  else a.kind = 0x3f;
  return a;
}

// Argument conversion errors, raised before the call as CPython's argument parsing does.
let convError = ""; // "" none, else "TypeError" / "OverflowError"

function argAt(args: Arg[], i: i32): Arg | null { return i < args.length ? args[i] : null; }

/** A Python int for a C int parameter (fd, flags, how, advice): OverflowError outside i32. */
function cint(args: Arg[], i: i32, dflt: i64 = i64.MIN_VALUE): i32 {
  const v = i64arg(args, i, dflt);
  if (convError.length == 0 && (v < i32.MIN_VALUE || v > i32.MAX_VALUE)) convError = "OverflowError";
  return <i32>v;
}

/** A Python int for Py_ssize_t / off_t. dflt is used when the argument is absent (i64.MIN_VALUE: required). */
function i64arg(args: Arg[], i: i32, dflt: i64 = i64.MIN_VALUE): i64 {
  const a = argAt(args, i);
  if (a === null) { if (dflt == i64.MIN_VALUE && convError.length == 0) convError = "TypeError"; return dflt; }
  if (a.kind != 0x69) { if (convError.length == 0) convError = "TypeError"; return 0; }
  return a.int;
}

/** An offset that may be None (os.NONE). */
function offArg(args: Arg[], i: i32): i64 {
  const a = argAt(args, i);
  if (a !== null && a.kind == 0x6e) return os.NONE;
  if (a === null) return os.NONE;
  return i64arg(args, i);
}

function bytesArg(args: Arg[], i: i32): Uint8Array {
  const a = argAt(args, i);
  if (a === null || a.kind != 0x62) { if (convError.length == 0) convError = "TypeError"; return new Uint8Array(0); }
  return a.bytes;
}

function strArg(args: Arg[], i: i32): string {
  const a = argAt(args, i);
  if (a === null || a.kind != 0x73) { if (convError.length == 0) convError = "TypeError"; return ""; }
  return a.str;
}

/** A list of buffers: bytes elements as given, int elements as zeroed buffers of that size. */
function bufsArg(args: Arg[], i: i32): Uint8Array[] {
  const out = new Array<Uint8Array>();
  const a = argAt(args, i);
  if (a === null || a.kind != 0x4c) { if (convError.length == 0) convError = "TypeError"; return out; }
  for (let k = 0; k < a.list.length; k++) {
    const e = a.list[k];
    if (e.kind == 0x62) out.push(e.bytes);
    else if (e.kind == 0x69 && e.int >= 0 && e.int <= 0x7fffffff) out.push(new Uint8Array(<i32>e.int));
    else { if (convError.length == 0) convError = "TypeError"; }
  }
  return out;
}

// ---- results --------------------------------------------------------------------------------

let bound: i64 = -1; // the value a `NAME =` binding receives
let boundTuple: i64[] = []; // the values a `A, B =` binding receives (a tuple result)

function errLine(): string {
  const r = os.last_error();
  if (r.kind == os.ErrorKind.OSError) return "OSError " + r.name;
  return r.kindName;
}

function intResult(v: i64): string { if (os.last_error().failed) return errLine(); bound = v; return v.toString(); }
function fdResult(fd: i32): string { if (os.last_error().failed) return errLine(); bound = fd; return fmtNewFd(fd); }
function noneResult(): string { return os.last_error().failed ? errLine() : "None"; }
function boolResult(b: bool): string { if (os.last_error().failed) return errLine(); bound = b ? 1 : 0; return b ? "True" : "False"; }
function bytesResult(b: Uint8Array | null): string { return b === null ? errLine() : fmtBytes(b); }
/** A pipe's (r, w) tuple of new fds; a `r, w = pipe` binding takes both. */
function pipeResult(p: os.Pipe | null): string {
  if (p === null) return errLine();
  boundTuple = [<i64>p.r, <i64>p.w];
  bound = -1;
  return "(" + fmtNewFd(p.r) + ", " + fmtNewFd(p.w) + ")";
}

function typeName(mode: i32): string {
  switch (mode & os.S_IFMT) {
    case os.S_IFREG: return "REG";
    case os.S_IFDIR: return "DIR";
    case os.S_IFCHR: return "CHR";
    case os.S_IFBLK: return "BLK";
    case os.S_IFIFO: return "FIFO";
    case os.S_IFLNK: return "LNK";
    case os.S_IFSOCK: return "SOCK";
  }
  return "UNKNOWN";
}

function fstatResult(fd: i32, args: Arg[]): string {
  const st = os.fstat(fd);
  if (st === null) return errLine();
  const fields = new Array<string>();
  for (let i = 1; i < args.length; i++) fields.push(args[i].str);
  return projectStat(st, fields);
}

/**
 * `stat PATH [FOLLOW_SYMLINKS] [FIELD ...]` / `lstat PATH [FIELD ...]`: the same projection as
 * fstat. Fields are quoted strings ("st_mode") or bare names; an int argument right after the
 * path is follow_symlinks (stat only).
 */
function pathStatResult(func: string, args: Arg[]): string {
  const path = strArg(args, 0);
  let follow = true;
  let first = 1;
  if (func == "stat" && args.length > 1 && args[1].kind == 0x69) { follow = args[1].int != 0; first = 2; }
  const fields = new Array<string>();
  for (let i = first; i < args.length; i++) {
    if (args[i].kind != 0x73 && args[i].kind != 0x61) convError = "TypeError";
    fields.push(args[i].str);
  }
  if (convError.length > 0) return "";
  const st = func == "lstat" ? os.lstat(path) : os.stat(path, follow);
  if (st === null) return errLine();
  return projectStat(st, fields);
}

/** A list of names, sorted (directory order differs between file systems), printed `["a", "b"]`. */
function sortedNames(names: string[]): string {
  names.sort((a: string, b: string): i32 => a < b ? -1 : a > b ? 1 : 0);
  const parts = new Array<string>();
  for (let i = 0; i < names.length; i++) parts.push(fmtStr(names[i]));
  return "[" + parts.join(", ") + "]";
}

/** scandir's entries sorted by name, each `("name", "KIND")`: LNK, DIR, REG (not following symlinks) or OTHER. */
function scandirResult(entries: os.DirEntry[]): string {
  entries.sort((a: os.DirEntry, b: os.DirEntry): i32 => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const parts = new Array<string>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const kind = e.is_symlink() ? "LNK" : e.is_dir(false) ? "DIR" : e.is_file(false) ? "REG" : "OTHER";
    parts.push("(" + fmtStr(e.name) + ", " + fmtStr(kind) + ")");
  }
  return "[" + parts.join(", ") + "]";
}

function projectStat(st: os.stat_result, fields: string[]): string {
  if (fields.length == 0) { fields.push("type"); fields.push("st_size"); }
  const parts = new Array<string>();
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    let v = "";
    if (f == "type") v = typeName(st.st_mode);
    else if (f == "st_mode") v = fmtOct(st.st_mode);
    else if (f == "st_size") v = st.st_size.toString();
    else if (f == "st_nlink") v = st.st_nlink.toString();
    else if (f == "st_ino") v = st.st_ino.toString();
    else if (f == "st_dev") v = st.st_dev.toString();
    else if (f == "st_uid") v = st.st_uid.toString();
    else if (f == "st_gid") v = st.st_gid.toString();
    else if (f == "st_atime_ns") v = st.st_atime_ns.toString();
    else if (f == "st_mtime_ns") v = st.st_mtime_ns.toString();
    else if (f == "st_ctime_ns") v = st.st_ctime_ns.toString();
    else v = "?";
    parts.push(f + "=" + v);
  }
  return "stat(" + parts.join(", ") + ")";
}

/** Harness helper: open O_RDONLY, read to EOF, close; the bytes. */
function contents(path: string): string {
  const fd = os.open(path, os.O_RDONLY);
  if (fd < 0) return errLine();
  let all = new Uint8Array(0);
  while (true) {
    const chunk = os.read(fd, 65536);
    if (chunk === null) { const line = errLine(); os.close(fd); return line; }
    const c = changetype<Uint8Array>(chunk);
    if (c.length == 0) break;
    const next = new Uint8Array(all.length + c.length);
    next.set(all); next.set(c, all.length);
    all = next;
  }
  os.close(fd);
  return fmtBytes(all);
}

/** Run one step; the result line. Conversion errors come first, as in CPython. */
function run(func: string, args: Arg[]): string {
  convError = "";
  constOk = true;
  for (let i = 0; i < args.length; i++) if (args[i].kind == 0x3f) convError = "TypeError";
  let line = "";
  // Each branch converts its arguments, then (if they converted) calls.
  if (func == "open") {
    const p = strArg(args, 0); const fl = cint(args, 1); const m = cint(args, 2, 0o777);
    if (convError.length == 0) line = fdResult(os.open(p, fl, m));
  } else if (func == "close") {
    const fd = cint(args, 0); if (convError.length == 0) { os.close(fd); line = noneResult(); }
  } else if (func == "closerange") {
    const lo = cint(args, 0); const hi = cint(args, 1); if (convError.length == 0) { os.closerange(lo, hi); line = noneResult(); }
  } else if (func == "read") {
    const fd = cint(args, 0); const n = i64arg(args, 1); if (convError.length == 0) line = bytesResult(os.read(fd, n));
  } else if (func == "readinto") {
    const fd = cint(args, 0); const n = i64arg(args, 1);
    // N is the buffer's size: a negative one cannot exist (the oracle's bytearray(n) raises ValueError).
    if (convError.length == 0 && n < 0) convError = "ValueError";
    if (convError.length == 0) line = intResult(os.readinto(fd, new Uint8Array(<i32>max<i64>(0, n))));
  } else if (func == "pread") {
    const fd = cint(args, 0); const n = i64arg(args, 1); const off = i64arg(args, 2);
    if (convError.length == 0) line = bytesResult(os.pread(fd, n, off));
  } else if (func == "preadinto") {
    const fd = cint(args, 0); const n = i64arg(args, 1); const off = i64arg(args, 2);
    if (convError.length == 0) line = intResult(os.preadinto(fd, new Uint8Array(<i32>max<i64>(0, n)), off));
  } else if (func == "write") {
    const fd = cint(args, 0); const b = bytesArg(args, 1); if (convError.length == 0) line = intResult(os.write(fd, b));
  } else if (func == "pwrite") {
    const fd = cint(args, 0); const b = bytesArg(args, 1); const off = i64arg(args, 2);
    if (convError.length == 0) line = intResult(os.pwrite(fd, b, off));
  } else if (func == "readv") {
    const fd = cint(args, 0); const l = bufsArg(args, 1); if (convError.length == 0) line = intResult(os.readv(fd, l));
  } else if (func == "writev") {
    const fd = cint(args, 0); const l = bufsArg(args, 1); if (convError.length == 0) line = intResult(os.writev(fd, l));
  } else if (func == "preadv") {
    const fd = cint(args, 0); const l = bufsArg(args, 1); const off = i64arg(args, 2);
    if (convError.length == 0) line = intResult(os.preadv(fd, l, off));
  } else if (func == "pwritev") {
    const fd = cint(args, 0); const l = bufsArg(args, 1); const off = i64arg(args, 2);
    if (convError.length == 0) line = intResult(os.pwritev(fd, l, off));
  } else if (func == "lseek") {
    const fd = cint(args, 0); const pos = i64arg(args, 1); const how = cint(args, 2);
    if (convError.length == 0) line = intResult(os.lseek(fd, pos, how));
  } else if (func == "fstat") {
    const fd = cint(args, 0); if (convError.length == 0) line = fstatResult(fd, args);
  } else if (func == "fsync") {
    const fd = cint(args, 0); if (convError.length == 0) { os.fsync(fd); line = noneResult(); }
  } else if (func == "fdatasync") {
    const fd = cint(args, 0); if (convError.length == 0) { os.fdatasync(fd); line = noneResult(); }
  } else if (func == "ftruncate") {
    const fd = cint(args, 0); const n = i64arg(args, 1); if (convError.length == 0) { os.ftruncate(fd, n); line = noneResult(); }
  } else if (func == "truncate") {
    const p = strArg(args, 0); const n = i64arg(args, 1); if (convError.length == 0) { os.truncate(p, n); line = noneResult(); }
  } else if (func == "isatty") {
    const fd = cint(args, 0); if (convError.length == 0) line = boolResult(os.isatty(fd));
  } else if (func == "device_encoding") {
    const fd = cint(args, 0);
    if (convError.length == 0) { const enc = os.device_encoding(fd); line = enc === null ? "None" : fmtStr(enc); }
  } else if (func == "posix_fallocate") {
    const fd = cint(args, 0); const off = i64arg(args, 1); const len = i64arg(args, 2);
    if (convError.length == 0) { os.posix_fallocate(fd, off, len); line = noneResult(); }
  } else if (func == "posix_fadvise") {
    const fd = cint(args, 0); const off = i64arg(args, 1); const len = i64arg(args, 2); const adv = cint(args, 3);
    if (convError.length == 0) { os.posix_fadvise(fd, off, len, adv); line = noneResult(); }
  } else if (func == "get_blocking") {
    const fd = cint(args, 0); if (convError.length == 0) line = boolResult(os.get_blocking(fd));
  } else if (func == "set_blocking") {
    const fd = cint(args, 0); const b = cint(args, 1); // a C int in CPython: OverflowError outside i32
    if (convError.length == 0) { os.set_blocking(fd, b != 0); line = noneResult(); }
  } else if (func == "sendfile") {
    const out = cint(args, 0); const inp = cint(args, 1); const off = offArg(args, 2); const n = i64arg(args, 3);
    if (convError.length == 0) line = intResult(os.sendfile(out, inp, off, n));
  } else if (func == "strerror") {
    const code = cint(args, 0); if (convError.length == 0) line = fmtStr(os.strerror(code));
  } else if (func == "copy_file_range") {
    const src = cint(args, 0); const dst = cint(args, 1); const n = i64arg(args, 2);
    const os_ = offArg(args, 3); const od = offArg(args, 4);
    if (convError.length == 0) line = intResult(os.copy_file_range(src, dst, n, os_, od));
  } else if (func == "dup") {
    const fd = cint(args, 0); if (convError.length == 0) line = fdResult(os.dup(fd));
  } else if (func == "dup2") {
    const fd = cint(args, 0); const fd2 = cint(args, 1); const inh = i64arg(args, 2, 1);
    if (convError.length == 0) line = fdResult(os.dup2(fd, fd2, inh != 0));
  } else if (func == "fchmod") {
    const fd = cint(args, 0); const m = cint(args, 1); if (convError.length == 0) { os.fchmod(fd, m); line = noneResult(); }
  } else if (func == "get_inheritable") {
    const fd = cint(args, 0); if (convError.length == 0) line = boolResult(os.get_inheritable(fd));
  } else if (func == "set_inheritable") {
    const fd = cint(args, 0); const b = cint(args, 1); // a C int in CPython: OverflowError outside i32
    if (convError.length == 0) { os.set_inheritable(fd, b != 0); line = noneResult(); }
  } else if (func == "pipe") {
    if (args.length > 0) convError = "TypeError";
    else line = pipeResult(os.pipe());
  } else if (func == "pipe2") {
    const fl = cint(args, 0); if (convError.length == 0) line = pipeResult(os.pipe2(fl));
  } else if (func == "stat" || func == "lstat") {
    line = pathStatResult(func, args);
  } else if (func == "listdir") {
    const p = args.length > 0 ? strArg(args, 0) : ".";
    if (convError.length == 0) { const l = os.listdir(p); line = l === null ? errLine() : sortedNames(l); }
  } else if (func == "scandir") {
    const p = args.length > 0 ? strArg(args, 0) : ".";
    if (convError.length == 0) { const l = os.scandir(p); line = l === null ? errLine() : scandirResult(l); }
  } else if (func == "mkdir") {
    const p = strArg(args, 0); const m = cint(args, 1, 0o777);
    if (convError.length == 0) { os.mkdir(p, m); line = noneResult(); }
  } else if (func == "rmdir") {
    const p = strArg(args, 0); if (convError.length == 0) { os.rmdir(p); line = noneResult(); }
  } else if (func == "unlink") {
    const p = strArg(args, 0); if (convError.length == 0) { os.unlink(p); line = noneResult(); }
  } else if (func == "remove") {
    const p = strArg(args, 0); if (convError.length == 0) { os.remove(p); line = noneResult(); }
  } else if (func == "rename") {
    const a = strArg(args, 0); const b = strArg(args, 1); if (convError.length == 0) { os.rename(a, b); line = noneResult(); }
  } else if (func == "replace") {
    const a = strArg(args, 0); const b = strArg(args, 1); if (convError.length == 0) { os.replace(a, b); line = noneResult(); }
  } else if (func == "symlink") {
    const a = strArg(args, 0); const b = strArg(args, 1); if (convError.length == 0) { os.symlink(a, b); line = noneResult(); }
  } else if (func == "readlink") {
    const p = strArg(args, 0);
    if (convError.length == 0) { const t = os.readlink(p); line = t === null ? errLine() : fmtStr(t); }
  } else if (func == "contents") {
    const p = strArg(args, 0); if (convError.length == 0) line = contents(p);
  } else {
    return "Unsupported " + func;
  }
  if (!constOk) return "Unsupported " + func; // a constant this guest does not define
  if (convError.length > 0) return convError;
  return line;
}

// ---- main: the module's top-level code is _start (asc --exportStart _start) -------------------


const steps = argv();
for (let i = 1; i < steps.length; i++) {
  const parts = steps[i].split("\t");
  const bind = parts.length > 0 ? parts[0] : "";
  const func = parts.length > 1 ? parts[1] : "";
  const args = new Array<Arg>();
  for (let k = 2; k < parts.length; k++) args.push(parseArg(parts[k]));
  bound = -1;
  boundTuple = [];
  const line = run(func, args);
  if (bind.indexOf(",") >= 0) {
    // Tuple binding (`r, w = pipe`, encoded "r,w"): each name takes its element; -1 for all when
    // the result is not a tuple of that length (an error).
    const names = bind.split(",");
    for (let k = 0; k < names.length; k++) vars.set(names[k], names.length == boundTuple.length ? boundTuple[k] : -1);
  } else if (bind.length > 0) vars.set(bind, bound);
  println(line);
}
