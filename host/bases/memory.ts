/**
 * Base `memory` (the default): browser_wasi_shim's dispatch over our own in-memory file
 * system objects (host/fs/memory). Each preopen is its own file system (its own st_dev, so
 * copies between two preopens are EXDEV, as between two Linux file systems). The shim's fd
 * array is reachable: the extension functions work on the objects directly.
 */
import { WASI, type Fd } from "@bjorn3/browser_wasi_shim";
import { MAX_FILE_SIZE, MemoryFileSystem, OpenMemDirectory, OpenMemFile } from "../fs/memory/index.ts";
import { Errno } from "../../src/errno.ts";

const FDFLAGS_APPEND = 1;
import type { Base, BaseOptions, ReachableFile, WasiImports } from "./types.ts";

/** A regular file of the memory file system, as the extension functions see it. */
class MemReachableFile implements ReachableFile {
  readonly kind = "file";
  constructor(private readonly open: OpenMemFile) {}
  get readable(): boolean {
    return this.open.readable;
  }
  get writable(): boolean {
    return this.open.writable;
  }
  get append(): boolean {
    return (this.open.fdflags & FDFLAGS_APPEND) !== 0;
  }
  get size(): bigint {
    return this.open.file.size;
  }
  get dev(): bigint {
    return this.open.file.dev;
  }
  get ino(): bigint {
    return this.open.file.ino;
  }
  get position(): bigint {
    return this.open.position;
  }
  set position(p: bigint) {
    this.open.position = p;
  }
  get mode(): number {
    return this.open.file.mode;
  }
  chmod(mode: number): number {
    this.open.file.chmod(mode);
    return Errno.ESUCCESS;
  }
  copyFrom(from: ReachableFile, posIn: bigint, posOut: bigint, count: bigint): number {
    if (!(from instanceof MemReachableFile)) return Errno.EXDEV;
    if (count === 0n) return Errno.ESUCCESS;
    // One copy, storage to storage: the bytes never pass through guest memory.
    const bytes = from.open.file.data.read(Number(posIn), Number(count));
    const ret = this.open.file.data.write(Number(posOut), bytes);
    if (ret === Errno.ESUCCESS) this.open.file.touchData();
    return ret;
  }
}

/** A directory: chmod and st_mode work; copies answer EISDIR before reaching copyFrom. */
class MemReachableDirectory implements ReachableFile {
  readonly kind = "directory";
  readonly readable = true;
  readonly writable = false;
  readonly append = false;
  position = 0n;
  constructor(private readonly open: OpenMemDirectory) {}
  get size(): bigint {
    return this.open.dir.size;
  }
  get dev(): bigint {
    return this.open.dir.dev;
  }
  get ino(): bigint {
    return this.open.dir.ino;
  }
  get mode(): number {
    return this.open.dir.mode;
  }
  chmod(mode: number): number {
    this.open.dir.chmod(mode);
    return Errno.ESUCCESS;
  }
  copyFrom(): number {
    return Errno.EISDIR;
  }
}

function reachable(obj: Fd | undefined): ReachableFile | undefined {
  if (obj instanceof OpenMemFile) return new MemReachableFile(obj);
  if (obj instanceof OpenMemDirectory) return new MemReachableDirectory(obj);
  return undefined;
}

export async function createMemoryBase(options: BaseOptions): Promise<Base> {
  const systems = options.preopens.map((p) => MemoryFileSystem.fromTree(p.tree ?? {}));
  // Guest stdio is the adapter's; base fds 0-2 only keep the preopens at 3 and up.
  const fds: (Fd | undefined)[] = [undefined, undefined, undefined, ...systems.map((fs, i) => fs.preopen(options.preopens[i]?.guest ?? "/"))];
  // debug is on by default in 0.4.2 and process-wide: always pass it off.
  const wasi = new WASI([], [], fds as Fd[], { debug: false });
  return {
    name: "memory",
    imports: wasi.wasiImport as unknown as WasiImports,
    maxFileSize: MAX_FILE_SIZE,
    reach: (baseFd) => reachable(wasi.fds[baseFd]),
    preopenFds: systems.map((_, i) => 3 + i),
    bind(instance) {
      wasi.inst = instance as unknown as typeof wasi.inst;
    },
    finish() {},
    readTree(i) {
      const fs = systems[i];
      if (fs === undefined) throw new RangeError(`wasi-os: no preopen ${i}`);
      return fs.tree();
    },
  };
}
