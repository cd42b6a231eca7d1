// chmod MODE FILE...: set the permission bits of each FILE to the octal MODE (GNU chmod's
// numeric form; symbolic modes like u+x are not supported). Opens each file read-only and calls
// os.fchmod (the extension's fd_chmod): the mode is stored and reported, never enforced.
//   npx wasi-os run build/examples/chmod.wasm 600 secret.txt
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, err, exit, quote } from "../assembly/cli";

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
if (args.length < 3) {
  err(args.length < 2 ? "chmod: missing operand\n" : "chmod: missing operand after " + quote(args[1]) + "\n");
  err("Try 'chmod --help' for more information.\n");
  exit(1);
}
const text = args[1];
let mode = 0;
let ok = text.length > 0 && text.length <= 5;
for (let i = 0; i < text.length && ok; i++) {
  const c = text.charCodeAt(i);
  if (c < 0x30 || c > 0x37) ok = false;
  else mode = mode * 8 + (c - 0x30);
}
if (!ok || mode > 0o7777) {
  err("chmod: invalid mode: " + quote(text) + "\n");
  err("Try 'chmod --help' for more information.\n");
  exit(1);
}

let status = 0;
for (let i = 2; i < args.length; i++) {
  const name = args[i];
  const fd = os.open(name, os.O_RDONLY);
  if (fd < 0) {
    err("chmod: cannot access " + quote(name) + ": " + os.last_error().message + "\n");
    status = 1;
    continue;
  }
  if (!os.fchmod(fd, mode)) {
    err("chmod: changing permissions of " + quote(name) + ": " + os.last_error().message + "\n");
    status = 1;
  }
  os.close(fd);
}
exit(status);
