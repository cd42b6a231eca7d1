// The availability report is one source of truth: the README shows it, the JSON covers every
// guest function on every base, and conformance and the adapter's copy paths agree with it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { BASES } from "../src/bases.ts";
import { GUEST_FUNCTIONS, availability, guestAvailability, report } from "../src/availability.ts";
import type { GuestName } from "../src/guests.ts";
import { withReportTable } from "../src/report.ts";
import { conformanceReport } from "./support/conformance-report.ts";

const available = (level: string): boolean => level !== "not available";

test("the README availability table is the generated one", () => {
  const readme = readFileSync("README.md", "utf8");
  assert.is(withReportTable(readme), readme, "run `npm run readme`");
});

test("the JSON report covers every guest function on every base", () => {
  const { hosts } = report();
  assert.equal(Object.keys(hosts).sort(), [...BASES].sort());
  for (const base of BASES) {
    assert.equal(Object.keys(hosts[base]).sort(), [...GUEST_FUNCTIONS].sort());
    for (const fn of GUEST_FUNCTIONS) {
      const a = hosts[base][fn];
      assert.is(a.errno === null, available(a.level), `${base}.${fn}: errno only when not available`);
    }
  }
});

test("the floors hold: memory does the extensions itself, every base has dup, dup2 and pipe", () => {
  for (const fn of ["copy_file_range", "dup", "dup2", "fchmod", "pipe"] as const) {
    assert.ok(["native", "emulated"].includes(availability("memory", fn).level), `memory.${fn}`);
  }
  for (const base of BASES) for (const fn of ["dup", "dup2", "pipe"] as const) assert.ok(available(availability(base, fn).level), `${base}.${fn}`);
});

test("a declared divergence is a function the report calls not available (with its errno) or gives a caveat for", async () => {
  const r = await conformanceReport();
  for (const d of r.declared) {
    const fn = d.row?.func ?? "";
    assert.ok(GUEST_FUNCTIONS.includes(fn as (typeof GUEST_FUNCTIONS)[number]), `${d.scenario}: ${fn} is a guest function`);
    const a = guestAvailability(d.guest as GuestName, d.base as (typeof BASES)[number], fn as (typeof GUEST_FUNCTIONS)[number]);
    if (a.caveat !== undefined) continue;
    assert.is(a.level, "not available", `${d.base}.${fn} (${d.guest} guest) is declared divergent in ${d.scenario}`);
    assert.is(d.got, `OSError ${a.errno}`, `${d.base}.${fn} fails with the reported errno`);
  }
});

test("a function reported not available gives exactly its errno wherever CPython succeeds", async () => {
  const r = await conformanceReport();
  for (const base of BASES) {
    for (const fn of GUEST_FUNCTIONS) {
      const a = availability(base, fn);
      if (available(a.level)) continue;
      let seen = 0;
      for (const o of r.outcomes.filter((x) => x.base === base)) {
        if (guestAvailability(o.guest as GuestName, base, fn).level !== a.level) continue;
        const scenario = r.scenarios.find((s) => s.name === o.scenario);
        scenario?.steps.forEach((step, i) => {
          // Failures CPython raises (OSError, or argument errors before the call) are not successes.
          if (step.func !== fn || /^(OSError|ValueError|OverflowError|TypeError)/.test(o.expected[i] ?? "")) return;
          seen++;
          assert.is(o.got[i], `OSError ${a.errno}`, `${o.scenario} step ${i + 1} on ${base} (${o.guest} guest)`);
        });
      }
      assert.ok(seen > 0, `conformance exercises ${fn} on ${base}`);
    }
  }
});

test("copy_file_range takes the path the report names on every base", async () => {
  const r = await conformanceReport();
  for (const base of BASES) {
    const totals = { native: 0, fallback: 0 };
    for (const o of r.outcomes.filter((x) => x.base === base)) {
      totals.native += o.copyPaths?.native ?? 0;
      totals.fallback += o.copyPaths?.fallback ?? 0;
    }
    const level = availability(base, "copy_file_range").level;
    if (level === "native") assert.ok(totals.native > 0 && totals.fallback === 0, `${base}: ${JSON.stringify(totals)}`);
    else if (level === "fallback") assert.ok(totals.fallback > 0 && totals.native === 0, `${base}: ${JSON.stringify(totals)}`);
    else assert.is(totals.native + totals.fallback, 0, base);
  }
});

test.run();
