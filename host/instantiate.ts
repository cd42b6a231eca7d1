/**
 * Instantiates synchronously where the engine allows it (Node, Deno, Bun, Workers): the
 * promise form finishes on a later task, which was most of a small command's latency.
 * Browsers' main threads refuse large modules synchronously (a RangeError): then the promise form.
 */
export async function instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports): Promise<WebAssembly.Instance> {
  return instantiateNow(module, imports) ?? WebAssembly.instantiate(module, imports);
}

/** The synchronous form alone: undefined where the engine refuses it (then use `instantiate`). */
export function instantiateNow(module: WebAssembly.Module, imports: WebAssembly.Imports): WebAssembly.Instance | undefined {
  try {
    return new WebAssembly.Instance(module, imports);
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}
