#!/usr/bin/env node
// Diffs the spec at a git ref against the working tree and prints a Markdown report for a
// pull request: breaking and non-breaking changes, and whether info.version was bumped enough.
//   npm run spec:diff -- [base-ref]    base-ref defaults to origin/main when it exists, else HEAD
// Exit 0: no breaking change; 1: breaking changes; 2: a side could not be read or is invalid.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import tools from "./lib/tools.cjs";

const { run } = tools;
const specFiles = ["openapi", "redocly.yaml"];

function git(args) {
  return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function defaultBase() {
  try {
    git(["rev-parse", "--verify", "--quiet", "origin/main^{commit}"]);
    return "origin/main";
  } catch {
    return "HEAD";
  }
}

class Refusal extends Error {}

/** Copies the spec as it is at `ref` into `dir`. */
function exportRef(ref, dir) {
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new Refusal(`base ref ${ref} is not a commit in this repository`);
  }
  const listed = git(["ls-tree", "--name-only", ref, ...specFiles])
    .split("\n")
    .filter(Boolean);
  if (!specFiles.every((f) => listed.includes(f)))
    throw new Refusal(`${ref} has no ${specFiles.join(" and ")} to diff against`);
  const archive = execFileSync("git", ["archive", "--format=tar", ref, ...specFiles], { maxBuffer: 64 * 1024 * 1024 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
}

/** Lints one side with its own redocly.yaml and bundles it; returns the bundle's path. */
function lintAndBundle(label, dir, out) {
  try {
    run("redocly", ["lint", "kantata"], { cwd: dir });
  } catch (error) {
    throw new Refusal(`the spec at ${label} is invalid, so it cannot be diffed:\n${error.message}`);
  }
  run("redocly", ["bundle", "kantata", "--output", out], { cwd: dir });
  return out;
}

const rank = { major: 3, minor: 2, patch: 1, none: 0 };

/** Whether `next` is at least `previous` bumped by `impact` (semver, numeric parts only). */
function bumpedEnough(previous, next, impact) {
  const parse = (v) => (/^(\d+)\.(\d+)\.(\d+)/.exec(v) ?? []).slice(1).map(Number);
  const [a, b] = [parse(previous), parse(next)];
  if (a.length < 3 || b.length < 3) return false;
  if (impact === "major") return b[0] > a[0];
  if (impact === "minor") return b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]);
  if (impact === "patch") return b[0] > a[0] || (b[0] === a[0] && (b[1] > a[1] || (b[1] === a[1] && b[2] > a[2])));
  return true;
}

function describe(change) {
  const verdicts = change.verdicts.map((v) => `${v.message} (\`${v.ruleId}\`)`).join("; ");
  const what = change.property ? `${change.kind} \`${change.property}\`` : change.kind;
  return `| ${change.impact} | ${what} | \`${change.path}\` | ${verdicts || "—"} |`;
}

function report(diff, baseLabel) {
  const breaking = diff.changes.filter((c) => c.impact === "major");
  const other = diff.changes.filter((c) => c.impact !== "major");
  const needed = diff.bump ?? "none";
  const { base: from, revision: to } = diff.infoVersions;
  const lines = [`## Spec diff: ${baseLabel} → working tree`, ""];
  lines.push(
    breaking.length
      ? `**Breaking: ${breaking.length} change${breaking.length === 1 ? "" : "s"}.** Consumers' code or requests may stop working.`
      : "**No breaking change.**",
    "",
  );
  const table = (title, rows) => {
    lines.push(`### ${title} (${rows.length})`, "");
    if (rows.length === 0) return lines.push("None.", "");
    lines.push("| impact | change | where | why |", "| --- | --- | --- | --- |", ...rows.map(describe), "");
  };
  table("Breaking changes", breaking);
  table("Non-breaking changes", other);
  const enough = bumpedEnough(from, to, needed);
  lines.push(
    "### Version",
    "",
    needed === "none"
      ? `No change needs a version bump (info.version ${from} → ${to}).`
      : `These changes need a **${needed}** bump: info.version ${from} → ${to} is ${enough ? "**enough** ✅" : "**not enough** ❌"}.`,
    "",
  );
  return { markdown: lines.join("\n"), breaking: breaking.length };
}

const baseRef = process.argv[2] ?? defaultBase();
const work = mkdtempSync(path.join(tmpdir(), "kantata-spec-diff-"));
try {
  const baseDir = path.join(work, "base");
  const headDir = path.join(work, "head");
  mkdirSync(baseDir);
  mkdirSync(headDir);
  exportRef(baseRef, baseDir);
  for (const f of specFiles) {
    if (!existsSync(f)) throw new Refusal(`the working tree has no ${f}`);
    cpSync(f, path.join(headDir, f), { recursive: true });
  }
  const base = lintAndBundle(`${baseRef}`, baseDir, path.join(work, "base.yaml"));
  const head = lintAndBundle("the working tree", headDir, path.join(work, "head.yaml"));
  const json = path.join(work, "diff.json");
  run("redocly", ["diff", base, head, "--format", "json", "--fail-on", "none", "--output", json], { cwd: work });
  const { markdown, breaking } = report(JSON.parse(readFileSync(json, "utf8")), baseRef);
  console.log(markdown);
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/spec-diff.md", `${markdown}\n`);
  console.error("(also written to reports/spec-diff.md)");
  process.exitCode = breaking > 0 ? 1 : 0;
} catch (error) {
  console.error(`spec:diff: ${error instanceof Refusal ? error.message : error.stack}`);
  process.exitCode = 2;
} finally {
  rmSync(work, { recursive: true, force: true });
}
