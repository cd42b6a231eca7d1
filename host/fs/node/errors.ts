// node:fs errors -> WASI errnos. One table, uvwasi style: every syscall in this directory
// ends in `catch (e) { return errnoOf(e); }`.
//
// Node reports a failed syscall as an Error whose `code` is the POSIX name ("ENOENT"); WASI
// uses the same names with its own numbers (src/errno.ts). A thrown value that is not a
// system error (a TypeError from a bad argument, a RangeError) is a bug on our side or a
// value the guest should never have reached: EIO, never a trap.
import { Errno, errnoNumber } from "../../../src/errno.ts";

/** Linux names that WASI spells differently. */
const ALIASES: Readonly<Record<string, string>> = {
  EOPNOTSUPP: "ENOTSUP",
  EWOULDBLOCK: "EAGAIN",
  EDEADLOCK: "EDEADLK",
};

/** The POSIX code of a node:fs error ("ENOENT"), or undefined for anything else. */
export function codeOf(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null || !("code" in e)) return undefined;
  const code = (e as { code: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** The WASI errno for a thrown node:fs error. */
export function errnoOf(e: unknown): number {
  const code = codeOf(e);
  if (code === undefined) return Errno.EIO;
  return errnoNumber(ALIASES[code] ?? code) ?? Errno.EIO;
}
