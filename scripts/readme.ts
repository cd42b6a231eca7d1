// `npm run readme`: regenerates the availability table in README.md from src/availability.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { withReportTable } from "../src/report.ts";

const readme = readFileSync("README.md", "utf8");
const next = withReportTable(readme);
if (next !== readme) writeFileSync("README.md", next);
console.log(next === readme ? "README.md: availability table already current" : "README.md: availability table updated");
