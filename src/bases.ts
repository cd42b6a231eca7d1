/** The base hosts, one vocabulary everywhere (CLI, report, conformance, bench). */
export const BASES = ["memory", "node-wasi", "wasmer"] as const;

export type BaseName = (typeof BASES)[number];

/** The default base: in memory, no setup. */
export const DEFAULT_BASE: BaseName = "memory";

export function isBaseName(name: string): name is BaseName {
  return (BASES as readonly string[]).includes(name);
}
