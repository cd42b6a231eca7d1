/** Preopen setup that works on every base: a tree in memory, or the same tree in a temp dir on disk. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeHostTree } from "../../host/bases/host-tree.ts";
import type { BaseName, FsTree, PreopenSpec } from "../../host/index.ts";
import { DISK_BASES } from "../../src/bases.ts";

const dirs: string[] = [];
process.on("exit", () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A preopen named `guest` holding `tree`, in the form `base` takes. */
export function preopenFor(base: BaseName, tree: FsTree = {}, guest = "/"): PreopenSpec {
  if (!DISK_BASES.includes(base)) return { guest, tree };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasi-os-test-"));
  dirs.push(dir);
  writeHostTree(dir, tree);
  return { guest, host: dir };
}
