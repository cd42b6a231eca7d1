// The memory file system's inode cap (MemoryLimits.maxInodes), checked against Linux tmpfs
// mounted with nr_inodes=6 (tests/support/oracle/tmpfs-inodes.py), step by step.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { ERRNO_NAMES } from "../src/errno.ts";
import { DEFAULT_MAX_INODES, MemoryFileSystem, OpenMemDirectory } from "../host/fs/memory/index.ts";
import { runCommand } from "../host/index.ts";
import { createUntil, wat } from "./support/wat.ts";

const ORACLE = "tests/support/oracle/tmpfs-inodes.py";
/** What the oracle printed on Linux 6.18 (used where this machine cannot mount a tmpfs). */
const RECORDED = `create f0 ok
create f1 ok
create f2 ok
create f3 ok
create f4 ok
create f5 ENOSPC
mkdir dd ENOSPC
symlink sl ENOSPC
link hl ENOSPC
open existing f0 ok
rename f0 g0 ok
rename g0 over f1 ok
create n1 ok
create n2 ENOSPC
unlink f2 ok
link f1 hl ok
mkdir dd ENOSPC
unlink hl ok
mkdir dd ok
create dd/x ENOSPC
rmdir-less unlink f3 ok
create dd/x ok
`;

function oracle(): string {
  const r = spawnSync("python3", [ORACLE], { encoding: "utf8" });
  return r.status === 0 ? r.stdout : RECORDED;
}

/** The oracle's steps on a memory file system with maxInodes 6 (nr_inodes=6). */
function ours(): string {
  const fs = new MemoryFileSystem(undefined, { maxInodes: 6 });
  const root = fs.preopen("/") as OpenMemDirectory;
  const name = (e: number): string => (e === wasi.ERRNO_SUCCESS ? "ok" : (ERRNO_NAMES[e] ?? String(e)));
  const create = (p: string): number => root.path_open(0, p, wasi.OFLAGS_CREAT, BigInt(wasi.RIGHTS_FD_WRITE), 0n, 0).ret;
  const link = (from: string, to: string): number => {
    const { ret, inode_obj } = root.path_lookup(from, 0);
    return inode_obj === null ? ret : root.path_link(to, inode_obj, false);
  };
  const steps: [string, () => number][] = [
    ...[0, 1, 2, 3, 4].map((i): [string, () => number] => [`create f${i}`, () => create(`f${i}`)]),
    ["create f5", () => create("f5")],
    ["mkdir dd", () => root.path_create_directory("dd")],
    ["symlink sl", () => root.symlink("f0", "sl")],
    ["link hl", () => link("f0", "hl")],
    ["open existing f0", () => create("f0")],
    ["rename f0 g0", () => root.rename("f0", root, "g0")],
    ["rename g0 over f1", () => root.rename("g0", root, "f1")],
    ["create n1", () => create("n1")],
    ["create n2", () => create("n2")],
    ["unlink f2", () => root.path_unlink_file("f2")],
    ["link f1 hl", () => link("f1", "hl")],
    ["mkdir dd", () => root.path_create_directory("dd")],
    ["unlink hl", () => root.path_unlink_file("hl")],
    ["mkdir dd", () => root.path_create_directory("dd")],
    ["create dd/x", () => create("dd/x")],
    ["rmdir-less unlink f3", () => root.path_unlink_file("f3")],
    ["create dd/x", () => create("dd/x")],
  ];
  return steps.map(([s, f]) => `${s} ${name(f())}\n`).join("");
}

test("creations past maxInodes answer ENOSPC exactly where tmpfs's nr_inodes does", () => {
  assert.fixture(ours(), oracle());
});

test("the recorded oracle output is what the oracle script prints where it can run", () => {
  const r = spawnSync("python3", [ORACLE], { encoding: "utf8" });
  if (r.status === 77) return void console.log("NOTICE: cannot mount a tmpfs here; the recorded oracle output is used");
  assert.is(r.stdout, RECORDED);
});

test("the default inode cap is 65,536 and the oracle script exists", () => {
  assert.is(DEFAULT_MAX_INODES, 65536);
  assert.ok(readFileSync(ORACLE, "utf8").includes("nr_inodes=6"));
});

test("a guest creating files without end stops at ENOSPC on the memory base's cap", async () => {
  const bytes = await wat(createUntil(wasi.ERRNO_NOSPC));
  const r = await runCommand(bytes, { preopens: [{ guest: "/", tree: { seeded: new Uint8Array(0) } }], memoryLimits: { maxInodes: 100 } });
  assert.is(r.exitCode, 100 - 2); // the root and "seeded" count
  assert.is(Object.keys(r.trees[0] ?? {}).length, 99);
});

test.run();
