#!/usr/bin/env node
// One Markdown report for a pull request: the spec diff, which generated files changed, the
// change to the public TypeScript API (the API Extractor report), whether the base's type
// tests still compile against this code, and the verdict with the version bumps it needs.
//   npm run review -- [base-ref]    base-ref defaults to origin/main when it exists, else HEAD
// Exit 0: fine; 1: a breaking change without the bump it needs; 2: a side could not be read.
// The report goes to stdout, to reports/review.md and, when set, to $GITHUB_STEP_SUMMARY.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  readdirSync,
  statSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bumpedEnough, checkRef, git, Refusal, specDiff } from "./lib/spec-diff.mjs";
import tools from "./lib/tools.cjs";

const marker = "<!-- kantata-insights-access-review -->";
const apiReport = "api/kantata-insights-access.api.md";

const defaultBase = () => {
  try {
    checkRef("origin/main");
    return "origin/main";
  } catch {
    return "HEAD";
  }
};

/** A file as it is at `ref`, or undefined when the ref has none. */
function fileAt(ref, file) {
  try {
    return git(["show", `${ref}:${file}`], { maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** The unified diff of two texts, without headers; empty when they are the same. */
function unifiedDiff(before, after) {
  const dir = mkdtempSync(path.join(tmpdir(), "kantata-review-diff-"));
  try {
    writeFileSync(path.join(dir, "base"), `${before}\n`);
    writeFileSync(path.join(dir, "head"), `${after}\n`);
    try {
      git(["diff", "--no-index", "--no-color", "--unified=2", "base", "head"], { cwd: dir });
      return "";
    } catch (error) {
      return String(error.stdout).split("\n").slice(4).join("\n").trim();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the verdict of the base's type tests is kept, by the hash of everything tsc reads for it. */
const typeTestCache = path.join(tools.packageRoot, "node_modules/.cache/kantata-review-types");

/** A hash of the files under `entries` (names and contents), of `extra` texts, and of the TypeScript version. */
function contentHash(entries, extra) {
  const hash = createHash("sha256").update(
    `typescript ${JSON.parse(readFileSync(path.join(tools.packageRoot, "node_modules/typescript/package.json"), "utf8")).version}\0`,
  );
  const walk = (name) => {
    if (statSync(name).isDirectory()) for (const child of readdirSync(name).sort()) walk(path.join(name, child));
    else hash.update(`${name}\0`).update(readFileSync(name)).update("\0");
  };
  for (const entry of entries) walk(entry);
  for (const text of extra) hash.update(text).update("\0");
  return hash.digest("hex");
}

/**
 * Compiles the base's type tests against this tree's src/; resolves to tsc's complaints, "" when
 * they compile. The verdict is kept by the hash of what tsc reads, so an unchanged pair is
 * compiled once.
 */
async function baseTypeTests(ref) {
  const tests = git(["ls-tree", "--name-only", ref, "test/"])
    .split("\n")
    .filter((f) => f.endsWith(".typecheck.ts"));
  if (tests.length === 0) return { tests, errors: "" };
  // What tsc reads besides the trees: the base's type tests, and the installed packages' versions.
  const lock = path.join(tools.packageRoot, "package-lock.json");
  const sources = [
    ...tests.map((test) => `${test}\0${fileAt(ref, test)}`),
    existsSync(lock) ? readFileSync(lock, "utf8") : "",
  ];
  const cached = path.join(typeTestCache, `${contentHash(["src", "generated", "tsconfig.json"], sources)}.json`);
  if (existsSync(cached)) return { tests, errors: JSON.parse(readFileSync(cached, "utf8")).errors };
  const dir = mkdtempSync(path.join(tmpdir(), "kantata-review-types-"));
  try {
    for (const entry of ["src", "generated"]) cpSync(entry, path.join(dir, entry), { recursive: true });
    symlinkSync(path.join(tools.packageRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    mkdirSync(path.join(dir, "test"));
    for (const test of tests) writeFileSync(path.join(dir, test), fileAt(ref, test));
    const config = {
      extends: path.resolve("tsconfig.json"),
      include: ["src", "generated", "test/*.typecheck.ts"],
      compilerOptions: { types: ["node"] },
    };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config));
    const errors = await new Promise((resolve) =>
      execFile(process.execPath, [tools.binPath("tsc"), "--noEmit", "-p", dir], { encoding: "utf8" }, (error, stdout) =>
        resolve(error ? String(stdout).replaceAll(`${dir}/`, "").trim() || error.message : ""),
      ),
    );
    mkdirSync(typeTestCache, { recursive: true });
    writeFileSync(cached, JSON.stringify({ errors }));
    return { tests, errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The package version bump a change needs: while 0.x, a breaking change needs a minor bump. */
const packageBump = (version, breaking) => (!breaking ? "none" : /^0\./.test(version ?? "") ? "minor" : "major");

async function review(base) {
  checkRef(base);
  // The spec diff and the type tests run side by side: each waits on tools of its own.
  const [spec, types] = await Promise.all([specDiff(base), baseTypeTests(base)]);
  const generated = git(["diff", "--name-only", base, "--", "generated/"]).split("\n").filter(Boolean);
  const apiBefore = fileAt(base, apiReport);
  const apiAfter = readFileSync(apiReport, "utf8").trim();
  const apiChange = apiBefore === undefined ? undefined : unifiedDiff(apiBefore, apiAfter);
  const basePackage = JSON.parse(fileAt(base, "package.json") ?? "{}");
  const version = { from: basePackage.version, to: JSON.parse(readFileSync("package.json", "utf8")).version };
  const apiBreaking = types.errors !== "";
  const breaking = spec.breaking > 0 || apiBreaking;
  const needed = packageBump(version.from, breaking);
  const packageEnough = bumpedEnough(version.from, version.to, needed);
  const specEnough = spec.enough;

  const lines = [marker, `# Review: ${base} → this change`, ""];
  const ok = (good) => (good ? "✅" : "❌");
  lines.push(
    breaking
      ? `**Breaking.** ${[spec.breaking && `${spec.breaking} breaking spec change(s), reaching ${spec.reached.join(", ")}`, apiBreaking && "the base's type tests no longer compile"].filter(Boolean).join("; ")}.`
      : "**Not breaking.**",
    "",
    `- spec info.version ${spec.from} → ${spec.to}: needs ${spec.needed === "none" ? "no bump" : `a ${spec.needed} bump`} ${ok(specEnough)}`,
    `- package version ${version.from} → ${version.to}: needs ${needed === "none" ? "no bump" : `a ${needed} bump`} ${ok(packageEnough)}`,
    "",
    spec.markdown,
    "## Generated files",
    "",
    generated.length ? generated.map((f) => `- \`${f}\` changed`).join("\n") : "No file under `generated/` changed.",
    "",
    "## Public TypeScript API",
    "",
  );
  if (apiChange === undefined) lines.push(`${base} has no \`${apiReport}\` to compare with.`, "");
  else if (!apiChange) lines.push("No change to what the package exports.", "");
  else lines.push(`What consumers import changed (\`${apiReport}\`):`, "", "```diff", apiChange, "```", "");
  lines.push("### The base's type tests against this code", "");
  if (types.tests.length === 0) lines.push(`${base} has no type tests.`, "");
  else if (!apiBreaking)
    lines.push(`${types.tests.map((t) => `\`${t}\``).join(", ")} from ${base} still compile. ✅`, "");
  else
    lines.push(
      `${types.tests.map((t) => `\`${t}\``).join(", ")} from ${base} no longer compile: **breaking** ❌`,
      "",
      "```",
      types.errors,
      "```",
      "",
    );
  const markdown = lines.join("\n");
  return { markdown, failed: breaking && !(packageEnough && (spec.breaking === 0 || specEnough)) };
}

try {
  const { markdown, failed } = await review(process.argv[2] ?? defaultBase());
  console.log(markdown);
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/review.md", `${markdown}\n`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  console.error("(also written to reports/review.md)");
  process.exitCode = failed ? 1 : 0;
} catch (error) {
  console.error(`review: ${error instanceof Refusal ? error.message : error.stack}`);
  process.exitCode = 2;
}
