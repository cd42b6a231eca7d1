// fd_read / fd_pread / fd_write / fd_pwrite on a memory file, straight between guest memory
// and the file's blocks.
//
// Why not the shim's dispatch: for every iovec it slices guest memory into a new array (a copy
// plus an allocation) and hands it to Fd.fd_write, and for reads takes a new array from
// Fd.fd_read and sets it into guest memory (two copies). Here each iovec is a view of guest
// memory and the storage copies once. The adapter has already checked every iovec region
// (EFAULT), so views cannot fall outside memory.
import { wasi } from "@bjorn3/browser_wasi_shim";
import type { OpenMemFile } from "./open-file.ts";
import { I64_MAX } from "./rights.ts";

// The views before the first use: zero bytes long, never written, shared (made per run, they
// were a tenth of setting up a base).
const NO_BYTES = new Uint8Array(0);
const NO_VIEW = new DataView(new ArrayBuffer(0));

/** Views of guest memory, rebuilt only when the memory grew (its buffer changed). */
export class GuestMemory {
  private buffer: ArrayBuffer | null = null;
  private u8 = NO_BYTES;
  private dv = NO_VIEW;
  constructor(private readonly memory: () => WebAssembly.Memory | undefined) {}

  private refresh(): void {
    const m = this.memory();
    if (m === undefined) throw new Error("wasi-os: guest memory used before bind()");
    const b = m.buffer as ArrayBuffer;
    if (b !== this.buffer) {
      this.buffer = b;
      this.u8 = new Uint8Array(b);
      this.dv = new DataView(b);
    }
  }
  bytes(): Uint8Array {
    this.refresh();
    return this.u8;
  }
  view(): DataView {
    this.refresh();
    return this.dv;
  }
}

/**
 * Moves bytes for one vectored call. `at` null: the description's position (used and
 * advanced); a number: that offset (pread/pwrite; APPEND still appends). An error after some
 * bytes moved becomes a short count, as on Linux.
 */
export function vectorIo(mem: GuestMemory, file: OpenMemFile, write: boolean, iovs: number, count: number, at: bigint | null, out: number): number {
  // Linux checks the whole call first: the access mode (writev(fd, []) on O_RDONLY is EBADF),
  // then offset and total count (rw_verify_area: past 2^63-1 is EINVAL).
  if (write ? !file.writable : !file.readable) return wasi.ERRNO_BADF;
  if (at !== null && at < 0n) return wasi.ERRNO_INVAL;
  const view = mem.view();
  const u8 = mem.bytes();
  let want = 0n;
  for (let k = 0; k < count; k++) want += BigInt(view.getUint32(iovs + k * 8 + 4, true));
  if ((at ?? file.position) + want > I64_MAX) return wasi.ERRNO_INVAL;
  let total = 0;
  for (let k = 0; k < count; k++) {
    const ptr = view.getUint32(iovs + k * 8, true);
    const len = view.getUint32(iovs + k * 8 + 4, true);
    const region = u8.subarray(ptr, ptr + len);
    const n = write ? file.writeFrom(region, at) : file.readInto(region, at);
    if (n < 0) {
      if (total > 0) break;
      view.setUint32(out, 0, true);
      return -n;
    }
    total += n;
    if (at !== null) at += BigInt(n);
    if (n < len) break;
  }
  view.setUint32(out, total, true);
  return wasi.ERRNO_SUCCESS;
}
