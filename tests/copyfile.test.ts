// os.copyfile's two paths and its fallback rules, checked by a self-checking guest
// (tests/guests/copyfile.ts) on every base: one test per check the guest makes.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { BASES, runCommand } from "../host/index.ts";
import { preopenFor } from "./support/bases.ts";

const module = await WebAssembly.compile(readFileSync("build/copyfile.wasm"));

for (const base of BASES) {
  const r = await runCommand(module, { base, args: ["copyfile"], preopens: [preopenFor(base)] });
  const lines = new TextDecoder().decode(r.stdout).trim().split("\n");
  const t = suite(`copyfile on ${base}`);
  t("the guest ran every check and exited 0", () => {
    assert.ok(lines.length >= 10, lines.join("\n"));
    assert.is(r.exitCode, 0, lines.filter((l) => l.startsWith("FAIL")).join("\n"));
  });
  for (const line of lines) {
    const name = line.replace(/^(ok|FAIL)\s+/, "").replace(/:.*$/, "");
    t(name, () => assert.ok(line.startsWith("ok"), line));
  }
  t.run();
}
