#!/usr/bin/env node
// Checks that a release is consistent before anything is published:
//   node scripts/release-check.mjs v0.2.0      the tag about to be published (release.yml)
//   node scripts/release-check.mjs --dry       the current version, as npm test runs it
//   node scripts/release-check.mjs --notes v0.2.0   prints the tag's CHANGELOG section
// The tag and both package.json versions must agree; the command line's caret range on the
// library must take the library's version; the CHANGELOG must have the version's section; the
// repository links must name the real owner (set them with `npm run set:repository -- OWNER/REPO`)
// and, in GitHub Actions, the repository the workflow runs in (`GITHUB_REPOSITORY`), or npm's
// provenance check fails at publish time. Exit 1, saying what disagrees; --dry only warns about
// the owner, which is not known before the first release.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import release from "./lib/release.cjs";

const { changelogSection, releaseProblems } = release;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const read = (file) => JSON.parse(readFileSync(file, "utf8"));
  const library = read("package.json");
  const cli = read("cli/package.json");
  const changelog = readFileSync("CHANGELOG.md", "utf8");
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
  const { problems, warnings } = releaseProblems({
    tag,
    library,
    cli,
    changelog,
    dry,
    githubRepository: process.env.GITHUB_ACTIONS === "true" ? process.env.GITHUB_REPOSITORY : undefined,
  });
  for (const w of warnings) console.warn(`warning: ${w}`);
  if (problems.length) {
    console.error(`release check for ${tag} failed:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    process.exit(1);
  }
  console.log(`release check for ${tag}${dry ? " (dry run)" : ""}: versions, dependency and CHANGELOG agree`);
}
