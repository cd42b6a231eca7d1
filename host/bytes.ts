/** One buffer holding `chunks` in order (the chunk itself when there is only one). */
export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  return chunks.length === 1 ? chunks[0]! : join(chunks);
}

/** A new buffer holding `parts` (bytes or byte values) in order. */
export function join(parts: readonly ArrayLike<number>[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const encoder = new TextEncoder();

/**
 * UTF-8 bytes of `s`. Short ASCII strings (argv, env, names) are copied in a loop: Node's
 * TextEncoder call cost more than the rest of building an adapter's argv.
 */
export function utf8(s: string): Uint8Array {
  if (s.length > 64) return encoder.encode(s);
  const out = new Uint8Array(s.length);
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c > 0x7f) return encoder.encode(s);
    out[k] = c;
  }
  return out;
}
