// The memory file system's filestat: the shared MemFilestat (../filestat.ts, re-exported so
// every import of this module keeps working) and the clock its timestamps come from.
export { MemFilestat } from "../filestat.ts";

/** Wall-clock time in nanoseconds (sub-millisecond where the host's performance.now has it). */
export function nowNs(): bigint {
  const t = performance.timeOrigin + performance.now();
  const ms = Math.floor(t);
  return BigInt(ms) * 1_000_000n + BigInt(Math.floor((t - ms) * 1e6));
}
