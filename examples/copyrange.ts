// copyrange SRC DST [--count N] [--skip N] [--seek N]
// A dd-like copy in bytes on os.copy_file_range with explicit offsets: copy N bytes (default: to
// the end of SRC) read at offset --skip of SRC, written at offset --seek of DST. DST is created
// (mode 0o666 minus the umask) if missing and never truncated, as `dd conv=notrunc bs=1`; a gap
// before --seek reads as zeros. Neither fd's position moves (offsets are given). Prints
// "N bytes copied" on stderr, as dd's status line does.
//   npx wasi-os run build/examples/copyrange.wasm in.bin out.bin --skip 4096 --count 100
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, err, exit } from "../assembly/cli";

function usage(msg: string): void {
  err("copyrange: " + msg + "\nUsage: copyrange SRC DST [--count N] [--skip N] [--seek N]\n");
  exit(1);
}

/** A non-negative decimal, or -1. */
function num(s: string): i64 {
  if (s.length == 0 || s.length > 18) return -1;
  let v: i64 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
const paths = new Array<string>();
let count: i64 = -1, skip: i64 = 0, seek: i64 = 0;
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (a == "--count" || a == "--skip" || a == "--seek") {
    if (i + 1 >= args.length) usage(a + " needs a value");
    const v = num(args[++i]);
    if (v < 0) usage("invalid number '" + args[i] + "' for " + a);
    if (a == "--count") count = v; else if (a == "--skip") skip = v; else seek = v;
  } else paths.push(a);
}
if (paths.length != 2) usage(paths.length < 2 ? "missing operand" : "extra operand '" + paths[2] + "'");

const src = os.open(paths[0], os.O_RDONLY);
if (src < 0) { err("copyrange: " + paths[0] + ": " + os.last_error().message + "\n"); exit(1); }
const dst = os.open(paths[1], os.O_WRONLY | os.O_CREAT, 0o666);
if (dst < 0) { err("copyrange: " + paths[1] + ": " + os.last_error().message + "\n"); exit(1); }

let done: i64 = 0;
let status = 0;
while (count < 0 || done < count) {
  let want: i64 = 1 << 30;
  if (count >= 0 && count - done < want) want = count - done;
  const n = os.copy_file_range(src, dst, want, skip + done, seek + done);
  if (n < 0) { err("copyrange: " + os.last_error().message + "\n"); status = 1; break; }
  if (n == 0) break; // end of SRC
  done += n;
}
err(done.toString() + " bytes copied\n");
os.close(src);
os.close(dst);
exit(status);
