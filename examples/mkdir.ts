// mkdir [-p] DIR...: make directories (mode 0777 & ~umask), as GNU mkdir; -p makes parents and
// accepts existing directories. Errors: "mkdir: cannot create directory 'D': <strerror>", status 1.
//   npx wasi-os run build/examples/mkdir.wasm -p a/b/c
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, err, exit, quote } from "../assembly/cli";

function isDir(p: string): bool {
  const st = os.stat(p);
  return st !== null && (st.st_mode & os.S_IFMT) == os.S_IFDIR;
}

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
let parents = false;
const names = new Array<string>();
for (let i = 1; i < args.length; i++) {
  if (args[i] == "-p") parents = true;
  else names.push(args[i]);
}
let status = 0;
for (let i = 0; i < names.length; i++) {
  const name = names[i];
  if (parents) {
    const parts = name.split("/");
    let path = name.startsWith("/") ? "/" : "";
    let ok = true;
    for (let k = 0; k < parts.length && ok; k++) {
      if (parts[k].length == 0) continue;
      path += (path.length == 0 || path.endsWith("/") ? "" : "/") + parts[k];
      if (isDir(path)) continue;
      if (!os.mkdir(path)) { err("mkdir: cannot create directory " + quote(path) + ": " + os.last_error().message + "\n"); ok = false; }
    }
    if (!ok) status = 1;
  } else if (!os.mkdir(name)) {
    err("mkdir: cannot create directory " + quote(name) + ": " + os.last_error().message + "\n");
    status = 1;
  }
}
exit(status);
