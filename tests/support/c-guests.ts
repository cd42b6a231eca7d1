/**
 * The C guests (scripts/build-c.mjs) for the tests that need them: gated like the runtimes
 * (tests/support/runtimes/gate.ts): without the toolchain or its output they are skipped with a
 * notice, and under CI=true they fail.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Test } from "uvu";
import { gated, versionOf } from "./runtimes/gate.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const CC = "clang-14";

/** clang-14's version line when the C guests are built (build/c/libwasi_os.a exists), else undefined. */
export function cToolchain(): string | undefined {
  const v = versionOf(CC);
  return v !== undefined && existsSync(join(ROOT, "build/c/libwasi_os.a")) ? v : undefined;
}

/** Registers tests on `t` that need the C guests. */
export function withC<T>(t: Test<T>): (name: string, body: () => Promise<void> | void) => void {
  return gated(t, "the C toolchain", cToolchain(), "apt-get install clang-14 lld-14 llvm-14 wasi-libc libclang-rt-14-dev-wasm32, then npm run build");
}
