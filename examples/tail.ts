// tail [-n N | -c N] [FILE]: the last N lines (default 10) or bytes of FILE (stdin when none, or
// "-"), as GNU tail. The input is read whole (it may be a pipe), then the end is written.
//   npx wasi-os run build/examples/tail.wasm -n 2 notes.txt
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, countOptions, enterPwd, fileBanner, out, err, exit, writeAll } from "../assembly/cli";

const MAX: i32 = 64 << 20; // a guest-side cap on what tail keeps in memory

enterPwd(); // the shell's working directory ($PWD)
const opts = countOptions(argv());
const names = opts.names;
const count = opts.count;
const bytes = opts.bytes;
let status = 0;
for (let f = 0; f < names.length; f++) {
  const name = names[f];
  const fd = name == "-" ? 0 : os.open(name, os.O_RDONLY);
  if (fd < 0) { err("tail: cannot open '" + name + "' for reading: " + os.last_error().message + "\n"); status = 1; continue; }
  if (names.length > 1) out(fileBanner(f, name));
  let data = new Uint8Array(65536);
  let len = 0;
  while (true) {
    if (len == data.length) {
      if (data.length >= MAX) { err("tail: " + name + ": input too large\n"); status = 1; break; }
      const bigger = new Uint8Array(data.length * 2);
      bigger.set(data);
      data = bigger;
    }
    const n = os.readinto(fd, data.subarray(len));
    if (n < 0) { err("tail: error reading '" + name + "': " + os.last_error().message + "\n"); status = 1; break; }
    if (n == 0) break;
    len += <i32>n;
  }
  let from = 0;
  if (bytes) from = <i64>len > count ? len - <i32>count : 0;
  else {
    // The start of the count-th line from the end; a last line without "\n" counts as a line.
    let left = count;
    let i = len - 1;
    if (i >= 0 && data[i] == 0x0a) i--;
    from = 0;
    for (; i >= 0; i--) {
      if (data[i] == 0x0a && --left == 0) { from = i + 1; break; }
    }
    if (count == 0) from = len;
  }
  writeAll(1, data.subarray(from, len));
  if (fd != 0) os.close(fd);
}
exit(status);
