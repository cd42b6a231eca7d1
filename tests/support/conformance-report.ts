/** One conformance run per test process, shared by the tests that read it. */
import { runConformance, type ConformanceReport } from "../../src/conformance/runner.ts";
import { loadScenarios, SCENARIOS_ROOT } from "../../src/conformance/scenario.ts";

let report: Promise<ConformanceReport> | undefined;

export function conformanceReport(): Promise<ConformanceReport> {
  report ??= runConformance(loadScenarios([SCENARIOS_ROOT], process.cwd()));
  return report;
}
