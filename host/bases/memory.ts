/**
 * Base `memory` (the default): browser_wasi_shim's dispatch over our own in-memory file
 * system objects (host/fs/memory). Each preopen is its own file system. The shim's fd array
 * is reachable, so later fast paths can use the objects directly.
 */
import { WASI, type Fd } from "@bjorn3/browser_wasi_shim";
import { CaptureOutput, InputBytes, MemoryFileSystem } from "../fs/memory/index.ts";
import type { Base, BaseOptions, WasiImports } from "./types.ts";

export async function createMemoryBase(options: BaseOptions): Promise<Base> {
  const systems = options.preopens.map((p) => MemoryFileSystem.fromTree(p.tree ?? {}));
  const fds: Fd[] = [
    new InputBytes(options.stdin ?? new Uint8Array(0)),
    new CaptureOutput(options.stdout ?? ((c) => process.stdout.write(c))),
    new CaptureOutput(options.stderr ?? ((c) => process.stderr.write(c))),
    ...systems.map((fs, i) => fs.preopen(options.preopens[i]?.guest ?? "/")),
  ];
  // debug is on by default in 0.4.2 and process-wide: always pass it off.
  const wasi = new WASI([], [], fds, { debug: false });
  return {
    name: "memory",
    imports: wasi.wasiImport as unknown as WasiImports,
    stdioFds: [0, 1, 2],
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
