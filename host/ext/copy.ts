/**
 * fd_copy_range: Linux copy_file_range(2) semantics on every base.
 *
 * Path 1 (native): both fds reach files of the base's own objects (memory): one host-side
 * copy, storage to storage; guest memory is never touched. Path 2 (fallback): an opaque base
 * (node-wasi, wasmer) moves bytes only through its own preview1 imports, which need guest
 * memory: the loop uses the scratch buffer the guest lent for this call and nothing else.
 * Checks run in Linux's order (docs/abi.md, measured with CPython on Linux).
 */
import { Errno } from "../../src/errno.ts";
import { COPY_USE_POS_DST, COPY_USE_POS_SRC } from "../../src/abi/ext.ts";
import type { ReachableFile } from "../bases/types.ts";
import type { Context } from "../context.ts";
import type { OpenDescription } from "../fdtable.ts";
import { FILETYPE, RIGHTS } from "../own/types.ts";

/** The least scratch an opaque base needs: records for fdstat/filestat plus a useful chunk. */
export const MIN_SCRATCH = 4096;
const HEADER = 16; // iovec (8) + a u32 result, rounded up

/** What the checks need to know about one side. */
interface Side {
  readonly kind: "file" | "directory" | "other";
  readonly readable: boolean;
  readonly writable: boolean;
  readonly append: boolean;
  readonly size: bigint;
  readonly dev: bigint;
  readonly ino: bigint;
  readonly baseFd: number;
  /** Set on bases whose objects are reachable. */
  readonly reach?: ReachableFile;
}

/** A side on an opaque base, learnt through the base's own imports into the lent scratch. */
function opaqueSide(ctx: Context, baseFd: number, scratch: number): Side | number {
  let ret = ctx.callBase("fd_fdstat_get", baseFd, scratch);
  if (ret !== Errno.ESUCCESS) return ret;
  const view = ctx.view();
  const filetype = view.getUint8(scratch);
  const flags = view.getUint16(scratch + 2, true);
  const rights = view.getBigUint64(scratch + 8, true);
  ret = ctx.callBase("fd_filestat_get", baseFd, scratch);
  if (ret !== Errno.ESUCCESS) return ret;
  const v = ctx.view();
  return {
    kind: filetype === FILETYPE.REGULAR_FILE ? "file" : filetype === FILETYPE.DIRECTORY ? "directory" : "other",
    readable: (rights & RIGHTS.FD_READ) !== 0n,
    writable: (rights & RIGHTS.FD_WRITE) !== 0n,
    append: (flags & 1) !== 0,
    dev: v.getBigUint64(scratch, true),
    ino: v.getBigUint64(scratch + 8, true),
    size: v.getBigUint64(scratch + 32, true),
    baseFd,
  };
}

function side(ctx: Context, desc: OpenDescription, scratch: number, scratchLen: number): Side | number {
  if (desc.own !== undefined) {
    return { kind: "other", readable: false, writable: false, append: false, size: 0n, dev: 0n, ino: desc.own.ino, baseFd: -1 };
  }
  const reach = ctx.base.reach?.(desc.baseFd);
  if (reach !== undefined) return { ...pick(reach), baseFd: desc.baseFd, reach };
  if (scratchLen < MIN_SCRATCH) return Errno.ENOSYS;
  return opaqueSide(ctx, desc.baseFd, scratch);
}

function pick(r: ReachableFile): Omit<Side, "baseFd" | "reach"> {
  return { kind: r.kind, readable: r.readable, writable: r.writable, append: r.append, size: r.size, dev: r.dev, ino: r.ino };
}

/** An opaque base's position, through fd_tell into the scratch. */
function tell(ctx: Context, s: Side, scratch: number): bigint | number {
  if (s.reach !== undefined) return s.reach.position;
  const ret = ctx.callBase("fd_tell", s.baseFd, scratch);
  return ret === Errno.ESUCCESS ? ctx.view().getBigUint64(scratch, true) : ret;
}

function setPosition(ctx: Context, s: Side, pos: bigint, scratch: number): void {
  if (s.reach !== undefined) s.reach.position = pos;
  else ctx.callBase("fd_seek", s.baseFd, pos, 0, scratch);
}

/** Linux's rule for a negative position: EOVERFLOW when pos + count would reach 0, else EINVAL. */
function negative(pos: bigint, count: bigint): number {
  return count >= -pos ? Errno.EOVERFLOW : Errno.EINVAL;
}

/** The read/write loop through the lent scratch: [iovec | result | data...]. */
function loop(ctx: Context, src: Side, dst: Side, posIn: bigint, posOut: bigint, count: bigint, scratch: number, scratchLen: number): bigint | number {
  const chunk = BigInt(scratchLen - HEADER);
  const data = scratch + HEADER;
  let done = 0n;
  while (done < count) {
    const want = count - done < chunk ? count - done : chunk;
    let view = ctx.view();
    view.setUint32(scratch, data, true);
    view.setUint32(scratch + 4, Number(want), true);
    let ret = ctx.callBase("fd_pread", src.baseFd, scratch, 1, posIn + done, scratch + 8);
    if (ret !== Errno.ESUCCESS) return done > 0n ? done : ret;
    const got = ctx.view().getUint32(scratch + 8, true);
    if (got === 0) break;
    let written = 0;
    while (written < got) {
      view = ctx.view();
      view.setUint32(scratch, data + written, true);
      view.setUint32(scratch + 4, got - written, true);
      ret = ctx.callBase("fd_pwrite", dst.baseFd, scratch, 1, posOut + done + BigInt(written), scratch + 8);
      if (ret !== Errno.ESUCCESS) return done + BigInt(written) > 0n ? done + BigInt(written) : ret;
      const n = ctx.view().getUint32(scratch + 8, true);
      if (n === 0) return done + BigInt(written);
      written += n;
    }
    done += BigInt(got);
  }
  return done;
}

export function fd_copy_range(
  ctx: Context,
  fdSrc: number,
  fdDst: number,
  count: bigint,
  offsetSrc: bigint,
  offsetDst: bigint,
  flags: number,
  scratch: number,
  scratchLen: number,
  out: number,
): number | Promise<number> {
  const s = ctx.table.get(fdSrc);
  const d = ctx.table.get(fdDst);
  if (s === undefined || d === undefined) return Errno.EBADF;
  if (flags & ~(COPY_USE_POS_SRC | COPY_USE_POS_DST)) return Errno.EINVAL;
  const src = side(ctx, s.desc, scratch, scratchLen);
  if (typeof src === "number") return src;
  const dst = side(ctx, d.desc, scratch, scratchLen);
  if (typeof dst === "number") return dst;
  if (src.kind === "directory" || dst.kind === "directory") return Errno.EISDIR;
  if (src.kind !== "file" || dst.kind !== "file") return Errno.EINVAL;
  if (!src.readable || !dst.writable || dst.append) return Errno.EBADF;
  // Linux refuses a cross-device copy before it looks at offsets or counts.
  if (src.dev !== dst.dev) return Errno.EXDEV;
  if (count < 0n) return Errno.EINVAL;

  const useSrc = (flags & COPY_USE_POS_SRC) !== 0;
  const useDst = (flags & COPY_USE_POS_DST) !== 0;
  const posIn = useSrc ? tell(ctx, src, scratch) : offsetSrc;
  if (typeof posIn === "number") return posIn;
  if (posIn < 0n) return negative(posIn, count);
  const posOut = useDst ? tell(ctx, dst, scratch) : offsetDst;
  if (typeof posOut === "number") return posOut;
  if (posOut < 0n) return negative(posOut, count);

  let n = count;
  if (src.size - posIn < n) n = src.size - posIn;
  const view = (): DataView => ctx.view();
  // Linux (generic_write_check_limits) refuses a destination at or past s_maxbytes even when
  // nothing would be copied, then shortens a copy that crosses it.
  const max = dst.reach?.maxSize ?? ctx.base.maxFileSize;
  if (posOut >= max) return Errno.EFBIG;
  if (n <= 0n) {
    view().setBigUint64(out, 0n, true);
    return Errno.ESUCCESS;
  }
  if (max - posOut < n) n = max - posOut;
  // ino 0 means the base does not say (Deno's node:wasi reports 0 for every file): no overlap check.
  if (src.ino === dst.ino && src.ino !== 0n && posIn < posOut + n && posOut < posIn + n) return Errno.EINVAL;

  const finish = (copied: bigint): number => {
    if (useSrc) setPosition(ctx, src, posIn + copied, scratch);
    if (useDst) setPosition(ctx, dst, posOut + copied, scratch);
    view().setBigUint64(out, copied, true);
    return Errno.ESUCCESS;
  };
  if (src.reach !== undefined && dst.reach !== undefined) {
    const native = (ret: number): number => {
      if (ret !== Errno.ESUCCESS) return ret;
      ctx.copyPaths.native++;
      ctx.copyPaths.last = "native";
      return finish(n);
    };
    // A promise only in async mode, where fd_copy_range is a suspending import (Base.suspending).
    const ret = dst.reach.copyFrom(src.reach, posIn, posOut, n);
    return ret instanceof Promise ? ret.then(native) : native(ret);
  }
  if (scratchLen < MIN_SCRATCH) return Errno.ENOSYS;
  const r = loop(ctx, src, dst, posIn, posOut, n, scratch, scratchLen);
  if (typeof r === "number") return r;
  ctx.copyPaths.fallback++;
  ctx.copyPaths.last = "fallback";
  return finish(r);
}
