// The boundary sweep's scenarios (scenarios/boundary/) are exactly what its table generates
// (tests/support/boundary-table.ts; `npm run boundary` rewrites them). The conformance run
// (tests/conformance.test.ts) compares every step with CPython on every base.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { BOUNDARY_VALUES, SWEEP, boundaryScenarios } from "./support/boundary-table.ts";

const dir = join(import.meta.dirname, "..", "scenarios", "boundary");

test("scenarios/boundary holds exactly the generated scenarios (run `npm run boundary`)", () => {
  const want = boundaryScenarios();
  const have = readdirSync(dir).filter((f) => f.endsWith(".scn")).sort();
  assert.equal(have, [...want.keys()].sort());
  for (const [name, text] of want) assert.fixture(readFileSync(join(dir, name), "utf8"), text);
});

test("every swept argument takes every boundary value except those its row leaves out with a reason", () => {
  for (const row of SWEEP) {
    for (const arg of row.args) {
      if (arg.sweep === false) continue;
      if (arg.skip !== undefined) assert.ok(arg.skip.why.length > 0, `${row.fn} ${arg.name}`);
      const text = boundaryScenarios().get(`${row.fn}_${arg.name}.scn`)!;
      const swept = BOUNDARY_VALUES.filter((v) => !(arg.skip?.values as readonly string[] | undefined)?.includes(v));
      const calls = text.split("\n").filter((l) => l.startsWith(`${row.fn} `));
      assert.is(calls.length, swept.length, `${row.fn} ${arg.name}`);
    }
  }
});

test.run();
