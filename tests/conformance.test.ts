// The conformance gate: every scenario with every guest on every base, compared step by step with
// CPython. One test per (scenario, base, guest), named `<scenario> on <base>` for the
// AssemblyScript guest and `<scenario> on <base> (c guest)` for the C one; the failure message is
// the diff. The oracle runs once for all scenarios; each guest module is compiled once. Without
// the C toolchain the C guest is left out with a notice (under CI=true that is a failure).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatDiff, onWhat } from "../src/conformance/compare.ts";
import type { ConformanceReport } from "../src/conformance/runner.ts";
import { conformanceReport } from "./support/conformance-report.ts";
import { withC } from "./support/c-guests.ts";

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
    test(`${o.scenario} on ${onWhat(o.base, o.guest)}`, () => {
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

withC(test)("the C conformance guest ran on every base", () => {
  assert.ok(report?.guests.includes("c"), "build/conformance-c.wasm was not run");
});

test.run();
