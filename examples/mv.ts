// mv SOURCE DEST | mv SOURCE... DIRECTORY: rename, as GNU mv; into DIRECTORY when DEST is one.
// Across file systems (EXDEV, e.g. / and a /home mounted apart) a regular file is copied
// (copy_file_range, mode kept) and the source removed, as GNU mv falls back.
// Errors: "mv: cannot stat 'S': <strerror>", "mv: cannot move 'S' to 'D': <strerror>", status 1.
//   npx wasi-os run build/examples/mv.wasm draft.txt notes/
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, err, exit, quote } from "../assembly/cli";

function isDir(p: string): bool {
  const st = os.stat(p);
  return st !== null && (st.st_mode & os.S_IFMT) == os.S_IFDIR;
}

function base(p: string): string {
  let end = p.length;
  while (end > 1 && p.charCodeAt(end - 1) == 0x2f) end--;
  const s = p.substring(0, end);
  return s.substring(s.lastIndexOf("/") + 1);
}

/** Copy then unlink, for a regular file across file systems; "" or the error text. */
function moveAcross(src: string, dst: string, mode: i32): string {
  const from = os.open(src, os.O_RDONLY);
  if (from < 0) return os.last_error().message;
  const to = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600);
  if (to < 0) { const m = os.last_error().message; os.close(from); return m; }
  const n = os.copyfile(from, to);
  const m = n < 0 ? os.last_error().message : "";
  os.fchmod(to, mode & 0o7777);
  os.close(from);
  os.close(to);
  if (m.length > 0) return m;
  if (!os.unlink(src)) return os.last_error().message;
  return "";
}

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
const names = args.slice(1);
if (names.length < 2) { err("mv: missing destination file operand after " + quote(names.length > 0 ? names[0] : "") + "\n"); exit(1); }
const last = names[names.length - 1];
const intoDir = isDir(last);
if (names.length > 2 && !intoDir) { err("mv: target " + quote(last) + ": Not a directory\n"); exit(1); }
let status = 0;
for (let i = 0; i < names.length - 1; i++) {
  const src = names[i];
  const dst = intoDir ? last + (last.endsWith("/") ? "" : "/") + base(src) : last;
  const st = os.lstat(src);
  if (st === null) { err("mv: cannot stat " + quote(src) + ": " + os.last_error().message + "\n"); status = 1; continue; }
  if (os.replace(src, dst)) continue;
  let e = os.last_error().message;
  if (os.last_error().errno == os.errno.EXDEV && (st.st_mode & os.S_IFMT) == os.S_IFREG) {
    e = moveAcross(src, dst, st.st_mode);
    if (e.length == 0) continue;
  }
  err("mv: cannot move " + quote(src) + " to " + quote(dst) + ": " + e + "\n");
  status = 1;
}
exit(status);
