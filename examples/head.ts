// head [-n N | -c N] [FILE...]: the first N lines (default 10) or bytes of each FILE (stdin when
// none is given, or for "-"), as GNU head: "==> NAME <==" headers when more than one FILE.
// It stops reading once it has enough, so `cat big | head -c 10` ends early and cat gets EPIPE.
//   npx wasi-os run build/examples/head.wasm -n 3 notes.txt
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, countOptions, enterPwd, exitOnBrokenPipe, fileBanner, out, err, exit, writeAll } from "../assembly/cli";

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
const opts = countOptions(argv());
const names = opts.names;
let status = 0;
for (let i = 0; i < names.length; i++) {
  const name = names[i];
  const fd = name == "-" ? 0 : os.open(name, os.O_RDONLY);
  if (fd < 0) { err("head: cannot open '" + name + "' for reading: " + os.last_error().message + "\n"); status = 1; continue; }
  if (names.length > 1) out(fileBanner(i, name));
  const e = head(fd, opts.count, opts.bytes);
  if (e.length > 0) { err("head: error reading '" + name + "': " + e + "\n"); status = 1; }
  if (fd != 0) os.close(fd);
}
exit(status);
