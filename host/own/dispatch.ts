/**
 * preview1 calls on adapter-owned descriptions (stdio, pipes). The adapter has already
 * checked every pointer region, so plain DataView access is safe here.
 *
 * Answers for what such a stream cannot do follow Linux on a pipe: seek-like calls ESPIPE,
 * sync and truncate EINVAL, directory calls ENOTDIR.
 */
import { Errno } from "../../src/errno.ts";
import { BLOCKED, FDFLAGS, writeFilestat, type OwnFile } from "./types.ts";

type Args = (number | bigint)[];
/** `mem` and `view` are the adapter's cached views of guest memory (no allocation per call). */
type Handler = (file: OwnFile, mem: Uint8Array, view: DataView, args: Args) => number;

const n = (v: number | bigint | undefined): number => Number(v ?? 0) >>> 0;

/**
 * Moves bytes between `file` and the iovecs, from byte `done` of them on (what an earlier try
 * of the same waiting call moved); writes the total to `out`. An error after progress becomes a
 * short count; with no progress in this try it is the answer (BLOCKED included).
 */
export function transfer(file: OwnFile, mem: Uint8Array, view: DataView, iovs: number, count: number, out: number, reading: boolean, done = 0): number {
  let total = 0;
  let skip = done;
  for (let k = 0; k < count; k++) {
    const buf = view.getUint32(iovs + k * 8, true);
    const len = view.getUint32(iovs + k * 8 + 4, true);
    if (skip >= len) {
      skip -= len;
      total += len;
      continue;
    }
    const region = mem.subarray(buf + skip, buf + len);
    total += skip; // moved by the earlier try
    skip = 0;
    const r = reading ? file.read(region) : file.write(region);
    if (r < 0) {
      if (total === done) {
        if (done === 0 || r === -BLOCKED) return -r;
      }
      break;
    }
    total += r;
    if (r < region.length) break;
  }
  view.setUint32(out, total, true);
  return Errno.ESUCCESS;
}

const espipe: Handler = () => Errno.ESPIPE;
const einval: Handler = () => Errno.EINVAL;
const enotdir: Handler = () => Errno.ENOTDIR;

export const OWN_DISPATCH: Readonly<Record<string, Handler>> = {
  fd_read: (f, mem, view, [, iovs, count, out]) => transfer(f, mem, view, n(iovs), n(count), n(out), true),
  fd_write: (f, mem, view, [, iovs, count, out]) => transfer(f, mem, view, n(iovs), n(count), n(out), false),
  fd_pread: espipe,
  fd_pwrite: espipe,
  fd_seek: espipe,
  fd_tell: espipe,
  fd_advise: espipe,
  fd_allocate: espipe,
  fd_sync: einval,
  fd_datasync: einval,
  fd_filestat_set_size: einval,
  fd_filestat_set_times: () => Errno.ESUCCESS,
  fd_fdstat_get: (f, _mem, view, [, ptr]) => {
    const p = n(ptr);
    view.setUint8(p, f.filetype);
    view.setUint8(p + 1, 0);
    view.setUint16(p + 2, f.fdflags, true);
    view.setUint32(p + 4, 0, true);
    view.setBigUint64(p + 8, f.rights, true);
    view.setBigUint64(p + 16, 0n, true);
    return Errno.ESUCCESS;
  },
  fd_fdstat_set_flags: (f, _mem, _view, [, flags]) => {
    const v = n(flags);
    if (v & ~(FDFLAGS.APPEND | FDFLAGS.NONBLOCK)) return Errno.EINVAL;
    f.fdflags = v;
    return Errno.ESUCCESS;
  },
  fd_fdstat_set_rights: () => Errno.ENOTSUP,
  fd_filestat_get: (f, _mem, view, [, ptr]) => {
    writeFilestat(view, n(ptr), f.filestat());
    return Errno.ESUCCESS;
  },
  fd_readdir: enotdir,
  path_create_directory: enotdir,
  path_filestat_get: enotdir,
  path_filestat_set_times: enotdir,
  path_link: enotdir,
  path_open: enotdir,
  path_readlink: enotdir,
  path_remove_directory: enotdir,
  path_rename: enotdir,
  path_symlink: enotdir,
  path_unlink_file: enotdir,
};

