// `npm run boundary`: writes scenarios/boundary/ from tests/support/boundary-table.ts (the
// expected values come from CPython when the conformance run executes them).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { boundaryScenarios } from "../tests/support/boundary-table.ts";

const dir = join(import.meta.dirname, "..", "scenarios", "boundary");
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith(".scn")) rmSync(join(dir, f));
const all = boundaryScenarios();
for (const [name, text] of all) writeFileSync(join(dir, name), text);
console.log(`boundary: ${all.size} scenarios in scenarios/boundary/`);
