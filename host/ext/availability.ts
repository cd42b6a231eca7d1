/** availability: the guest asks how this host does one `os` function (src/availability.ts). */
import { Errno } from "../../src/errno.ts";
import { LEVELS } from "../../src/abi/ext.ts";
import { availability as lookup, isGuestFunction } from "../../src/availability.ts";
import type { BaseName } from "../../src/bases.ts";
import type { Context } from "../context.ts";

const decoder = new TextDecoder();

export function availability(ctx: Context, base: BaseName, name: number, nameLen: number, level: number, errno: number): number {
  const fn = decoder.decode(ctx.bytes().subarray(name, name + nameLen));
  if (!isGuestFunction(fn)) return Errno.ENOENT;
  const a = lookup(base, fn);
  const view = ctx.view();
  view.setUint32(level, LEVELS.indexOf(a.level), true);
  view.setUint32(errno, a.errno === null ? 0 : Errno[a.errno], true);
  return Errno.ESUCCESS;
}
