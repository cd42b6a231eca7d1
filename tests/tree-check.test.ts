// Host-given trees (host/fs/tree-check.ts): a value that is neither bytes nor a tree, a tree
// containing itself, and (on the bases writing real or wasmer paths) a name that is not one
// path component are refused with an error naming where, before anything is built.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryFileSystem } from "../host/fs/memory/index.ts";
import { writeHostTree } from "../host/bases/host-tree.ts";
import { runCommand } from "../host/index.ts";
import type { FsTree } from "../host/bases/types.ts";
import { readFileSync } from "node:fs";

const fdtour = readFileSync("build/examples/fdtour.wasm");

test("fromTree refuses a string where a file's bytes belong, naming its path", () => {
  assert.throws(() => MemoryFileSystem.fromTree({ d: { "a.txt": "text" } } as unknown as FsTree), (e: unknown) => e instanceof TypeError && /"\/d\/a\.txt"/.test(String(e)));
});

test("fromTree refuses a tree that contains itself", () => {
  const t: Record<string, unknown> = {};
  t["loop"] = t;
  assert.throws(() => MemoryFileSystem.fromTree(t as FsTree), (e: unknown) => e instanceof TypeError && /contains itself/.test(String(e)));
});

test("the same bytes twice in a tree are two files, not a cycle", () => {
  const b = new Uint8Array([1]);
  const fs = MemoryFileSystem.fromTree({ a: b, d: { b } });
  assert.equal(fs.tree(), { a: b, d: { b } });
});

test("writeHostTree refuses a name that would leave its directory, writing nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasi-os-tree-"));
  try {
    assert.throws(() => writeHostTree(dir, { ok: new Uint8Array(1), "../escape": new Uint8Array(1) }), RangeError);
    assert.equal(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the wasmer base refuses a bad tree before it runs the guest", async () => {
  const err = await runCommand(fdtour, { base: "wasmer", preopens: [{ guest: "/", tree: { a: 5 } as unknown as FsTree }] }).then(() => "ran", (e: unknown) => e);
  assert.instance(err, TypeError);
});

test.run();
