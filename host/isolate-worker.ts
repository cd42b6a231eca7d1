/**
 * The code an isolating Worker runs (host/isolate.ts): only the guest's wasm. Every import is
 * a synchronous call back to the caller's thread over a SharedArrayBuffer, where the adapter,
 * the base and the file systems stay; so terminating this Worker loses nothing the host owns.
 *
 * One guest at a time; after one ends the Worker waits for the next (host/isolate.ts keeps a
 * few idle Workers). It is a source string, not a module, so that it runs unchanged in a `worker_threads` Worker
 * (eval) and a Web Worker (a Blob URL), with no path to resolve and no loader needed.
 *
 * Layout of the control buffer (Int32 slots): [0] request number (worker -> host), [1] import
 * index, [2] argument count, [3] answer kind (0 value, 1 proc_exit, 2 no value), [4] the value
 * or exit code, [5] answered request number (host -> worker); from byte 32, 16 Int32 argument
 * tags (0 number, 1 bigint); from byte 96, 16 BigInt64 arguments.
 */

export const CONTROL_BYTES = 96 + 16 * 8;
export const MAX_ARGS = 16;

export const WORKER_SOURCE = `
const onMsg = (handler) => {
  if (typeof globalThis.addEventListener === "function" && typeof globalThis.postMessage === "function") {
    globalThis.addEventListener("message", (e) => handler(e.data, (m) => globalThis.postMessage(m)));
  } else {
    const { parentPort } = process.getBuiltinModule ? process.getBuiltinModule("node:worker_threads") : require("node:worker_threads");
    parentPort.on("message", (d) => handler(d, (m) => parentPort.postMessage(m)));
  }
};
onMsg(async ({ module, memory, memoryImport, imports, control }, post) => {
  const ctl = new Int32Array(control, 0, 8);
  const tags = new Int32Array(control, 32, 16);
  const args = new BigInt64Array(control, 96, 16);
  let seq = 0;
  class Exit { constructor(code) { this.code = code; } }
  const call = (index, a) => {
    ctl[1] = index;
    ctl[2] = a.length;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v === "bigint") { tags[i] = 1; args[i] = v; }
      else { tags[i] = 0; args[i] = BigInt(Math.trunc(Number(v) || 0)); }
    }
    seq++;
    Atomics.store(ctl, 0, seq);
    Atomics.notify(ctl, 0);
    while (Atomics.load(ctl, 5) !== seq) Atomics.wait(ctl, 5, seq - 1);
    const kind = ctl[3];
    if (kind === 1) throw new Exit(ctl[4]);
    return kind === 2 ? undefined : ctl[4];
  };
  const importObject = { [memoryImport.module]: { [memoryImport.name]: memory } };
  for (const [mod, name, index] of imports) {
    (importObject[mod] ??= {})[name] = (...a) => call(index, a);
  }
  try {
    const instance = await WebAssembly.instantiate(module, importObject);
    const start = instance.exports._start;
    if (typeof start !== "function") throw new TypeError("wasi-os: the guest exports no _start");
    try { start(); post({ exit: 0 }); }
    catch (e) { if (e instanceof Exit) post({ exit: e.code }); else throw e; }
  } catch (e) {
    post({ error: String(e && e.message !== undefined ? e.message : e), trap: e instanceof WebAssembly.RuntimeError, link: e instanceof WebAssembly.LinkError });
  }
});
`;
