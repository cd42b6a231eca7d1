/**
 * Base `memory` (the default): browser_wasi_shim's dispatch over our own in-memory file
 * system objects (host/fs/memory). Each preopen is its own file system (its own st_dev, so
 * copies between two preopens are EXDEV, as between two Linux file systems); all preopens of
 * one instance share one set of caps (`memoryLimits`: bytes held, file size; limits.ts).
 * The shim's fd array is reachable: the extension functions work on the objects directly.
 *
 * Imports answered here instead of by the shim's dispatch, for the objects we own:
 * - fd_read / fd_pread / fd_write / fd_pwrite: one copy between guest memory and the file's
 *   blocks (the shim slices, then sets: two copies and an allocation per iovec; guest-io.ts);
 * - path_symlink (the shim always answers NOTSUP) and path_readlink (the shim answers BADF
 *   for a short buffer; wasmtime writes the truncated target);
 * - path_rename between memory directories (the same unlink+link as the shim, which throws a
 *   JS string when re-linking fails; here it cannot escape as a trap);
 * poll_oneoff is the adapter's on every base (host/poll.ts). Everything else goes through the
 * shim's dispatch to the Fd methods.
 */
import { WASI, wasi as W, type Fd } from "@bjorn3/browser_wasi_shim";
import { FsLimits, MemoryFileSystem, OpenMemDirectory, OpenMemFile, type MemoryLimits } from "../fs/memory/index.ts";
import { GuestMemory, vectorIo } from "../fs/memory/guest-io.ts";
import { Errno } from "../../src/errno.ts";
import { Description } from "../fs/description.ts";
import type { Base, BaseOptions, ReachableFile, WasiFunction, WasiImports } from "./types.ts";

const FDFLAGS_APPEND = 1;
const utf8 = new TextDecoder("utf-8", { fatal: true });

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
  seekData(offset: bigint, hole: boolean): bigint {
    return BigInt(this.open.file.data.seekData(Number(offset), hole));
  }
  /**
   * Host-side copy_file_range: shared copy-on-write blocks where the offsets allow (a reflink),
   * one copy block to block elsewhere (file-storage.ts); never through guest memory. At the
   * byte cap a copy stops with ENOSPC; what was copied before stays (the ReachableFile
   * contract has no short count, so the guest sees the error, not the partial count Linux gives).
   */
  copyFrom(from: ReachableFile, posIn: bigint, posOut: bigint, count: bigint): number {
    if (!(from instanceof MemReachableFile)) return Errno.EXDEV;
    if (count === 0n) return Errno.ESUCCESS;
    const n = this.open.file.data.copyFrom(from.open.file.data, Number(posIn), Number(posOut), Number(count));
    if (n > 0) this.open.file.touchData();
    if (n < 0) return -n;
    return BigInt(n) === count ? Errno.ESUCCESS : Errno.ENOSPC;
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

/** The memory base's options: the common ones plus the caps (WasiOsOptions.memoryLimits). */
export type MemoryBaseOptions = BaseOptions & { readonly memoryLimits?: MemoryLimits };

export function createMemoryBase(options: MemoryBaseOptions): Base {
  const limits = new FsLimits(options.memoryLimits);
  const systems = options.preopens.map((p) => p.memoryFs ?? MemoryFileSystem.fromTree(p.tree ?? {}, limits));
  // Guest stdio is the adapter's; base fds 0-2 only keep the preopens at 3 and up.
  const fds: (Fd | undefined)[] = [undefined, undefined, undefined, ...systems.map((fs, i) => fs.preopen(options.preopens[i]?.guest ?? "/"))];
  // debug is on by default in 0.4.2 and process-wide: always pass it off.
  const shim = new WASI([], [], fds as Fd[], { debug: false });
  const shimImports = shim.wasiImport as unknown as WasiImports;
  let memory: WebAssembly.Memory | undefined;
  const mem = new GuestMemory(() => memory);
  const obj = (fd: number | bigint): Fd | undefined => shim.fds[Number(fd)];
  const str = (ptr: number | bigint, len: number | bigint): string | null => {
    try {
      return utf8.decode(mem.bytes().subarray(Number(ptr), Number(ptr) + Number(len)));
    } catch {
      return null; // invalid UTF-8
    }
  };
  const shimCall = (name: string, args: (number | bigint)[]): number => {
    const r = (shimImports[name] as WasiFunction)(...args);
    return typeof r === "number" ? r : W.ERRNO_SUCCESS;
  };
  /** The directory a path call is relative to; a file is NOTDIR; anything else the shim's. */
  const dirOf = (fd: number | bigint): OpenMemDirectory | number => {
    const d = obj(fd);
    if (d === undefined) return W.ERRNO_BADF;
    return d instanceof OpenMemDirectory ? d : W.ERRNO_NOTDIR;
  };

  const own: WasiImports = {
    fd_read: (fd, iovs, n, out) => {
      const f = obj(fd);
      return f instanceof OpenMemFile ? vectorIo(mem, f, false, Number(iovs), Number(n), null, Number(out)) : shimCall("fd_read", [fd, iovs, n, out]);
    },
    fd_pread: (fd, iovs, n, offset, out) => {
      const f = obj(fd);
      return f instanceof OpenMemFile ? vectorIo(mem, f, false, Number(iovs), Number(n), BigInt(offset), Number(out)) : shimCall("fd_pread", [fd, iovs, n, offset, out]);
    },
    fd_write: (fd, iovs, n, out) => {
      const f = obj(fd);
      return f instanceof OpenMemFile ? vectorIo(mem, f, true, Number(iovs), Number(n), null, Number(out)) : shimCall("fd_write", [fd, iovs, n, out]);
    },
    fd_pwrite: (fd, iovs, n, offset, out) => {
      const f = obj(fd);
      return f instanceof OpenMemFile ? vectorIo(mem, f, true, Number(iovs), Number(n), BigInt(offset), Number(out)) : shimCall("fd_pwrite", [fd, iovs, n, offset, out]);
    },
    path_symlink: (oldPtr, oldLen, fd, newPtr, newLen) => {
      const dir = dirOf(fd);
      if (typeof dir === "number") return dir;
      const target = str(oldPtr, oldLen);
      const path = str(newPtr, newLen);
      if (target === null || path === null) return W.ERRNO_ILSEQ;
      return dir.symlink(target, path);
    },
    path_readlink: (fd, pathPtr, pathLen, buf, bufLen, outPtr) => {
      const dir = dirOf(fd);
      if (typeof dir === "number") return dir;
      const path = str(pathPtr, pathLen);
      if (path === null) return W.ERRNO_ILSEQ;
      const { ret, bytes } = dir.readlink(path);
      if (bytes === null) return ret;
      const n = Math.min(bytes.byteLength, Number(bufLen));
      mem.bytes().set(bytes.subarray(0, n), Number(buf));
      mem.view().setUint32(Number(outPtr), n, true);
      return W.ERRNO_SUCCESS;
    },
    path_rename: (oldFd, oldPtr, oldLen, newFd, newPtr, newLen) => {
      const from = dirOf(oldFd);
      const to = dirOf(newFd);
      if (typeof from === "number") return from;
      if (typeof to === "number") return to;
      const oldPath = str(oldPtr, oldLen);
      const newPath = str(newPtr, newLen);
      if (oldPath === null || newPath === null) return W.ERRNO_ILSEQ;
      return from.rename(oldPath, to, newPath);
    },
  };

  const base = {
    name: "memory",
    imports: { ...shimImports, ...own },
    maxFileSize: BigInt(limits.maxFileSize),
    reach: (baseFd: number) => reachable(shim.fds[baseFd]),
    droppedRights: (baseFd: number): bigint => {
      const d = shim.fds[baseFd];
      return d instanceof Description ? d.dropped : 0n;
    },
    preopenFds: systems.map((_, i) => 3 + i),
    bind(instance: WebAssembly.Instance) {
      const m = instance.exports["memory"];
      if (m instanceof WebAssembly.Memory) memory = m;
      shim.inst = instance as unknown as typeof shim.inst;
    },
    finish() {},
    readTree(i: number) {
      const fs = systems[i];
      if (fs === undefined) throw new RangeError(`wasi-os: no preopen ${i}`);
      return fs.tree();
    },
    /** The caps and the bytes in use, shared by every preopen of this instance. */
    limits,
  };
  return base satisfies Base;
}
