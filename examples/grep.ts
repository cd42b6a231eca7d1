// grep [-F] [-v] [-c] [-n] [-i] PATTERN [FILE...]: lines containing PATTERN as a fixed string
// (GNU grep -F; -i folds ASCII case), from each FILE or stdin. "NAME:" prefixes when more than
// one FILE. Exit status 0 when a line was selected, 1 when none, 2 on an error (as GNU grep).
//   cat notes.txt | npx wasi-os run build/examples/grep.wasm -n todo
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, out, err, exit, writeAll } from "../assembly/cli";

const BUF = new Uint8Array(65536);

function lower(c: u8): u8 { return c >= 0x41 && c <= 0x5a ? c + 32 : c; }

/** Whether `line` contains `pat` (bytes), folding ASCII case when asked. */
function contains(line: Uint8Array, pat: Uint8Array, fold: bool): bool {
  const n = line.length, m = pat.length;
  for (let i = 0; i + m <= n; i++) {
    let k = 0;
    while (k < m && (fold ? lower(line[i + k]) == lower(pat[k]) : line[i + k] == pat[k])) k++;
    if (k == m) return true;
  }
  return false;
}

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
let invert = false, countOnly = false, numbers = false, fold = false;
let pattern: string | null = null;
const names = new Array<string>();
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (pattern === null && a.startsWith("-") && a.length > 1) {
    for (let k = 1; k < a.length; k++) {
      const c = a.charAt(k);
      if (c == "v") invert = true; else if (c == "c") countOnly = true; else if (c == "n") numbers = true;
      else if (c == "i") fold = true;
    }
  } else if (pattern === null) pattern = a;
  else names.push(a);
}
if (pattern === null) { err("Usage: grep [OPTION]... PATTERNS [FILE]...\n"); exit(2); }
const pat = Uint8Array.wrap(String.UTF8.encode(pattern!));
const many = names.length > 1;
if (names.length == 0) names.push("-");

let selected = false, failed = false;
for (let f = 0; f < names.length; f++) {
  const name = names[f];
  const fd = name == "-" ? 0 : os.open(name, os.O_RDONLY);
  if (fd < 0) { err("grep: " + name + ": " + os.last_error().message + "\n"); failed = true; continue; }
  const prefix = many ? (name == "-" ? "(standard input)" : name) + ":" : "";
  let lineNo = 0, hits = 0;
  let pending = new Uint8Array(0); // the line read so far
  let eof = false;
  while (!eof) {
    const n = os.readinto(fd, BUF);
    if (n < 0) { err("grep: " + name + ": " + os.last_error().message + "\n"); failed = true; break; }
    let chunk: Uint8Array;
    if (n == 0) { eof = true; if (pending.length == 0) break; chunk = pending; pending = new Uint8Array(0); }
    else {
      chunk = new Uint8Array(pending.length + <i32>n);
      chunk.set(pending);
      chunk.set(BUF.subarray(0, <i32>n), pending.length);
    }
    let start = 0;
    for (let i = 0; i <= chunk.length; i++) {
      const end = i == chunk.length;
      if (end && !eof) break;
      if (!end && chunk[i] != 0x0a) continue;
      if (end && start == chunk.length) break;
      const line = chunk.subarray(start, i);
      lineNo++;
      if (contains(line, pat, fold) != invert) {
        hits++;
        if (!countOnly) {
          out(prefix + (numbers ? lineNo.toString() + ":" : ""));
          writeAll(1, line);
          out("\n");
        }
      }
      start = i + 1;
    }
    pending = start < chunk.length ? chunk.slice(start) : new Uint8Array(0);
  }
  if (countOnly) out(prefix + hits.toString() + "\n");
  if (hits > 0) selected = true;
  if (fd != 0) os.close(fd);
}
exit(failed ? 2 : selected ? 0 : 1);
