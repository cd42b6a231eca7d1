// Self-checking guest for os.copyfile's two paths (copy_file_range, fallback) and the fallback
// rules (docs: assembly/copy.ts), plus availability/extension_abi_version. Built by
// `npm run build:guests` into build/copyfile.wasm; tests/copyfile.test.ts runs it on every base.
// Prints one "ok"/"FAIL" line per check and exits 1 on any failure.
import * as os from "../../assembly/index";
import { proc_exit } from "../../assembly/wasi/preview1";

let failures = 0;
function say(s: string): void { os.write(1, Uint8Array.wrap(String.UTF8.encode(s + "\n"))); }
function res(n: i64): string { return n < 0 ? os.last_error().toString() : n.toString(); }
function check(what: string, got: string, want: string): void {
  if (got == want) say("ok   " + what + ": " + got);
  else { failures++; say("FAIL " + what + ": got " + got + ", want " + want); }
}
function text(b: Uint8Array | null): string { return b === null ? os.last_error().toString() : String.UTF8.decode(b.buffer); }
function bytes(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s)); }

// A pipe source: copy_file_range says EINVAL with nothing copied -> the read/write loop.
let p = os.pipe()!;
os.write(p.w, bytes("pipe data"));
os.close(p.w);
const d = os.open("out1", os.O_RDWR | os.O_CREAT | os.O_TRUNC);
check("pipe -> file", res(os.copyfile(p.r, d)) + " " + os.copyfile_last_path(), "9 fallback");
check("pipe -> file bytes", text(os.pread(d, 100, 0)), "pipe data");

// An empty file: the first copy_file_range answers 0 -> the loop, which copies 0 too.
const e = os.open("empty", os.O_RDWR | os.O_CREAT | os.O_TRUNC);
check("empty source", res(os.copyfile(e, d)) + " " + os.copyfile_last_path(), "0 fallback");

// A 200000-byte file from its position: copy_file_range all the way, both positions advance.
const b = os.open("big", os.O_RDWR | os.O_CREAT | os.O_TRUNC);
const chunk = new Uint8Array(100000);
chunk.fill(0x61);
os.write(b, chunk); os.write(b, chunk);
os.lseek(b, 1000, os.SEEK_SET);
const d3 = os.open("out3", os.O_RDWR | os.O_CREAT | os.O_TRUNC);
check("big file", res(os.copyfile(b, d3)) + " " + os.copyfile_last_path(), "199000 copy_file_range");
check("big file positions", os.lseek(b, 0, os.SEEK_CUR).toString() + " " + os.lseek(d3, 0, os.SEEK_CUR).toString(), "200000 199000");

// Fallback errnos before progress: the loop runs and reports its own error.
check("bad source fd", res(os.copyfile(99, d3)) + " " + os.copyfile_last_path(), "[Errno EBADF] Bad file descriptor (copyfile) fallback");
const w = os.open("big", os.O_WRONLY);
check("write-only source", res(os.copyfile(w, d3)), "[Errno EBADF] Bad file descriptor (copyfile)");

// O_APPEND destination: copy_file_range's EBADF -> the loop appends.
const a = os.open("out1", os.O_WRONLY | os.O_APPEND);
const s7 = os.open("big", os.O_RDONLY);
check("O_APPEND destination", res(os.copyfile(s7, a)) + " " + os.copyfile_last_path(), "200000 fallback");
check("O_APPEND destination size", os.fstat(a)!.st_size.toString(), "200009");

// A pipe whose writer is still open: the loop moves what is there, then the blocking read has
// no other task to wait for (EDEADLK); after progress the error is reported.
p = os.pipe()!;
os.write(p.w, bytes("xyz"));
check("pipe with a writer left", res(os.copyfile(p.r, d)), "[Errno EDEADLK] Resource deadlock avoided (copyfile)");

check("extension_abi_version", os.extension_abi_version().toString(), "1");
const av = os.availability("no_such_function");
check("availability of an unknown name", av === null ? os.last_error().toString() : "not null", "[Errno ENOENT] No such file or directory (availability)");
const dup = os.availability("dup");
check("availability(dup)", dup === null ? os.last_error().toString() : dup!.levelName, "emulated");

if (failures > 0) proc_exit(1);
