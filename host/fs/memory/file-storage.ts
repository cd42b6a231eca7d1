// The bytes of one regular file: 64 KiB blocks, shared copy-on-write between files.
//
// Why blocks, not one growable array (the stock shim reallocates to the exact size on every
// growing write, quadratic; a doubling array still copies everything on each doubling and
// cannot share): appending allocates only the new block; copy_file_range between aligned
// ranges shares blocks instead of copying (a reflink, as btrfs/XFS do: whole files and block-
// aligned ranges cost no byte copies), and a later write to either file copies only the block
// it touches. A missing block is a hole: it reads as zeros and holds no memory.
//
// Invariants:
// - block i holds bytes [i*BLOCK, i*BLOCK + bytes.length); past `bytes.length` it reads as
//   zeros (small files hold small blocks; a block's capacity doubles up to BLOCK);
// - every byte at or past `size` inside a block is zero, so growing the size (ftruncate,
//   a write past EOF) exposes zeros without work, as Linux guarantees;
// - no block lies wholly past `size`;
// - blocks live in a map by index, so a file with a 2^40 hole holds one entry, not 2^24;
// - a block with refs > 1 is never written: writers copy it first (copy-on-write).
// Reads and writes take views (guest memory, usually) and copy once, straight between them and
// the blocks. Results are byte counts, or a negated WASI errno when nothing moved.
import { wasi } from "@bjorn3/browser_wasi_shim";
import type { FsLimits } from "./limits.ts";

export const BLOCK = 1 << 16;
/** Granularity of the data extents SEEK_DATA/SEEK_HOLE report (ext4's 4 KiB blocks). */
const DATA_UNIT = 4096;
const MIN_BLOCK = 64;

class Block {
  refs = 1;
  constructor(
    public bytes: Uint8Array,
    /** Whose budget paid for it (released when the last file drops it). */
    readonly limits: FsLimits,
  ) {}
}

/** Capacity for a block that must hold `need` bytes: doubling keeps small appends amortised O(1). */
function capacityFor(need: number): number {
  if (need >= BLOCK) return BLOCK;
  let cap = MIN_BLOCK;
  while (cap < need) cap *= 2;
  return cap;
}

function drop(b: Block | null | undefined): void {
  if (b === null || b === undefined) return;
  if (--b.refs === 0) b.limits.release(b.bytes.byteLength);
}

export class FileStorage {
  private blocks = new Map<number, Block>();
  private length = 0;

  constructor(readonly limits: FsLimits) {}

  get size(): number {
    return this.length;
  }

  /** Bytes of memory this file's blocks hold (shared blocks included). */
  get allocated(): number {
    let n = 0;
    for (const b of this.blocks.values()) n += b.bytes.byteLength;
    return n;
  }

  /** How many of this file's blocks are the very same blocks as `other`'s at the same index. */
  sharedWith(other: FileStorage): number {
    let n = 0;
    for (const [i, b] of this.blocks) if (other.blocks.get(i) === b) n++;
    return n;
  }

  /** Copies bytes at `offset` into `dst` (up to EOF); returns the count (0 at or past EOF). */
  readInto(offset: number, dst: Uint8Array): number {
    if (offset >= this.length) return 0;
    const end = Math.min(this.length, offset + dst.byteLength);
    let pos = offset;
    let at = 0;
    while (pos < end) {
      const bi = Math.floor(pos / BLOCK);
      const inOff = pos - bi * BLOCK;
      const n = Math.min(BLOCK - inOff, end - pos);
      const b = this.blocks.get(bi);
      const have = b === undefined ? 0 : Math.max(0, Math.min(n, b.bytes.byteLength - inOff));
      if (have > 0) dst.set(b!.bytes.subarray(inOff, inOff + have), at);
      if (have < n) dst.fill(0, at + have, at + n);
      pos += n;
      at += n;
    }
    return end - offset;
  }

  /**
   * Writes `src` at `offset`, growing the file. Stops short at the file size cap (EFBIG when
   * nothing fits) or the byte cap (ENOSPC when nothing fits), as Linux write(2) does; bytes
   * already written stay written.
   */
  write(offset: number, src: Uint8Array): number {
    const len = src.byteLength;
    if (len === 0) return 0;
    const max = this.limits.maxFileSize;
    if (offset >= max) return -wasi.ERRNO_FBIG;
    const end = Math.min(offset + len, max);
    let pos = offset;
    while (pos < end) {
      const bi = Math.floor(pos / BLOCK);
      const inOff = pos - bi * BLOCK;
      const n = Math.min(BLOCK - inOff, end - pos);
      const bytes = this.writable(bi, inOff, n);
      if (bytes === null) break;
      const from = pos - offset;
      bytes.set(n === len ? src : src.subarray(from, from + n), inOff);
      pos += n;
      if (pos > this.length) this.length = pos;
    }
    const done = pos - offset;
    return done > 0 ? done : -wasi.ERRNO_NOSPC;
  }

  /**
   * The bytes of block `bi`, ready to take a write of [inOff, inOff+n): grown, allocated or
   * copied (when shared) as needed. null when the byte cap refuses the memory.
   */
  private writable(bi: number, inOff: number, n: number): Uint8Array | null {
    const need = inOff + n;
    const b = this.blocks.get(bi) ?? null;
    if (b !== null && b.refs === 1) {
      if (b.bytes.byteLength >= need) return b.bytes;
      const cap = capacityFor(need);
      if (!this.limits.charge(cap - b.bytes.byteLength)) return null;
      const grown = new Uint8Array(cap);
      grown.set(b.bytes);
      b.bytes = grown;
      return grown;
    }
    // A hole, or a shared block (copy-on-write). A write covering the whole block needs none
    // of the old bytes.
    const whole = inOff === 0 && n === BLOCK;
    const keep = b === null || whole ? 0 : b.bytes.byteLength;
    const cap = capacityFor(Math.max(need, keep));
    if (!this.limits.charge(cap)) return null;
    const bytes = new Uint8Array(cap);
    if (keep > 0) bytes.set(b!.bytes);
    this.setBlock(bi, new Block(bytes, this.limits));
    return bytes;
  }

  /**
   * Puts `b` at index `bi`, dropping what was there. A fresh Block already counts its first
   * owner (refs 1); `share` takes one more reference for a block another file holds.
   */
  private setBlock(bi: number, b: Block | null, share = false): void {
    const old = this.blocks.get(bi);
    if (old === b || (old === undefined && b === null)) return;
    if (share && b !== null) b.refs++;
    if (b === null) this.blocks.delete(bi);
    else this.blocks.set(bi, b);
    drop(old);
  }

  /** Sets the size: shrinking drops blocks and zeroes the tail of the last one; growing is a hole. */
  resize(newSize: number): number {
    if (newSize > this.limits.maxFileSize) return wasi.ERRNO_FBIG;
    if (newSize >= this.length) {
      this.length = newSize;
      return wasi.ERRNO_SUCCESS;
    }
    const keep = Math.ceil(newSize / BLOCK);
    this.dropFrom(keep);
    const inOff = newSize - (keep - 1) * BLOCK;
    const last = keep > 0 ? this.blocks.get(keep - 1) : undefined;
    if (last !== null && last !== undefined && inOff < BLOCK && inOff < last.bytes.byteLength) {
      if (last.refs === 1) {
        last.bytes.fill(0, inOff);
      } else {
        // Shared: keep the prefix in a private copy. Shrinking never fails for lack of space
        // (it gives memory back overall), so this charge may pass the cap by under a block.
        const bytes = new Uint8Array(capacityFor(inOff));
        bytes.set(last.bytes.subarray(0, inOff));
        this.limits.used += bytes.byteLength;
        this.setBlock(keep - 1, new Block(bytes, this.limits));
      }
    }
    this.length = newSize;
    return wasi.ERRNO_SUCCESS;
  }

  /**
   * posix_fallocate: makes [offset, offset+len) hold real memory (so later writes there cannot
   * fail with ENOSPC) and grows the size to cover it. All or nothing.
   */
  allocate(offset: number, len: number): number {
    const end = offset + len;
    if (end > this.limits.maxFileSize) return wasi.ERRNO_FBIG;
    for (let pos = offset; pos < end; ) {
      const bi = Math.floor(pos / BLOCK);
      const n = Math.min(BLOCK - (pos - bi * BLOCK), end - pos);
      const b = this.blocks.get(bi) ?? null;
      // A shared block is already real memory: fallocate does not unshare it.
      if ((b === null || b.refs === 1) && this.writable(bi, pos - bi * BLOCK, n) === null) {
        this.dropFrom(Math.ceil(this.length / BLOCK)); // nothing past the old EOF stays
        return wasi.ERRNO_NOSPC;
      }
      pos += n;
    }
    if (end > this.length) this.length = end;
    return wasi.ERRNO_SUCCESS;
  }

  /**
   * copy_file_range inside one file system: `count` bytes (already clamped to what `src` has)
   * from `src` at `srcOff` to this file at `dstOff`. Where both offsets sit at the same place
   * inside a block, every destination block the range covers whole takes the source block
   * itself (no byte copied; a hole stays a hole); so does a last, partial block when the copy
   * ends at the source's EOF and at or past this file's EOF (the bytes after it are zeros in
   * both). Everything else is one copy, block to block. Ranges must not overlap (EINVAL before).
   */
  copyFrom(src: FileStorage, srcOff: number, dstOff: number, count: number): number {
    if (count <= 0) return 0;
    const max = this.limits.maxFileSize;
    if (dstOff >= max) return -wasi.ERRNO_FBIG;
    if (dstOff + count > max) count = max - dstOff;
    const shareable = srcOff % BLOCK === dstOff % BLOCK && src.limits === this.limits;
    let done = 0;
    while (done < count) {
      const sp = srcOff + done;
      const dp = dstOff + done;
      const rest = count - done;
      if (shareable && dp % BLOCK === 0) {
        const whole = rest >= BLOCK;
        const tail = !whole && sp + rest === src.length && dp + rest >= this.length;
        if (whole || tail) {
          const n = whole ? BLOCK : rest;
          this.setBlock(dp / BLOCK, src.blocks.get(sp / BLOCK) ?? null, true);
          done += n;
          if (dp + n > this.length) this.length = dp + n;
          continue;
        }
      }
      const n = Math.min(rest, BLOCK - (sp % BLOCK), BLOCK - (dp % BLOCK));
      const w = this.write(dp, src.chunk(sp, n));
      if (w < 0) return done > 0 ? done : w;
      done += w;
      if (w < n) break;
    }
    return done;
  }

  /** A view of `n` bytes at `pos` inside one block (zeros for holes); valid until the next write. */
  private chunk(pos: number, n: number): Uint8Array {
    const bi = Math.floor(pos / BLOCK);
    const inOff = pos - bi * BLOCK;
    const b = this.blocks.get(bi);
    if (b !== undefined && b.bytes.byteLength >= inOff + n) return b.bytes.subarray(inOff, inOff + n);
    const out = new Uint8Array(n);
    this.readInto(pos, out);
    return out;
  }

  /** Drops every block at index `first` or above. */
  private dropFrom(first: number): void {
    for (const [i, b] of this.blocks) {
      if (i < first) continue;
      this.blocks.delete(i);
      drop(b);
    }
  }

  /**
   * lseek SEEK_DATA (`hole` false) / SEEK_HOLE (`hole` true) from `offset` (0 <= offset < size):
   * the next offset in data / in a hole; the end of the file counts as a hole. A block's data
   * spans the memory it holds rounded up to 4 KiB (ext4's block size with 4 KiB blocks, so a
   * guest sees the extents CPython sees there); the rest of a block and missing blocks are holes.
   */
  seekData(offset: number, hole: boolean): number {
    const extentEnd = (i: number, b: Block): number => Math.min(this.length, i * BLOCK + Math.ceil(b.bytes.byteLength / DATA_UNIT) * DATA_UNIT);
    const inData = (pos: number): boolean => {
      const i = Math.floor(pos / BLOCK);
      const b = this.blocks.get(i);
      return b !== undefined && pos < extentEnd(i, b);
    };
    if (hole) {
      let pos = offset;
      while (pos < this.length && inData(pos)) pos = extentEnd(Math.floor(pos / BLOCK), this.blocks.get(Math.floor(pos / BLOCK))!);
      return Math.min(pos, this.length);
    }
    if (inData(offset)) return offset;
    let best = -1;
    const from = Math.floor(offset / BLOCK);
    for (const [i, b] of this.blocks) {
      if (i <= from || b.bytes.byteLength === 0) continue;
      const start = i * BLOCK;
      if (start < this.length && (best < 0 || start < best)) best = start;
    }
    return best;
  }

  /** A copy of the whole file. */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    this.readInto(0, out);
    return out;
  }

  /**
   * Makes this (empty) storage hold `src`'s bytes by sharing every block copy-on-write, as a
   * reflink of the whole file. The blocks stay paid for by whoever paid for them (a template's
   * budget); this storage's limits are charged only for blocks it later writes.
   */
  shareAll(src: FileStorage): void {
    if (this.length !== 0 || this.blocks.size !== 0) throw new Error("wasi-os: shareAll needs an empty file");
    for (const [i, b] of src.blocks) {
      b.refs += 1;
      this.blocks.set(i, b);
    }
    this.length = src.length;
  }

  /** Drops every block (the file is gone: unlinked and closed everywhere). */
  release(): void {
    for (const b of this.blocks.values()) drop(b);
    this.blocks.clear();
    this.length = 0;
  }
}
