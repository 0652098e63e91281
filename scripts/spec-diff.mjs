#!/usr/bin/env node
// Diffs the spec at a git ref against the working tree and prints a Markdown report for a
// pull request: breaking and non-breaking changes, and whether info.version was bumped enough.
//   npm run spec:diff -- [base-ref]    base-ref defaults to origin/main when it exists, else HEAD
// Exit 0: no breaking change; 1: breaking changes; 2: a side could not be read or is invalid.
import { mkdirSync, writeFileSync } from "node:fs";
import { git, Refusal, specDiff } from "./lib/spec-diff.mjs";

function defaultBase() {
  try {
    git(["rev-parse", "--verify", "--quiet", "origin/main^{commit}"]);
    return "origin/main";
  } catch {
    return "HEAD";
  }
}

try {
  const { markdown, breaking } = await specDiff(process.argv[2] ?? defaultBase());
  console.log(markdown);
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/spec-diff.md", `${markdown}\n`);
  console.error("(also written to reports/spec-diff.md)");
  process.exitCode = breaking > 0 ? 1 : 0;
} catch (error) {
  console.error(`spec:diff: ${error instanceof Refusal ? error.message : error.stack}`);
  process.exitCode = 2;
}
