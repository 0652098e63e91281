// The release path's scripts, offline: the release check (versions, the caret range, the
// CHANGELOG section without link lines, the repository the workflow runs in), set:repository,
// and publish.mjs against a fake npm (a prerelease goes to `next`, a re-run skips what is on
// the registry, an old npm is refused).
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
// The rules of scripts/release-check.mjs and scripts/publish.mjs.
const check = require("../../scripts/lib/release.cjs");
const publish = check;

const changelog = `# Changelog

## [Unreleased]

## [1.0.0-rc.1] - 2026-12-06
### Added
- the first release candidate

## [0.2.0] - 2026-11-30
### Added
- the users resource

[Unreleased]: https://github.com/o/r/compare/v0.2.0...HEAD
[0.2.0]: https://github.com/o/r/releases/tag/v0.2.0
`;
const links = (extra = {}) => ({
  repository: { type: "git", url: "git+https://github.com/o/r.git", ...extra },
  homepage: "https://github.com/o/r#readme",
  bugs: { url: "https://github.com/o/r/issues" },
});
const release = (version: string, range: string, githubRepository?: string) =>
  check.releaseProblems({
    tag: `v${version}`,
    library: { version, ...links() },
    cli: { version, dependencies: { "kantata-insights-access": range }, ...links({ directory: "cli" }) },
    changelog,
    githubRepository,
  }).problems;

it("a section ends at the next heading or at the link definitions: the notes hold no link lines", () => {
  expect(check.changelogSection(changelog, "0.2.0")).toBe("### Added\n- the users resource");
  expect(check.changelogSection(changelog, "1.0.0-rc.1")).toBe("### Added\n- the first release candidate");
});

it("a prerelease tag passes the check; the command line's range is a caret range taking the version", () => {
  expect(release("0.2.0", "^0.2.0")).toEqual([]);
  expect(release("1.0.0-rc.1", "^1.0.0-rc.1")).toEqual([]);
  expect(release("0.2.0", "0.2.0")).toEqual([
    'cli/package.json depends on kantata-insights-access "0.2.0", which is not a caret range taking 0.2.0',
  ]);
  expect(release("0.3.0", "^0.2.0")[0]).toMatch(/not a caret range taking 0\.3\.0/);
  for (const [version, range, ok] of [
    ["0.2.5", "^0.2.0", true],
    ["0.3.0", "^0.2.0", false],
    ["1.4.0", "^1.2.0", true],
    ["2.0.0", "^1.2.0", false],
    ["1.1.0", "^1.2.0", false],
    ["1.0.0-rc.2", "^1.0.0-rc.1", true],
    ["1.0.0", "^1.0.0-rc.1", true],
    ["1.0.0-rc.1", "^1.0.0", false],
  ] as const)
    expect([version, range, check.caretSatisfies(version, range)]).toEqual([version, range, ok]);
});

it("in GitHub Actions, repository.url must be the repository the workflow runs in (provenance)", () => {
  expect(release("0.2.0", "^0.2.0", "o/r")).toEqual([]);
  expect(release("0.2.0", "^0.2.0", "someone/fork")[0]).toBe(
    "package.json's repository.url is git+https://github.com/o/r.git, but this runs in someone/fork: npm's provenance check would refuse it (npm run set:repository -- someone/fork)",
  );
});

it("set:repository takes a slug ending in .git without writing .git.git", () => {
  const work = mkdtempSync(path.join(tmpdir(), "kantata-set-repository-"));
  try {
    for (const file of ["package.json", "cli/package.json", "CHANGELOG.md"])
      cpSync(path.join(root, file), path.join(work, file));
    execFileSync(process.execPath, [path.join(root, "scripts/set-repository.mjs"), "octo/kantata.git"], { cwd: work });
    const pkg = JSON.parse(readFileSync(path.join(work, "package.json"), "utf8"));
    expect(pkg.repository.url).toBe("git+https://github.com/octo/kantata.git");
    expect(JSON.parse(readFileSync(path.join(work, "cli/package.json"), "utf8")).repository.url).toBe(
      "git+https://github.com/octo/kantata.git",
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

/** A fake npm: the registry holds `published`; every call is recorded. */
function fakeNpm(published: string[], version = "11.6.2") {
  const calls: string[] = [];
  const npm = (args: string[]) => {
    calls.push(args.join(" "));
    if (args[0] === "--version") return `${version}\n`;
    if (args[0] === "view") {
      if (published.includes(args[1]!)) return `${args[1]!.split("@").pop()}\n`;
      throw Object.assign(new Error("npm view failed"), { stderr: "npm error code E404\nnpm error 404 Not Found" });
    }
    return "";
  };
  const manifest = (tarball: string) => {
    const [, name, v] = /^(.+)-(\d.*)\.tgz$/.exec(path.basename(tarball))!;
    return { name: name!, version: v! };
  };
  return { calls, io: { npm, manifest } };
}

it("publishes each tarball with provenance, scripts off, under latest; a prerelease under next", () => {
  const { calls, io } = fakeNpm([]);
  expect(publish.publishAll(["t/kantata-insights-access-1.0.0-rc.1.tgz"], io)).toEqual([
    "published kantata-insights-access@1.0.0-rc.1 under the dist-tag next",
  ]);
  expect(calls).toContain(
    "publish t/kantata-insights-access-1.0.0-rc.1.tgz --provenance --access public --ignore-scripts --tag next",
  );
  expect(publish.distTag("0.2.0")).toBe("latest");
});

it("a re-run after a half-finished release skips what is on the registry and publishes the rest", () => {
  const { calls, io } = fakeNpm(["kantata-insights-access@0.2.0"]);
  expect(publish.publishAll(["t/kantata-insights-access-0.2.0.tgz", "t/kantata-insights-0.2.0.tgz"], io)).toEqual([
    "kantata-insights-access@0.2.0 is already on the registry: skipped",
    "published kantata-insights@0.2.0 under the dist-tag latest",
  ]);
  expect(calls.filter((c) => c.startsWith("publish"))).toEqual([
    "publish t/kantata-insights-0.2.0.tgz --provenance --access public --ignore-scripts --tag latest",
  ]);
});

it("refuses an npm too old for trusted publishing, and a registry error that is not a 404", () => {
  expect(() => publish.publishAll(["t/a-1.0.0.tgz"], fakeNpm([], "10.9.0").io)).toThrow(
    "npm 10.9.0 cannot publish through trusted publishing; it needs 11.5.1 or later",
  );
  const { io } = fakeNpm([]);
  const failing = {
    ...io,
    npm: (args: string[]) => {
      if (args[0] === "view") throw Object.assign(new Error("x"), { stderr: "npm error code ETIMEDOUT" });
      return io.npm(args);
    },
  };
  expect(() => publish.publishAll(["t/a-1.0.0.tgz"], failing)).toThrow("x");
});

it("the command line's tarball carries the LICENSE, the same as the library's", () => {
  expect(readFileSync(path.join(root, "cli/LICENSE"), "utf8")).toBe(readFileSync(path.join(root, "LICENSE"), "utf8"));
});
