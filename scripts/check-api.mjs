#!/usr/bin/env node
// Checks that api/kantata-insights-access.api.md is the public TypeScript API of the built
// library (API Extractor); when it is not, prints the lines that differ, so the method or type
// that changed is named, and exits 1. `npm run api:report` rewrites the report after a change
// that is meant.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const committed = "api/kantata-insights-access.api.md";
const extracted = "reports/api/kantata-insights-access.api.md";
const result = spawnSync(process.execPath, ["node_modules/@microsoft/api-extractor/bin/api-extractor", "run"], {
  encoding: "utf8",
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
if (result.status !== 0 && existsSync(extracted)) {
  const lines = (file) => readFileSync(file, "utf8").split("\n");
  const [before, after] = [lines(committed), lines(extracted)];
  const removed = before.filter((line) => !after.includes(line));
  const added = after.filter((line) => !before.includes(line));
  if (removed.length || added.length) {
    console.error(`\nThe public API differs from ${committed} (run \`npm run api:report\` if the change is meant):`);
    for (const line of removed) console.error(`- ${line.trim()}`);
    for (const line of added) console.error(`+ ${line.trim()}`);
  }
}
process.exitCode = result.status ?? 1;
