// fd_filestat_set_times / path_filestat_set_times on node:fs.
//
// Node's utimes family takes seconds as a double and has no UTIME_OMIT, so:
// - a time is passed as ns / 1e9: sub-microsecond digits are rounded (about 0.25 us today);
// - a time the guest does not set is read first (fstat/lstat) and written back, rounded the
//   same way, and a concurrent change to it in between is lost;
// - both times omitted: no syscall at all (Linux utimensat with two UTIME_OMIT does nothing).
// ATIM with ATIM_NOW (or MTIM with MTIM_NOW) is INVAL, as in wasmtime and uvwasi.
import type { BigIntStats } from "node:fs";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { errnoOf } from "./errors.ts";

const A = wasi.FSTFLAGS_ATIM;
const AN = wasi.FSTFLAGS_ATIM_NOW;
const M = wasi.FSTFLAGS_MTIM;
const MN = wasi.FSTFLAGS_MTIM_NOW;

const seconds = (ns: bigint): number => Number(BigInt.asUintN(64, ns)) / 1e9;

/** SUCCESS when `fstFlags` is a valid fstflags combination, else INVAL. */
export function checkTimeFlags(fstFlags: number): number {
  if (!Number.isInteger(fstFlags) || (fstFlags & ~(A | AN | M | MN)) !== 0) return wasi.ERRNO_INVAL;
  if ((fstFlags & A) !== 0 && (fstFlags & AN) !== 0) return wasi.ERRNO_INVAL;
  if ((fstFlags & M) !== 0 && (fstFlags & MN) !== 0) return wasi.ERRNO_INVAL;
  return wasi.ERRNO_SUCCESS;
}

/** Validates the flags, computes both times (seconds) and calls `apply`. Never throws. */
export function setTimes(
  atim: bigint,
  mtim: bigint,
  fstFlags: number,
  current: () => BigIntStats,
  apply: (atime: number, mtime: number) => void,
): number {
  if (typeof atim !== "bigint" || typeof mtim !== "bigint") return wasi.ERRNO_INVAL;
  if (checkTimeFlags(fstFlags) !== wasi.ERRNO_SUCCESS) return wasi.ERRNO_INVAL;
  if (fstFlags === 0) return wasi.ERRNO_SUCCESS;
  try {
    const now = Date.now() / 1000;
    const needCurrent = (fstFlags & (A | AN)) === 0 || (fstFlags & (M | MN)) === 0;
    const st = needCurrent ? current() : null;
    const pick = (set: number, setNow: number, value: bigint, old: bigint | undefined): number =>
      (fstFlags & set) !== 0 ? seconds(value) : (fstFlags & setNow) !== 0 ? now : seconds(old ?? 0n);
    apply(pick(A, AN, atim, st?.atimeNs), pick(M, MN, mtim, st?.mtimeNs));
    return wasi.ERRNO_SUCCESS;
  } catch (e) {
    return errnoOf(e);
  }
}
