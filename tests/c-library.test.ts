// libwasi_os.a (c/) against Linux: tests/guests/cfuncs.c runs natively (glibc on Linux, the
// oracle) and as a wasi-os guest linked with the library, on every base; the outputs must match
// line by line (one line per call: its result and errno name).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASES, runCommand, type BaseName } from "../host/index.ts";
import { availability } from "../src/availability.ts";
import { preopenFor } from "./support/bases.ts";
import { CC, ROOT, cToolchain, withC } from "./support/c-guests.ts";

const it = withC(test);
const SRC = join(ROOT, "tests/guests/cfuncs.c");
const TREE = { "a.txt": new TextEncoder().encode("hello world") };

/** What Linux prints: the same source compiled natively, run in a fresh folder holding TREE. */
function native(): string[] {
  const dir = mkdtempSync(join(tmpdir(), "wasi-os-cfuncs-"));
  try {
    const exe = join(dir, "cfuncs");
    const cc = spawnSync(CC, ["-O2", "-w", SRC, "-o", exe], { encoding: "utf8" });
    if (cc.status !== 0) throw new Error(`native build failed: ${cc.stderr}`);
    writeFileSync(join(dir, "a.txt"), TREE["a.txt"]);
    const r = spawnSync("sh", ["-c", "umask 022; exec ./cfuncs"], { cwd: dir, encoding: "utf8" });
    return r.stdout.trimEnd().split("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const expected = cToolchain() !== undefined ? native() : [];

async function guest(base: BaseName): Promise<string[]> {
  const wasm = await WebAssembly.compile(readFileSync(join(ROOT, "build/cfuncs-c.wasm")));
  const r = await runCommand(wasm, { base, args: ["cfuncs"], preopens: [preopenFor(base, { "a.txt": TREE["a.txt"].slice() })] });
  assert.is(r.exitCode, 0, new TextDecoder().decode(r.stderr));
  return new TextDecoder().decode(r.stdout).trimEnd().split("\n");
}

/** The lines about permission bits (chmod calls and the modes read back). */
const isMode = (line: string): boolean => /chmod|mode ->/.test(line);

for (const base of BASES) {
  it(`the C library's functions behave as on Linux on ${base}`, async () => {
    const got = await guest(base);
    assert.equal(got.filter((l) => !isMode(l)), expected.filter((l) => !isMode(l)));
  });

  const modes = availability(base, "fchmod");
  it(`chmod, fchmod and fchmodat ${modes.level === "not available" ? `fail with ${modes.errno}` : "behave as on Linux"} on ${base}`, async () => {
    const got = (await guest(base)).filter(isMode);
    if (modes.level !== "not available") return assert.equal(got, expected.filter(isMode));
    // Where the report says fchmod is not available, every chmod call Linux completes fails with its errno.
    const calls = expected.filter(isMode).map((l, i) => [l, got[i] ?? ""] as const).filter(([l]) => /chmod.* -> 0$/.test(l));
    assert.ok(calls.length > 0);
    for (const [l, g] of calls) assert.is(g, l.replace(/-> 0$/, `-> -1 ${modes.errno}`));
  });
}

test.run();
