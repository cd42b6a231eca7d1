// tee [-a] FILE...: copy stdin to stdout and to every FILE (truncated, or appended to with -a),
// as GNU tee. A FILE that cannot be opened is reported ("tee: NAME: <strerror>"), the others
// still get the data, and the exit status is 1.
//   echo hi | npx wasi-os run build/examples/tee.wasm -a log.txt
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, exitOnBrokenPipe, err, exit, writeAll } from "../assembly/cli";

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
let append = false;
const names = new Array<string>();
for (let i = 1; i < args.length; i++) {
  if (args[i] == "-a" || args[i] == "--append") append = true;
  else names.push(args[i]);
}

let status = 0;
// Every output is an fd of our own, stdout included: os.dup(1) gives stdout a second fd
// (sharing its offset and flags), so the copy loop treats all outputs alike and the final
// close of each output never closes fd 1 itself. This is what dup is for in a tee.
const outs = new Array<i32>();
const outNames = new Array<string>();
const stdoutCopy = os.dup(1);
outs.push(stdoutCopy < 0 ? 1 : stdoutCopy);
outNames.push("standard output");
const flags = os.O_WRONLY | os.O_CREAT | (append ? os.O_APPEND : os.O_TRUNC);
for (let i = 0; i < names.length; i++) {
  const fd = os.open(names[i], flags, 0o666); // GNU tee: 0666 & ~umask
  if (fd < 0) { err("tee: " + names[i] + ": " + os.last_error().message + "\n"); status = 1; continue; }
  outs.push(fd);
  outNames.push(names[i]);
}

const buf = new Uint8Array(65536);
const failed = new Array<bool>(outs.length);
while (true) {
  const n = os.readinto(0, buf);
  if (n < 0) { err("tee: standard input: " + os.last_error().message + "\n"); status = 1; break; }
  if (n == 0) break;
  const chunk = buf.subarray(0, <i32>n);
  for (let k = 0; k < outs.length; k++) {
    if (failed[k]) continue;
    if (!writeAll(outs[k], chunk)) {
      if (k == 0) exitOnBrokenPipe(); // stdout's reader is gone
      err("tee: " + outNames[k] + ": " + os.last_error().message + "\n");
      failed[k] = true;
      status = 1;
    }
  }
}
for (let k = 0; k < outs.length; k++) if (outs[k] != 1) os.close(outs[k]);
exit(status);
