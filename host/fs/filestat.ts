// A Filestat whose write_bytes uses the preview1 layout; both file system families return it
// (the name is from the memory FS, where it started, and stays: it is exported from there).
//
// Why: the stock shim's wasi.Filestat.write_bytes (0.4.2) writes atim at +38, mtim at +46 and
// ctim at +52 instead of +40/+48/+56, so any non-zero timestamp corrupts the top bytes of
// `size` in guest memory. The shim's dispatch calls `filestat.write_bytes(view, ptr)`, so
// returning this subclass is enough to give the guest correct sizes and times.
import { wasi } from "@bjorn3/browser_wasi_shim";
import { writeFilestat } from "../own/types.ts";

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

  /** The preview1 layout, written by the one function the adapter's own objects use too. */
  override write_bytes(view: DataView, ptr: number): void {
    writeFilestat(view, ptr, this);
  }
}
