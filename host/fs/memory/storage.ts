// Growable byte storage for captured stdio output (regular files use file-storage.ts).
//
// Why not the stock shim's File: it reallocates to the exact new size on every growing write
// (64 KiB appends to 64 MiB run at ~2 MiB/s). Here capacity doubles and `size` is tracked
// apart from it, so appends are amortised O(1).
//
// Invariant: every byte in [size, capacity) is zero. Writes past EOF therefore leave a
// zero-filled gap without extra work, and shrinking zeroes the dropped tail so a later grow
// reads zeros (as Linux's ftruncate guarantees).
import { wasi } from "@bjorn3/browser_wasi_shim";

const MIN_CAPACITY = 64;

export class ByteStorage {
  private buf: Uint8Array;
  private length = 0;

  constructor(initial?: Uint8Array) {
    if (initial !== undefined && initial.byteLength > 0) {
      this.buf = new Uint8Array(initial.byteLength);
      this.buf.set(initial);
      this.length = initial.byteLength;
    } else {
      this.buf = new Uint8Array(0);
    }
  }

  get size(): number {
    return this.length;
  }

  get capacity(): number {
    return this.buf.byteLength;
  }

  /** A view of the live bytes [0, size). Valid until the next mutation. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /**
   * A view of up to `count` bytes starting at `offset` (empty at/after EOF). No copy: callers
   * that keep it must copy (the shim's dispatch copies it into guest memory at once).
   */
  read(offset: number, count: number): Uint8Array {
    if (offset >= this.length) return this.buf.subarray(0, 0);
    const end = Math.min(this.length, offset + count);
    return this.buf.subarray(offset, end);
  }

  /** Make room for `needed` bytes. Returns an errno (NOSPC when the host refuses memory). */
  reserve(needed: number): number {
    if (needed <= this.buf.byteLength) return wasi.ERRNO_SUCCESS;
    let cap = Math.max(MIN_CAPACITY, this.buf.byteLength * 2);
    while (cap < needed) cap *= 2;
    let next: Uint8Array;
    try {
      next = new Uint8Array(cap);
    } catch {
      // Doubling may overshoot what the host can give; try the exact size before giving up.
      try {
        next = new Uint8Array(needed);
      } catch {
        return wasi.ERRNO_NOSPC;
      }
    }
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    return wasi.ERRNO_SUCCESS;
  }

  /** Write `data` at `offset`, growing as needed. Callers check limits first. */
  write(offset: number, data: Uint8Array): number {
    const end = offset + data.byteLength;
    const ret = this.reserve(end);
    if (ret !== wasi.ERRNO_SUCCESS) return ret;
    this.buf.set(data, offset);
    if (end > this.length) this.length = end;
    return wasi.ERRNO_SUCCESS;
  }

  /** Set the size: shrinking zeroes the tail (keeps the invariant), growing exposes zeros. */
  resize(newSize: number): number {
    if (newSize < this.length) {
      if (newSize * 4 < this.buf.byteLength && this.buf.byteLength > MIN_CAPACITY) {
        // Give memory back after a big shrink; the fresh buffer is zero past newSize.
        const next = new Uint8Array(Math.max(MIN_CAPACITY, newSize));
        next.set(this.buf.subarray(0, newSize));
        this.buf = next;
      } else {
        this.buf.fill(0, newSize, this.length);
      }
      this.length = newSize;
      return wasi.ERRNO_SUCCESS;
    }
    const ret = this.reserve(newSize);
    if (ret !== wasi.ERRNO_SUCCESS) return ret;
    this.length = newSize;
    return wasi.ERRNO_SUCCESS;
  }
}
