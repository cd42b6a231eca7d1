// The `opfs` file system (host/fs/opfs): guests change a MemoryFileSystem loaded from OPFS, and
// sync() writes back what changed; reopening from the same OPFS gives the same tree, sizes and
// modes. Run in Node on an in-memory stand-in for OPFS (tests/support/fake-opfs.ts); the real
// OPFS is exercised by the terminal's reload test in Chromium (tests/browser.test.ts).
import { OPFS_DIFFERENCES } from "../src/availability.ts";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { errnoName } from "../src/errno.ts";
import { runCommand } from "../host/index.ts";
import { META_NAME, OpfsFileSystem } from "../host/fs/opfs/index.ts";
import { MemFile } from "../host/fs/memory/index.ts";
import { FakeDir, FakeFile } from "./support/fake-opfs.ts";

const t = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

async function run(home: OpfsFileSystem, tool: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const r = await runCommand(readFileSync(`build/examples/${tool}.wasm`), { args: [tool, ...args], preopens: [{ guest: "/", memoryFs: home.fs }] });
  return { code: r.exitCode, out: dec(r.stdout) + dec(r.stderr) };
}

async function fresh(): Promise<{ root: FakeDir; home: OpfsFileSystem; dir: () => FakeDir }> {
  const root = new FakeDir();
  const home = await OpfsFileSystem.open({ root, directory: "home" });
  return { root, home, dir: () => root.children.get("home") as FakeDir };
}

test("files and directories written in the opfs file system are in OPFS after sync, and load again", async () => {
  const { root, home, dir } = await fresh();
  home.fs.writeFile("a.txt", t("alpha\n"));
  assert.is((await run(home, "mkdir", "-p", "d/e")).code, 0);
  home.fs.writeFile("d/e/b.txt", t("beta"));
  const report = await home.sync();
  assert.equal({ files: report.filesWritten, bytes: report.bytesWritten, dirs: report.directoriesMade }, { files: 2, bytes: 10, dirs: 2 });
  assert.equal(dir().dump(), { "a.txt": "alpha\n", d: { e: { "b.txt": "beta" } }, [META_NAME]: dir().dump()[META_NAME] });
  const again = await OpfsFileSystem.open({ root, directory: "home" });
  assert.equal(again.fs.tree(), { "a.txt": t("alpha\n"), d: { e: { "b.txt": t("beta") } } });
});

test("the metadata file keeps modes and times; guests never see it", async () => {
  const { root, home } = await fresh();
  home.fs.writeFile("secret", t("s"));
  assert.is((await run(home, "chmod", "600", "secret")).code, 0);
  const mtim = home.fs.lookup("secret")!.mtim;
  await home.sync();
  const again = await OpfsFileSystem.open({ root, directory: "home" });
  assert.is(again.fs.lookup("secret")!.mode & 0o777, 0o600);
  assert.is(again.fs.lookup("secret")!.mtim, mtim);
  assert.is((await run(again, "ls")).out, "secret\n");
});

test("only what changed is written again", async () => {
  const { home, dir } = await fresh();
  home.fs.writeFile("same", t("1"));
  home.fs.writeFile("changes", t("1"));
  await home.sync();
  home.fs.writeFile("changes", t("22"));
  const r = await home.sync();
  assert.is(r.filesWritten, 1);
  assert.is((dir().children.get("same") as FakeFile).writes, 1);
  assert.is((dir().children.get("changes") as FakeFile).writes, 2);
  assert.is((await home.sync()).filesWritten, 0);
});

test("renames and removals reach OPFS: the old names are gone", async () => {
  const { home, dir } = await fresh();
  home.fs.writeFile("old", t("moved"));
  home.fs.writeFile("gone/x", t("x"));
  await home.sync();
  assert.is((await run(home, "mv", "old", "new")).code, 0);
  assert.is((await run(home, "rm", "-r", "gone")).code, 0);
  const r = await home.sync();
  assert.is(r.removed, 2);
  const names = [...dir().children.keys()].filter((n) => n !== META_NAME);
  assert.equal(names, ["new"]);
  assert.is(dir().dump()["new"], "moved");
});

test("a file replaced by a directory of the same name is replaced in OPFS too", async () => {
  const { home, dir } = await fresh();
  home.fs.writeFile("x", t("file"));
  await home.sync();
  assert.is((await run(home, "rm", "x")).code, 0);
  assert.is((await run(home, "mkdir", "x")).code, 0);
  home.fs.writeFile("x/in", t("in"));
  await home.sync();
  assert.equal(dir().dump()["x"], { in: "in" });
});

test("copy_file_range inside the opfs file system is the memory file system's (host-side) and persists", async () => {
  const { root, home } = await fresh();
  const big = new Uint8Array(300_000).map((_, i) => i % 251);
  home.fs.writeFile("big", big);
  const r = await run(home, "cp", "-v", "big", "copy");
  assert.is(r.code, 0, r.out);
  assert.match(r.out, /copy_file_range/);
  await home.sync();
  const again = await OpfsFileSystem.open({ root, directory: "home" });
  const copy = again.fs.lookup("copy");
  assert.ok(copy instanceof MemFile);
  assert.equal(again.fs.readFile("copy"), big);
  assert.is(copy.size, 300_000n);
});

// Linux on a file system without symlinks, from the oracle (mqueue mounted on a temp dir) when
// this machine lets us mount; else what it printed here (Linux 6.18, as root): the same values.
function noSymlinkOracle(): Record<string, string> {
  const r = spawnSync("python3", ["tests/support/nosymlink-oracle.py"], { encoding: "utf8" });
  if (r.status === 0) return JSON.parse(r.stdout) as Record<string, string>;
  console.log("  (fs-opfs: cannot mount mqueue here; using the oracle's recorded answers)");
  return { new: "EPERM", existing: "EEXIST", missing_parent: "ENOENT", link_new: "EPERM", link_existing: "EEXIST", link_missing_parent: "ENOENT" };
}

test("symlink in the opfs file system answers what Linux answers without symlinks (EPERM after EEXIST/ENOENT)", async () => {
  const { link_new: _a, link_existing: _b, link_missing_parent: _c, ...want } = noSymlinkOracle();
  const { home } = await fresh();
  const dir = home.fs.preopen("/");
  assert.equal(
    { new: errnoName(dir.symlink("target", "l")), existing: errnoName(dir.symlink("target", ".")), missing_parent: errnoName(dir.symlink("target", "nodir/l")) },
    want,
  );
  assert.is(home.fs.lookup("l"), null);
});

test("a hard link in the opfs file system answers what Linux answers without links (EPERM after EEXIST/ENOENT)", async () => {
  const o = noSymlinkOracle();
  const { home } = await fresh();
  home.fs.writeFile("a", t("A"));
  const dir = home.fs.preopen("/");
  const a = dir.path_lookup("a", 0).inode_obj!;
  assert.equal(
    { new: errnoName(dir.path_link("b", a, false)), existing: errnoName(dir.path_link("a", a, false)), missing_parent: errnoName(dir.path_link("nodir/b", a, false)) },
    { new: o["link_new"], existing: o["link_existing"], missing_parent: o["link_missing_parent"] },
  );
  assert.is(home.fs.lookup("b"), null);
  assert.is(dir.rename("a", dir, "c"), 0); // renames still work
});

test("the report's opfs rows are what the opfs file system answers", async () => {
  const { home } = await fresh();
  home.fs.writeFile("a", t("A"));
  const dir = home.fs.preopen("/");
  const got: Record<string, string> = {
    symlink: errnoName(dir.symlink("target", "l")),
    link: errnoName(dir.path_link("b", dir.path_lookup("a", 0).inode_obj!, false)),
  };
  assert.equal(Object.keys(OPFS_DIFFERENCES).sort(), Object.keys(got).sort());
  for (const [fn, a] of Object.entries(OPFS_DIFFERENCES)) assert.is(got[fn], a.errno, fn);
});

test("an unreadable metadata file is ignored: default modes", async () => {
  const root = new FakeDir();
  const d = await root.getDirectoryHandle("home", { create: true });
  const f = await d.getFileHandle("a", { create: true });
  f.bytes = t("A");
  (await d.getFileHandle(META_NAME, { create: true })).bytes = t("{not json");
  const home = await OpfsFileSystem.open({ root, directory: "home" });
  assert.is(home.fs.lookup("a")!.mode & 0o777, 0o644);
  assert.equal(home.fs.tree(), { a: t("A") });
});

test("open() without OPFS says so", async () => {
  await OpfsFileSystem.open().then(
    () => assert.unreachable("opened"),
    (e: Error) => assert.match(e.message, /Origin Private File System/),
  );
});

test.run();
