#!/usr/bin/env node
// Sets the repository links, from one place, everywhere they appear: both package.json files
// (repository, homepage, bugs) and the CHANGELOG's compare links.
//   npm run set:repository -- owner/repo
import { readFileSync, writeFileSync } from "node:fs";

// A slug copied from a clone URL may end in .git: the links add it themselves.
const slug = (process.argv[2] ?? "").replace(/\.git$/, "");
if (!/^[\w.-]+\/[\w.-]+$/.test(slug)) {
  console.error(`usage: npm run set:repository -- OWNER/REPO (got ${JSON.stringify(slug)})`);
  process.exit(2);
}
const base = `https://github.com/${slug}`;
const update = (file, change) => {
  const pkg = JSON.parse(readFileSync(file, "utf8"));
  change(pkg);
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
};
update("package.json", (pkg) => {
  pkg.repository = { type: "git", url: `git+${base}.git` };
  pkg.homepage = `${base}#readme`;
  pkg.bugs = { url: `${base}/issues` };
});
update("cli/package.json", (pkg) => {
  pkg.repository = { type: "git", url: `git+${base}.git`, directory: "cli" };
  pkg.homepage = `${base}/tree/main/cli#readme`;
  pkg.bugs = { url: `${base}/issues` };
});
const changelog = readFileSync("CHANGELOG.md", "utf8").replace(
  /https:\/\/github\.com\/[\w.-]+\/[\w.-]+\//g,
  `${base}/`,
);
writeFileSync("CHANGELOG.md", changelog);
console.log(`repository links now point at ${base} (package.json, cli/package.json, CHANGELOG.md)`);
