/**
 * Instantiates synchronously where the engine allows it (Node, Deno, Bun, Workers): the
 * promise form finishes on a later task, which was most of a small command's latency.
 * Browsers' main threads refuse large modules synchronously (a RangeError): then the promise form.
 */
export async function instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports): Promise<WebAssembly.Instance> {
  try {
    return new WebAssembly.Instance(module, imports);
  } catch (e) {
    if (e instanceof RangeError) return WebAssembly.instantiate(module, imports);
    throw e;
  }
}
