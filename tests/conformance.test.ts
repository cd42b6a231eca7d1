// The conformance gate: every scenario on every base, compared step by step with CPython.
// One test per (scenario, base), named `<scenario> on <base>`; the failure message is the diff.
// The oracle runs once for all scenarios; the guest module is compiled once.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatDiff } from "../src/conformance/compare.ts";
import type { ConformanceReport } from "../src/conformance/runner.ts";
import { conformanceReport } from "./support/conformance-report.ts";

let report: ConformanceReport | undefined;
let failure: unknown;
try {
  report = await conformanceReport();
} catch (e) {
  failure = e;
}

if (report === undefined) {
  test("conformance harness runs (oracle, build/conformance.wasm, bases)", () => {
    assert.unreachable(failure instanceof Error ? failure.message : String(failure));
  });
} else {
  const r = report;
  for (const e of r.oracleErrors)
    test(`${e.scenario} in the oracle`, () => assert.unreachable(`the oracle could not run it: ${e.error}`));
  for (const o of r.outcomes) {
    test(`${o.scenario} on ${o.base}`, () => {
      const bad = o.diffs.filter((d) => d.kind === "mismatch");
      if (bad.length === 0) return;
      throw new assert.Assertion({
        message: "\n" + bad.map(formatDiff).join("\n\n"),
        details: "",
        generated: false,
        operator: "conformance",
        expects: "no undeclared mismatch",
        actual: bad.length,
      });
    });
  }
}

test.run();
