// A tour of wasi-os/assembly: open a file in the preopen, write, pread, lseek, fstat, and show
// one error value. Run: wasmtime --dir .::/ build/examples/fdtour.wasm  (or any WASI host).
import * as os from "../assembly/index"; // in a consumer package: "wasi-os/assembly"

function say(s: string): void {
  os.write(1, Uint8Array.wrap(String.UTF8.encode(s + "\n")));
}

const fd = os.open("fdtour.txt", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644);
if (fd < 0) {
  say("open failed: " + os.last_error().toString());
} else {
  const n = os.write(fd, Uint8Array.wrap(String.UTF8.encode("hello, wasi-os\n")));
  say("wrote " + n.toString() + " bytes to fd " + fd.toString());
  const head = os.pread(fd, 5, 0);
  if (head !== null) say("pread(fd, 5, 0) -> " + String.UTF8.decode(head.buffer));
  say("lseek(fd, 0, SEEK_CUR) -> " + os.lseek(fd, 0, os.SEEK_CUR).toString() + " (pread left the position alone)");
  say("lseek(fd, 7, SEEK_SET) -> " + os.lseek(fd, 7, os.SEEK_SET).toString());
  const rest = os.read(fd, 100);
  if (rest !== null) say("read(fd, 100) -> " + rest.length.toString() + " bytes");
  const st = os.fstat(fd);
  if (st !== null) say("fstat: st_size=" + st.st_size.toString() + " regular=" + ((st.st_mode & os.S_IFMT) == os.S_IFREG ? "yes" : "no"));
  say("isatty(fd) -> " + (os.isatty(fd) ? "True" : "False"));
  os.close(fd);
  // Errors are values: the call returns its sentinel and the record says what Python would raise.
  const r = os.read(fd, 1);
  const err = os.last_error();
  say("read on the closed fd -> " + (r === null ? "null" : "bytes") + ", " + err.kindName + " " + err.name +
      " (errno " + err.errno.toString() + "): " + err.message);
  say("strerror(ENOENT) -> " + os.strerror(os.errno.ENOENT));
}
