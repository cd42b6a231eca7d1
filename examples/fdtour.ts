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

  // The extension ABI (docs/abi.md): what preview1 lacks, on every wasi-os host.
  const src = os.open("fdtour.txt", os.O_RDONLY);
  const copy = os.open("fdtour-copy.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644);
  const copied = os.copyfile(src, copy); // wasi-os's own whole-file copier
  say("copyfile -> " + copied.toString() + " bytes via " + os.copyfile_last_path());
  const twin = os.dup(src);
  say("dup(src) -> fd " + twin.toString() + ", get_inheritable -> " + (os.get_inheritable(twin) ? "True" : "False"));
  if (os.fchmod(copy, 0o600)) {
    const cst = os.fstat(copy);
    if (cst !== null) say("after fchmod(copy, 0o600): st_mode & 0o777 = 0o" + (cst.st_mode & 0o777).toString(8));
  } else {
    say("fchmod -> " + os.last_error().toString());
  }
  const p = os.pipe();
  if (p !== null) {
    os.write(p.w, Uint8Array.wrap(String.UTF8.encode("through a pipe")));
    os.close(p.w);
    const got = os.read(p.r, 100);
    if (got !== null) say("pipe -> " + String.UTF8.decode(got.buffer));
    os.close(p.r);
  }
  const names = ["copy_file_range", "dup", "fchmod", "pipe"];
  for (let i = 0; i < names.length; i++) {
    const a = os.availability(names[i]);
    say("availability(" + names[i] + ") -> " + (a === null ? os.last_error().toString()
      : a.levelName + (a.errno != 0 ? " (" + a.errnoName + ")" : "")));
  }
  os.close(twin); os.close(src); os.close(copy);
}
