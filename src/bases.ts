/** The base hosts, one vocabulary everywhere (CLI, report, conformance, bench). */
export const BASES = ["memory", "node", "node-wasi", "wasmer"] as const;

export type BaseName = (typeof BASES)[number];

/** The default base: in memory, no setup. */
export const DEFAULT_BASE: BaseName = "memory";

/** Bases whose preopens are real host directories (PreopenSpec.host), not seeded trees. */
export const DISK_BASES: readonly BaseName[] = ["node", "node-wasi"];

export function isBaseName(name: string): name is BaseName {
  return (BASES as readonly string[]).includes(name);
}
