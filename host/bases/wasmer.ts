/**
 * Base `wasmer`: @wasmer/wasi 1.2.2 with its in-memory MemFS.
 *
 * Its fd table is opaque. Quirks this file absorbs: `await init()` must run first; fd 3 is a
 * virtual root (ENOTCAPABLE for everything) and the preopens follow from fd 4 in the order
 * given; fds 0-2 answer fd_prestat_get as if they were directories (the adapter answers
 * prestat itself); the instance must be created by us and handed over (its own
 * `instantiate(module, imports)` traps when given wrapped imports).
 *
 * Where its file behaviour differs from Linux (rights ignored, writes that insert, a handle shared
 * by every fd on a file, unchecked seeks, path calls that skip Linux's checks, ...) `wasmer-fix.ts`
 * corrects it around its imports (the path checks are in `wasmer-paths.ts`).
 */
import { init, MemFS, WASI } from "@wasmer/wasi";
import type { Base, BaseOptions, FsTree, WasiImports } from "./types.ts";
import { fixWasmer, WASMER_MAX_FILE_SIZE } from "./wasmer-fix.ts";
import { checkTree } from "../fs/tree-check.ts";

let ready: Promise<void> | undefined;

function writeTree(fs: MemFS, dir: string, tree: FsTree): void {
  for (const [name, node] of Object.entries(tree)) {
    const full = `${dir}/${name}`;
    if (node instanceof Uint8Array) {
      const file = fs.open(full, { read: true, write: true, create: true });
      file.write(node);
      file.free();
    } else {
      fs.createDir(full);
      writeTree(fs, full, node);
    }
  }
}

interface DirEntry {
  path: string;
}

/**
 * The tree below `dir`, read through the MemFS JS API. Never throws: a MemFS left inconsistent
 * (wasmer could list two entries of one name, one of them unreadable) gives what can be read;
 * each entry's kind is asked by its path, an entry that cannot be read is left out, and a name
 * seen twice is kept once.
 */
export function readTree(fs: MemFS, dir: string): FsTree {
  const tree: FsTree = {};
  let entries: DirEntry[];
  try {
    entries = fs.readDir(dir) as DirEntry[];
  } catch {
    return tree;
  }
  for (const entry of entries) {
    const name = entry.path.slice(entry.path.lastIndexOf("/") + 1);
    if (Object.hasOwn(tree, name)) continue;
    try {
      const kind = (fs.metadata(entry.path) as { filetype: { dir: boolean; file: boolean } }).filetype;
      if (kind.dir) tree[name] = readTree(fs, entry.path);
      else if (kind.file) {
        const file = fs.open(entry.path, { read: true });
        try {
          tree[name] = file.read();
        } finally {
          file.free();
        }
      }
    } catch {
      // unreadable entry: left out
    }
  }
  return tree;
}

const FIRST_PREOPEN_FD = 4;

export async function createWasmerBase(options: BaseOptions): Promise<Base> {
  ready ??= init();
  await ready;
  const fs = new MemFS();
  const preopens: Record<string, string> = {};
  const dirs = options.preopens.map((p, i) => {
    const dir = `/preopen-${i}`;
    fs.createDir(dir);
    if (p.tree !== undefined) {
      checkTree(p.tree, true);
      writeTree(fs, dir, p.tree);
    }
    preopens[dir] = dir;
    return dir;
  });
  const wasi = new WASI({ args: [], env: {}, preopens, fs });
  // wasmer's import object holds every preview1 function, whatever the module imports (the
  // corrections in wasmer-fix.ts call fd_pread/fd_pwrite/fd_filestat_set_size themselves).
  const own = (wasi.getImports(options.module) as Record<string, WasiImports>)["wasi_snapshot_preview1"] ?? {};
  let memory: WebAssembly.Memory | undefined;
  const preopenPaths = new Map(dirs.map((dir, i) => [FIRST_PREOPEN_FD + i, dir] as const));
  const imports = fixWasmer(own, wasi.fs, preopenPaths, () => memory);
  return {
    name: "wasmer",
    imports,
    maxFileSize: WASMER_MAX_FILE_SIZE,
    preopenFds: dirs.map((_, i) => FIRST_PREOPEN_FD + i),
    bind(instance) {
      const mem = instance.exports["memory"];
      if (mem instanceof WebAssembly.Memory) memory = mem;
      wasi.instantiate(instance);
    },
    // Guest stdio is the adapter's own: nothing reaches wasmer's stdout buffers.
    finish() {},

    readTree(i) {
      const dir = dirs[i];
      if (dir === undefined) throw new RangeError(`wasi-os: no preopen ${i}`);
      return readTree(wasi.fs, dir);
    },
  };
}
