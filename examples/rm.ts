// rm [-r] [-f] FILE...: remove files (and with -r, directories and what they hold), as GNU rm.
// -f: missing files are not an error. Errors: "rm: cannot remove 'F': <strerror>"; a directory
// without -r: "rm: cannot remove 'D': Is a directory". Exit status 1 after any error.
//   npx wasi-os run build/examples/rm.wasm -r build-output
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, err, exit, quote, shortOptions } from "../assembly/cli";

let recursive = false, force = false;

/** Removes path (a tree with -r); false after reporting an error. */
function remove(path: string): bool {
  const st = os.lstat(path);
  if (st === null) {
    if (force && os.last_error().errno == os.errno.ENOENT) return true;
    err("rm: cannot remove " + quote(path) + ": " + os.last_error().message + "\n");
    return false;
  }
  if ((st.st_mode & os.S_IFMT) == os.S_IFDIR) {
    if (!recursive) { err("rm: cannot remove " + quote(path) + ": Is a directory\n"); return false; }
    const names = os.listdir(path);
    let ok = names !== null;
    if (names !== null) for (let i = 0; i < names.length; i++) ok = remove(path + "/" + names[i]) && ok;
    if (ok && !os.rmdir(path)) { err("rm: cannot remove " + quote(path) + ": " + os.last_error().message + "\n"); return false; }
    return ok;
  }
  if (!os.unlink(path)) { err("rm: cannot remove " + quote(path) + ": " + os.last_error().message + "\n"); return false; }
  return true;
}

enterPwd(); // the shell's working directory ($PWD)
const opts = shortOptions(argv());
const names = opts.operands;
recursive = opts.has("r") || opts.has("R");
force = opts.has("f");
let status = 0;
for (let i = 0; i < names.length; i++) if (!remove(names[i])) status = 1;
exit(status);
