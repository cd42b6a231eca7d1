// The guest every JavaScript runtime runs (tests/runtimes.test.ts: Node, workerd, Deno, Bun):
// copy_file_range, dup2, pipe and fchmod, each printed as what the call returned and, on
// failure, the errno name. Deterministic: no times, no inode numbers, no sizes that depend on
// the host. Ends with "exit 3" and proc_exit(3), so each runtime's handling of proc_exit is
// part of what is compared (Bun's node:wasi ends the whole process there; the adapter must not).
import * as os from "../../assembly/index";
import { proc_exit } from "../../assembly/wasi/preview1";

function say(s: string): void { os.write(1, Uint8Array.wrap(String.UTF8.encode(s + "\n"))); }
function bytes(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s)); }
function err(): string { const e = os.last_error(); return e.name.length > 0 ? e.kindName + " " + e.name : e.kindName; }
function int(n: i64): string { return n < 0 ? "-1 " + err() : n.toString(); }
function ok(b: bool): string { return b ? "ok" : "failed " + err(); }
function text(b: Uint8Array | null): string { return b === null ? "null " + err() : JSON_quote(String.UTF8.decode(b.buffer)); }
function JSON_quote(s: string): string { return "\"" + s.replaceAll("\n", "\\n") + "\""; }
function contents(b: Uint8Array | null): string {
  if (b === null) return "null " + err();
  if (b.length < 11) return b.length.toString() + " bytes";
  return b.length.toString() + " bytes, byte 7 = " + b[7].toString() + ", " + JSON_quote(String.UTF8.decode(b.subarray(10).slice().buffer));
}
function mode(fd: i32): string {
  const st = os.fstat(fd);
  return st === null ? "null " + err() : "0o" + (st.st_mode & 0o7777).toString(8);
}

say("device_encoding(1) " + (os.device_encoding(1) === null ? "None" : os.device_encoding(1)!));

// copy_file_range: offsets None, an explicit offset past EOF (a gap of zeros), errors.
const src = os.open("src.txt", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644);
say("write src " + int(os.write(src, bytes("hello, runtimes\n"))));
os.lseek(src, 0, os.SEEK_SET);
const dst = os.open("dst.txt", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644);
say("copy_file_range(src, dst, 5) " + int(os.copy_file_range(src, dst, 5)));
say("positions " + os.lseek(src, 0, os.SEEK_CUR).toString() + " " + os.lseek(dst, 0, os.SEEK_CUR).toString());
say("copy_file_range(src, dst, 100, 7, 10) " + int(os.copy_file_range(src, dst, 100, 7, 10)));
say("positions " + os.lseek(src, 0, os.SEEK_CUR).toString() + " " + os.lseek(dst, 0, os.SEEK_CUR).toString());
say("dst " + contents(os.pread(dst, 100, 0)));
say("copy_file_range at EOF " + int(os.copy_file_range(src, dst, 10, 100)));
say("copy_file_range(src, dst, -1) " + int(os.copy_file_range(src, dst, -1)));
say("copy_file_range(src, dst, 1, -1) " + int(os.copy_file_range(src, dst, 1, -1)));
say("copy_file_range(src, dst, 1, 0, -5) " + int(os.copy_file_range(src, dst, 1, 0, -5)));
say("copy_file_range(99, dst, 1) " + int(os.copy_file_range(99, dst, 1)));
const ro = os.open("dst.txt", os.O_RDONLY);
say("copy_file_range(src, O_RDONLY, 1) " + int(os.copy_file_range(src, ro, 1)));
say("copy_file_range(src, src, 4, 0, 2) overlapping " + int(os.copy_file_range(src, src, 4, 0, 2)));

// dup2: returns fd2, shares the offset, dup2(fd, fd), a bad source leaves fd2 open.
say("dup2(src, 10) " + int(os.dup2(src, 10)));
os.lseek(10, 3, os.SEEK_SET);
say("shared offset " + os.lseek(src, 0, os.SEEK_CUR).toString());
say("get_inheritable(10) " + (os.get_inheritable(10) ? "True" : "False"));
say("dup2(src, 11, False) " + int(os.dup2(src, 11, false)) + " inheritable " + (os.get_inheritable(11) ? "True" : "False"));
say("dup2(10, 10) " + int(os.dup2(10, 10)));
say("dup2(77, 10) " + int(os.dup2(77, 10)) + ", 10 still open: " + (os.fstat(10) !== null ? "yes" : "no"));
say("dup2(src, -1) " + int(os.dup2(src, -1)));
say("close(10) " + ok(os.close(10)) + ", read(src) after " + text(os.read(src, 2)));

// pipe: bytes through, EOF after the writer closes, ESPIPE for lseek, EINVAL as a copy source.
function pipes(): void {
  const p = os.pipe();
  if (p === null) { say("pipe null " + err()); return; }
  say("pipe fds " + p.r.toString() + " " + p.w.toString() + " isatty " + (os.isatty(p.r) ? "True" : "False") + " encoding " + (os.device_encoding(p.r) === null ? "None" : "set"));
  say("write pipe " + int(os.write(p.w, bytes("through a pipe"))));
  say("lseek(pipe) " + int(os.lseek(p.r, 0, os.SEEK_CUR)));
  say("copy_file_range(pipe, dst, 4) " + int(os.copy_file_range(p.r, dst, 4)));
  say("read pipe " + text(os.read(p.r, 7)));
  say("close writer " + ok(os.close(p.w)));
  say("read pipe " + text(os.read(p.r, 100)));
  say("read pipe at EOF " + text(os.read(p.r, 100)));
  say("close reader " + ok(os.close(p.r)));
}
pipes();

// fchmod: mode visible in fstat, works on an O_RDONLY fd, directories too, bad fd EBADF.
say("fchmod(dst, 0o600) " + ok(os.fchmod(dst, 0o600)) + " mode " + mode(dst));
say("fchmod(ro, 0o4755) " + ok(os.fchmod(ro, 0o4755)) + " mode " + mode(dst));
say("fchmod(99, 0o644) " + ok(os.fchmod(99, 0o644)));
const dir = os.open(".", os.O_RDONLY | os.O_DIRECTORY);
say("fchmod(dir, 0o700) " + ok(os.fchmod(dir, 0o700)) + " mode " + mode(dir));

os.close(dir); os.close(ro); os.close(11); os.close(dst); os.close(src);
say("exit 3");
proc_exit(3);
say("not reached");
