// A Filestat whose write_bytes uses the preview1 layout.
//
// Why: the stock shim's wasi.Filestat.write_bytes (0.4.2) writes atim at +38, mtim at +46 and
// ctim at +52 instead of +40/+48/+56, so any non-zero timestamp corrupts the top bytes of
// `size` in guest memory. The shim's dispatch calls `filestat.write_bytes(view, ptr)`, so
// returning this subclass is enough to give the guest correct sizes and times.
import { wasi } from "@bjorn3/browser_wasi_shim";

export class MemFilestat extends wasi.Filestat {
  constructor(
    ino: bigint,
    filetype: number,
    size: bigint,
    nlink: bigint,
    atim: bigint,
    mtim: bigint,
    ctim: bigint,
  ) {
    super(ino, filetype, size);
    this.nlink = nlink;
    this.atim = atim;
    this.mtim = mtim;
    this.ctim = ctim;
  }

  override write_bytes(view: DataView, ptr: number): void {
    view.setBigUint64(ptr, this.dev, true);
    view.setBigUint64(ptr + 8, this.ino, true);
    view.setUint8(ptr + 16, this.filetype);
    view.setBigUint64(ptr + 24, this.nlink, true);
    view.setBigUint64(ptr + 32, this.size, true);
    view.setBigUint64(ptr + 40, this.atim, true);
    view.setBigUint64(ptr + 48, this.mtim, true);
    view.setBigUint64(ptr + 56, this.ctim, true);
  }
}

/** Wall-clock time in nanoseconds (sub-millisecond where the host's performance.now has it). */
export function nowNs(): bigint {
  const t = performance.timeOrigin + performance.now();
  const ms = Math.floor(t);
  return BigInt(ms) * 1_000_000n + BigInt(Math.floor((t - ms) * 1e6));
}
