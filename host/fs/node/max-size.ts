// The largest file size of the file system a real fd is on (Linux's s_maxbytes): lseek past it
// is EINVAL, sendfile at or past it EOVERFLOW (the kernel enforces writes and truncates itself).
// Node has no fstatfs, but statfs of /proc/self/fd/N reaches the fd's own file system. Known
// file systems by their magic; anything else (or no /proc) is MAX_LFS_FILESIZE, as most have.
import * as fs from "node:fs";

const MAX_LFS_FILESIZE = (1n << 63n) - 1n;
const EXT4_MAGIC = 0xef53; // ext2/3/4 share it; ext4 with extents: (2^32-1) blocks

/** s_maxbytes of the file system under `osFd` (a best effort: MAX_LFS_FILESIZE when unknown). */
export function maxFileSizeOf(osFd: number): bigint {
  return maxFileSizeAt(`/proc/self/fd/${osFd}`);
}

/** s_maxbytes of the file system `path` is on. */
export function maxFileSizeAt(path: string): bigint {
  try {
    const st = fs.statfsSync(path, { bigint: true });
    if (st.type === BigInt(EXT4_MAGIC)) return ((1n << 32n) - 1n) * st.bsize;
  } catch {
    // no /proc, or a path that went away: assume the common case
  }
  return MAX_LFS_FILESIZE;
}
