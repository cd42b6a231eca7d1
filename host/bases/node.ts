/**
 * Base `node`: browser_wasi_shim's dispatch over our node:fs-backed file system objects
 * (host/fs/node): real files on the disk, every guest path resolved inside its preopen
 * (host/fs/node/resolve.ts explains how, and which races remain). Stdio are the memory
 * base's stream objects. The shim's fd array is reachable, as on `memory`.
 *
 * Imports answered here instead of by the shim's dispatch, for the objects we own:
 * - fd_read / fd_pread / fd_write / fd_pwrite: straight between guest memory and the kernel
 *   (`fs.readSync(osFd, guestView, ...)`), one copy instead of the shim's two;
 * - fd_datasync: fdatasync(2) (the shim maps it to fd_sync);
 * - path_symlink (the shim always answers NOTSUP), path_readlink (the shim answers BADF for
 *   a short buffer; wasmtime writes the truncated target), path_link and path_rename (the
 *   shim's inode-based unlink+link cannot express a rename on a real disk).
 * Everything else goes through the shim's dispatch to the Fd methods.
 *
 * `PreopenSpec.readOnly` is enforced (every change below that preopen is EPERM, as wasmtime's
 * read-only preopen answers; host/fs/node/description.ts lists what counts as a change).
 */
import { WASI, type Fd } from "@bjorn3/browser_wasi_shim";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { I64_MAX, RIGHTS_ALL, RIGHTS_DIRECTORY_BASE } from "../fs/memory/rights.ts";
import { MAX_FILE_SIZE, NodeDescription, OpenNodeDirectory, OpenNodeFile, PreopenNodeDirectory, reachNode } from "../fs/node/index.ts";
import { readHostTree } from "./host-tree.ts";
import { ASYNC_IO, ASYNC_MIN, SYNC_IO } from "../fs/node/io.ts";
import { Description } from "../fs/description.ts";
import type { Base, BaseOptions, FsTree, WasiFunction, WasiImports } from "./types.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

export async function createNodeBase(options: BaseOptions): Promise<Base> {
  const roots = options.preopens.map((p, i) => {
    if (p.host === undefined) throw new TypeError(`wasi-os: base node needs a host directory for preopen ${i} (${p.guest})`);
    return new PreopenNodeDirectory(p.host, p.guest, RIGHTS_DIRECTORY_BASE, RIGHTS_ALL, p.readOnly === true);
  });
  // Guest stdio is the adapter's own (host/own/stdio.ts): base fds 0-2 only keep the preopens at 3 and up.
  const fds: (Fd | undefined)[] = [undefined, undefined, undefined, ...roots];
  // debug is on by default in 0.4.2 and process-wide: always pass it off.
  const shim = new WASI([], [], fds as Fd[], { debug: false });
  const shimImports = shim.wasiImport as unknown as WasiImports;
  let memory: WebAssembly.Memory | undefined;

  const mem = (): ArrayBuffer => {
    if (memory === undefined) throw new Error("wasi-os: guest memory used before bind()");
    return memory.buffer as ArrayBuffer;
  };
  const str = (ptr: number | bigint, len: number | bigint): string | null => {
    try {
      return utf8.decode(new Uint8Array(mem(), Number(ptr), Number(len)));
    } catch (e) {
      if (e instanceof TypeError) return null; // invalid UTF-8
      throw e;
    }
  };
  const obj = (fd: number | bigint): Fd | undefined => shim.fds[Number(fd)];
  /**
   * The two directories and paths of a link or rename: BADF for a closed fd, NOTDIR when one is
   * ours but not a directory, XDEV when one is not ours; ILSEQ for a path that is not UTF-8.
   */
  type Val = number | bigint;
  const twoDirs = (oldFd: Val, oldPtr: Val, oldLen: Val, newFd: Val, newPtr: Val, newLen: Val):
    number | { from: OpenNodeDirectory; to: OpenNodeDirectory; oldPath: string; newPath: string } => {
    const from = obj(oldFd);
    const to = obj(newFd);
    if (from === undefined || to === undefined) return wasi.ERRNO_BADF;
    if (!(from instanceof OpenNodeDirectory) || !(to instanceof OpenNodeDirectory)) {
      return from instanceof NodeDescription && to instanceof NodeDescription ? wasi.ERRNO_NOTDIR : wasi.ERRNO_XDEV;
    }
    const oldPath = str(oldPtr, oldLen);
    const newPath = str(newPtr, newLen);
    if (oldPath === null || newPath === null) return wasi.ERRNO_ILSEQ;
    return { from, to, oldPath, newPath };
  };
  const shimCall = (name: string, args: (number | bigint)[]): number => {
    const fn = shimImports[name] as WasiFunction;
    const r = fn(...args);
    return typeof r === "number" ? r : wasi.ERRNO_SUCCESS;
  };

  /**
   * readv/preadv/writev/pwritev on an OpenNodeFile, one syscall per iovec, no staging copy. In
   * async mode a transfer of ASYNC_MIN bytes or more on a seekable file runs on the thread pool
   * (io.ts) and the loop goes on when it completes; everything else as in sync mode.
   */
  const vector = (file: OpenNodeFile, write: boolean, iovs: number, count: number, offset: bigint | null, outPtr: number): number | Promise<number> => {
    // Linux checks the whole call first: the access mode (writev(fd, []) on O_RDONLY is EBADF).
    if (write ? !file.writable : !file.readable) return wasi.ERRNO_BADF;
    if (offset !== null && offset < 0n) return wasi.ERRNO_INVAL;
    const view = new DataView(mem());
    const regions: Uint8Array[] = [];
    let want = 0;
    for (let k = 0; k < count; k++) {
      const len = view.getUint32(iovs + k * 8 + 4, true);
      regions.push(new Uint8Array(mem(), view.getUint32(iovs + k * 8, true), len));
      want += len;
    }
    // rw_verify_area: offset plus the total count past 2^63-1 is EINVAL.
    if (file.seekable && (offset ?? file.position) + BigInt(want) > I64_MAX) return wasi.ERRNO_INVAL;
    const io = options.async === true && file.seekable && want >= ASYNC_MIN ? ASYNC_IO : SYNC_IO;
    const done = (total: number, ret: number): number => {
      const v = new DataView(mem());
      if (ret !== wasi.ERRNO_SUCCESS && total === 0) {
        v.setUint32(outPtr, 0, true);
        return ret;
      }
      v.setUint32(outPtr, total, true); // POSIX: a partial transfer is a success
      return wasi.ERRNO_SUCCESS;
    };
    const step = (k: number, total: number, at: bigint | null): number | Promise<number> => {
      for (; k < regions.length; k++) {
        const region = regions[k]!;
        const moved = write ? file.writeFrom(region, at, io) : file.readInto(region, at, io);
        if (moved instanceof Promise) {
          const next = k + 1;
          return moved.then(({ ret, n }) => {
            if (ret !== wasi.ERRNO_SUCCESS || n < region.length) return done(total + n, ret);
            return step(next, total + n, at === null ? null : at + BigInt(n));
          });
        }
        if (moved.ret !== wasi.ERRNO_SUCCESS) return done(total, moved.ret);
        total += moved.n;
        if (at !== null) at += BigInt(moved.n);
        if (moved.n < region.length) break;
      }
      return done(total, wasi.ERRNO_SUCCESS);
    };
    return step(0, 0, offset);
  };

  const own: WasiImports = {
    fd_read: (fd, iovs, n, out) => {
      const f = obj(fd);
      return f instanceof OpenNodeFile ? vector(f, false, Number(iovs), Number(n), null, Number(out)) : shimCall("fd_read", [fd, iovs, n, out]);
    },
    fd_pread: (fd, iovs, n, offset, out) => {
      const f = obj(fd);
      return f instanceof OpenNodeFile ? vector(f, false, Number(iovs), Number(n), BigInt(offset), Number(out)) : shimCall("fd_pread", [fd, iovs, n, offset, out]);
    },
    fd_write: (fd, iovs, n, out) => {
      const f = obj(fd);
      return f instanceof OpenNodeFile ? vector(f, true, Number(iovs), Number(n), null, Number(out)) : shimCall("fd_write", [fd, iovs, n, out]);
    },
    fd_pwrite: (fd, iovs, n, offset, out) => {
      const f = obj(fd);
      return f instanceof OpenNodeFile ? vector(f, true, Number(iovs), Number(n), BigInt(offset), Number(out)) : shimCall("fd_pwrite", [fd, iovs, n, offset, out]);
    },
    fd_datasync: (fd) => {
      const f = obj(fd);
      return f instanceof NodeDescription ? f.fd_datasync() : shimCall("fd_datasync", [fd]);
    },
    path_symlink: (oldPtr, oldLen, fd, newPtr, newLen) => {
      const dir = obj(fd);
      if (dir === undefined) return wasi.ERRNO_BADF;
      if (!(dir instanceof OpenNodeDirectory)) return dir instanceof NodeDescription ? wasi.ERRNO_NOTDIR : wasi.ERRNO_NOTSUP;
      const target = str(oldPtr, oldLen);
      const path = str(newPtr, newLen);
      if (target === null || path === null) return wasi.ERRNO_ILSEQ;
      return dir.symlink(target, path);
    },
    path_readlink: (fd, pathPtr, pathLen, buf, bufLen, outPtr) => {
      const dir = obj(fd);
      if (dir === undefined) return wasi.ERRNO_BADF;
      if (!(dir instanceof OpenNodeDirectory)) return dir instanceof NodeDescription ? wasi.ERRNO_NOTDIR : wasi.ERRNO_NOTSUP;
      const path = str(pathPtr, pathLen);
      if (path === null) return wasi.ERRNO_ILSEQ;
      const { ret, bytes } = dir.readlink(path);
      if (bytes === null) return ret;
      const n = Math.min(bytes.byteLength, Number(bufLen));
      new Uint8Array(mem(), Number(buf), n).set(bytes.subarray(0, n));
      new DataView(mem()).setUint32(Number(outPtr), n, true);
      return wasi.ERRNO_SUCCESS;
    },
    path_link: (oldFd, oldFlags, oldPtr, oldLen, newFd, newPtr, newLen) => {
      const two = twoDirs(oldFd, oldPtr, oldLen, newFd, newPtr, newLen);
      return typeof two === "number" ? two : two.from.link(Number(oldFlags), two.oldPath, two.to, two.newPath);
    },
    path_rename: (oldFd, oldPtr, oldLen, newFd, newPtr, newLen) => {
      const two = twoDirs(oldFd, oldPtr, oldLen, newFd, newPtr, newLen);
      return typeof two === "number" ? two : two.from.rename(two.oldPath, two.to, two.newPath);
    },
  };

  let finished = false;
  const base = {
    name: "node",
    imports: { ...shimImports, ...own },
    // Async mode: these may answer with a promise (large transfers and copies off the event loop).
    ...(options.async === true ? { suspending: ["fd_read", "fd_write", "fd_pread", "fd_pwrite", "fd_copy_range"] } : {}),
    maxFileSize: MAX_FILE_SIZE,
    reach: (baseFd: number) => reachNode(shim.fds[baseFd], options.async === true),
    // Base fds 0-2 hold stream objects for adapters that still map guest stdio to the base.
    droppedRights: (baseFd: number): bigint => {
      const d = shim.fds[baseFd];
      return d instanceof Description ? d.dropped : 0n;
    },
    preopenFds: roots.map((_, i) => 3 + i),
    bind(instance: WebAssembly.Instance) {
      const m = instance.exports["memory"];
      if (m instanceof WebAssembly.Memory) memory = m;
      shim.inst = instance as unknown as typeof shim.inst;
    },
    /** Closes every real fd still open (guest fds the guest never closed, and the preopens). */
    finish() {
      if (finished) return;
      finished = true;
      for (const f of shim.fds) if (f instanceof NodeDescription) f.fd_close();
    },
    readTree(i: number): FsTree {
      const host = options.preopens[i]?.host;
      if (host === undefined) throw new RangeError(`wasi-os: no preopen ${i}`);
      return readHostTree(host);
    },
  };
  return base satisfies Base;
}
