/**
 * The part of the Origin Private File System (File System Standard) that the `opfs` file system
 * uses, typed structurally so the library type-checks and loads where there is no OPFS (Node):
 * it is only reached when a page or Worker opens one.
 */
export interface OpfsFileHandle {
  readonly kind: "file";
  getFile(): Promise<Blob>;
  createWritable(options?: { keepExistingData?: boolean }): Promise<OpfsWritable>;
}

export interface OpfsWritable {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface OpfsDirectoryHandle {
  readonly kind: "directory";
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<OpfsDirectoryHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<OpfsFileHandle>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
  entries(): AsyncIterableIterator<[string, OpfsFileHandle | OpfsDirectoryHandle]>;
}

/** The origin's OPFS root (`navigator.storage.getDirectory()`); a clear error where there is none. */
export async function opfsRoot(): Promise<OpfsDirectoryHandle> {
  const storage = (globalThis as { navigator?: { storage?: { getDirectory?: () => Promise<unknown> } } }).navigator?.storage;
  if (typeof storage?.getDirectory !== "function") {
    throw new Error("wasi-os: the opfs file system needs the Origin Private File System (navigator.storage.getDirectory), which this runtime lacks");
  }
  return (await storage.getDirectory()) as OpfsDirectoryHandle;
}

/** The directory at `parts` below `dir` (made when `create`). */
export async function directoryAt(dir: OpfsDirectoryHandle, parts: readonly string[], create: boolean): Promise<OpfsDirectoryHandle> {
  let cur = dir;
  for (const p of parts) cur = await cur.getDirectoryHandle(p, { create });
  return cur;
}
