/**
 * The extension namespace as a host without it answers: every `wasi_os_v1` function a module
 * imports returns ENOSYS. For running a wasi-os guest on another preview1 host (raw node:wasi,
 * the stock browser_wasi_shim): the guest library then falls back or reports the call as not
 * available, as on the `node-wasi` base.
 */
import { EXT_MODULE_PATTERN } from "../../src/abi/ext.ts";
import { Errno } from "../../src/errno.ts";

const enosys = (): number => Errno.ENOSYS;

/** Import objects for every extension namespace `module` imports, each function answering ENOSYS. */
export function absentExtension(module: WebAssembly.Module): Record<string, Record<string, () => number>> {
  const out: Record<string, Record<string, () => number>> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind === "function" && EXT_MODULE_PATTERN.test(imp.module)) (out[imp.module] ??= {})[imp.name] = enosys;
  }
  return out;
}
