/**
 * Example tools against their GNU namesakes (tests/examples.test.ts, tests/examples-c.test.ts):
 * the guest tool through runCommand (memory base, or the node base on real files) and the real
 * GNU tool in a fresh temp dir holding the same files (umask 022, LC_ALL=C, TZ=UTC).
 */
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, type FsTree } from "../../host/index.ts";
import { readHostTree, writeHostTree } from "../../host/bases/host-tree.ts";

export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export interface Outcome { code: number; stdout: string; stderr: string; tree: FsTree }

const modules = new Map<string, WebAssembly.Module>();
/** build/examples/NAME.wasm (AssemblyScript) or, with dir "build/examples/c", the C tool. */
async function tool(name: string, dir: string): Promise<WebAssembly.Module> {
  const path = `${dir}/${name}.wasm`;
  let m = modules.get(path);
  if (m === undefined) {
    m = await WebAssembly.compile(readFileSync(path));
    modules.set(path, m);
  }
  return m;
}

/** A deep copy (runCommand's memory base must not share buffers with the GNU setup). */
function clone(t: FsTree): FsTree {
  const out: FsTree = {};
  for (const [k, v] of Object.entries(t)) out[k] = v instanceof Uint8Array ? v.slice() : clone(v);
  return out;
}

/** The guest tool on the memory base, with `tree` as preopen "/" (the guest's cwd). */
export async function guest(name: string, args: string[], tree: FsTree, stdin = "", dir = "build/examples"): Promise<Outcome> {
  const r = await runCommand(await tool(name, dir), {
    base: "memory", args: [name, ...args], preopens: [{ guest: "/", tree: clone(tree) }], stdin: enc(stdin),
  });
  return { code: r.exitCode, stdout: dec(r.stdout), stderr: dec(r.stderr), tree: r.trees[0]! };
}

export function tempDir(): string { return mkdtempSync(join(tmpdir(), "wasi-os-examples-")); }

/** The GNU tool in a fresh temp dir holding `tree`; `prepare` may add what a tree cannot hold. */
export function gnu(name: string, args: string[], tree: FsTree, stdin = "", prepare?: (dir: string) => void): Outcome & { dir: string } {
  const dir = tempDir();
  writeHostTree(dir, clone(tree));
  prepare?.(dir);
  const r = spawnSync("sh", ["-c", 'umask 022; exec "$@"', "sh", name, ...args], {
    cwd: dir, input: stdin, encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, tree: readHostTree(dir), dir };
}

/** The guest tool on the node base (real files) in a fresh temp dir holding `tree`. */
export async function guestOnDisk(name: string, args: string[], tree: FsTree, prepare?: (dir: string) => void, tools = "build/examples"): Promise<Outcome & { dir: string }> {
  const dir = tempDir();
  writeHostTree(dir, clone(tree));
  prepare?.(dir);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const r = await runCommand(await tool(name, tools), {
    base: "node", args: [name, ...args], preopens: [{ guest: "/", host: dir }],
    stdout: (c) => void out.push(c.slice()), stderr: (c) => void err.push(c.slice()),
  });
  const s = (l: Uint8Array[]) => l.map(dec).join("");
  return { code: r.exitCode, stdout: s(out), stderr: s(err), tree: readHostTree(dir), dir };
}

export function cleanup(...dirs: string[]): void { for (const d of dirs) rmSync(d, { recursive: true, force: true }); }

/** Exit code, stdout, stderr and files, all equal. */
export function same(g: Outcome, n: Outcome & { dir?: string }): void {
  if (n.dir !== undefined) cleanup(n.dir);
  assert.is(g.code, n.code, "exit code");
  assert.is(g.stdout, n.stdout, "stdout");
  assert.is(g.stderr, n.stderr, "stderr");
  assert.equal(g.tree, n.tree, "files after the run");
}

