// Real `stat` results in preview1's shape. The filestat record is written with the fixed
// layout of host/fs/filestat.ts (the stock shim puts the times at wrong offsets).
import type { BigIntStats } from "node:fs";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { MemFilestat } from "../filestat.ts";

const S_IFMT = 0o170000;
const S_IFSOCK = 0o140000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFBLK = 0o060000;
const S_IFDIR = 0o040000;
const S_IFCHR = 0o020000;

/** preview1 filetype of a POSIX st_mode. A FIFO has no preview1 type: UNKNOWN (as wasmtime). */
export function filetypeOf(mode: number | bigint): number {
  switch (Number(mode) & S_IFMT) {
    case S_IFREG: return wasi.FILETYPE_REGULAR_FILE;
    case S_IFDIR: return wasi.FILETYPE_DIRECTORY;
    case S_IFLNK: return wasi.FILETYPE_SYMBOLIC_LINK;
    case S_IFCHR: return wasi.FILETYPE_CHARACTER_DEVICE;
    case S_IFBLK: return wasi.FILETYPE_BLOCK_DEVICE;
    case S_IFSOCK: return wasi.FILETYPE_SOCKET_STREAM;
    default: return wasi.FILETYPE_UNKNOWN;
  }
}

/** Is this a file kind whose reads and writes take an offset (not a FIFO, socket or tty)? */
export function isSeekableMode(mode: number | bigint): boolean {
  const t = Number(mode) & S_IFMT;
  return t === S_IFREG || t === S_IFBLK || t === S_IFDIR;
}

/** dev, ino, filetype, nlink, size and the three times, in nanoseconds, from a bigint stat. */
export function filestatOf(st: BigIntStats): MemFilestat {
  const f = new MemFilestat(st.ino, filetypeOf(st.mode), st.size, st.nlink, st.atimeNs, st.mtimeNs, st.ctimeNs);
  f.dev = st.dev;
  return f;
}
