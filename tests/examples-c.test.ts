// The C example tools (examples/c/*.c -> build/examples/c/*.wasm, wasi-libc + libwasi_os.a)
// against GNU coreutils and sh, as tests/examples.test.ts does for the AssemblyScript ones:
// exit code, stdout, stderr and the files after the run, all equal. Skipped with a notice
// without the C toolchain (under CI=true: failures).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { cleanup, enc, gnu, guest, guestOnDisk, same } from "./support/gnu.ts";
import { withC } from "./support/c-guests.ts";

const it = withC(test);
const C = "build/examples/c";
const t = (s: string): Uint8Array => enc(s);
const c = (name: string, args: string[], tree: Parameters<typeof guest>[2], stdin = "") => guest(name, args, tree, stdin, C);

// ---- cp -------------------------------------------------------------------------------------

it("C cp copies a file's bytes to a new file", async () => {
  const files = { "a.txt": t("hello\n") };
  same(await c("cp", ["a.txt", "b.txt"], files), gnu("cp", ["a.txt", "b.txt"], files));
});

it("C cp overwrites an existing destination", async () => {
  const files = { "a.txt": t("new"), "b.txt": t("old and longer") };
  same(await c("cp", ["a.txt", "b.txt"], files), gnu("cp", ["a.txt", "b.txt"], files));
});

it("C cp copies several files into a directory", async () => {
  const files = { "a.txt": t("a"), "b.txt": t("b"), d: {} };
  same(await c("cp", ["a.txt", "b.txt", "d"], files), gnu("cp", ["a.txt", "b.txt", "d"], files));
});

it("C cp copies a file larger than its 64 KiB fallback buffer", async () => {
  const big = new Uint8Array(200_000).map((_, i) => (i * 7) & 255);
  const files = { "big.bin": big };
  same(await c("cp", ["big.bin", "copy.bin"], files), gnu("cp", ["big.bin", "copy.bin"], files));
});

it("C cp -v prints GNU's line plus the path: copy_file_range on memory", async () => {
  const files = { "a.txt": t("x"), d: {} };
  const g = await c("cp", ["-v", "a.txt", "d"], files);
  assert.match(g.stdout, / \(copy_file_range\)\n$/);
  same({ ...g, stdout: g.stdout.replace(/ \(copy_file_range\)\n$/, "\n") }, gnu("cp", ["-v", "a.txt", "d"], files));
});

it("C cp of a missing source says 'cannot stat' and exits 1", async () => {
  same(await c("cp", ["missing", "b.txt"], {}), gnu("cp", ["missing", "b.txt"], {}));
});

it("C cp of a directory without -r is refused", async () => {
  const files = { d: { "in.txt": t("x") } };
  same(await c("cp", ["d", "e"], files), gnu("cp", ["d", "e"], files));
});

it("C cp of a file onto itself is refused", async () => {
  const files = { "a.txt": t("x") };
  same(await c("cp", ["a.txt", "a.txt"], files), gnu("cp", ["a.txt", "a.txt"], files));
});

it("C cp gives the new file the source's permission bits (node base, real files)", async () => {
  const files = { "a.txt": t("x") };
  const chmod600 = (dir: string) => spawnSync("chmod", ["600", join(dir, "a.txt")]);
  const g = await guestOnDisk("cp", ["a.txt", "b.txt"], files, chmod600, C);
  const n = gnu("cp", ["a.txt", "b.txt"], files, "", chmod600);
  const gm = statSync(join(g.dir, "b.txt")).mode, nm = statSync(join(n.dir, "b.txt")).mode;
  cleanup(g.dir);
  same(g, n);
  assert.is(gm.toString(8), nm.toString(8));
});

// ---- tee ------------------------------------------------------------------------------------

it("C tee copies stdin to stdout and to each file", async () => {
  same(await c("tee", ["x.txt", "y.txt"], {}, "line 1\nline 2\n"), gnu("tee", ["x.txt", "y.txt"], {}, "line 1\nline 2\n"));
});

it("C tee truncates an existing file", async () => {
  const files = { "x.txt": t("old content that is longer\n") };
  same(await c("tee", ["x.txt"], files, "new\n"), gnu("tee", ["x.txt"], files, "new\n"));
});

it("C tee -a appends to an existing file", async () => {
  const files = { "x.txt": t("old\n") };
  same(await c("tee", ["-a", "x.txt"], files, "new\n"), gnu("tee", ["-a", "x.txt"], files, "new\n"));
});

it("C tee reports a file it cannot create, still writes the others and exits 1", async () => {
  const files = { d: {} };
  same(await c("tee", ["d/no/such", "ok.txt"], files, "data\n"), gnu("tee", ["d/no/such", "ok.txt"], files, "data\n"));
});

// ---- pipeline (pipe + dup2) against sh -----------------------------------------------------------

const FRUIT = { "f.txt": t("banana\napple\ncherry\nbanana split\ndate\n") };
const sh = (line: string, tree: Parameters<typeof guest>[2], stdin = "") => gnu("sh", ["-c", line], tree, stdin);
const pipeline = (line: string, tree: Parameters<typeof guest>[2], stdin = "") => c("pipeline", [line], tree, stdin);

for (const line of [
  "cat f.txt | grep banana | wc -l",
  "cat f.txt | grep -v banana | tr a-z A-Z | sort",
  "sort < f.txt | head -n 2 > top.txt",
  "cat f.txt | grep zzz",
  "cat missing f.txt | wc -w",
  "tr abc xyz < f.txt | sort | head -n 3 | wc -c",
]) {
  it(`C pipeline runs '${line}' as sh does`, async () => {
    same(await pipeline(line, FRUIT), sh(line, FRUIT));
  });
}

it("C pipeline reads its own stdin in the first stage", async () => {
  same(await pipeline("sort | head -n 2", {}, "pear\nfig\nkiwi\n"), sh("sort | head -n 2", {}, "pear\nfig\nkiwi\n"));
});

it("the README's C guest command prints what the README says", () => {
  const readme = readFileSync("README.md", "utf8");
  const line = /^(printf .*pipeline\.wasm '[^']*')\s+# (.*)$/m.exec(readme);
  assert.ok(line, "the README shows a pipeline command");
  const r = spawnSync("sh", ["-c", line![1]!.replace("npx wasi-os", `"${process.execPath}" dist/src/cli.js`)], { encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim().split("\n").join(", "), line![2]!);
});

test.run();
