/** fd_dup, fd_dup2, fd_close_range: the virtual fd table does the work on every base. */
import { Errno } from "../../src/errno.ts";
import { DUP2_INHERITABLE } from "../../src/abi/ext.ts";
import type { Context } from "../context.ts";

/** dup: the lowest free fd, sharing the description (one offset), not inheritable. */
export function fd_dup(ctx: Context, fd: number, out: number): number {
  const entry = ctx.table.get(fd);
  if (entry === undefined) return Errno.EBADF;
  const to = ctx.table.lowestFree();
  if (to < 0) return Errno.EMFILE;
  ctx.table.alias(to, entry.desc, false);
  ctx.view().setUint32(out, to, true);
  return Errno.ESUCCESS;
}

/**
 * dup2: closes fd2 first; fd2 == fd is a no-op. Without inheritable CPython calls dup3, which
 * refuses fd2 == fd with EINVAL before it looks at either fd (a closed fd too, measured).
 */
export function fd_dup2(ctx: Context, fd: number, fd2: number, flags: number, out: number): number {
  const inheritable = (flags & DUP2_INHERITABLE) !== 0;
  if (fd2 === fd && !inheritable) return Errno.EINVAL;
  const entry = ctx.table.get(fd);
  if (entry === undefined) return Errno.EBADF;
  if (fd2 < 0 || fd2 >= ctx.table.limit) return Errno.EBADF;
  if (fd2 !== fd) {
    const last = ctx.table.release(fd2);
    if (last !== undefined) ctx.closeDescription(last);
    ctx.table.alias(fd2, entry.desc, inheritable);
  }
  ctx.view().setUint32(out, fd2, true);
  return Errno.ESUCCESS;
}

/** closerange: every open fd in [low, high); errors of single closes are ignored, as CPython. */
export function fd_close_range(ctx: Context, low: number, high: number): number {
  for (const fd of ctx.table.fds()) {
    if (fd < low || fd >= high) continue;
    const last = ctx.table.release(fd);
    if (last !== undefined) ctx.closeDescription(last);
  }
  return Errno.ESUCCESS;
}
