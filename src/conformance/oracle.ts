// Runs the CPython oracle (oracle.py) once for a whole batch of scenarios.

import { spawn } from "node:child_process";
import { join } from "node:path";
import { encodeStep } from "./encode.ts";
import { PROJECT_ROOT, type Scenario } from "./scenario.ts";

export const ORACLE_PY = join(PROJECT_ROOT, "src/conformance/oracle.py");

export interface OracleResult {
  /** One result line per step (fewer only when `error` is set). */
  lines: string[];
  /** Set when the oracle could not run the scenario at all (a harness problem, always reported). */
  error: string | null;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export function oracleRequest(scenarios: readonly Scenario[]): string {
  return JSON.stringify({
    scenarios: scenarios.map((s) => ({
      name: s.name,
      setup: s.setup.map((x) => (x.kind === "file" ? { kind: "file", path: x.path, hex: hex(x.bytes) } : { kind: "dir", path: x.path })),
      ...(s.tty ? { tty: true } : {}),
      steps: s.steps.map(encodeStep),
    })),
  });
}

/** Expected results for every scenario, in order, from one python3 process. */
export async function runOracle(scenarios: readonly Scenario[], python = process.env.PYTHON ?? "python3"): Promise<OracleResult[]> {
  const child = spawn(python, [ORACLE_PY], { stdio: ["pipe", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stderr.on("data", (b: Buffer) => err.push(b));
  const done = new Promise<number>((res, rej) => {
    child.on("error", rej);
    child.on("close", (code) => res(code ?? -1));
  });
  child.stdin.end(oracleRequest(scenarios));
  const code = await done;
  const stderr = Buffer.concat(err).toString("utf8");
  if (code !== 0) throw new Error(`oracle (${python} ${ORACLE_PY}) exited with ${code}:\n${stderr}`);
  const parsed = JSON.parse(Buffer.concat(out).toString("utf8")) as { results: OracleResult[] };
  if (parsed.results.length !== scenarios.length) throw new Error("oracle returned a wrong number of results");
  return parsed.results;
}
