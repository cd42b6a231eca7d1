/**
 * The page side of bench/opfs.ts (bundled by it with esbuild, run in Chromium): the `opfs`
 * file system (host/fs/opfs) against the `memory` file system, same bytes, same page:
 *   write: memory writeFile                    vs opfs writeFile + sync() (written back to OPFS)
 *   read:  memory readFile of a loaded file     vs OpfsFileSystem.open (loaded from OPFS)
 *   copy:  memory copy_file_range (a reflink)   vs the same copy + sync() (the copy written to OPFS)
 * and, for the design choice, the async OPFS API on the page against sync access handles in a
 * Worker (plain write of the same bytes). Each case: median of `runs`, MiB/s; bytes checked.
 */
import { OpfsFileSystem } from "../dist/host/fs/opfs/index.js";
import { MemFile, MemoryFileSystem } from "../dist/host/fs/memory/index.js";

type Case = { value: number; unit: string };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function same(a: Uint8Array, b: Uint8Array, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} bytes, want ${b.length}`);
  for (let i = 0; i < a.length; i += 4093) if (a[i] !== b[i]) throw new Error(`${what}: differs at ${i}`);
}

async function timed(runs: number, fn: () => Promise<void> | void): Promise<number> {
  await fn(); // warm-up, not counted
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    // Repeat until 10 ms have passed: a page's clock is coarse (0.1 ms without cross-origin
    // isolation) and a small memory copy (a reflink) takes less than one tick.
    let k = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      await fn();
      k++;
      t = performance.now();
    } while (t - t0 < 10);
    ms.push((t - t0) / k);
  }
  return median(ms);
}

/** copy_file_range's host path on the memory file system: share the blocks (FileStorage.copyFrom). */
function copy(fs: MemoryFileSystem, from: string, to: string): void {
  const src = fs.lookup(from);
  if (!(src instanceof MemFile)) throw new Error(`no ${from}`);
  fs.writeFile(to, new Uint8Array(0));
  const dst = fs.lookup(to) as MemFile;
  dst.data.copyFrom(src.data, 0, 0, Number(src.size));
  dst.touchData();
}

const WORKER = `onmessage = async (e) => {
  const { bytes, runs } = e.data;
  const root = await navigator.storage.getDirectory();
  const h = await root.getFileHandle("bench-sync-access", { create: true });
  const ms = [];
  for (let r = 0; r <= runs; r++) {
    const t0 = performance.now();
    const a = await h.createSyncAccessHandle();
    a.truncate(0);
    a.write(bytes, { at: 0 });
    a.flush();
    a.close();
    if (r > 0) ms.push(performance.now() - t0);
  }
  await root.removeEntry("bench-sync-access");
  postMessage(ms);
};`;

async function workerWrite(bytes: Uint8Array, runs: number): Promise<number> {
  const w = new Worker(URL.createObjectURL(new Blob([WORKER], { type: "text/javascript" })));
  const ms = await new Promise<number[]>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<number[]>) => resolve(e.data);
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage({ bytes, runs });
  });
  w.terminate();
  return median(ms);
}

export async function benchOpfs(mib: number, runs: number): Promise<Record<string, Case>> {
  const n = mib << 20;
  const data = new Uint8Array(n);
  for (let at = 0; at < n; at += 65536) crypto.getRandomValues(data.subarray(at, Math.min(n, at + 65536)));
  const rate = (ms: number): Case => ({ value: mib / (ms / 1000), unit: "MiB/s" });
  const root = await navigator.storage.getDirectory();
  await root.removeEntry("bench", { recursive: true }).catch(() => undefined);

  const mem = new MemoryFileSystem();
  const memWrite = await timed(runs, () => mem.writeFile("f", data));
  const memRead = await timed(runs, () => void mem.readFile("f"));
  const memCopy = await timed(runs, () => copy(mem, "f", "g"));
  same(mem.readFile("g"), data, "memory copy");

  const home = await OpfsFileSystem.open({ directory: "bench" });
  let turn = 0;
  const opfsWrite = await timed(runs, async () => {
    // A fresh array each turn: the file's contents change, so sync writes them back.
    data[0] = turn++ & 0xff;
    home.fs.writeFile("f", data);
    await home.sync();
  });
  const opfsRead = await timed(runs, async () => {
    const again = await OpfsFileSystem.open({ directory: "bench" });
    same(again.fs.readFile("f"), data, "opfs read");
  });
  const opfsCopy = await timed(runs, async () => {
    home.fs.writeFile("g", new Uint8Array(0));
    await home.sync();
    copy(home.fs, "f", "g");
    await home.sync();
  });
  const pageAsync = await timed(runs, async () => {
    const w = await (await root.getFileHandle("bench-async", { create: true })).createWritable();
    await w.write(data);
    await w.close();
  });
  await root.removeEntry("bench-async");
  const workerSync = await workerWrite(data, runs);
  await root.removeEntry("bench", { recursive: true });
  return {
    memory_write: rate(memWrite),
    memory_read: rate(memRead),
    memory_copy: rate(memCopy),
    opfs_write: rate(opfsWrite),
    opfs_read: rate(opfsRead),
    opfs_copy: rate(opfsCopy),
    opfs_page_async_write: rate(pageAsync),
    opfs_worker_sync_write: rate(workerSync),
  };
}

(globalThis as { benchOpfs?: typeof benchOpfs }).benchOpfs = benchOpfs;
