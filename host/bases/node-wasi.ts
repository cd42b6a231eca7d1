/**
 * Base `node-wasi`: Node's built-in `node:wasi` (uvwasi) on the real disk.
 *
 * Its fd table is opaque: the adapter reaches files only through these imports. Preopens
 * get fds 3, 4, ... in the order given (uvwasi's order). Node documents node:wasi as not a
 * secure sandbox; choose `memory` for untrusted guests.
 */
import type { WASI as NodeWASI } from "node:wasi";
import type { Base, BaseOptions, FsTree, WasiImports } from "./types.ts";
import { PREVIEW1 } from "../../src/abi/preview1.ts";
import { Errno } from "../../src/errno.ts";
import { readHostTree } from "./host-tree.ts";
import { maxFileSizeAt } from "../fs/node/max-size.ts";

type WasiConstructor = typeof NodeWASI;
let wasiClass: WasiConstructor | undefined;

/** node:wasi, imported once with its ExperimentalWarning silenced (it is expected here, not news). */
async function loadWasi(): Promise<WasiConstructor> {
  if (wasiClass !== undefined) return wasiClass;
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.includes("WASI is an experimental feature")) return;
    (emit as (w: string | Error, ...r: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    wasiClass = (await import("node:wasi")).WASI;
    // The warning is emitted on first construction in some Node versions.
    new wasiClass({ version: "preview1", returnOnExit: true });
  } finally {
    process.emitWarning = emit;
  }
  return wasiClass;
}

export async function createNodeWasiBase(options: BaseOptions): Promise<Base> {
  const WASI = await loadWasi();
  const preopens: Record<string, string> = {};
  options.preopens.forEach((p, i) => {
    if (p.host === undefined) throw new TypeError(`wasi-os: base node-wasi needs a host directory for preopen ${p.guest}`);
    // Keys only need to be distinct: the adapter answers fd_prestat_dir_name with p.guest.
    preopens[`/.wasi-os-preopen-${i}`] = p.host;
  });
  const wasi = new WASI({
    version: "preview1",
    args: [],
    env: {},
    preopens,
    returnOnExit: true,
    // Guest stdio is the adapter's own (host/own/stdio.ts): the base's fds 0-2 are unreachable.
  });
  let memory: WebAssembly.Memory | undefined;
  const imports = guardSetTimes(terminatePaths(fixFdstatFlags(wasi.wasiImport as WasiImports, () => memory), () => memory));
  return {
    name: "node-wasi",
    imports,
    // The first preopen's file system's (ext4 with 4 KiB blocks: 2^44-4096); the kernel itself
    // enforces writes, this is what copy_file_range and sendfile check against.
    maxFileSize: options.preopens[0]?.host !== undefined ? maxFileSizeAt(options.preopens[0].host) : 2n ** 63n - 1n,
    preopenFds: options.preopens.map((_, i) => 3 + i),
    bind(instance) {
      memory = instance.exports["memory"] as WebAssembly.Memory;
      // initialize() only needs the memory; the adapter calls _start itself so that exit
      // handling is the same on every base. Bun's node:wasi has no initialize() but setMemory().
      const bun = wasi as unknown as { setMemory?: (m: WebAssembly.Memory) => void };
      if (typeof wasi.initialize === "function") {
        wasi.initialize({ exports: { memory } } as unknown as WebAssembly.Instance);
      } else if (typeof bun.setMemory === "function") bun.setMemory(memory);
      else throw new Error("wasi-os: this runtime's node:wasi has neither initialize() nor setMemory()");
    },
    finish() {},
    readTree(i): FsTree {
      const host = options.preopens[i]?.host;
      if (host === undefined) throw new RangeError(`wasi-os: no preopen ${i}`);
      return readHostTree(host);
    },
  };
}

// Linux open(2) bits as uvwasi leaks them into fdstat.fs_flags.
const L_APPEND = 0x400;
const L_NONBLOCK = 0x800;
// O_SYNC (0x101000) does not fit the u16 field: it arrives as O_DSYNC's 0x1000.
const L_DSYNC = 0x1000;

/**
 * node:wasi (Node 20's uvwasi) fills `fdstat.fs_flags` with the host's Linux `O_*` bits
 * (0x8002 for an O_RDWR file: O_LARGEFILE|O_RDWR) instead of WASI fdflags, so a guest would
 * read O_WRONLY (1) as APPEND (1). Translate them back to WASI's bits after each call.
 */
function fixFdstatFlags(imports: WasiImports, memory: () => WebAssembly.Memory | undefined): WasiImports {
  const get = imports["fd_fdstat_get"];
  if (get === undefined) return imports;
  return {
    ...imports,
    fd_fdstat_get(fd, ptr) {
      const ret = get(fd, ptr);
      const mem = memory();
      if (ret !== 0 || mem === undefined) return ret;
      const view = new DataView(mem.buffer);
      const at = (Number(ptr) >>> 0) + 2;
      const linux = view.getUint16(at, true);
      let flags = 0;
      if (linux & L_APPEND) flags |= 1;
      if (linux & L_DSYNC) flags |= 2;
      if (linux & L_NONBLOCK) flags |= 4;
      view.setUint16(at, flags, true);
      return ret;
    },
  };
}

/**
 * node:wasi (Node 20.20.2, uvwasi 0.0.23) answers path_filestat_set_times with contradictory
 * or unknown fst_flags (ATIM with ATIM_NOW, MTIM with MTIM_NOW, bits above 15) with EINVAL but
 * leaves the directory fd's mutex locked: the next call on that fd deadlocks the process (found
 * by tests/fuzz.test.ts). Refuse such flags before node:wasi sees them, with the same EINVAL
 * Linux's utimensat gives.
 */
function guardSetTimes(imports: WasiImports): WasiImports {
  const fn = imports["path_filestat_set_times"];
  if (fn === undefined) return imports;
  return {
    ...imports,
    path_filestat_set_times(...args) {
      const flags = Number(args[6]) >>> 0;
      if (flags > 15 || (flags & 3) === 3 || (flags & 12) === 12) return Errno.EINVAL;
      return fn(...args);
    },
  };
}

/**
 * node:wasi (Node 20.20.2, uvwasi 0.0.23) reads path arguments as NUL-terminated C strings,
 * ignoring `path_len`: a path not followed by a zero byte before the end of guest memory
 * crashes the host process (SIGSEGV, found by tests/fuzz.test.ts), and a NUL inside the path
 * silently cuts it short. So: a path containing NUL is EINVAL (as wasmtime and the memory base
 * answer); otherwise a NUL is put right after the path for the call and the byte restored
 * afterwards. A path that ends exactly at the end of memory leaves no room for one: EFAULT.
 */
function terminatePaths(imports: WasiImports, memory: () => WebAssembly.Memory | undefined): WasiImports {
  const out: WasiImports = { ...imports };
  for (const spec of PREVIEW1) {
    const fn = imports[spec.name];
    const paths = spec.params.flatMap((p, at) =>
      p.kind === "buf" && p.name.endsWith("path") ? [{ at, lenAt: spec.params.findIndex((q) => q.name === p.len) }] : [],
    );
    if (fn === undefined || paths.length === 0) continue;
    out[spec.name] = (...args) => {
      const mem = memory();
      if (mem === undefined) return fn(...args);
      const bytes = new Uint8Array(mem.buffer);
      const saved: [number, number][] = [];
      for (const { at, lenAt } of paths) {
        const ptr = Number(args[at]) >>> 0;
        const len = Number(args[lenAt]) >>> 0;
        // The adapter has checked [ptr, ptr+len) lies in memory.
        if (bytes.subarray(ptr, ptr + len).includes(0)) return Errno.EINVAL;
        if (ptr + len >= bytes.length) return Errno.EFAULT;
      }
      try {
        for (const { at, lenAt } of paths) {
          const end = (Number(args[at]) >>> 0) + (Number(args[lenAt]) >>> 0);
          saved.push([end, bytes[end] ?? 0]);
          bytes[end] = 0;
        }
        return fn(...args);
      } finally {
        // Restore in reverse: two paths may share their end byte.
        for (const [end, byte] of saved.reverse()) bytes[end] = byte;
      }
    };
  }
  return out;
}
