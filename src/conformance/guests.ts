// The conformance guests: one interpreter of the guest encoding (docs/conformance.md) per
// language, each run on every base. `as` (tests/guests/conformance.ts, the AssemblyScript
// library) is always built; `c` (tests/guests/conformance.c, wasi-libc + libwasi_os.a) only where
// the C toolchain is installed (scripts/build-c.mjs).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./scenario.ts";

import { GUESTS, type GuestName } from "../guests.ts";

export { GUESTS, type GuestName };

export const GUEST_WASMS: Record<GuestName, string> = {
  as: join(PROJECT_ROOT, "build/conformance.wasm"),
  c: join(PROJECT_ROOT, "build/conformance-c.wasm"),
};

/** How each guest is built, for the message when its module is missing. */
export const GUEST_BUILDS: Record<GuestName, string> = {
  as: "npm run build:guests",
  c: "npm run build:c (needs clang-14, lld-14, llvm-14, wasi-libc, libclang-rt-14-dev-wasm32)",
};

export function isGuestName(s: string): s is GuestName {
  return (GUESTS as readonly string[]).includes(s);
}

/** The guests whose module is built (the default set of a run). */
export function builtGuests(): GuestName[] {
  return GUESTS.filter((g) => existsSync(GUEST_WASMS[g]));
}
