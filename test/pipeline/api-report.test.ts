// The API gate on a copy of the library in a temp folder: a changed signature of a resource
// method fails `check:api`, naming the method.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "kantata-api-"));
  for (const entry of ["src", "generated", "api", "scripts", "api-extractor.json", "package.json"])
    cpSync(path.join(root, entry), path.join(work, entry), { recursive: true });
  for (const entry of ["tsconfig.json", "tsconfig.build.json", "tsconfig.api.json"])
    cpSync(path.join(root, entry), path.join(work, entry));
  symlinkSync(path.join(root, "node_modules"), path.join(work, "node_modules"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Builds the copy and runs its `check:api`. */
function checkApi(): { code: number | null; output: string } {
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: work, encoding: "utf8" });
  expect(build.status).toBe(0);
  const result = spawnSync(process.execPath, ["scripts/check-api.mjs"], { cwd: work, encoding: "utf8" });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

// That the committed report passes is `npm run check:api`, a gate of npm test; this is the failure.
it("fails naming delete() when its signature changes", () => {
  const file = path.join(work, "src/resources/types.ts");
  const source = readFileSync(file, "utf8");
  const changed = source.replace(
    "delete(id: Id, options?: RequestOptions): Promise<undefined>;",
    "delete(id: Id, options?: RequestOptions & { force?: boolean }): Promise<undefined>;",
  );
  expect(changed).not.toBe(source);
  writeFileSync(file, changed);
  const { code, output } = checkApi();
  expect(code).toBe(1);
  expect(output).toContain("- delete(id: Id, options?: RequestOptions): Promise<undefined>;");
  expect(output).toMatch(/^\+ delete\(id: Id, options\?: RequestOptions & \{$/m);
}, 60_000);
