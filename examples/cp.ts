// cp [-v] SRC DST   |   cp [-v] SRC... DIR
// Copy a regular file as GNU cp does (no -r, no -p): DST is created with SRC's permission bits
// (minus the umask) or truncated if it exists; a DIR target receives DIR/basename(SRC). The bytes
// move with os.copyfile: copy_file_range (host-side, never through guest memory, where the host
// can) with the read/write fallback loop of mature copiers. -v prints
//   'SRC' -> 'DST' (copy_file_range)    or    'SRC' -> 'DST' (fallback)
// (GNU prints the same line without the parenthesis.)
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, out, err, exit, quote } from "../assembly/cli";

function basename(p: string): string {
  let end = p.length;
  while (end > 1 && p.charCodeAt(end - 1) == 0x2f) end--;
  const s = p.lastIndexOf("/", end - 1);
  return p.substring(s + 1, end);
}

function isDir(st: os.stat_result | null): bool { return st !== null && (st.st_mode & os.S_IFMT) == os.S_IFDIR; }

/** Copies one file; true on success (errors are reported here). */
function copyOne(src: string, dst: string, verbose: bool): bool {
  const sst = os.stat(src);
  if (sst === null) { err("cp: cannot stat " + quote(src) + ": " + os.last_error().message + "\n"); return false; }
  if (isDir(sst)) { err("cp: -r not specified; omitting directory " + quote(src) + "\n"); return false; }
  const dst0 = os.stat(dst);
  if (dst0 !== null && dst0.st_ino == sst.st_ino && dst0.st_dev == sst.st_dev) {
    err("cp: " + quote(src) + " and " + quote(dst) + " are the same file\n");
    return false;
  }
  const s = os.open(src, os.O_RDONLY);
  if (s < 0) { err("cp: cannot open " + quote(src) + " for reading: " + os.last_error().message + "\n"); return false; }
  const d = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, sst.st_mode & 0o7777);
  if (d < 0) {
    err("cp: cannot create regular file " + quote(dst) + ": " + os.last_error().message + "\n");
    os.close(s);
    return false;
  }
  const n = os.copyfile(s, d);
  let ok = n >= 0;
  if (!ok) err("cp: error copying " + quote(src) + " to " + quote(dst) + ": " + os.last_error().message + "\n");
  else if (verbose) out(quote(src) + " -> " + quote(dst) + " (" + os.copyfile_last_path() + ")\n");
  os.close(s);
  if (!os.close(d) && ok) { err("cp: failed to close " + quote(dst) + ": " + os.last_error().message + "\n"); ok = false; }
  return ok;
}

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
let verbose = false;
const paths = new Array<string>();
for (let i = 1; i < args.length; i++) {
  if (args[i] == "-v" || args[i] == "--verbose") verbose = true;
  else paths.push(args[i]);
}
if (paths.length < 2) {
  err(paths.length == 0 ? "cp: missing file operand\n" : "cp: missing destination file operand after " + quote(paths[0]) + "\n");
  err("Try 'cp --help' for more information.\n");
  exit(1);
}
const target = paths[paths.length - 1];
const targetIsDir = isDir(os.stat(target));
if (paths.length > 2 && !targetIsDir) {
  err("cp: target " + quote(target) + " is not a directory\n");
  exit(1);
}
let status = 0;
for (let i = 0; i < paths.length - 1; i++) {
  const src = paths[i];
  const dst = targetIsDir ? (target.endsWith("/") ? target : target + "/") + basename(src) : target;
  if (!copyOne(src, dst, verbose)) status = 1;
}
exit(status);
