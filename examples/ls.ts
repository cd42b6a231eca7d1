// ls [-l] [PATH...]: list directories (names sorted in byte order, as GNU ls in the C locale;
// names starting with "." hidden) and name files, as GNU ls. Files given on the command line come
// first, then each directory under a "NAME:" header when more than one PATH was given.
// -l prints GNU's long columns: mode string, links, owner, group (always root: the guest acts
// as root), size, modification time (always "Mon DD HH:MM", UTC) and the name ("-> target" for
// a symlink). GNU's "total N" line (disk blocks) is left out: a WASI guest cannot know blocks.
// Exit status 2 when a PATH cannot be accessed, as GNU ls.
//   npx wasi-os run build/examples/ls.wasm -l
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, out, err, exit, quote, filemode, civil, padStart } from "../assembly/cli";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function byName(a: string, b: string): i32 { return a < b ? -1 : a > b ? 1 : 0; }

/** Prints entries (display names, and the paths to stat them by). */
function printEntries(names: string[], paths: string[], long: bool): void {
  if (!long) { for (let i = 0; i < names.length; i++) out(names[i] + "\n"); return; }
  const sts = new Array<os.stat_result | null>();
  let wl = 1, ws = 1;
  for (let i = 0; i < paths.length; i++) {
    const st = os.lstat(paths[i]);
    sts.push(st);
    if (st === null) { err("ls: cannot access " + quote(paths[i]) + ": " + os.last_error().message + "\n"); continue; }
    wl = max(wl, st.st_nlink.toString().length);
    ws = max(ws, st.st_size.toString().length);
  }
  for (let i = 0; i < names.length; i++) {
    const st = sts[i];
    if (st === null) continue;
    const c = civil(st.st_mtime_ns);
    let line = filemode(st.st_mode) + " " + padStart(st.st_nlink.toString(), wl) + " root root " +
      padStart(st.st_size.toString(), ws) + " " + MONTHS[c.month - 1] + " " + padStart(c.day.toString(), 2) + " " +
      padStart(c.hour.toString(), 2, "0") + ":" + padStart(c.minute.toString(), 2, "0") + " " + names[i];
    if ((st.st_mode & os.S_IFMT) == os.S_IFLNK) {
      const t = os.readlink(paths[i]);
      if (t !== null) line += " -> " + t;
    }
    out(line + "\n");
  }
}

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
let long = false;
const operands = new Array<string>();
for (let i = 1; i < args.length; i++) {
  if (args[i] == "-l") long = true;
  else operands.push(args[i]);
}
const many = operands.length > 1;
if (operands.length == 0) operands.push(".");

let status = 0;
const files = new Array<string>();
const dirs = new Array<string>();
for (let i = 0; i < operands.length; i++) {
  const p = operands[i];
  // GNU ls follows a symlink named on the command line unless -l is given.
  const st = long ? os.lstat(p) : os.stat(p);
  if (st === null) { err("ls: cannot access " + quote(p) + ": " + os.last_error().message + "\n"); status = 2; continue; }
  if ((st.st_mode & os.S_IFMT) == os.S_IFDIR) dirs.push(p); else files.push(p);
}
files.sort(byName);
dirs.sort(byName);
printEntries(files, files, long);
for (let i = 0; i < dirs.length; i++) {
  const d = dirs[i];
  const all = os.listdir(d);
  if (all === null) { err("ls: cannot open directory " + quote(d) + ": " + os.last_error().message + "\n"); status = 2; continue; }
  if (files.length > 0 || i > 0) out("\n");
  if (many) out(d + ":\n");
  const names = new Array<string>();
  for (let k = 0; k < all.length; k++) if (!all[k].startsWith(".")) names.push(all[k]);
  names.sort(byName);
  const paths = new Array<string>();
  const prefix = d.endsWith("/") ? d : d + "/";
  for (let k = 0; k < names.length; k++) paths.push(prefix + names[k]);
  printEntries(names, paths, long);
}
exit(status);
