/**
 * fd_chmod, fd_mode_get, fd_inheritable_get/set. Modes live where the file lives: in a
 * reachable base's objects or the adapter's own; opaque bases cannot reach them (ENOSYS,
 * never a silent success).
 */
import { Errno } from "../../src/errno.ts";
import type { Context } from "../context.ts";

/**
 * chmod. On a base that cannot reach files' modes, every fd answers ENOSYS, pipes included:
 * one answer per base keeps the report's "not available (ENOSYS)" exactly true.
 */
export function fd_chmod(ctx: Context, fd: number, mode: number): number {
  const entry = ctx.table.get(fd);
  if (entry === undefined) return Errno.EBADF;
  if (ctx.base.reach === undefined) return Errno.ENOSYS;
  const own = entry.desc.own;
  if (own !== undefined) {
    own.permissions = mode & 0o7777;
    return Errno.ESUCCESS;
  }
  const file = ctx.base.reach?.(entry.desc.baseFd);
  return file === undefined ? Errno.ENOSYS : file.chmod(mode & 0o7777);
}

export function fd_mode_get(ctx: Context, fd: number, out: number): number {
  const entry = ctx.table.get(fd);
  if (entry === undefined) return Errno.EBADF;
  const own = entry.desc.own;
  let mode: number;
  if (own !== undefined) mode = own.typeBits | own.permissions;
  else {
    const file = ctx.base.reach?.(entry.desc.baseFd);
    if (file === undefined) return Errno.ENOSYS;
    mode = file.mode;
  }
  ctx.view().setUint32(out, mode, true);
  return Errno.ESUCCESS;
}

export function fd_inheritable_get(ctx: Context, fd: number, out: number): number {
  const entry = ctx.table.get(fd);
  if (entry === undefined) return Errno.EBADF;
  ctx.view().setUint32(out, entry.inheritable ? 1 : 0, true);
  return Errno.ESUCCESS;
}

export function fd_inheritable_set(ctx: Context, fd: number, inheritable: number): number {
  const entry = ctx.table.get(fd);
  if (entry === undefined) return Errno.EBADF;
  entry.inheritable = inheritable !== 0;
  return Errno.ESUCCESS;
}
