// cat [FILE...]: copy each FILE (stdin when none is given, or for "-") to stdout, as GNU cat.
// Errors: "cat: NAME: <strerror>" on stderr, go on with the next file, exit status 1.
//   npx wasi-os run build/examples/cat.wasm a.txt - b.txt
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, exitOnBrokenPipe, err, exit, writeAll } from "../assembly/cli";

const BUF = new Uint8Array(65536); // one buffer for every read: readinto does not allocate

/** Copies fd to stdout; "" or the error text. */
function copyOut(fd: i32): string {
  while (true) {
    const n = os.readinto(fd, BUF);
    if (n < 0) return os.last_error().message;
    if (n == 0) return "";
    if (!writeAll(1, BUF.subarray(0, <i32>n))) { exitOnBrokenPipe(); return os.last_error().message; }
  }
}

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
let names = args.slice(1);
if (names.length == 0) names = ["-"];
let status = 0;
for (let i = 0; i < names.length; i++) {
  const name = names[i];
  let fd = 0;
  if (name != "-") {
    fd = os.open(name, os.O_RDONLY);
    if (fd < 0) { err("cat: " + name + ": " + os.last_error().message + "\n"); status = 1; continue; }
  }
  const e = copyOut(fd); // a directory opens, and its read says EISDIR, as on Linux
  if (e.length > 0) { err("cat: " + name + ": " + e + "\n"); status = 1; }
  if (fd != 0) os.close(fd);
}
exit(status);
