// verify:live against a local upstream that mimics Kantata (Bearer token, the real envelope,
// built from the spec's own examples): a conforming upstream passes, each kind of drift is
// named by its location, extra fields are findings, a 401 cannot run, and nothing is written.
import path from "node:path";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { verifyLive } from "../src/verify-live.js";
import { KantataModel, type FakeServer } from "../../test/helpers/fake-kantata.js";

const spec = parse(readFileSync(path.join(__dirname, "../../generated/openapi.yaml"), "utf8"));
const token = "live-token-0123456789";
let model: KantataModel;
let server: FakeServer;
let baseUrl: string;
let mutate: (body: any) => void;

beforeEach(async () => {
  mutate = () => {};
  model = new KantataModel(
    [
      { id: 42, user_id: 1001, insights_access_group_id: 7, can_edit: false },
      { id: 43, user_id: 1002, insights_access_group_id: 7, can_edit: true },
    ],
    { token, rewrite: (body) => mutate(body) },
  );
  server = await model.serve();
  baseUrl = server.baseUrl;
});
afterEach(() => server.close());

async function verify(argv: string[] = [], env: Record<string, string | undefined> = {}) {
  const lines: string[] = [];
  const code = await verifyLive({
    env: { KANTATA_TOKEN: token, KANTATA_BASE_URL: baseUrl, ...env },
    json: argv.includes("--json"),
    spec,
    out: (line) => lines.push(line),
  });
  const out = lines.join("\n");
  expect(out).not.toContain(token);
  expect(model.requests.every((r) => r.method === "GET")).toBe(true);
  return { code, out };
}

it("passes a conforming upstream, says it is read-only, and runs every documented filter", async () => {
  const { code, out } = await verify();
  expect(out).toContain("Read-only: only GET requests are sent; nothing is changed.");
  for (const check of [
    "first page",
    "created_at:asc",
    "created_at:desc",
    "paging",
    "by_access_group_id",
    "user_ids",
    "by_user_name",
    "filter only",
    "get one membership",
    "users/me",
    "show_users_in_insights_groups",
    "by_email_addresses",
    "one user by id",
  ]) {
    expect(out).toMatch(new RegExp(`pass  [^\\n]*${check}`));
  }
  expect(out).toContain("Verdict: the spec holds; 0 finding(s)");
  expect(code).toBe(0);
});

it.each([
  [
    'can_edit as the string "true"',
    (b: any) =>
      b.insights_access_group_memberships?.["42"] && (b.insights_access_group_memberships["42"].can_edit = "true"),
    'body.insights_access_group_memberships.42.can_edit: expected must be boolean; got "true"',
  ],
  [
    "an account membership's is_administrator as a string (GET /users/me)",
    (b: any) =>
      b.account_memberships && Object.values<any>(b.account_memberships).forEach((a) => (a.is_administrator = "yes")),
    'body.account_memberships.5001.is_administrator: expected must be boolean; got "yes"',
  ],
  ["a missing results", (b: any) => delete b.results, "body.results: expected required results; got missing"],
  [
    "a membership without user_id, which Kantata always sends",
    (b: any) => b.insights_access_group_memberships?.["42"] && delete b.insights_access_group_memberships["42"].user_id,
    "body.insights_access_group_memberships.42.user_id: expected required user_id; got missing",
  ],
  [
    "results[].id as a number",
    (b: any) => b.results[0]?.id === "42" && (b.results[0].id = 42),
    "body.results.0.id: expected must be string; got 42",
  ],
  [
    "a bad created_at",
    (b: any) =>
      b.insights_access_group_memberships?.["42"] &&
      (b.insights_access_group_memberships["42"].created_at = "yesterday"),
    'body.insights_access_group_memberships.42.created_at: expected must match format "date-time"; got "yesterday"',
  ],
])("fails on %s, naming the location, expected and got", async (_, change, line) => {
  mutate = change;
  const { code, out } = await verify();
  expect(out).toContain(line);
  expect(out).toContain("Verdict: the spec does NOT hold");
  expect(code).toBe(1);
});

it("reports an undocumented field and header as findings, with exit 0", async () => {
  mutate = (b) =>
    b.insights_access_group_memberships?.["42"] && (b.insights_access_group_memberships["42"].archived = false);
  model.options.echoHeaders = { "x-ratelimit-remaining": "99" };
  const { code, out } = await verify();
  expect(out).toContain(
    "finding: undocumented field body.insights_access_group_memberships.*.archived: boolean (e.g. false)",
  );
  expect(out).toContain("finding: undocumented header x-ratelimit-remaining: 99");
  expect(out).toContain("Verdict: the spec holds;");
  expect(code).toBe(0);
});

it("gives machines JSON with --json", async () => {
  mutate = (b) => delete b.results;
  const { code, out } = await verify(["--json"]);
  const report = JSON.parse(out);
  expect(report.violations).toBeGreaterThan(0);
  expect(report.planned).toBe(13);
  expect(report.results[0].violations[0]).toEqual({
    location: "body.results",
    expected: "required results",
    got: "missing",
  });
  expect(code).toBe(1);
});

it("cannot run on a 401, says why, and exits 3 (could not authenticate)", async () => {
  model.options.token = "another-token-0123456789";
  const { code, out } = await verify();
  expect(out).toContain("Kantata refused the token (401): check KANTATA_TOKEN");
  expect(code).toBe(3);
});

it("cannot run without a token or with an unreachable upstream", async () => {
  expect((await verify([], { KANTATA_TOKEN: undefined })).code).toBe(2);
  const closed = await verify([], { KANTATA_BASE_URL: "http://127.0.0.1:9/api/v1" });
  expect(closed.out).toContain("could not reach Kantata");
  expect(closed.code).toBe(3);
});
