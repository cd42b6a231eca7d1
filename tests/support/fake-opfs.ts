/**
 * An in-memory stand-in for the Origin Private File System's handles (the subset
 * host/fs/opfs/handles.ts types), for Node tests of the `opfs` file system's load and sync
 * logic. It behaves as Chromium's OPFS does where the sync code depends on it: a writable
 * replaces the file's contents on close; getFileHandle/getDirectoryHandle without `create`
 * reject (NotFoundError) when missing, and reject (TypeMismatchError) for the other kind;
 * removeEntry of a non-empty directory needs `recursive`. The real OPFS is exercised by the
 * Chromium tests (tests/browser.test.ts).
 */
import type { OpfsDirectoryHandle, OpfsFileHandle, OpfsWritable } from "../../host/fs/opfs/handles.ts";

const fail = (name: string, message: string): never => {
  throw new DOMException(message, name);
};

export class FakeFile implements OpfsFileHandle {
  readonly kind = "file" as const;
  bytes: Uint8Array = new Uint8Array(0);
  /** Writables closed on this file (how many times its contents were replaced). */
  writes = 0;
  async getFile(): Promise<Blob> {
    return new Blob([this.bytes.slice()]);
  }
  async createWritable(): Promise<OpfsWritable> {
    const chunks: Uint8Array[] = [];
    return {
      write: async (data) => void chunks.push(data.slice()),
      close: async () => {
        const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.length;
        }
        this.bytes = out;
        this.writes++;
      },
    };
  }
}

export class FakeDir implements OpfsDirectoryHandle {
  readonly kind = "directory" as const;
  readonly children = new Map<string, FakeDir | FakeFile>();
  async getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<FakeDir> {
    const c = this.children.get(name);
    if (c instanceof FakeDir) return c;
    if (c !== undefined) return fail("TypeMismatchError", `${name} is a file`);
    if (options?.create !== true) return fail("NotFoundError", `${name} not found`);
    const d = new FakeDir();
    this.children.set(name, d);
    return d;
  }
  async getFileHandle(name: string, options?: { create?: boolean }): Promise<FakeFile> {
    const c = this.children.get(name);
    if (c instanceof FakeFile) return c;
    if (c !== undefined) return fail("TypeMismatchError", `${name} is a directory`);
    if (options?.create !== true) return fail("NotFoundError", `${name} not found`);
    const f = new FakeFile();
    this.children.set(name, f);
    return f;
  }
  async removeEntry(name: string, options?: { recursive?: boolean }): Promise<void> {
    const c = this.children.get(name);
    if (c === undefined) return fail("NotFoundError", `${name} not found`);
    if (c instanceof FakeDir && c.children.size > 0 && options?.recursive !== true) return fail("InvalidModificationError", `${name} is not empty`);
    this.children.delete(name);
  }
  async *entries(): AsyncIterableIterator<[string, FakeDir | FakeFile]> {
    for (const e of [...this.children.entries()]) yield e;
  }
  /** The tree as plain data: names -> text of files, nested objects for directories. */
  dump(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.children) out[k] = v instanceof FakeDir ? v.dump() : new TextDecoder().decode(v.bytes);
    return out;
  }
}
