/**
 * What the waiting (JSPI) path shares: feature detection and the yield to the event loop.
 *
 * A guest waits only where a call would block (host/adapter.ts `block()` is that one point);
 * everything else completes synchronously on the same code in both modes.
 */

/** True when this runtime has JSPI (`WebAssembly.Suspending` and `WebAssembly.promising`). */
export function jspiAvailable(): boolean {
  const w = WebAssembly as unknown as { Suspending?: unknown; promising?: unknown };
  return typeof w.Suspending === "function" && typeof w.promising === "function";
}

/** Why async mode is or is not available here, in the report's words. */
export function asyncStatus(): string {
  return jspiAvailable() ? "available (JSPI)" : "not available (no JSPI)";
}

type Resolve = () => void;
const setImmediateFn = (globalThis as { setImmediate?: (cb: Resolve) => unknown }).setImmediate;
let channel: MessageChannel | undefined;
const queued: Resolve[] = [];

/**
 * Resolves on a later macrotask. A woken guest resumes through it, so two guests feeding each
 * other never starve timers and I/O of the event loop (a pure microtask ping-pong would).
 * setImmediate where it exists (Node, Bun, Deno); a MessageChannel elsewhere (browsers,
 * workerd), since setTimeout(0) is clamped to 4 ms once nested.
 */
export function macrotask(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof setImmediateFn === "function") {
      setImmediateFn(resolve);
      return;
    }
    if (channel === undefined) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => queued.shift()?.();
    }
    queued.push(resolve);
    channel.port2.postMessage(0);
  });
}

/** A promise resolved by the next {@link Signal.notify}: how a pipe tells waiters it changed. */
export class Signal {
  private waiters: Resolve[] = [];

  /** Resolves at the next change. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  notify(): void {
    if (this.waiters.length === 0) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
