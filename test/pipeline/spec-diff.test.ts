// npm run spec:diff on spec pairs made in temp git repositories: base = the commit, head =
// the working tree after one edit.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
/** The spec's info.version, and the next major one. */
const version = /^  version: (\S+)$/m.exec(readFileSync(path.join(root, "openapi/openapi.yaml"), "utf8"))![1]!;
const next = `${Number(version.split(".")[0]) + 1}.0.0`;
const script = path.join(root, "scripts/spec-diff.mjs");
let work: string;

function sh(command: string, args: string[]) {
  execFileSync(command, args, { cwd: work, stdio: "pipe" });
}

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "kantata-diff-"));
  for (const entry of ["openapi", "redocly.yaml"])
    cpSync(path.join(root, entry), path.join(work, entry), { recursive: true });
  sh("git", ["init", "-q", "-b", "main"]);
  sh("git", ["add", "."]);
  sh("git", ["-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "base"]);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function edit(file: string, change: (text: string) => string) {
  const full = path.join(work, "openapi", file);
  const before = readFileSync(full, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(full, after);
}

function specDiff(...args: string[]): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(process.execPath, [script, ...args], { cwd: work, encoding: "utf8", stdio: "pipe" });
    return { code: 0, out, err: "" };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout, err: e.stderr };
  }
}

const params = "components/parameters";
const schemas = "components/schemas";
const path_ = "paths/insights_access_group_memberships_{id}.yaml";

// Each breaking edit is checked by its own row under "Breaking changes"; one diff holds them all.
const breakingEdits: [string, () => void, RegExp][] = [
  [
    "a parameter that became required",
    () => edit(`${params}/Include.yaml`, (t) => t.replace("required: false", "required: true")),
    /› query include › required/,
  ],
  [
    "a changed property type",
    () => edit(`${schemas}/User.yaml`, (t) => t.replace(/bio:\n    type: string/, "bio:\n    type: integer")),
    /bio › type/,
  ],
  [
    "a removed response field",
    () =>
      edit(`${schemas}/User.yaml`, (t) =>
        t.replace(/  city:\n    type: string\n    description: Optional field.\n/, ""),
      ),
    /city/,
  ],
  [
    "a removed status code",
    () => edit(path_, (t) => t.replace(/    '404':\n      \$ref: \.\.\/components\/responses\/NotFound\.yaml\n/, "")),
    /response 404/,
  ],
];

it(`${breakingEdits.map(([name]) => name).join(", ")}: each is breaking, listed under Breaking changes, exit 1`, () => {
  for (const [, change] of breakingEdits) change();
  const { code, out } = specDiff();
  expect(code).toBe(1);
  const breaking = out.slice(out.indexOf("### Breaking changes"), out.indexOf("### Non-breaking changes"));
  const rows = breaking.split("\n").filter((line) => line.startsWith("| major |"));
  for (const [name, , detail] of breakingEdits)
    expect([name, rows.some((row) => detail.test(row))]).toEqual([name, true]);
  expect(out).toContain(`These changes need a **major** bump: info.version ${version} → ${version} is **not enough**`);
});

it("a removed enum value is breaking, and the report names every operation the shared parameter reaches", () => {
  edit(`${params}/OptionalFields.yaml`, (t) => t.replace(/\n\s+- account_permission/g, ""));
  const { code, out } = specDiff();
  expect(code).toBe(1);
  const breaking = out.slice(out.indexOf("### Breaking changes"), out.indexOf("### Non-breaking changes"));
  expect(breaking).toMatch(/Enum lost values: 'account_permission'/);
  const operations = [
    "GET /insights_access_group_memberships",
    "POST /insights_access_group_memberships",
    "GET /insights_access_group_memberships/{id}",
    "PUT /insights_access_group_memberships/{id}",
  ];
  expect(out).toContain(`reaching 4 operation(s): ${operations.join(", ")}.**`);
  const row = out.split("\n").find((line) => line.includes("Enum lost values: 'account_permission'"))!;
  for (const operation of operations) expect(row).toContain(operation);
  // Users have optional_fields of their own, which this change does not reach.
  expect(out).not.toContain("GET /users");
});

it.each<[string, () => void, string]>([
  [
    "an added optional parameter",
    () =>
      edit(path_, (t) =>
        t.replace(
          "    - $ref: ../components/parameters/OptionalFields.yaml\n",
          "    - $ref: ../components/parameters/OptionalFields.yaml\n    - name: dry_run\n      in: query\n      description: Check only.\n      schema:\n        type: boolean\n",
        ),
      ),
    "minor",
  ],
  [
    "a changed description",
    () => edit(path_, (t) => t.replace("Changes whether the member", "Sets whether the member")),
    "patch",
  ],
])("%s is not breaking: exit 0", (_, change, bump) => {
  change();
  const { code, out } = specDiff();
  expect(code).toBe(0);
  expect(out).toContain("**No breaking change.**");
  expect(out).toContain("### Breaking changes (0)");
  expect(out).toMatch(/### Non-breaking changes \([1-9]\d*\)/);
  expect(out).toContain(`These changes need a **${bump}** bump`);
});

it("says when info.version was bumped enough", () => {
  edit(`${params}/Include.yaml`, (t) => t.replace("required: false", "required: true"));
  writeFileSync(
    path.join(work, "openapi/openapi.yaml"),
    readFileSync(path.join(work, "openapi/openapi.yaml"), "utf8").replace(`version: ${version}`, `version: ${next}`),
  );
  const { code, out } = specDiff();
  expect(code).toBe(1);
  expect(out).toContain(`info.version ${version} → ${next} is **enough** ✅`);
});

it("reports no change on an unchanged tree, against an explicit base ref", () => {
  const { code, out } = specDiff("main");
  expect(code).toBe(0);
  expect(out).toContain("## Spec diff: main → working tree");
  expect(out).toContain("### Non-breaking changes (0)");
});

it("an invalid spec is an error with a clear message, never 'no changes'", () => {
  edit(`${params}/Include.yaml`, (t) => t.replace("type: array", "type: arrray"));
  const { code, out, err } = specDiff();
  expect(code).toBe(2);
  expect(out).toBe("");
  expect(err).toMatch(/the spec at the working tree is invalid/);
  expect(err).toMatch(/arrray/);
});

it("an unknown base ref is an error", () => {
  const { code, err } = specDiff("no-such-ref");
  expect(code).toBe(2);
  expect(err).toContain("base ref no-such-ref is not a commit");
});
