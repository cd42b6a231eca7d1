/**
 * Runtime tests on a fresh machine: a test whose runtime (Chromium, workerd, Deno, Bun) is
 * missing prints a clear notice and is skipped, except under CI=true, where the same test
 * fails with that notice (CI installs everything: .ci/run, package.json).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { Test } from "uvu";
import * as assert from "uvu/assert";

export const IN_CI = process.env["CI"] === "true";

/** The first line `command args` prints (its version), or undefined when it cannot run. */
export function versionOf(command: string, args: readonly string[] = ["--version"]): string | undefined {
  if (command.includes("/") && !existsSync(command)) return undefined;
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 20_000 });
  if (r.error !== undefined || r.status !== 0) return undefined;
  return `${r.stdout}${r.stderr}`.trim().split("\n")[0] ?? "";
}

/**
 * Registers tests on `t` that need `runtime`: run when `version` is known. Otherwise one notice
 * and the tests are left out (not `t.skip`: scripts/test.mjs counts uvu's skips as negative
 * failures); under CI=true each one is registered as a failure carrying the notice. `missing`
 * says what is absent and how to get it.
 */
export function gated<T>(t: Test<T>, runtime: string, version: string | undefined, missing: string): (name: string, body: () => Promise<void> | void) => void {
  if (version !== undefined) return (name, body) => t(name, body);
  const notice = `${runtime} is not available (${missing})`;
  if (IN_CI) return (name) => t(name, () => assert.unreachable(`CI=true: ${notice}; this test cannot be skipped in CI`));
  let told = false;
  return (name) => {
    if (!told) console.log(`NOTICE: ${notice}: its tests are skipped (under CI=true they fail).`);
    told = true;
    console.log(`NOTICE:   skipped: ${name}`);
  };
}
