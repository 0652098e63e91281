// `npm run review` on a temp repository holding this project: a breaking spec change, a
// harmless one with a changed API report, and a removed export that breaks the base's type
// tests, with and without the version bump it needs. And the workflow linter on a broken copy.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
let repo: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: "pipe" });

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), "kantata-review-"));
  for (const entry of ["openapi", "generated", "src", "api", "redocly.yaml", "package.json", "tsconfig.json"]) {
    cpSync(path.join(root, entry), path.join(repo, entry), { recursive: true });
  }
  mkdirSync(path.join(repo, "test"));
  cpSync(path.join(root, "test/types.typecheck.ts"), path.join(repo, "test/types.typecheck.ts"));
  symlinkSync(path.join(root, "node_modules"), path.join(repo, "node_modules"), "dir");
  writeFileSync(path.join(repo, ".gitignore"), "node_modules\nreports\n");
  git("init", "-q", "-b", "main");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base");
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));
afterEach(() => git("checkout", "-q", "--", "."));

function review(env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(root, "scripts/review.mjs"), "main"], {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, GITHUB_STEP_SUMMARY: "", ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
const edit = (file: string, change: (text: string) => string) =>
  writeFileSync(path.join(repo, file), change(readFileSync(path.join(repo, file), "utf8")));

it("a removed enum value is breaking: exit 1, with a location a reviewer reads, and the step summary gets the report", () => {
  edit("openapi/components/parameters/OptionalFields.yaml", (t) => t.replace(/^ *- account_permission\n/gm, ""));
  const summary = path.join(repo, "summary.md");
  writeFileSync(summary, "earlier step\n");
  const { code, out } = review({ GITHUB_STEP_SUMMARY: summary });
  expect(out).toContain("**Breaking.** 1 breaking spec change(s)");
  expect(out).toContain(
    "| major | modified | GET /insights_access_group_memberships › query optional_fields › items › enum; reaches GET /insights_access_group_memberships, POST /insights_access_group_memberships, GET /insights_access_group_memberships/{id}, PUT /insights_access_group_memberships/{id} |",
  );
  expect(out).toContain("needs a major bump ❌");
  expect(code).toBe(1);
  expect(readFileSync(summary, "utf8")).toBe(`earlier step\n${out}`);
});

it("a harmless change passes with exit 0, and a changed API report is shown as a diff", () => {
  edit("openapi/components/parameters/PerPage.yaml", (t) =>
    t.replace("How many records a page holds", "How many records one page holds"),
  );
  edit("api/kantata-insights-access.api.md", (t) =>
    t.replace(
      "export interface ClientOptions",
      "export const added: number;\n\n// @public\nexport interface ClientOptions",
    ),
  );
  const { code, out } = review();
  expect(out).toContain("**Not breaking.**");
  expect(out).toContain("+export const added: number;");
  expect(code).toBe(0);
});

it("a removed export that breaks the base's type tests is breaking, until the package version is bumped", () => {
  edit("src/index.ts", (t) => t.replace(/^ {2}User,\n/m, ""));
  const broken = review();
  expect(broken.out).toContain("the base's type tests no longer compile");
  expect(broken.out).toMatch(
    /test\/types\.typecheck\.ts\(\d+,\d+\): error TS(2305|2724): (Module )?'"\.\.\/src\/index\.js"' has no exported member (named )?'User'/,
  );
  expect(broken.code).toBe(1);

  const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const [major, minor] = version.split(".").map(Number);
  const next = `${major}.${minor + 1}.0`;
  edit("package.json", (t) => t.replace(`"version": "${version}"`, `"version": "${next}"`));
  const bumped = review();
  expect(bumped.out).toContain(`package version ${version} → ${next}: needs a minor bump ✅`);
  expect(bumped.code).toBe(0);
});

it("a base that is not a commit is exit 2", () => {
  const result = spawnSync(process.execPath, [path.join(root, "scripts/review.mjs"), "no-such-ref"], {
    cwd: repo,
    encoding: "utf8",
  });
  expect(result.stderr).toContain("base ref no-such-ref is not a commit");
  expect(result.status).toBe(2);
});

describe("workflow lint", () => {
  const lint = (...files: string[]) =>
    spawnSync(process.execPath, [path.join(root, "scripts/lint-workflows.mjs"), ...files], {
      cwd: root,
      encoding: "utf8",
    });

  it("passes the project's workflows, with actionlint 1.7.7 or later", () => {
    const result = lint();
    const [, major, minor, patch] =
      /^actionlint (\d+)\.(\d+)\.(\d+): \d workflow file\(s\) pass/m.exec(result.stdout) ?? [];
    expect(Number(major) * 1e6 + Number(minor) * 1e3 + Number(patch)).toBeGreaterThanOrEqual(1_007_007);
    expect(result.status).toBe(0);
  });

  it("fails on a broken copy: an unknown permission scope and a job that needs a missing one", () => {
    const file = path.join(repo, "broken.yml");
    const ci = readFileSync(path.join(root, ".github/workflows/docs.yml"), "utf8");
    writeFileSync(file, ci.replace("pages: write", "page: write").replace("needs: build", "needs: bulid"));
    const result = lint(file);
    expect(result.stderr).toContain('unknown permission scope "page"');
    expect(result.stderr).toContain('job "deploy" needs job "bulid" which does not exist');
    expect(result.status).toBe(1);
  });
});
