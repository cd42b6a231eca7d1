// The example tools added for the browser terminal (head, tail, wc, grep, mkdir, rmdir, rm, mv,
// touch) against their GNU namesakes, as tests/examples.test.ts does for the others: the guest
// on the memory base and the GNU tool in a temp dir holding the same files (LC_ALL=C), with exit
// code, stdout, stderr and the files after the run compared. Also: $PWD as the tools' cwd.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, type FsTree } from "../host/index.ts";
import { readHostTree, writeHostTree } from "../host/bases/host-tree.ts";

const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const t = (s: string): Uint8Array => new TextEncoder().encode(s);

interface Outcome { code: number; stdout: string; stderr: string; tree: FsTree }

function clone(x: FsTree): FsTree {
  const out: FsTree = {};
  for (const [k, v] of Object.entries(x)) out[k] = v instanceof Uint8Array ? v.slice() : clone(v);
  return out;
}

async function guest(name: string, args: string[], tree: FsTree, stdin = "", cwd = ""): Promise<Outcome> {
  const r = await runCommand(readFileSync(`build/examples/${name}.wasm`), {
    args: [name, ...args], preopens: [{ guest: "/", tree: clone(tree) }], stdin: t(stdin), env: cwd ? { PWD: "/" + cwd } : {},
  });
  return { code: r.exitCode, stdout: dec(r.stdout), stderr: dec(r.stderr), tree: r.trees[0]! };
}

function gnu(name: string, args: string[], tree: FsTree, stdin = "", cwd = ""): Outcome {
  const dir = mkdtempSync(join(tmpdir(), "wasi-os-examples-"));
  writeHostTree(dir, clone(tree));
  const r = spawnSync("sh", ["-c", 'umask 022; exec "$@"', "sh", name, ...args], {
    cwd: join(dir, cwd), input: stdin, encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC" },
  });
  const out = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, tree: readHostTree(dir) };
  rmSync(dir, { recursive: true, force: true });
  return out;
}

async function same(name: string, args: string[], tree: FsTree, stdin = "", cwd = ""): Promise<void> {
  const g = await guest(name, args, tree, stdin, cwd);
  const n = gnu(name, args, tree, stdin, cwd);
  assert.is(g.code, n.code, "exit code");
  assert.is(g.stdout, n.stdout, "stdout");
  assert.is(g.stderr, n.stderr, "stderr");
  assert.equal(g.tree, n.tree, "files after the run");
}

const lines = Array.from({ length: 25 }, (_, i) => `line ${i + 1}\n`).join("");

test("head prints the first 10 lines by default", () => same("head", ["f"], { f: t(lines) }));
test("head -n 3 and -c 7 take lines and bytes", async () => {
  await same("head", ["-n", "3", "f"], { f: t(lines) });
  await same("head", ["-c", "7", "f"], { f: t(lines) });
  await same("head", ["-n2", "-"], {}, lines);
});
test("head of two files prints GNU's headers; a missing one is reported", () => same("head", ["-n", "1", "a", "nope", "b"], { a: t("A\nA2\n"), b: t("B\n") }));

test("tail prints the last 10 lines by default", () => same("tail", ["f"], { f: t(lines) }));
test("tail -n 2 and -c 5, also without a final newline, and from stdin", async () => {
  await same("tail", ["-n", "2", "f"], { f: t(lines) });
  await same("tail", ["-c", "5", "f"], { f: t(lines) });
  await same("tail", ["-n", "2"], {}, "a\nb\nc");
});

test("wc counts lines, words and bytes of a file", () => same("wc", ["f"], { f: t("one two\nthree\n  four  \n") }));
test("wc of stdin pads to 7; -l of one input is bare", async () => {
  await same("wc", [], {}, "a b\nc\n");
  await same("wc", ["-l"], {}, "a b\nc\n");
  await same("wc", ["-w", "f"], { f: t("x y z") });
});
test("wc of two files prints a total; a missing one is reported", () => same("wc", ["a", "nope", "b"], { a: t("a\n"), b: t("b b\n") }));

test("grep prints lines holding the fixed string, exit 0", () => same("grep", ["o.t", "f"], { f: t("o.t here\nnot this\nand o.t\n") }));
test("grep -v -c -n -i, and exit 1 when nothing matches", async () => {
  await same("grep", ["-v", "b"], {}, "a\nb\nc\n");
  await same("grep", ["-c", "a"], {}, "a\nba\nc\n");
  await same("grep", ["-n", "c"], {}, "a\nc\nc");
  await same("grep", ["-i", "HELLO"], {}, "Hello\nhelo\n");
  await same("grep", ["zzz"], {}, "a\n");
});
test("grep over two files prefixes names; a missing file gives status 2", () => same("grep", ["x", "a", "nope", "b"], { a: t("x1\n"), b: t("y\nx2\n") }));

test("mkdir makes directories; -p makes parents; an existing one is reported", async () => {
  await same("mkdir", ["a", "b"], {});
  await same("mkdir", ["-p", "x/y/z", "d"], { d: {} });
  await same("mkdir", ["d", "nope/e"], { d: {} });
});
test("rmdir removes empty directories and reports a non-empty or missing one", () => same("rmdir", ["e", "full", "nope", "f"], { e: {}, full: { x: t("") }, f: t("") }));
test("rm removes files; a directory needs -r; -f ignores missing files", async () => {
  await same("rm", ["a", "nope", "d"], { a: t("1"), b: t("2"), d: { x: t("") } });
  await same("rm", ["-r", "d", "a"], { a: t("1"), d: { x: t(""), e: { y: t("") } } });
  await same("rm", ["-f", "nope", "a"], { a: t("1") });
});
test("mv renames, moves into a directory, and reports a missing source", async () => {
  await same("mv", ["a", "b"], { a: t("1"), b: t("old") });
  await same("mv", ["a", "c", "d"], { a: t("1"), c: t("3"), d: {} });
  await same("mv", ["nope", "b"], {});
});
test("mv across file systems (EXDEV) copies the file, keeps its mode and removes the source, as GNU mv", async () => {
  const { MemoryFileSystem } = await import("../host/fs/memory/index.ts");
  const root = MemoryFileSystem.fromTree({ a: t("across"), home: {} });
  const home = MemoryFileSystem.fromTree({});
  root.lookup("a")!.chmod(0o640);
  const r = await runCommand(readFileSync("build/examples/mv.wasm"), {
    args: ["mv", "/a", "/home/b"], preopens: [{ guest: "/", memoryFs: root }, { guest: "/home", memoryFs: home }],
  });
  // GNU mv from tmpfs to another device, same file: status 0, nothing printed, source gone.
  const dir = mkdtempSync(join("/dev/shm", "wasi-os-mv-"));
  const dst = mkdtempSync(join(tmpdir(), "wasi-os-mv-"));
  writeHostTree(dir, { a: t("across") });
  spawnSync("chmod", ["640", join(dir, "a")]);
  const g = spawnSync("mv", [join(dir, "a"), join(dst, "b")], { encoding: "utf8" });
  const gnuMode = spawnSync("stat", ["-c", "%a", join(dst, "b")], { encoding: "utf8" }).stdout.trim();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dst, { recursive: true, force: true });
  assert.equal({ code: r.exitCode, out: dec(r.stdout) + dec(r.stderr) }, { code: g.status, out: g.stdout + g.stderr });
  assert.is(root.lookup("a"), null);
  assert.equal(home.readFile("b"), t("across"));
  assert.is((home.lookup("b")!.mode & 0o777).toString(8), gnuMode);
});

test("touch creates missing files and leaves existing contents alone", () => same("touch", ["a", "new", "nodir/x"], { a: t("keep") }));

test("the tools start in $PWD: relative paths resolve there, .. leads back up", async () => {
  await same("cat", ["f", "../top"], { top: t("T\n"), d: { f: t("in d\n") } }, "", "d");
  await same("ls", [], { top: t(""), d: { f: t(""), g: t("") } }, "", "d");
  await same("mkdir", ["-p", "x/y"], { d: {} }, "", "d");
});

test("a $PWD that is not a directory leaves the cwd at /", async () => {
  const r = await runCommand(readFileSync("build/examples/cat.wasm"), { args: ["cat", "f"], env: { PWD: "/nope" }, preopens: [{ guest: "/", tree: { f: t("root f\n") } }] });
  assert.is(dec(r.stdout), "root f\n");
});

test.run();
