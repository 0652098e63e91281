#!/usr/bin/env node
// Checks that a release is consistent before anything is published:
//   node scripts/release-check.mjs v0.2.0      the tag about to be published (release.yml)
//   node scripts/release-check.mjs --dry       the current version, as npm test runs it
//   node scripts/release-check.mjs --notes v0.2.0   prints the tag's CHANGELOG section
// The tag, both package.json versions, the command line's dependency on the library and the
// CHANGELOG heading must agree; the repository links must name the real owner (set them with
// `npm run set:repository -- OWNER/REPO`). Exit 1, saying what disagrees; --dry only warns
// about the owner, which is not known before the first release.
import { readFileSync } from "node:fs";

const read = (file) => JSON.parse(readFileSync(file, "utf8"));
const library = read("package.json");
const cli = read("cli/package.json");
const changelog = readFileSync("CHANGELOG.md", "utf8");

/** The CHANGELOG section of `version`, without its heading; undefined when there is none. */
export function changelogSection(text, version) {
  const heading = new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m");
  const start = text.search(heading);
  if (start < 0) return undefined;
  const body = text.slice(start).split("\n").slice(1).join("\n");
  const end = body.search(/^## \[/m);
  return (end < 0 ? body : body.slice(0, end)).trim();
}

const args = process.argv.slice(2);
if (args[0] === "--notes") {
  const section = changelogSection(changelog, String(args[1] ?? "").replace(/^v/, ""));
  if (!section) {
    console.error(`CHANGELOG.md has no section for ${args[1]}`);
    process.exit(1);
  }
  console.log(section);
  process.exit(0);
}
const dry = args[0] === "--dry";
const tag = dry ? `v${library.version}` : args[0];
const problems = [];
const warnings = [];
if (!tag || !/^v\d+\.\d+\.\d+(-[\w.]+)?$/.test(tag))
  problems.push(`the tag must be v<major>.<minor>.<patch> (got ${JSON.stringify(tag)})`);
const version = String(tag ?? "").replace(/^v/, "");
if (library.version !== version) problems.push(`package.json says ${library.version}, the tag ${tag}`);
if (cli.version !== version) problems.push(`cli/package.json says ${cli.version}, the tag ${tag}`);
const range = cli.dependencies?.["kantata-insights-access"];
if (range !== version) problems.push(`cli/package.json depends on kantata-insights-access ${range}, not ${version}`);
if (!changelogSection(changelog, version)) problems.push(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section`);
for (const [name, pkg] of [
  ["package.json", library],
  ["cli/package.json", cli],
]) {
  const links = JSON.stringify([pkg.repository, pkg.homepage, pkg.bugs]);
  if (!pkg.repository || !pkg.homepage || !pkg.bugs) problems.push(`${name} lacks repository, homepage or bugs`);
  else if (links.includes("OWNER")) {
    const owner = `${name}'s repository links still say OWNER; set them with \`npm run set:repository -- OWNER/REPO\` before publishing`;
    (dry ? warnings : problems).push(owner);
  }
}
if (cli.repository?.url !== library.repository?.url || cli.repository?.directory !== "cli") {
  problems.push(
    "cli/package.json's repository must be the library's, with directory cli (npm run set:repository writes both)",
  );
}
for (const w of warnings) console.warn(`warning: ${w}`);
if (problems.length) {
  console.error(`release check for ${tag} failed:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`release check for ${tag}${dry ? " (dry run)" : ""}: versions, dependency and CHANGELOG agree`);
