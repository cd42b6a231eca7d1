/** Reading and writing {@link FsTree}s on the real disk (node-wasi preopens, tests). */
import { checkTree } from "../fs/tree-check.ts";
import * as fs from "node:fs";
import * as path from "node:path";
import type { FsTree } from "./types.ts";

/** The files and directories below `dir` (symlinks and special files are left out). */
export function readHostTree(dir: string): FsTree {
  const tree: FsTree = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) tree[entry.name] = readHostTree(full);
    else if (entry.isFile()) tree[entry.name] = new Uint8Array(fs.readFileSync(full));
  }
  return tree;
}

/** Creates `tree` below the existing directory `dir` (checked first: nothing is written for a bad tree). */
export function writeHostTree(dir: string, tree: FsTree): void {
  checkTree(tree, true);
  write(dir, tree);
}

function write(dir: string, tree: FsTree): void {
  for (const [name, node] of Object.entries(tree)) {
    const full = path.join(dir, name);
    if (node instanceof Uint8Array) fs.writeFileSync(full, node);
    else {
      fs.mkdirSync(full);
      write(full, node);
    }
  }
}
