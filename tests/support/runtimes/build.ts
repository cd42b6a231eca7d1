/**
 * What the runtime tests need from the build, rebuilt when missing or older than its sources:
 * build/runtimes.wasm (tests/guests/runtimes.ts) and the browser bundles (dist/browser,
 * examples/terminal/dist). `npm run build` makes all of them; this only covers a tree that was
 * built before these files existed or edited since.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..", "..");
const at = (p: string): string => join(ROOT, p);

function mtime(path: string): number {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** The newest mtime of the files below `dir` (recursively). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  if (!statSync(dir).isDirectory()) return mtime(dir);
  return Math.max(0, ...readdirSync(dir).map((f) => newest(join(dir, f))));
}

/** build/runtimes.wasm, compiled with the options every guest gets (asconfig.json). */
export function ensureRuntimesGuest(): string {
  const out = at("build/runtimes.wasm");
  if (mtime(out) < Math.max(mtime(at("tests/guests/runtimes.ts")), newest(at("assembly")))) {
    execFileSync(at("node_modules/.bin/asc"), ["tests/guests/runtimes.ts", "--config", "asconfig.json", "--target", "release", "-o", "build/runtimes.wasm"], {
      cwd: ROOT,
      stdio: "inherit",
    });
  }
  return out;
}

/** dist/browser and examples/terminal/dist (`npm run build:browser`). */
export function ensureBrowserBuild(): void {
  const built = Math.min(mtime(at("dist/browser/index.js")), mtime(at("examples/terminal/dist/main.js")));
  const sources = Math.max(newest(at("dist/host")), newest(at("examples/terminal/src")), mtime(at("examples/terminal/index.html")), mtime(at("examples/terminal/build.mjs")));
  if (built < sources) execFileSync(process.execPath, [at("examples/terminal/build.mjs")], { cwd: ROOT, stdio: "inherit" });
}

/**
 * Bundles a page's script for Chromium as a browser app would: the package by its name, its
 * "browser" export (`entry` a file, or source text resolved from the repository root).
 */
export async function bundleForBrowser(entry: { file: string } | { source: string }, outfile: string): Promise<void> {
  const { build } = await import("esbuild");
  await build({
    ...("file" in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.source, resolveDir: ROOT, sourcefile: "checks.mjs", loader: "js" as const } }),
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["browser"],
    outfile,
    absWorkingDir: ROOT,
    logLevel: "warning",
  });
}
