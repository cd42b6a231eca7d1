// Asking the host how it does a function (docs/abi.md, `availability`; the same source of truth
// as `wasi-os report`), and the extension ABI's version.
import { errno } from "./wasi/preview1";
import { availability as ext_availability, abi_version } from "./wasi/ext";
import { OUT2 } from "./scratch";
import { reset, setOSError } from "./error";
import { errnoName } from "./errno";

/**
 * How this host does one guest os function:
 * - `level`: 0 native (the base does it), 1 emulated (the adapter, with Linux's semantics),
 *   2 fallback (works, through a read/write loop), 3 not available; `levelName` spells it as
 *   `wasi-os report` does ("native", "emulated", "fallback", "not available");
 * - `errno`: the WASI errno the function gives when not available (0 otherwise), `errnoName` its name.
 */
export class Availability {
  constructor(public level: i32, public errno: i32) {}
  get levelName(): string {
    switch (this.level) {
      case 0: return "native";
      case 1: return "emulated";
      case 2: return "fallback";
      case 3: return "not available";
    }
    return "level " + this.level.toString();
  }
  get errnoName(): string { return this.errno == 0 ? "" : errnoName(this.errno); }
  get available(): bool { return this.level != 3; }
}

/**
 * availability(name): wasi-os's own (not in Python's os). An Availability for the function
 * `name` ("copy_file_range", "dup", ...), or null with the error recorded: ENOENT for a name the
 * host does not know.
 */
export function availability(name: string): Availability | null {
  reset();
  const b = String.UTF8.encode(name);
  const e = ext_availability(changetype<usize>(b), b.byteLength, OUT2, OUT2 + 4);
  if (e != 0) { setOSError("availability", e == errno.ENOTCAPABLE ? errno.ENOENT : e); return null; }
  return new Availability(load<i32>(OUT2), load<i32>(OUT2, 4));
}

/** The extension ABI version the host offers (1), or -1 with the error recorded. wasi-os's own. */
export function extension_abi_version(): i32 {
  reset();
  const e = abi_version(OUT2);
  if (e != 0) { setOSError("extension_abi_version", e); return -1; }
  return load<i32>(OUT2);
}
