// Step-by-step comparison of a base's results with the oracle's, and the readable diff.

import { canonicalResult } from "./encode.ts";
import { findDivergence, globToRegExp, type Divergence } from "./divergences.ts";
import type { Scenario, Step } from "./scenario.ts";

export type DiffKind = "mismatch" | "declared" | "consequence";

export interface StepDiff {
  kind: DiffKind;
  scenario: string;
  base: string;
  /** The guest that ran (src/conformance/guests.ts). */
  guest: string;
  /** Index into scenario.steps, or -1 for a whole-run problem (extra output, harness error). */
  index: number;
  line: number;
  text: string;
  expected: string;
  got: string;
  /** For `declared`: the row; for `consequence`: the declared divergence it follows. */
  row?: Divergence;
  after?: StepDiff;
}

export interface ScenarioOutcome {
  scenario: string;
  base: string;
  guest: string;
  diffs: StepDiff[];
  /** Every step's canonical result from the oracle and from the base (for cross-checks). */
  expected: string[];
  got: string[];
  /** How the base's copies went during this run (host/context.ts CopyPaths counts). */
  copyPaths?: { native: number; fallback: number };
}

/** What a base printed: its result lines plus how the run ended (for the "no result" text). */
export interface GuestRun {
  lines: string[];
  copyPaths?: { native: number; fallback: number };
  /** Human note used in place of a missing result line, e.g. "exit code 1; stderr: ...". */
  note: string;
}

export function missingResult(note: string): string {
  return `<no result: ${note}>`;
}

/**
 * Compare one scenario's results on one base. A mismatching step is `declared` if a divergence row
 * matches (base, scenario, function, exact result); mismatches after the first declared one in the
 * same scenario are `consequence`s; all others are `mismatch`es.
 */
export function compareScenario(
  scenario: Scenario,
  base: string,
  expected: readonly string[],
  run: GuestRun,
  rows: readonly Divergence[],
  used?: Set<Divergence>,
  guest = "as",
): ScenarioOutcome {
  const diffs: StepDiff[] = [];
  const expectedAll: string[] = [];
  const gotAll: string[] = [];
  let firstDeclared: StepDiff | undefined;
  scenario.steps.forEach((step: Step, i) => {
    const exp = canonicalResult(expected[i] ?? missingResult("the oracle gave no result"));
    const raw = run.lines[i];
    const got = raw === undefined ? missingResult(run.note) : canonicalResult(raw);
    expectedAll.push(exp);
    gotAll.push(got);
    if (exp === got) return;
    const d: StepDiff = { kind: "mismatch", scenario: scenario.name, base, guest, index: i, line: step.line, text: step.text, expected: exp, got };
    const row = raw === undefined ? undefined : findDivergence(rows, base, scenario.name, step.func, got, guest);
    if (row) {
      d.kind = "declared";
      d.row = row;
      used?.add(row);
      firstDeclared ??= d;
    } else if (firstDeclared) {
      d.kind = "consequence";
      d.after = firstDeclared;
    }
    diffs.push(d);
  });
  if (run.lines.length > scenario.steps.length) {
    const extra = run.lines.slice(scenario.steps.length);
    diffs.push({
      kind: firstDeclared ? "consequence" : "mismatch",
      scenario: scenario.name, base, guest, index: -1, line: 0,
      text: "(output after the last step)", expected: "(nothing)", got: extra.join("\\n"),
      ...(firstDeclared ? { after: firstDeclared } : {}),
    });
  }
  return { scenario: scenario.name, base, guest, diffs, expected: expectedAll, got: gotAll, ...(run.copyPaths ? { copyPaths: run.copyPaths } : {}) };
}

/** "memory" for the AssemblyScript guest (the first), "memory (c guest)" for the others. */
export function onWhat(base: string, guest: string): string {
  return guest === "as" ? base : `${base} (${guest} guest)`;
}

/** The readable diff of one step. */
export function formatDiff(d: StepDiff): string {
  const head =
    d.kind === "mismatch" ? "MISMATCH" : d.kind === "declared" ? "declared divergence" : "consequence of a declared divergence";
  const where = d.line > 0 ? `${d.scenario}:${d.line}` : d.scenario;
  const lines = [`${head}: ${where} on ${onWhat(d.base, d.guest)}`, `  step:     ${d.text}`, `  expected: ${d.expected}`, `  got:      ${d.got}`];
  if (d.row) lines.push(`  declared: docs/conformance.md:${d.row.line} (${d.row.reason})`);
  if (d.after) lines.push(`  after:    declared divergence at line ${d.after.line} (${d.after.text})`);
  return lines.join("\n");
}

/**
 * Stale rows: the run had steps a row could apply to (its base, a scenario its glob matches, its
 * function) and it matched none of them. Rows outside a partial run's reach are not judged.
 */
export function staleRows(rows: readonly Divergence[], used: ReadonlySet<Divergence>, scenarios: readonly Scenario[], bases: readonly string[], guests: readonly string[] = ["as"]): Divergence[] {
  const applicable = (r: Divergence) =>
    (r.base === "*" || bases.includes(r.base)) &&
    (r.guest === "*" || guests.includes(r.guest)) &&
    scenarios.some((s) => globToRegExp(r.scenario).test(s.name) && s.steps.some((st) => st.func === r.func));
  return rows.filter((r) => !used.has(r) && applicable(r));
}
