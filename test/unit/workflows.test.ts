// The GitHub workflows, checked offline: every action pinned to a full commit SHA with its
// version beside it, every `npm run` naming a script that exists in the package it runs in,
// and the settings a first real run needs (timeouts, no persisted credentials, concurrency).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "../..");
type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: object };
const dir = path.join(root, ".github/workflows");
const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));
const text = (file: string) => readFileSync(path.join(dir, file), "utf8");
const scripts = (pkg: string) => Object.keys(JSON.parse(readFileSync(path.join(root, pkg), "utf8")).scripts ?? {});
const steps = (file: string): { uses?: string; run?: string; with?: Record<string, unknown> }[] =>
  Object.values<any>(parse(text(file)).jobs).flatMap((job) => job.steps ?? []);

it("finds the workflows", () => {
  expect(files.sort()).toEqual([
    "ci.yml",
    "docs.yml",
    "release.yml",
    "review-comment.yml",
    "review.yml",
    "slow-proofs.yml",
  ]);
});

it("CI runs npm test, then the release tier; the slow proofs run weekly and on demand", () => {
  const runs = steps("ci.yml").flatMap((s) => (s.run ? [s.run] : []));
  expect(runs.indexOf("npm run test:release")).toBeGreaterThan(runs.indexOf("npm test"));
  const slow = parse(text("slow-proofs.yml"));
  expect(Object.keys(slow.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
  expect(steps("slow-proofs.yml").map((s) => s.run)).toContain("npm run test:model");
  expect(JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts["test:model"]).toContain(
    "KANTATA_PROPERTY_SCALE=10",
  );
});

it.each(files)("%s pins every action to a 40-hex commit SHA with its version in a comment", (file) => {
  const uses = text(file)
    .split("\n")
    .filter((line) => /^\s*(- )?uses:/.test(line));
  expect(uses.length).toBeGreaterThan(0);
  for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
});

it.each(files)("%s runs only npm scripts that exist in the package it names", (file) => {
  for (const { run } of steps(file)) {
    for (const [, name, rest] of (run ?? "").matchAll(/npm run (?:--silent )?([\w:-]+)([^\n]*)/g)) {
      const pkg = /--workspace cli|-w cli/.test(rest!) ? "cli/package.json" : "package.json";
      expect([file, name, scripts(pkg).includes(name!)]).toEqual([file, name, true]);
    }
  }
});

it.each(files)("%s gives every job a timeout and checks out without persisting credentials", (file) => {
  const workflow = parse(text(file));
  expect(workflow.concurrency).toBeDefined();
  for (const [name, job] of Object.entries<any>(workflow.jobs)) {
    expect([name, job["timeout-minutes"]]).toEqual([name, expect.any(Number)]);
    for (const step of job.steps ?? []) {
      if (String(step.uses ?? "").startsWith("actions/checkout@"))
        expect(step.with?.["persist-credentials"]).toBe(false);
    }
  }
});

it("CI runs the tooling on 22 and 24, the packed packages on the engines floor, and installs no browser", () => {
  const ci = parse(text("ci.yml"));
  const floor = /^>=(\d+\.\d+)/.exec(
    JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).engines.node,
  )![1];
  expect(ci.jobs.test.strategy.matrix.node).toEqual(["22", "24"]);
  expect(ci.jobs["engines-floor"].steps.map((s: Step) => s.run)).toContain(`npm run test:node -- ${floor}`);
  expect(ci.on.push.branches).toEqual(["main"]);
  expect(text("ci.yml")).not.toContain("apt-get");
});

it("review re-runs for everything its verdict depends on", () => {
  const paths: string[] = parse(text("review.yml")).on.pull_request.paths;
  for (const p of [
    "package.json",
    "package-lock.json",
    "tsconfig*.json",
    "api-extractor.json",
    "test/*.typecheck.ts",
    "scripts/review.mjs",
    "scripts/lib/**",
    ".github/workflows/review.yml",
  ]) {
    expect(paths).toContain(p);
  }
});

describe("release.yml", () => {
  const release = parse(text("release.yml"));
  const jobs = release.jobs as Record<string, { permissions?: Record<string, string>; steps: Step[]; needs?: string }>;

  it("builds, tests and packs in a job with no publishing credential, and uploads the tarballs", () => {
    const build = jobs.build!;
    expect(build.permissions?.["id-token"]).toBeUndefined();
    expect(release.permissions).toEqual({ contents: "read" });
    const runs = build.steps.map((step) => step.run ?? "");
    expect(runs.indexOf("npm ci")).toBeGreaterThan(-1);
    expect(runs.findIndex((r) => r.includes("npm pack --workspace cli"))).toBeGreaterThan(runs.indexOf("npm test"));
    expect(build.steps.some((step) => String(step.uses).startsWith("actions/upload-artifact@"))).toBe(true);
  });

  it("refuses a tag whose commit is not on main", () => {
    const build = jobs.build!;
    expect(build.steps[0]!.with?.["fetch-depth"]).toBe(0);
    const guard = build.steps.findIndex((step) =>
      /git merge-base --is-ancestor "\$GITHUB_SHA" origin\/main/.test(step.run ?? ""),
    );
    expect(guard).toBeGreaterThan(0);
    expect(guard).toBeLessThan(build.steps.findIndex((step) => step.run === "npm ci"));
  });

  it("publishes the tested tarballs from a job that installs and builds nothing, skipping what exists", () => {
    const publish = jobs.publish!;
    expect(publish.needs).toBe("build");
    expect(publish.permissions?.["id-token"]).toBe("write");
    const runs = publish.steps.map((step) => step.run ?? "").filter(Boolean);
    for (const run of runs) expect(run).not.toMatch(/npm (ci|install|run build|test)|npm publish/);
    expect(runs).toContain('node scripts/publish.mjs "$RUNNER_TEMP/tarballs"');
    const download = publish.steps.find((step) => String(step.uses).startsWith("actions/download-artifact@"))!;
    expect(download.with?.path).toBe("${{ runner.temp }}/tarballs");
    expect(text("release.yml")).not.toMatch(/secrets\./);
  });

  it("marks a prerelease as one on GitHub, makes the release once, and takes its notes from the CHANGELOG", () => {
    const steps = jobs["github-release"]!.steps.map((step) => step.run ?? "").join("\n");
    expect(steps).toContain('if [[ "$TAG" == *-* ]]; then prerelease=(--prerelease); fi');
    expect(steps).toContain('gh release view "$TAG"');
    expect(steps).toContain('node scripts/release-check.mjs --notes "$TAG"');
  });
});

it("review-comment downloads under runner.temp, hides no download error, and skips a run with no report", () => {
  const comment = parse(text("review-comment.yml")).jobs.comment;
  const steps: Step[] = comment.steps;
  expect(text("review-comment.yml")).not.toContain("continue-on-error");
  const download = steps.find((step) => String(step.uses).startsWith("actions/download-artifact@"))!;
  expect(download.with?.path).toBe("${{ runner.temp }}/review-artifact");
  expect(JSON.stringify(steps)).toContain("listWorkflowRunArtifacts");
});
