// A file-system template: one tree built once, copied per run in O(entries) with every file's
// blocks shared copy-on-write (host/prepared.ts). A run's writes copy only the 64 KiB blocks
// they touch, charged to the run's own limits; the template never changes.
import { MemoryFileSystem } from "./filesystem.ts";
import { MemDirectory, MemFile, MemSymlink, type MemInode } from "./inode.ts";
import type { FsLimits } from "./limits.ts";

/** A copy of `template` on `limits`: same names, modes, times and hard links; shared file bytes. */
export function cloneFileSystem(template: MemoryFileSystem, limits: FsLimits): MemoryFileSystem {
  const fs = new MemoryFileSystem(new MemDirectory(template.root.mode), limits);
  // Times are set last: linking entries in touches the directories and the inodes.
  const pairs: [MemInode, MemInode][] = [[template.root, fs.root]];
  const seen = new Map<MemInode, MemInode>(); // hard links stay one inode
  const fill = (from: MemDirectory, to: MemDirectory): void => {
    for (const name of from.names()) {
      const src = from.get(name);
      if (src === undefined) continue;
      let dst = seen.get(src);
      if (dst === undefined) {
        if (src instanceof MemDirectory) dst = new MemDirectory(src.mode);
        else if (src instanceof MemSymlink) dst = new MemSymlink(src.target);
        else if (src instanceof MemFile) {
          const file = new MemFile(undefined, src.mode, limits);
          file.data.shareAll(src.data);
          dst = file;
        } else continue;
        seen.set(src, dst);
        pairs.push([src, dst]);
      }
      to.add(name, dst);
      if (src instanceof MemDirectory && dst instanceof MemDirectory) fill(src, dst);
    }
  };
  fill(template.root, fs.root);
  for (const [from, to] of pairs) {
    to.atim = from.atim;
    to.mtim = from.mtim;
    to.ctim = from.ctim;
  }
  return fs;
}
