// The GitHub workflows, checked offline: every action pinned to a full commit SHA with its
// version beside it, every `npm run` naming a script that exists in the package it runs in,
// and the settings a first real run needs (timeouts, no persisted credentials, concurrency).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "../..");
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

it("CI runs the engines floor, 22 and 24, on pushes to main and pull requests, and installs no browser", () => {
  const ci = parse(text("ci.yml"));
  const floor = /^>=(\d+\.\d+)/.exec(
    JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).engines.node,
  )![1];
  expect(ci.jobs.test.strategy.matrix.node).toEqual([floor, "22", "24"]);
  expect(ci.on.push.branches).toEqual(["main"]);
  expect(text("ci.yml")).not.toContain("apt-get");
});

it("review re-runs for everything its verdict depends on", () => {
  const paths: string[] = parse(text("review.yml")).on.pull_request.paths;
  for (const p of [
    "package.json",
    "test/*.typecheck.ts",
    "scripts/review.mjs",
    "scripts/lib/**",
    ".github/workflows/review.yml",
  ]) {
    expect(paths).toContain(p);
  }
});

it("release publishes both packages with provenance through OIDC, with no token from secrets", () => {
  const release = text("release.yml");
  const publish = parse(release).jobs.publish;
  expect(publish.permissions["id-token"]).toBe("write");
  expect(
    publish.steps.filter((s: { run?: string }) => /npm publish --provenance --access public/.test(s.run ?? "")),
  ).toHaveLength(2);
  expect(release).not.toMatch(/secrets\./);
});
