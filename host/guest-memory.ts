/**
 * Guest memory the host chooses: a module's own memory turned into an import, so that the host
 * creates it with a maximum of its choosing (and, for a Worker, shared).
 *
 * Why rewrite: the JS API cannot read a compiled module's memory limits, and a memory the
 * module defines grows up to its own declared maximum (or 4 GiB). Moving the definition to an
 * import (same index 0, same initial size) keeps the module's behaviour and lets the engine
 * enforce the host's maximum: `memory.grow` past it returns -1, as the guest's allocator
 * expects from a full heap. A module declaring a larger maximum than the limit is refused
 * before it runs (`MemoryLimitError`), as is one whose initial size is already larger.
 */
import { leb, Reader } from "./wasm-binary.ts";
import { join } from "./bytes.ts";

/** Where the rewritten module imports its memory from. */
export const MEMORY_IMPORT = { module: "wasi-os", name: "memory" } as const;

/** WebAssembly's page size, and the most pages a 32-bit memory can have. */
export const PAGE = 65536;
export const MAX_PAGES = 65536;

/** Thrown before instantiation when a module's memory does not fit the host's limit. */
export class MemoryLimitError extends Error {}

export interface GuestMemoryPlan {
  /** The module with its memory imported from {@link MEMORY_IMPORT}. */
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly initial: number;
  readonly maximum: number;
  readonly shared: boolean;
}

/** A reader whose errors are MemoryLimitErrors (a module this rewrite cannot read is refused). */
const reader = (b: Uint8Array, at: number): Reader => new Reader(b, at, (m) => new MemoryLimitError(m));

interface Limits {
  readonly min: number;
  readonly max: number | undefined;
  readonly flags: number;
}

function limits(r: Reader): Limits {
  const flags = r.byte();
  if (flags & 0x04) throw new MemoryLimitError("wasi-os: 64-bit memories are not supported");
  const min = r.u32();
  const max = flags & 0x01 ? r.u32() : undefined;
  return { min, max, flags };
}

function name(r: Reader): string {
  const len = r.u32();
  const s = new TextDecoder().decode(r.b.subarray(r.at, r.at + len));
  r.skip(len);
  return s;
}

/** Skips one import's description; returns the memory limits when it imports a memory. */
function importDesc(r: Reader): { kind: number; limits?: Limits; limitsAt?: number } {
  const kind = r.byte();
  if (kind === 0x00) r.u32();
  else if (kind === 0x01) {
    const ref = r.byte();
    if (ref !== 0x70 && ref !== 0x6f) throw new MemoryLimitError("wasi-os: unsupported table type in an import");
    limits(r);
  } else if (kind === 0x02) {
    const at = r.at;
    return { kind, limits: limits(r), limitsAt: at };
  } else if (kind === 0x03) {
    r.byte();
    r.byte();
  } else if (kind === 0x04) {
    r.byte();
    r.u32();
  } else throw new MemoryLimitError(`wasi-os: unknown import kind ${kind}`);
  return { kind };
}

function limitBytes(l: Limits, maximum: number, shared: boolean): number[] {
  return [shared ? 0x03 : 0x01, ...leb(l.min), ...leb(maximum)];
}

/**
 * Rewrites `wasm` so that its memory is imported from {@link MEMORY_IMPORT} with at most
 * `maxPages` pages (shared when `shared`). Throws MemoryLimitError when the module declares a
 * larger maximum or initial size, has no memory, several, or already imports one.
 */
export function planGuestMemory(wasm: Uint8Array, maxPages: number, shared: boolean): GuestMemoryPlan {
  if (!Number.isSafeInteger(maxPages) || maxPages < 0 || maxPages > MAX_PAGES) {
    throw new RangeError(`wasi-os: a memory limit must be 0..${MAX_PAGES} pages (0..4 GiB)`);
  }
  const r = reader(wasm, 8);
  let importSection: { end: number; count: number; entriesAt: number } | undefined;
  let memorySection: { start: number; end: number } | undefined;
  let mem: Limits | undefined;
  while (r.at < wasm.length) {
    const start = r.at;
    const id = r.byte();
    const size = r.u32();
    const contentAt = r.at;
    const end = contentAt + size;
    if (id === 2) {
      const count = r.u32();
      const entriesAt = r.at;
      for (let k = 0; k < count; k++) {
        const m = name(r);
        const f = name(r);
        const d = importDesc(r);
        if (d.kind === 0x02) throw new MemoryLimitError(`wasi-os: the guest imports its memory (${m}.${f}); a memory limit needs a module that defines its own`);
      }
      importSection = { end, count, entriesAt };
    } else if (id === 5) {
      const count = r.u32();
      if (count !== 1) throw new MemoryLimitError(`wasi-os: the guest defines ${count} memories; a memory limit needs exactly one`);
      mem = limits(r);
      memorySection = { start, end };
    }
    r.at = end;
  }
  if (mem === undefined || memorySection === undefined) throw new MemoryLimitError("wasi-os: the guest defines no memory");
  const limitText = `${maxPages} pages (${(maxPages * PAGE) / 2 ** 20} MiB)`;
  if (mem.max !== undefined && mem.max > maxPages) {
    throw new MemoryLimitError(`wasi-os: the guest declares a maximum memory of ${mem.max} pages, more than the limit of ${limitText}`);
  }
  if (mem.min > maxPages) throw new MemoryLimitError(`wasi-os: the guest needs ${mem.min} pages of memory at start, more than the limit of ${limitText}`);
  const maximum = mem.max ?? maxPages;
  const enc = new TextEncoder();
  const str = (s: string): number[] => [...leb(enc.encode(s).length), ...enc.encode(s)];
  const entry = [...str(MEMORY_IMPORT.module), ...str(MEMORY_IMPORT.name), 0x02, ...limitBytes(mem, maximum, shared)];
  const oldEntries = importSection === undefined ? new Uint8Array(0) : wasm.subarray(importSection.entriesAt, importSection.end);
  const content = [...leb((importSection?.count ?? 0) + 1), ...oldEntries, ...entry];
  const newImport = [2, ...leb(content.length), ...content];

  // Sections in order, the import section replaced (or inserted before the first section that
  // must follow it) and the memory section dropped.
  const parts: ArrayLike<number>[] = [wasm.subarray(0, 8)];
  let placed = false;
  r.at = 8;
  while (r.at < wasm.length) {
    const start = r.at;
    const id = r.byte();
    const size = r.u32();
    const end = r.at + size;
    r.at = end;
    if (!placed && (id === 2 || (id !== 0 && id !== 1))) {
      parts.push(newImport);
      placed = true;
      if (id === 2) continue;
    }
    if (start === memorySection.start) continue;
    parts.push(wasm.subarray(start, end));
  }
  if (!placed) parts.push(newImport);
  return { bytes: join(parts), initial: mem.min, maximum, shared };
}

/**
 * The plan for `wasm` at a memory limit of `memoryLimit` bytes (runCommand's and spawn's
 * `memoryLimit`). A compiled module is refused: its memory limits cannot be read back.
 */
export function planLimit(wasm: WebAssembly.Module | BufferSource, memoryLimit: number): GuestMemoryPlan {
  if (wasm instanceof WebAssembly.Module) throw new TypeError("wasi-os: a memory limit needs the module's bytes, not a compiled module");
  return planGuestMemory(bytesOf(wasm), pagesOf(memoryLimit), false);
}

/** Adds to `imports` the import that gives a rewritten module `memory`; returns `imports`. */
export function withMemory(imports: WebAssembly.Imports, memory: WebAssembly.Memory | undefined): WebAssembly.Imports {
  if (memory !== undefined) imports[MEMORY_IMPORT.module] = { [MEMORY_IMPORT.name]: memory };
  return imports;
}

/** The memory a plan imports. */
export function createGuestMemory(plan: GuestMemoryPlan, pages: number = plan.initial): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: pages, maximum: plan.maximum, shared: plan.shared } as WebAssembly.MemoryDescriptor);
}

/** A byte limit as pages (rounded down), checked. */
export function pagesOf(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError("wasi-os: memoryLimit must be a non-negative number of bytes");
  return Math.min(MAX_PAGES, Math.floor(bytes / PAGE));
}

/** The bytes of a BufferSource, without a copy. */
export function bytesOf(wasm: BufferSource): Uint8Array {
  if (wasm instanceof Uint8Array) return wasm;
  if (ArrayBuffer.isView(wasm)) return new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength);
  return new Uint8Array(wasm);
}
