// The declared-divergence table: ONE markdown table in docs/conformance.md, under the heading
// "## Declared divergences", columns: base | scenario | function | result | reason. The base cell
// is a base (`*` = every base), optionally preceded by a guest: `c:node-wasi`, `c:*` (without one
// the row holds for every guest).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./scenario.ts";

export const CONFORMANCE_DOC = join(PROJECT_ROOT, "docs/conformance.md");
export const DIVERGENCE_HEADING = "Declared divergences";

export interface Divergence {
  /** A base name, or `*` for every base. */
  base: string;
  /** A guest name (src/conformance/guests.ts), or `*` for every guest. */
  guest: string;
  /** Glob over scenario names (`**` any characters, `*` any except `/`, `?` one character). */
  scenario: string;
  func: string;
  /** The exact result line the base gives. */
  result: string;
  reason: string;
  /** Line of the row in the markdown file (for stale-row warnings). */
  line: number;
}

function cell(s: string): string {
  const t = s.trim();
  const m = /^`(.*)`$/.exec(t);
  return (m ? m[1]! : t).replace(/\\\|/g, "|");
}

function splitRow(line: string): string[] {
  // split on | not preceded by a backslash; drop the outer empty cells
  const cells: string[] = [];
  let cur = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\" && line[i + 1] === "|") { cur += "\\|"; i++; continue; }
    if (c === "|") { cells.push(cur); cur = ""; continue; }
    cur += c;
  }
  cells.push(cur);
  if (cells[0]!.trim() === "") cells.shift();
  if (cells.length > 0 && cells[cells.length - 1]!.trim() === "") cells.pop();
  return cells;
}

/** Parse the divergence table out of the markdown document's text. */
export function parseDivergences(markdown: string): Divergence[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^#+\s+/.test(l) && l.replace(/^#+\s+/, "").trim() === DIVERGENCE_HEADING);
  if (start < 0) throw new Error(`docs/conformance.md has no "## ${DIVERGENCE_HEADING}" section`);
  let i = start + 1;
  while (i < lines.length && !lines[i]!.trim().startsWith("|")) {
    if (/^#+\s/.test(lines[i]!)) throw new Error(`the "${DIVERGENCE_HEADING}" section has no table`);
    i++;
  }
  const header = splitRow(lines[i] ?? "").map((c) => cell(c).toLowerCase());
  const want = ["base", "scenario", "function", "result", "reason"];
  if (header.length !== 5 || header.some((h, k) => !h.startsWith(want[k]!)))
    throw new Error(`divergence table header must be | ${want.join(" | ")} |, got: ${lines[i] ?? "(nothing)"}`);
  i += 2; // header and the |---| separator
  const rows: Divergence[] = [];
  for (; i < lines.length && lines[i]!.trim().startsWith("|"); i++) {
    const cells = splitRow(lines[i]!).map(cell);
    if (cells.length !== 5) throw new Error(`docs/conformance.md:${i + 1}: a divergence row needs 5 cells`);
    const [base, scenario, func, result, reason] = cells as [string, string, string, string, string];
    if (!base || !scenario || !func || !result || !reason)
      throw new Error(`docs/conformance.md:${i + 1}: every cell of a divergence row must be filled in`);
    const colon = base.indexOf(":");
    const guest = colon < 0 ? "*" : base.slice(0, colon);
    rows.push({ base: base.slice(colon + 1), guest, scenario, func, result, reason, line: i + 1 });
  }
  return rows;
}

export function loadDivergences(file = CONFORMANCE_DOC): Divergence[] {
  return parseDivergences(readFileSync(file, "utf8"));
}

const globCache = new Map<string, RegExp>();
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let src = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      i++;
      if (glob[i + 1] === "/") { i++; src += "(?:.*/)?"; } else src += ".*";
    } else if (c === "*") src += "[^/]*";
    else if (c === "?") src += "[^/]";
    else src += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  re = new RegExp(`^${src}$`);
  globCache.set(glob, re);
  return re;
}

/** The first row declaring that `guest` on `base` gives `result` for `func` in scenario `scenario`, if any. */
export function findDivergence(rows: readonly Divergence[], base: string, scenario: string, func: string, result: string, guest = "as"): Divergence | undefined {
  return rows.find(
    (r) => (r.base === "*" || r.base === base) && (r.guest === "*" || r.guest === guest) && r.func === func && r.result === result && globToRegExp(r.scenario).test(scenario),
  );
}
