// Guest encoding of steps (docs/conformance.md, "Guest encoding"): one argv entry per step.
// The python oracle decodes exactly these strings too, so one encoding feeds both sides.

import type { Arg, Step } from "./scenario.ts";

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export function encodeArg(a: Arg): string {
  switch (a.kind) {
    case "int": return `i:${a.value.toString()}`;
    case "none": return "n:";
    case "bytes": return `b:${hex(a.value)}`;
    case "str": return `s:${hex(new TextEncoder().encode(a.value))}`;
    case "const": return `k:${a.names.join("|")}`;
    case "fd": return a.offset === 0 ? `f:${a.name}` : `f:${a.name}${a.offset > 0 ? "+" : "-"}${Math.abs(a.offset)}`;
    case "list": return `L:${a.items.map(encodeArg).join(",")}`;
    case "ident": return `a:${a.name}`;
  }
}

/** `BIND<TAB>FUNC<TAB>ARG<TAB>ARG...` */
export function encodeStep(s: Step): string {
  return [s.bind ?? "", s.func, ...s.args.map(encodeArg)].join("\t");
}

/** Errno names that Linux defines twice; both sides' results are compared by the first name. */
export const ERRNO_ALIASES: Readonly<Record<string, string>> = {
  EOPNOTSUPP: "ENOTSUP",
  EWOULDBLOCK: "EAGAIN",
  EDEADLOCK: "EDEADLK",
};

/** Canonical form of a result line: errno aliases folded (`OSError EOPNOTSUPP` -> `OSError ENOTSUP`). */
export function canonicalResult(line: string): string {
  const m = /^OSError (E[A-Z0-9]+)$/.exec(line);
  if (m) {
    const alias = ERRNO_ALIASES[m[1]!];
    if (alias !== undefined) return `OSError ${alias}`;
  }
  return line;
}
