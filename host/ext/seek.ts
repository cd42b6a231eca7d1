/**
 * fd_seek_data (lseek's SEEK_DATA / SEEK_HOLE, which preview1's whence lacks) and
 * fd_size_max_get (the file system's largest file size, Linux's s_maxbytes: what sendfile's
 * EOVERFLOW and lseek's EINVAL are measured against). docs/abi.md has the contract.
 */
import { Errno } from "../../src/errno.ts";
import { SEEK_DATA, SEEK_HOLE } from "../../src/abi/ext.ts";
import type { Context } from "../context.ts";

/** Pseudo file systems (pipes) take any size, as Linux's pipefs (MAX_LFS_FILESIZE). */
const MAX_LFS_FILESIZE = (1n << 63n) - 1n;

/**
 * lseek(fd, offset, SEEK_DATA|SEEK_HOLE): the next offset at or after `offset` in data (in a
 * hole); the end of the file is a hole; `offset` at or past the size (a negative one too, taken
 * unsigned as Linux does) is ENXIO. Moves the position there. A file system that knows its
 * holes answers exactly (memory); others answer as Linux does for those without hole tracking:
 * the whole file is data. Opaque bases: ENOSYS (the guest answers from fstat, assembly/seek.ts).
 */
export function fd_seek_data(ctx: Context, fd: number, offset: bigint, whence: number, out: number): number {
  const entry = ctx.table.get(fd);
  if (entry === undefined) return Errno.EBADF;
  if (whence !== SEEK_DATA && whence !== SEEK_HOLE) return Errno.EINVAL;
  if (entry.desc.own !== undefined) return Errno.ESPIPE;
  if (ctx.base.reach === undefined) return Errno.ENOSYS;
  const file = ctx.base.reach(entry.desc.baseFd);
  if (file === undefined || file.kind === "other") return Errno.ESPIPE;
  if (file.kind === "directory") return Errno.EINVAL;
  const size = file.size;
  if (offset < 0n || offset >= size) return Errno.ENXIO;
  const hole = whence === SEEK_HOLE;
  const at = file.seekData !== undefined ? file.seekData(offset, hole) : hole ? size : offset;
  if (at < 0n) return Errno.ENXIO;
  file.position = at;
  ctx.view().setBigUint64(out, at, true);
  return Errno.ESUCCESS;
}

/** The largest file size of the file system `fd` is on (pipes: MAX_LFS_FILESIZE). */
export function fd_size_max_get(ctx: Context, fd: number, out: number): number {
  const entry = ctx.table.get(fd);
  if (entry === undefined) return Errno.EBADF;
  let max = ctx.base.maxFileSize;
  if (entry.desc.own !== undefined) max = MAX_LFS_FILESIZE;
  else {
    const file = ctx.base.reach?.(entry.desc.baseFd);
    if (file?.maxSize !== undefined) max = file.maxSize;
  }
  ctx.view().setBigUint64(out, max, true);
  return Errno.ESUCCESS;
}
