/**
 * The two guests the cases compare: our whole stack (WasiOs on the `memory` base: adapter,
 * virtual fd table, pointer checks, our file system) and the bare stock browser_wasi_shim with
 * its own File/OpenFile objects and dispatch, as a project would use it without wasi-os.
 */
import { Fd, File, OpenFile, WASI, wasi } from "@bjorn3/browser_wasi_shim";
import { WasiOs } from "../host/index.ts";
import { EXT_MODULE } from "../src/abi/ext.ts";
import { PREVIEW1_MODULE } from "../src/abi/preview1.ts";
import { PATH_AT, guestModule, type GuestExports } from "./guest.ts";

const RIGHTS_RW = 0x2n | 0x4n | 0x20n | 0x40n | 0x200000n | 0x400000n;
const O_CREAT = 1;
const O_TRUNC = 8;

export interface Ours {
  readonly g: GuestExports;
  readonly wasi: WasiOs;
  /** Opens (creating, truncating when asked) a file in the preopen; the guest fd. */
  open(path: string, truncate: boolean): number;
  /** A copy of a file's bytes (outside any timing). */
  read(path: string): Uint8Array;
}

/** WasiOs on `memory`: preopen "/" at fd 3, stdout discarded into `sink`. */
export async function ours(sink: (chunk: Uint8Array) => void = () => {}): Promise<Ours> {
  const module = await guestModule();
  // Room for the bench's few 64 MiB files and their copies; the default cap is 1 GiB.
  const wasi = await WasiOs.create(module, { preopens: [{ guest: "/", tree: {} }], stdout: sink, memoryLimits: { maxBytes: 2 ** 33 } });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  wasi.initialize(instance);
  const g = instance.exports as unknown as GuestExports;
  return {
    g,
    wasi,
    open(path, truncate) {
      const bytes = new TextEncoder().encode(path);
      new Uint8Array(g.memory.buffer).set(bytes, PATH_AT);
      const fd = g.open(3, bytes.length, O_CREAT | (truncate ? O_TRUNC : 0), RIGHTS_RW, 0);
      if (fd < 0) throw new Error(`bench: open ${path}: errno ${-fd}`);
      return fd;
    },
    read(path) {
      const file = wasi.readTree(0)[path];
      if (!(file instanceof Uint8Array)) throw new Error(`bench: no file ${path}`);
      return file;
    },
  };
}

/** A sink Fd for the stock shim: takes every write, keeps the last chunk for the check. */
export class StockSink extends Fd {
  total = 0;
  last: Uint8Array = new Uint8Array(0);
  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    this.total += data.byteLength;
    this.last = data;
    return { ret: wasi.ERRNO_SUCCESS, nwritten: data.byteLength };
  }
}

export interface Stock {
  readonly g: GuestExports;
  readonly shim: WASI;
}

/** The bare stock shim with `fds` as its table (fd 3 upwards are the objects given). */
export async function stock(fds: Fd[]): Promise<Stock> {
  const module = await guestModule();
  const shim = new WASI([], [], fds, { debug: false });
  const ENOSYS = 52;
  const ext = { fd_copy_range: () => ENOSYS };
  const instance = await WebAssembly.instantiate(module, { [PREVIEW1_MODULE]: shim.wasiImport, [EXT_MODULE]: ext } as unknown as WebAssembly.Imports);
  shim.initialize(instance as unknown as Parameters<WASI["initialize"]>[0]);
  return { g: instance.exports as unknown as GuestExports, shim };
}

/** A stock OpenFile over a stock File holding `data` (the shim keeps the array it is given). */
export function stockFile(data: Uint8Array): { file: File; open: OpenFile } {
  const file = new File(data);
  return { file, open: new OpenFile(file) };
}
