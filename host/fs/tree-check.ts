// A host-given FsTree (preopens' `tree`) checked before any base builds it: every value a
// Uint8Array or a nested tree, no cycles, every name one path component. Why: a string value
// made the builders recurse until the stack overflowed (Object.entries of "abc" is a tree of
// strings), a cycle the same, and a name such as "../x" reached outside the node-wasi base's
// temporary directory.
import type { FsTree } from "../bases/types.ts";

/** Whether `name` can be one directory entry (not "", ".", "..", no "/" or NUL). */
export function isEntryName(name: string): boolean {
  return name.length > 0 && name !== "." && name !== ".." && !name.includes("/") && !name.includes("\0");
}

/**
 * Throws a TypeError naming the path of the first value that is neither bytes nor a tree, or of
 * a tree that contains itself; with `names`, a RangeError for a name that is not one entry.
 */
export function checkTree(tree: unknown, names: boolean, at = "", open: Set<object> = new Set()): asserts tree is FsTree {
  if (typeof tree !== "object" || tree === null || Array.isArray(tree) || ArrayBuffer.isView(tree)) {
    throw new TypeError(`wasi-os: the tree at "${at || "/"}" must be an object of Uint8Arrays and trees`);
  }
  if (open.has(tree)) throw new TypeError(`wasi-os: the tree at "${at}" contains itself`);
  open.add(tree);
  for (const [name, value] of Object.entries(tree)) {
    const path = `${at}/${name}`;
    if (names && !isEntryName(name)) throw new RangeError(`wasi-os: "${path}": a tree's names must be single path components`);
    if (value instanceof Uint8Array) continue;
    checkTree(value, names, path, open);
  }
  open.delete(tree);
}
