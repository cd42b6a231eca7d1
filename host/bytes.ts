/** One buffer holding `chunks` in order (the chunk itself when there is only one). */
export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
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
