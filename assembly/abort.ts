// Custom abort (asc --use abort=...): AssemblyScript's assertions and allocation failures end
// here instead of importing env.abort, so a guest imports only wasi_snapshot_preview1.
// It writes "abort: <message> at <file>:<line>:<col>" to fd 2 and exits with 134 (as SIGABRT).
// It does not allocate (an allocation failure may be why we are here): non-ASCII becomes '?'.
import { fd_write, proc_exit } from "./wasi/preview1";

const BUF: usize = memory.data(256);
const IOV: usize = memory.data(8, 8);
const NW: usize = memory.data(4, 4);

function put(s: string): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    let k = 0;
    while (k < 256 && i < n) {
      const c = s.charCodeAt(i++);
      store<u8>(BUF + k++, c < 0x80 ? <u8>c : 0x3f);
    }
    store<u32>(IOV, <u32>BUF);
    store<u32>(IOV, <u32>k, 4);
    fd_write(2, IOV, 1, NW);
  }
}

function putU32(v: u32): void {
  // Decimal digits without toString (which allocates).
  let buf = 0 as u64, digits = 0;
  do { buf = buf * 10 + v % 10; v /= 10; digits++; } while (v != 0);
  for (let k = 0; k < digits; k++) {
    store<u8>(BUF + k, <u8>(0x30 + <u32>(buf % 10)));
    buf /= 10;
  }
  store<u32>(IOV, <u32>BUF);
  store<u32>(IOV, <u32>digits, 4);
  fd_write(2, IOV, 1, NW);
}

export function abort(message: string | null, file: string | null, line: u32, column: u32): void {
  put("abort: ");
  if (message !== null) put(message);
  if (file !== null) {
    put(" at "); put(file); put(":"); putU32(line); put(":"); putU32(column);
  }
  put("\n");
  proc_exit(134);
}
