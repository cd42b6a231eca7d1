// head [-n N | -c N] [FILE...]: the first N lines (default 10) or bytes of each FILE (stdin when
// none is given, or for "-"), as GNU head: "==> NAME <==" headers when more than one FILE.
// It stops reading once it has enough, so `cat big | head -c 10` ends early and cat gets EPIPE.
//   npx wasi-os run build/examples/head.wasm -n 3 notes.txt
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, exitOnBrokenPipe, out, err, exit, writeAll } from "../assembly/cli";

const BUF = new Uint8Array(65536);

/** Copies the first `count` lines (or bytes) of fd to stdout; "" or the error text. */
function head(fd: i32, count: i64, bytes: bool): string {
  let left = count;
  while (left > 0) {
    const n = os.readinto(fd, BUF);
    if (n < 0) return os.last_error().message;
    if (n == 0) break;
    let take = <i32>n;
    if (bytes) {
      if (<i64>take > left) take = <i32>left;
      left -= take;
    } else {
      for (let i = 0; i < <i32>n; i++) {
        if (BUF[i] == 0x0a && --left == 0) { take = i + 1; break; }
      }
    }
    if (!writeAll(1, BUF.subarray(0, take))) { exitOnBrokenPipe(); return os.last_error().message; }
  }
  return "";
}

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
let count: i64 = 10;
let bytes = false;
const names = new Array<string>();
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if ((a == "-n" || a == "-c") && i + 1 < args.length) {
    bytes = a == "-c";
    count = I64.parseInt(args[++i]);
  } else if (a.startsWith("-n") && a.length > 2) count = I64.parseInt(a.substring(2));
  else if (a.startsWith("-c") && a.length > 2) { bytes = true; count = I64.parseInt(a.substring(2)); }
  else names.push(a);
}
if (names.length == 0) names.push("-");
let status = 0;
for (let i = 0; i < names.length; i++) {
  const name = names[i];
  const fd = name == "-" ? 0 : os.open(name, os.O_RDONLY);
  if (fd < 0) { err("head: cannot open '" + name + "' for reading: " + os.last_error().message + "\n"); status = 1; continue; }
  if (names.length > 1) out((i > 0 ? "\n" : "") + "==> " + (name == "-" ? "standard input" : name) + " <==\n");
  const e = head(fd, count, bytes);
  if (e.length > 0) { err("head: error reading '" + name + "': " + e + "\n"); status = 1; }
  if (fd != 0) os.close(fd);
}
exit(status);
