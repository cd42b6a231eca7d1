// touch FILE...: create each FILE empty if missing (mode 0666 & ~umask), and set its access and
// modification times to now, as GNU touch. Errors: "touch: cannot touch 'F': <strerror>", status 1.
//   npx wasi-os run build/examples/touch.wasm notes.txt
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"
import { argv, enterPwd, err, exit, quote } from "../assembly/cli";

// preview1's fd_filestat_set_times (os has no utime yet): ATIM_NOW | MTIM_NOW.
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_filestat_set_times")
declare function fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u16): u16;
const NOW: u16 = 0b0010 | 0b1000;

enterPwd(); // the shell's working directory ($PWD)
const args = argv();
let status = 0;
for (let i = 1; i < args.length; i++) {
  const name = args[i];
  let fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o666);
  // A directory cannot be opened for writing: touch it through a read-only open.
  if (fd < 0 && os.last_error().errno == os.errno.EISDIR) fd = os.open(name, os.O_RDONLY);
  if (fd < 0) { err("touch: cannot touch " + quote(name) + ": " + os.last_error().message + "\n"); status = 1; continue; }
  fd_filestat_set_times(<u32>fd, 0, 0, NOW);
  os.close(fd);
}
exit(status);
