// rmdir DIR...: remove empty directories, as GNU rmdir.
// Errors: "rmdir: failed to remove 'D': <strerror>", status 1.
//   npx wasi-os run build/examples/rmdir.wasm empty
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, err, exit, quote } from "../assembly/cli";

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
let status = 0;
for (let i = 1; i < args.length; i++) {
  if (!os.rmdir(args[i])) { err("rmdir: failed to remove " + quote(args[i]) + ": " + os.last_error().message + "\n"); status = 1; }
}
exit(status);
