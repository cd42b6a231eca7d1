// Runs scenarios: the oracle once for the batch, then each guest interpreter (guests.ts: the
// AssemblyScript one and the C one, each compiled once) on every requested base, and compares.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BASES, runCommand, type BaseName, type FsTree } from "../../host/index.ts";
import { DISK_BASES } from "../bases.ts";
import { compareScenario, onWhat, staleRows, type GuestRun, type ScenarioOutcome, type StepDiff } from "./compare.ts";
import { builtGuests, GUEST_BUILDS, GUEST_WASMS, type GuestName } from "./guests.ts";
import { loadDivergences, type Divergence } from "./divergences.ts";
import { encodeStep } from "./encode.ts";
import { runOracle, type OracleResult } from "./oracle.ts";
import type { Scenario, Setup } from "./scenario.ts";

export const GUEST_WASM = GUEST_WASMS.as;
export { BASES };
export type { BaseName };

export function isBaseName(s: string): s is BaseName {
  return (BASES as readonly string[]).includes(s);
}

/** The setup as an in-memory tree (memory, wasmer). Parent folders are implied. */
export function setupTree(setup: readonly Setup[]): FsTree {
  const root: FsTree = {};
  const dirOf = (parts: string[]): FsTree => {
    let t = root;
    for (const p of parts) {
      const next = t[p];
      if (next instanceof Uint8Array) throw new Error(`setup: ${p} is a file, not a folder`);
      t = next ?? (t[p] = {});
    }
    return t;
  };
  for (const s of setup) {
    const parts = s.path.split("/");
    if (s.kind === "dir") dirOf(parts);
    else dirOf(parts.slice(0, -1))[parts[parts.length - 1]!] = s.bytes.slice();
  }
  return root;
}

/** The setup in a real directory (node-wasi), as the oracle does it. */
export function setupDir(dir: string, setup: readonly Setup[]): void {
  for (const s of setup) {
    const p = join(dir, s.path);
    if (s.kind === "dir") mkdirSync(p, { recursive: true, mode: 0o755 });
    else {
      mkdirSync(dirname(p), { recursive: true, mode: 0o755 });
      writeFileSync(p, s.bytes, { mode: 0o644 });
    }
  }
}

const decoder = new TextDecoder();

function tail(s: string, n = 400): string {
  const t = s.trim().replace(/\s*\n\s*/g, " | ");
  return t.length > n ? "..." + t.slice(t.length - n) : t;
}

/** Run one scenario's steps in the guest on one base; never throws (a failure becomes the note). */
export async function runGuest(module: WebAssembly.Module, base: BaseName, scenario: Scenario, async = false): Promise<GuestRun> {
  const args = ["conformance", ...scenario.steps.map(encodeStep)];
  let dir: string | undefined;
  try {
    let preopens;
    if (DISK_BASES.includes(base)) {
      dir = mkdtempSync(join(tmpdir(), "wasi-os-conf-"));
      setupDir(dir, scenario.setup);
      preopens = [{ guest: "/", host: dir }];
    } else {
      preopens = [{ guest: "/", tree: setupTree(scenario.setup) }];
    }
    // @tty: stdio fds 0-2 are terminal-like character devices (the oracle gives a pty on 0 and 1).
    const r = await runCommand(module, { base, args, preopens, ...(scenario.tty ? { tty: true } : {}), ...(async ? { async } : {}) });
    const out = decoder.decode(r.stdout);
    const lines = out === "" ? [] : out.replace(/\n$/, "").split("\n");
    const stderr = decoder.decode(r.stderr);
    const note = `guest exited with code ${r.exitCode} after ${lines.length} results${stderr.trim() ? `; stderr: ${tail(stderr)}` : ""}`;
    return { lines, note, copyPaths: { native: r.copyPaths.native, fallback: r.copyPaths.fallback } };
  } catch (e) {
    return { lines: [], note: `the run failed: ${tail(e instanceof Error ? `${e.name}: ${e.message}` : String(e))}` };
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

export interface ConformanceReport {
  scenarios: Scenario[];
  bases: BaseName[];
  /** The guests that ran, each on every base. */
  guests: GuestName[];
  outcomes: ScenarioOutcome[];
  /** Oracle problems (a scenario the oracle could not run): always count as mismatches. */
  oracleErrors: { scenario: string; error: string }[];
  mismatches: StepDiff[];
  declared: StepDiff[];
  consequences: StepDiff[];
  /** Rows that could have applied to this run's steps but matched none. */
  stale: Divergence[];
  rows: Divergence[];
  timings: { oracleMs: number; compileMs: number; guestMs: Record<string, number>; totalMs: number };
}

export interface RunOptions {
  bases?: readonly BaseName[];
  /** Default: every guest that is built (guests.ts); a listed guest that is not built is an error. */
  guests?: readonly GuestName[];
  rows?: Divergence[];
  /** The module of the run's first guest (default: its build output; for `as` also $WASI_OS_CONFORMANCE_WASM). */
  wasm?: string;
  /** Run the guest under JSPI (host/process.ts), as `runCommand({ async: true })` does. */
  async?: boolean;
}

/** The guest to run: `wasm`, else $WASI_OS_CONFORMANCE_WASM, else build/conformance.wasm. */
export async function loadGuestModule(wasm = process.env.WASI_OS_CONFORMANCE_WASM || GUEST_WASM, build = GUEST_BUILDS.as): Promise<WebAssembly.Module> {
  if (!existsSync(wasm)) throw new Error(`${wasm} does not exist: run \`${build}\` first`);
  return WebAssembly.compile(readFileSync(wasm));
}

export async function runConformance(scenarios: Scenario[], opts: RunOptions = {}): Promise<ConformanceReport> {
  const t0 = performance.now();
  const bases = [...(opts.bases && opts.bases.length > 0 ? opts.bases : BASES)];
  const rows = opts.rows ?? loadDivergences();
  const guests = [...(opts.guests && opts.guests.length > 0 ? opts.guests : builtGuests())];
  if (guests.length === 0) guests.push("as"); // its missing module is then the error
  const oracleP = runOracle(scenarios);
  const tc = performance.now();
  const modules: WebAssembly.Module[] = [];
  for (const [k, g] of guests.entries()) {
    const wasm = k === 0 && opts.wasm !== undefined ? opts.wasm : g === "as" ? undefined : GUEST_WASMS[g];
    modules.push(await loadGuestModule(wasm, GUEST_BUILDS[g]));
  }
  const compileMs = performance.now() - tc;
  const expected: OracleResult[] = await oracleP;
  const oracleMs = performance.now() - t0;
  const oracleErrors = scenarios.flatMap((s, i) => (expected[i]!.error !== null ? [{ scenario: s.name, error: expected[i]!.error! }] : []));

  const used = new Set<Divergence>();
  const outcomes: ScenarioOutcome[] = [];
  const guestMs: Record<string, number> = {};
  for (const [k, guest] of guests.entries()) {
    for (const base of bases) {
      const tb = performance.now();
      for (let i = 0; i < scenarios.length; i++) {
        const s = scenarios[i]!;
        const run = await runGuest(modules[k]!, base, s, opts.async === true);
        outcomes.push(compareScenario(s, base, expected[i]!.lines, run, rows, used, guest));
      }
      guestMs[onWhat(base, guest)] = performance.now() - tb;
    }
  }
  const all = outcomes.flatMap((o) => o.diffs);
  const stale = staleRows(rows, used, scenarios, bases, guests);
  return {
    scenarios, bases, guests, outcomes, oracleErrors, rows, stale,
    mismatches: all.filter((d) => d.kind === "mismatch"),
    declared: all.filter((d) => d.kind === "declared"),
    consequences: all.filter((d) => d.kind === "consequence"),
    timings: { oracleMs, compileMs, guestMs, totalMs: performance.now() - t0 },
  };
}
