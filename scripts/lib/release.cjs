// What the release scripts decide, apart from the files and commands they act on, so that
// tests can hold each rule: scripts/release-check.mjs (is this tag releasable?) and
// scripts/publish.mjs (publish what is not on the registry yet, under the right dist-tag).
"use strict";

/**
 * The CHANGELOG section of `version`, without its heading; undefined when there is none. It
 * ends at the next heading or at the link definitions (`[Unreleased]: https://…`) below the last.
 */
function changelogSection(text, version) {
  const heading = new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m");
  const start = text.search(heading);
  if (start < 0) return undefined;
  const body = text.slice(start).split("\n").slice(1).join("\n");
  const end = body.search(/^(## \[|\[[^\]]+\]: )/m);
  return (end < 0 ? body : body.slice(0, end)).trim();
}

const parse = (v) => /^(\d+)\.(\d+)\.(\d+)(?:-([\w.]+))?$/.exec(v)?.slice(1);

/**
 * Whether `version` satisfies the caret range `range` (`^0.2.0` takes 0.2.x from 0.2.0, `^1.2.0`
 * takes 1.x from 1.2.0); a prerelease only satisfies a range of its own major.minor.patch.
 */
function caretSatisfies(version, range) {
  const want = /^\^(.+)$/.exec(range ?? "")?.[1];
  const [a, b] = [parse(version), want && parse(want)];
  if (!a || !b) return false;
  const [x, y] = [a.slice(0, 3).map(Number), b.slice(0, 3).map(Number)];
  if (a[3] !== undefined && x.join(".") !== y.join(".")) return false;
  const compare = x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  if (compare < 0 || (compare === 0 && b[3] !== undefined && a[3] !== undefined && a[3] < b[3])) return false;
  if (compare === 0 && a[3] !== undefined && b[3] === undefined) return false;
  return y[0] > 0 ? x[0] === y[0] : y[1] > 0 ? x[0] === 0 && x[1] === y[1] : x.join(".") === y.join(".");
}

/** The problems of releasing `tag`, and the warnings (the owner, on a dry run). */
function releaseProblems({ tag, library, cli, changelog, dry = false, githubRepository }) {
  const problems = [];
  const warnings = [];
  if (!tag || !/^v\d+\.\d+\.\d+(-[\w.]+)?$/.test(tag))
    problems.push(
      `the tag must be v<major>.<minor>.<patch>, or a prerelease such as v1.0.0-rc.1 (got ${JSON.stringify(tag)})`,
    );
  const version = String(tag ?? "").replace(/^v/, "");
  if (library.version !== version) problems.push(`package.json says ${library.version}, the tag ${tag}`);
  if (cli.version !== version) problems.push(`cli/package.json says ${cli.version}, the tag ${tag}`);
  const range = cli.dependencies?.["kantata-insights-access"];
  if (!caretSatisfies(library.version, range))
    problems.push(
      `cli/package.json depends on kantata-insights-access ${JSON.stringify(range)}, which is not a caret range taking ${library.version}`,
    );
  if (!changelogSection(changelog, version))
    problems.push(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section`);
  for (const [name, pkg] of [
    ["package.json", library],
    ["cli/package.json", cli],
  ]) {
    const links = JSON.stringify([pkg.repository, pkg.homepage, pkg.bugs]);
    if (!pkg.repository || !pkg.homepage || !pkg.bugs) problems.push(`${name} lacks repository, homepage or bugs`);
    else if (links.includes("OWNER")) {
      const owner = `${name}'s repository links still say OWNER; set them with \`npm run set:repository -- OWNER/REPO\` before publishing`;
      (dry ? warnings : problems).push(owner);
    } else if (githubRepository && pkg.repository.url !== `git+https://github.com/${githubRepository}.git`) {
      problems.push(
        `${name}'s repository.url is ${pkg.repository.url}, but this runs in ${githubRepository}: npm's provenance check would refuse it (npm run set:repository -- ${githubRepository})`,
      );
    }
  }
  if (cli.repository?.url !== library.repository?.url || cli.repository?.directory !== "cli") {
    problems.push(
      "cli/package.json's repository must be the library's, with directory cli (npm run set:repository writes both)",
    );
  }
  return { problems, warnings };
}

/** The dist-tag a version is published under: `next` for a prerelease, `latest` otherwise. */
const distTag = (version) => (version.includes("-") ? "next" : "latest");

/** Whether npm version `have` is at least `want` (both x.y.z). */
function atLeast(have, want) {
  const [a, b] = [have, want].map((v) => v.split(/[.-]/).slice(0, 3).map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/**
 * Publishes `tarballs` through `npm(args) → stdout` (which throws on a non-zero exit, with the
 * command's stderr as `stderr`), reading each one's name and version with `manifest(tarball)`;
 * returns one line per tarball saying what was done.
 */
function publishAll(tarballs, { npm, manifest }, { dryRun = false } = {}) {
  const version = npm(["--version"]).trim();
  if (!atLeast(version, "11.5.1"))
    throw new Error(`npm ${version} cannot publish through trusted publishing; it needs 11.5.1 or later`);
  const done = [];
  for (const tarball of tarballs) {
    const { name, version: v } = manifest(tarball);
    let published = "";
    try {
      published = npm(["view", `${name}@${v}`, "version"]).trim();
    } catch (error) {
      // npm view exits non-zero with E404 for a version (or a name) the registry does not have.
      if (!/E404|404 Not Found/.test(String(error.stderr ?? error.message))) throw error;
    }
    if (published === v) {
      done.push(`${name}@${v} is already on the registry: skipped`);
      continue;
    }
    const tag = distTag(v);
    const args = ["publish", tarball, "--provenance", "--access", "public", "--ignore-scripts", "--tag", tag];
    if (!dryRun) npm(args);
    done.push(`${dryRun ? "would publish" : "published"} ${name}@${v} under the dist-tag ${tag}`);
  }
  return done;
}

module.exports = { changelogSection, caretSatisfies, releaseProblems, distTag, atLeast, publishAll };
