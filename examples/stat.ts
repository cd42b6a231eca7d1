// stat FILE...: GNU stat's default display for each FILE, without following a final symlink
// (as GNU stat). What a WASI guest cannot know is printed as "-": Blocks, IO Block and Birth.
// Device is major,minor decoded from st_dev as glibc does; st_dev and st_ino are the host's
// (virtual on the memory base). Uid/Gid are always 0/root: the guest acts as root. Times are
// UTC ("+0000"). On hosts without permission bits (node-wasi, wasmer) Access shows 0000.
//   npx wasi-os run build/examples/stat.wasm notes.txt
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, out, err, exit, quote, filemode, civil, padStart, padEnd } from "../assembly/cli";

function typeWord(st: os.stat_result): string {
  switch (st.st_mode & os.S_IFMT) {
    case os.S_IFREG: return st.st_size == 0 ? "regular empty file" : "regular file";
    case os.S_IFDIR: return "directory";
    case os.S_IFLNK: return "symbolic link";
    case os.S_IFCHR: return "character special file";
    case os.S_IFBLK: return "block special file";
    case os.S_IFIFO: return "fifo";
    case os.S_IFSOCK: return "socket";
  }
  return "weird file";
}

function two(v: i32): string { return padStart(v.toString(), 2, "0"); }

function time(ns: i64): string {
  const c = civil(ns);
  return c.year.toString() + "-" + two(c.month) + "-" + two(c.day) + " " + two(c.hour) + ":" + two(c.minute) + ":" +
    two(c.second) + "." + padStart(c.nanos.toString(), 9, "0") + " +0000";
}

function show(name: string): bool {
  const st = os.lstat(name);
  if (st === null) { err("stat: cannot statx " + quote(name) + ": " + os.last_error().message + "\n"); return false; }
  let file = name;
  if ((st.st_mode & os.S_IFMT) == os.S_IFLNK) {
    const target = os.readlink(name);
    if (target !== null) file = name + " -> " + target; // GNU in the C locale: no quotes
  }
  const dev = st.st_dev;
  const major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~(<u64>0xfff));
  const minor = (dev & 0xff) | ((dev >> 12) & ~(<u64>0xff));
  const perm = st.st_mode & 0o7777;
  out("  File: " + file + "\n");
  out("  Size: " + padEnd(st.st_size.toString(), 10) + "\tBlocks: " + padEnd("-", 10) + " IO Block: " + padEnd("-", 6) + " " + typeWord(st) + "\n");
  out("Device: " + major.toString() + "," + minor.toString() + "\tInode: " + padEnd(st.st_ino.toString(), 11) + " Links: " + st.st_nlink.toString() + "\n");
  out("Access: (" + padStart(perm.toString(8), 4, "0") + "/" + filemode(st.st_mode) + ")  Uid: (    0/    root)   Gid: (    0/    root)\n");
  out("Access: " + time(st.st_atime_ns) + "\n");
  out("Modify: " + time(st.st_mtime_ns) + "\n");
  out("Change: " + time(st.st_ctime_ns) + "\n");
  out(" Birth: -\n");
  return true;
}

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
if (args.length < 2) { err("stat: missing operand\nTry 'stat --help' for more information.\n"); exit(1); }
let status = 0;
for (let i = 1; i < args.length; i++) if (!show(args[i])) status = 1;
exit(status);
