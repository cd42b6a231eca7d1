/** pipe: an adapter-owned in-memory pipe, the same on every base (host/own/pipe.ts). */
import { Errno } from "../../src/errno.ts";
import { PIPE_NONBLOCK } from "../../src/abi/ext.ts";
import type { Context } from "../context.ts";
import { Pipe } from "../own/pipe.ts";
import { FDFLAGS } from "../own/types.ts";

export function pipe(ctx: Context, flags: number, out: number): number {
  if (flags & ~PIPE_NONBLOCK) return Errno.EINVAL;
  const p = new Pipe();
  if (flags & PIPE_NONBLOCK) {
    p.readEnd.fdflags = FDFLAGS.NONBLOCK;
    p.writeEnd.fdflags = FDFLAGS.NONBLOCK;
  }
  const r = ctx.table.open({ baseFd: -1, own: p.readEnd });
  if (r < 0) return Errno.EMFILE;
  const w = ctx.table.open({ baseFd: -1, own: p.writeEnd });
  if (w < 0) {
    ctx.table.release(r);
    return Errno.EMFILE;
  }
  const view = ctx.view();
  view.setUint32(out, r, true);
  view.setUint32(out + 4, w, true);
  return Errno.ESUCCESS;
}
