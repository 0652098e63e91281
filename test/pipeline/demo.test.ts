// `npm run demo` against a Kantata the user names: KANTATA_CAN_EDIT must be exactly true or
// false, is required with a token, and the membership's current can_edit is shown before
// anything changes. The script is bundled with the package's sources and run as a user would.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KantataModel } from "../helpers/fake-kantata.js";

const root = path.resolve(__dirname, "../..");
let dir: string;
let demo: string;
let model: KantataModel;
let server: Awaited<ReturnType<KantataModel["serve"]>>;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "kantata-demo-"));
  demo = path.join(dir, "demo.mjs");
  execFileSync(path.join(root, "node_modules/.bin/esbuild"), [
    path.join(root, "scripts/demo.mjs"),
    "--bundle",
    "--platform=node",
    "--format=esm",
    // The mock is loaded only without a token, which these tests always set.
    "--external:./lib/mock.cjs",
    `--alias:kantata-insights-access=${path.join(root, "src/index.ts")}`,
    `--outfile=${demo}`,
    "--log-level=error",
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  model = new KantataModel([{ id: 42, user_id: 1001, insights_access_group_id: 7, can_edit: false }]);
  server = await model.serve();
});
afterEach(() => server.close());

/** Runs the demo in a child process (asynchronously: the fake Kantata answers from this one). */
function runDemo(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const base = { PATH: process.env.PATH ?? "", KANTATA_TOKEN: "demo-secret-123456", KANTATA_BASE_URL: server.baseUrl };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [demo],
      { encoding: "utf8", env: { ...base, ...env }, timeout: 50_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

it.each(["TRUE", "1", "yes", ""])("refuses KANTATA_CAN_EDIT=%p and sends nothing", async (value) => {
  const { code, out } = await runDemo({ KANTATA_MEMBERSHIP_ID: "42", KANTATA_CAN_EDIT: value });
  expect(code).toBe(2);
  expect(out).toContain(`KANTATA_CAN_EDIT must be exactly true or false (got ${JSON.stringify(value)})`);
  expect(model.log).toEqual([]);
});

it("requires KANTATA_CAN_EDIT when a token is set, rather than revoking by default", async () => {
  const { code, out } = await runDemo({ KANTATA_MEMBERSHIP_ID: "42" });
  expect(code).toBe(2);
  expect(out).toContain("KANTATA_CAN_EDIT=true|false");
  expect(model.log).toEqual([]);
});

it("shows the current can_edit and the change before making it", async () => {
  const { code, out } = await runDemo({ KANTATA_MEMBERSHIP_ID: "42", KANTATA_CAN_EDIT: "true" });
  expect(out).not.toContain("Error");
  expect(code).toBe(0);
  expect(out).toContain("Membership 42 (user 1001, group 7): can_edit is false.");
  expect(out).toContain("Changing can_edit from false to true.");
  expect(out.indexOf("Changing can_edit")).toBeLessThan(out.indexOf("PUT "));
  expect(model.log.map((line) => line.split("?")[0])).toEqual(["GET /42", "PUT /42"]);
  expect(model.records.get(42)!.can_edit).toBe(true);
  expect(out).not.toContain("demo-secret-123456");
});
