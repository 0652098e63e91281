// The generate command and its drift check, run on a copy of the spec in a temp folder.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
const script = path.join(root, "scripts/generate.mjs");
let work: string;

function generate(...args: string[]): { code: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [script, ...args], { cwd: work, encoding: "utf8", stdio: "pipe" });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "kantata-generate-"));
  for (const entry of ["openapi", "generated", "redocly.yaml"])
    cpSync(path.join(root, entry), path.join(work, entry), { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

it("fails the check after an enum value changes, naming each stale file, and generate writes the change", () => {
  const file = path.join(work, "openapi/components/parameters/OptionalFields.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace(/- account_permission$/m, "- account_role"));

  const stale = generate("--check");
  expect(stale.code).toBe(1);
  for (const name of ["openapi.yaml", "openapi.ts", "request-rules.ts"])
    expect(stale.output).toContain(`generated/${name}`);
  expect(readFileSync(path.join(work, "generated/openapi.ts"), "utf8")).not.toContain("account_role");

  const written = generate();
  expect(written.code).toBe(0);
  expect(written.output).toContain("generated/openapi.ts");
  for (const name of ["openapi.yaml", "openapi.ts", "request-rules.ts"]) {
    const text = readFileSync(path.join(work, "generated", name), "utf8");
    expect(text).toContain("account_role");
    expect(text.split("\n")[0]).toMatch(/generated from openapi\/.*do not edit/);
  }
});

it("refuses to generate from a spec that does not bundle", () => {
  writeFileSync(path.join(work, "openapi/openapi.yaml"), "openapi: 3.1.0\npaths:\n  /x:\n    $ref: missing.yaml\n");
  const result = generate("--check");
  expect(result.code).not.toBe(0);
  expect(result.output).toMatch(/redocly bundle|missing/);
});

it("holds the client to the spec at compile time: renaming the update path makes tsc fail in src/resources/", () => {
  for (const entry of ["src", "tsconfig.json"])
    cpSync(path.join(root, entry), path.join(work, entry), { recursive: true });
  symlinkSync(path.join(root, "node_modules"), path.join(work, "node_modules"), "dir");
  const tsc = () => {
    try {
      execFileSync(
        process.execPath,
        [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json", "--types", "node"],
        {
          cwd: work,
          encoding: "utf8",
          stdio: "pipe",
        },
      );
      return { code: 0, output: "" };
    } catch (error) {
      const e = error as { status: number; stdout: string };
      return { code: e.status, output: e.stdout };
    }
  };
  // Only src/ and generated/ are compiled here: the wrapper, against the types the spec gives.
  writeFileSync(
    path.join(work, "tsconfig.json"),
    JSON.stringify({
      extends: path.join(root, "tsconfig.json"),
      include: ["src", "generated"],
      compilerOptions: { types: ["node"] },
    }),
  );
  // The unchanged tree compiles: that is `npm run typecheck`. Here the spec changes under it.
  const file = path.join(work, "openapi/openapi.yaml");
  const spec = readFileSync(file, "utf8");
  expect(spec).toContain("/insights_access_group_memberships/{id}:");
  writeFileSync(
    file,
    spec.replace("/insights_access_group_memberships/{id}:", "/insights_access_group_membership/{id}:"),
  );
  expect(generate().code).toBe(0);
  expect(readFileSync(path.join(work, "generated/openapi.ts"), "utf8")).toContain(
    '"/insights_access_group_membership/{id}"',
  );

  const broken = tsc();
  expect(broken.code).not.toBe(0);
  expect(broken.output).toMatch(/src\/resources\/memberships\.ts\(\d+,\d+\): error TS\d+/);
  expect(broken.output).toContain('"/insights_access_group_memberships/{id}"');
}, 60_000);

it("refuses a query parameter the client cannot write (an array with repeated keys)", () => {
  const file = path.join(work, "openapi/components/parameters/Include.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("explode: false", "explode: true"));
  const result = generate("--check");
  expect(result.code).not.toBe(0);
  expect(result.output).toMatch(/include: an array with explode: true \(repeated keys\); the client cannot write it/);
});
