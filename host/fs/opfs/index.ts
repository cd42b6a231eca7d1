/**
 * The `opfs` file system: a home that survives a reload, for browser hosts (page or Worker).
 *
 *   const home = await OpfsFileSystem.open({ directory: "home" });
 *   spawn(tool, { preopens: [{ guest: "/home", memoryFs: home.fs }] });
 *   await home.sync();   // after each command: what changed is written back to OPFS
 *
 * Design: the guest works on a MemoryFileSystem (host/fs/memory: every call synchronous and
 * complete, the same semantics as the `memory` base: sizes, holes, renames, copy_file_range as
 * a reflink) loaded from an OPFS directory at open; `sync()` writes back the files whose
 * contents, size or mode changed since the last sync, makes new directories and removes what
 * is gone. OPFS holds the bytes and the tree; what it cannot hold — permission bits and
 * modification times — goes into one small metadata file (META_NAME) at the top of the
 * directory. OPFS has no symbolic links: symlink answers EPERM here, as Linux does on a file
 * system without them (FsLimits.symlinks). A rename is written back as a new file and a removal.
 * Changes made after the last sync are lost if the page goes away first.
 */
import { MemDirectory, MemFile, MemoryFileSystem, type MemInode, type MemoryLimits } from "../memory/index.ts";
import { directoryAt, opfsRoot, type OpfsDirectoryHandle } from "./handles.ts";

/** The metadata file (modes, times) at the top of the OPFS directory; hidden from the guest. */
export const META_NAME = ".wasi-os-meta.json";

export interface OpfsOptions {
  /** The directory below the origin's OPFS root that holds this file system (made if missing). Default "wasi-os". */
  readonly directory?: string;
  /** Caps for the in-memory copy (MemoryLimits); symlinks and hard links are always off (OPFS has neither). */
  readonly limits?: Omit<MemoryLimits, "symlinks" | "hardLinks">;
  /** Another OPFS directory to use as the root instead of the origin's (tests, a Worker's handle). */
  readonly root?: OpfsDirectoryHandle;
}

/** What one sync wrote. */
export interface SyncReport {
  readonly filesWritten: number;
  readonly bytesWritten: number;
  readonly removed: number;
  readonly directoriesMade: number;
}

interface Meta {
  /** path -> [permission bits, mtime in ns as a decimal string] */
  readonly entries: Record<string, [number, string]>;
}

type Recorded = { readonly kind: "dir" } | { readonly kind: "file"; readonly inode: MemFile; readonly ctim: bigint; readonly size: bigint };

/** Every entry below `dir`, parents before children, by "/"-joined path. */
function walk(dir: MemDirectory, prefix: string, out: Map<string, MemInode>): Map<string, MemInode> {
  for (const name of dir.names()) {
    const inode = dir.get(name);
    if (inode === undefined) continue;
    const path = prefix === "" ? name : `${prefix}/${name}`;
    out.set(path, inode);
    if (inode instanceof MemDirectory) walk(inode, path, out);
  }
  return out;
}

function record(inode: MemInode): Recorded | undefined {
  if (inode instanceof MemDirectory) return { kind: "dir" };
  if (inode instanceof MemFile) return { kind: "file", inode, ctim: inode.ctim, size: inode.size };
  return undefined;
}

export class OpfsFileSystem {
  /** The file system the guest sees (preopen it with `memoryFs`). */
  readonly fs: MemoryFileSystem;
  private readonly dir: OpfsDirectoryHandle;
  /** What OPFS holds, as of the last load or sync. */
  private synced = new Map<string, Recorded>();
  private metaText = "";
  private running: Promise<SyncReport> | undefined;

  private constructor(dir: OpfsDirectoryHandle, fs: MemoryFileSystem) {
    this.dir = dir;
    this.fs = fs;
  }

  /** Opens (making it if needed) the OPFS directory and loads it into memory. */
  static async open(options: OpfsOptions = {}): Promise<OpfsFileSystem> {
    const root = options.root ?? (await opfsRoot());
    const dir = await root.getDirectoryHandle(options.directory ?? "wasi-os", { create: true });
    const self = new OpfsFileSystem(dir, new MemoryFileSystem(undefined, { ...options.limits, symlinks: false, hardLinks: false }));
    await self.load();
    return self;
  }

  private async load(): Promise<void> {
    const meta = await this.readMeta();
    const visit = async (handle: OpfsDirectoryHandle, prefix: string): Promise<void> => {
      for await (const [name, h] of handle.entries()) {
        if (prefix === "" && name === META_NAME) continue;
        const path = prefix === "" ? name : `${prefix}/${name}`;
        if (h.kind === "directory") {
          this.fs.mkdir(path);
          await visit(h, path);
        } else this.fs.writeFile(path, new Uint8Array(await (await h.getFile()).arrayBuffer()));
      }
    };
    await visit(this.dir, "");
    for (const [path, inode] of walk(this.fs.root, "", new Map())) {
      const m = meta.entries[path];
      if (m !== undefined) {
        inode.chmod(m[0]);
        inode.mtim = BigInt(m[1]);
      }
      const r = record(inode);
      if (r !== undefined) this.synced.set(path, r);
    }
    this.metaText = this.metaFor(walk(this.fs.root, "", new Map()));
  }

  private async readMeta(): Promise<Meta> {
    try {
      const text = await (await (await this.dir.getFileHandle(META_NAME)).getFile()).text();
      const parsed = JSON.parse(text) as Partial<Meta>;
      return { entries: parsed.entries ?? {} };
    } catch {
      return { entries: {} }; // none yet, or unreadable: default modes
    }
  }

  private metaFor(entries: Map<string, MemInode>): string {
    const out: Record<string, [number, string]> = {};
    for (const [path, inode] of entries) out[path] = [inode.mode & 0o7777, String(inode.mtim)];
    return JSON.stringify({ entries: out });
  }

  /**
   * Writes back what changed since the last sync: changed files, new directories, removals,
   * and the metadata file when a mode or time changed. Calls run one after another.
   */
  sync(): Promise<SyncReport> {
    const next = (this.running ?? Promise.resolve(undefined)).then(() => this.syncNow());
    this.running = next.catch(() => ({ filesWritten: 0, bytesWritten: 0, removed: 0, directoriesMade: 0 }));
    return next;
  }

  private async syncNow(): Promise<SyncReport> {
    const now = walk(this.fs.root, "", new Map());
    let filesWritten = 0, bytesWritten = 0, removed = 0, directoriesMade = 0;
    // Removals first (a file may have become a directory), the topmost of each removed subtree only.
    const gone = [...this.synced.entries()].filter(([path, r]) => {
      const cur = now.get(path);
      return cur === undefined || record(cur)?.kind !== r.kind;
    });
    const goneSet = new Set(gone.map(([p]) => p));
    for (const [path] of gone) {
      const parts = path.split("/");
      if (parts.slice(0, -1).some((_, i) => goneSet.has(parts.slice(0, i + 1).join("/")))) continue;
      const parent = await directoryAt(this.dir, parts.slice(0, -1), false);
      await parent.removeEntry(parts[parts.length - 1] ?? "", { recursive: true }).catch(() => undefined);
      removed++;
    }
    for (const p of goneSet) this.synced.delete(p);
    for (const [path, inode] of now) {
      const r = record(inode);
      if (r === undefined) continue; // a symlink cannot be made here; nothing else to write
      const was = this.synced.get(path);
      const parts = path.split("/");
      const name = parts[parts.length - 1] ?? "";
      if (r.kind === "dir") {
        if (was === undefined) {
          await directoryAt(this.dir, parts, true);
          directoriesMade++;
        }
      } else if (was?.kind !== "file" || was.inode !== r.inode || was.ctim !== r.ctim || was.size !== r.size) {
        const parent = await directoryAt(this.dir, parts.slice(0, -1), true);
        const w = await (await parent.getFileHandle(name, { create: true })).createWritable();
        const bytes = r.inode.data.toBytes();
        await w.write(bytes);
        await w.close();
        filesWritten++;
        bytesWritten += bytes.length;
      }
      this.synced.set(path, r);
    }
    const meta = this.metaFor(now);
    if (meta !== this.metaText) {
      const w = await (await this.dir.getFileHandle(META_NAME, { create: true })).createWritable();
      await w.write(new TextEncoder().encode(meta));
      await w.close();
      this.metaText = meta;
    }
    return { filesWritten, bytesWritten, removed, directoriesMade };
  }
}

export type { OpfsDirectoryHandle, OpfsFileHandle, OpfsWritable } from "./handles.ts";
