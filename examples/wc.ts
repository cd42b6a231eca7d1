// wc [-l] [-w] [-c] [FILE...]: newline, word and byte counts of each FILE (stdin when none), as
// GNU wc in the C locale: a "total" line when more than one FILE; columns as wide as the largest
// count needs (at least 7 when reading stdin, as GNU does for inputs of unknown size), except
// a single count of a single input, printed bare.
//   echo hello world | npx wasi-os run build/examples/wc.wasm -w
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, out, err, exit, padStart, shortOptions } from "../assembly/cli";

const BUF = new Uint8Array(65536);

/** [lines, words, bytes] of fd, or null on a read error (os.last_error() says which). */
function count(fd: i32): i64[] | null {
  let lines: i64 = 0, words: i64 = 0, bytes: i64 = 0;
  let inWord = false;
  while (true) {
    const n = os.readinto(fd, BUF);
    if (n < 0) return null;
    if (n == 0) break;
    bytes += n;
    for (let i = 0; i < <i32>n; i++) {
      const c = BUF[i];
      if (c == 0x0a) lines++;
      // C locale: space, \t \n \v \f \r separate words.
      const space = c == 0x20 || (c >= 0x09 && c <= 0x0d);
      if (space) inWord = false;
      else if (!inWord) { inWord = true; words++; }
    }
  }
  return [lines, words, bytes];
}

enterPwd(); // the shell's working directory ($PWD)
const opts = shortOptions(argv());
const show = [opts.has("l"), opts.has("w"), opts.has("c")];
const names = opts.operands;
if (!show[0] && !show[1] && !show[2]) { show[0] = true; show[1] = true; show[2] = true; }
const useStdin = names.length == 0;
if (useStdin) names.push("-");

let status = 0;
const results = new Array<i64[] | null>();
const total: i64[] = [0, 0, 0];
let sizes: i64 = 0;
let unknownSize = false;
for (let i = 0; i < names.length; i++) {
  const name = names[i];
  const fd = name == "-" ? 0 : os.open(name, os.O_RDONLY);
  if (fd < 0) { err("wc: " + name + ": " + os.last_error().message + "\n"); status = 1; results.push(null); continue; }
  const st = os.fstat(fd);
  if (st !== null && (st.st_mode & os.S_IFMT) == os.S_IFREG) sizes += st.st_size; else unknownSize = true;
  const r = count(fd);
  if (r === null) { err("wc: " + name + ": " + os.last_error().message + "\n"); status = 1; }
  else for (let k = 0; k < 3; k++) total[k] += r[k];
  results.push(r);
  if (fd != 0) os.close(fd);
}
let shown = 0;
for (let k = 0; k < 3; k++) if (show[k]) shown++;
let width = sizes.toString().length;
if (unknownSize && width < 7) width = 7;
if (shown == 1 && names.length == 1) width = 1;
function line(r: i64[], name: string): void {
  const cols = new Array<string>();
  for (let k = 0; k < 3; k++) if (show[k]) cols.push(padStart(r[k].toString(), width));
  out(cols.join(" ") + (name.length > 0 ? " " + name : "") + "\n");
}
for (let i = 0; i < names.length; i++) {
  const r = results[i];
  if (r !== null) line(r, useStdin ? "" : names[i]);
}
if (names.length > 1) line(total, "total");
exit(status);
