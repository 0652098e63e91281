// `kantata-insights review` through the command line against the fake account: the headline
// (can_edit holders and Account Administrators), the groups, the findings, what changed since a
// previous review, each format, escaping of hostile names, no token anywhere, and refusals.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { harness, member, schema, token, type Harness } from "./helpers/harness.js";
import { fillReviewAccount } from "./helpers/review-account.js";
import type { Snapshot } from "../src/review.js";

let h: Harness;
afterEach(() => h?.close());

/** The fake account of every test (helpers/review-account.ts). */
async function account(): Promise<Harness> {
  const h = await harness();
  fillReviewAccount(h.model);
  return h;
}

const json = async (h: Harness, ...more: string[]) => {
  const { code, out, err } = await h.cli(["review", "--format", "json", ...more]);
  expect(err).toBe("");
  expect(code).toBe(0);
  return JSON.parse(out) as Snapshot;
};

it("the JSON snapshot holds to the published schema and names who can see all account data", async () => {
  h = await account();
  const snapshot = await json(h);
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema(schema, "output");
  expect(ajv.validate({ $ref: "output#/$defs/review_snapshot" }, snapshot)).toBe(true);
  expect(
    snapshot.members.map((m) => [m.user_id, m.group_id, m.can_edit]).sort((a, b) => Number(a[0]) - Number(b[0])),
  ).toEqual([
    [1001, 7, true],
    [1002, 7, false],
    [1003, 8, false],
  ]);
  expect(snapshot.administrators.map((a) => [a.user_id, a.groups])).toEqual([
    [1, []],
    [1004, []],
  ]);
  expect(snapshot.groups).toEqual([
    { id: 7, name: "Reports Viewers", members: 2, editors: 1 },
    { id: 8, name: "Finance", members: 1, editors: 0 },
  ]);
  expect(snapshot.findings).toEqual({
    disabled_members: [1003],
    stale: [1002, 1003],
    new_editors: null,
    empty_groups: null,
  });
  expect(snapshot.disagreements).toEqual([]);
  expect(snapshot.acting_user).toEqual({ id: 1, name: "Ada Admin", email: "admin@example.com" });
  // Read-only: no write, no journal.
  expect(h.model.writes).toEqual([]);
});

it("--since lists exactly the changes made between two reviews, and can_edit granted since", async () => {
  h = await account();
  const first = path.join(h.dir, "q3.json");
  expect((await h.cli(["review", "--format", "json", "--output", first])).code).toBe(0);
  // Between the reviews: 1002 gets can_edit, 1003 is removed (group 8 empties), 1005 is added, 1001 moves to 9.
  h.model.records.get(43)!.can_edit = true;
  h.model.records.delete(44);
  h.put(member(45, 1005, 7), member(46, 1001, 9, true));
  h.model.records.delete(42);
  const second = await json(h, "--since", first);
  expect(second.changes).toMatchObject({
    added: [1005],
    removed: [1003],
    granted: [1002],
    revoked: [],
    moved: [{ user_id: 1001, from: 7, to: 9 }],
  });
  expect(second.findings.new_editors).toEqual([1002]);
  expect(second.findings.empty_groups).toEqual([8]);
  const md = (await h.cli(["review", "--format", "md", "--since", first])).out;
  expect(md).toContain("## What changed since");
  expect(md).toMatch(/\| removed \| Dis Abled \| dis@example\.com \| Finance \|/);
  expect(md).toMatch(/\| moved \| Ada Editor \| ada@example\.com \| Reports Viewers → Group 9 \|/);
});

it("Markdown and HTML keep a hostile name as text; CSV guards formulas; no token anywhere", async () => {
  h = await account();
  const md = (await h.cli(["review", "--format", "md"])).out;
  expect(md).toContain("\\<img src=x onerror=alert(1)\\> \\| pipes \\|");
  expect(md).not.toMatch(/(?<!\\)<img/);
  const html = (await h.cli(["review"])).out;
  expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; | pipes |");
  expect(html).not.toContain("<img");
  expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"'\s<]+/); // the one URL is the base URL it read
  h.model.users.set(1002, { ...h.model.user(1002), full_name: '=HYPERLINK("x")' });
  const csv = (await h.cli(["review", "--format", "csv"])).out;
  expect(csv.split("\n")[0]).toBe(
    "user_id,name,email,group_id,group_name,can_edit,is_administrator,permission,disabled,last_site_activity,membership_created_at,membership_updated_at",
  );
  expect(csv).toContain(`1002,"'=HYPERLINK(""x"")",grace@example.com,7,Reports Viewers,false`);
  expect(csv).toMatch(/^1004,Bo Admin,bo@example\.com,,,,true,administrator,false,,,$/m);
  for (const text of [md, html, csv]) expect(text).not.toContain(token);
});

it("the headline lists exactly the can_edit holders and Account Administrators", async () => {
  h = await account();
  const md = (await h.cli(["review", "--format", "md"])).out;
  const headline = md.slice(md.indexOf("## Who can see all account data"), md.indexOf("## Group"));
  const names = [...headline.matchAll(/^\| (?!name|---)([^|]+?) \|/gm)].map((m) => m[1]);
  expect(names).toEqual(["Ada Admin", "Ada Editor", "Bo Admin"]);
  expect(headline).toContain("| Ada Editor | ada@example.com | Reports Viewers | can\\_edit |");
});

it("says when the memberships and Kantata's Insights filter disagree", async () => {
  h = await account();
  h.model.options.rewrite = (body, { path: p }) => {
    // A server whose Insights filter leaves Ada out.
    if (p === "users" && body.users?.["1001"] && Object.keys(body.users).length < 5) {
      delete body.users["1001"];
      body.results = body.results.filter((r: { id: string }) => r.id !== "1001");
      body.count -= 1;
      body.meta.count -= 1;
    }
  };
  const snapshot = await json(h);
  expect(snapshot.disagreements).toEqual([
    {
      user_id: 1001,
      name: "Ada Editor",
      email: "ada@example.com",
      why: "holds a membership, but Kantata does not list them as having access to Insights",
    },
  ]);
});

it("refuses a non-administrator's token, a --since of another account, and bad flags, before reading", async () => {
  h = await account();
  h.model.options.tokens = { "viewer-token-123456": 1002 };
  const viewer = await h.cli(["review"], { env: { KANTATA_TOKEN: "viewer-token-123456" } });
  expect(viewer.code).toBe(2);
  expect(viewer.err).toContain("an access review needs an Account Administrator's token");

  const other = path.join(h.dir, "other.json");
  const snapshot = await json(h);
  require("node:fs").writeFileSync(
    other,
    JSON.stringify({ ...snapshot, base_url: "https://elsewhere.example/api/v1" }),
  );
  const refused = await h.cli(["review", "--since", other]);
  expect(refused.code).toBe(2);
  expect(refused.err).toContain("is a review of https://elsewhere.example/api/v1");

  const bad = path.join(h.dir, "bad.json");
  require("node:fs").writeFileSync(bad, JSON.stringify({ ...snapshot, members: "x" }));
  for (const [args, message] of [
    [["--format", "pdf"], "--format must be one of html, md, csv, json"],
    [["--stale-days", "0"], "--stale-days must be a whole number of days from 1"],
    [["--since", bad], "is not a review written with --format json: /members must be array"],
    [["--since", path.join(h.dir, "missing.json")], "cannot be read (ENOENT)"],
  ] as const) {
    const { code, err } = await h.cli(["review", ...args]);
    expect(code).toBe(2);
    expect(err).toContain(message);
  }
});

it("--output writes the file and says what it holds; progress shows on a terminal", async () => {
  h = await account();
  const file = path.join(h.dir, "review.html");
  const { code, err } = await h.cli(["review", "--output", file], { tty: true });
  expect(code).toBe(0);
  expect(err).toContain("reading: memberships");
  expect(err).toContain("wrote the review of 3 membership(s) and 2 Account Administrator(s)");
  expect(readFileSync(file, "utf8")).toMatch(/^<!doctype html>/);
});

it("a listing shorter than Kantata's count stops the review with exit 3, and nothing is written", async () => {
  h = await account();
  h.model.options.rewrite = (body, { path: p }) => {
    if (p === "users" && body.meta && Object.keys(body.users).length > 1) body.meta.count += 5;
  };
  const file = path.join(h.dir, "review.html");
  const { code, err } = await h.cli(["review", "--output", file]);
  expect(code).toBe(3);
  expect(err).toMatch(/Kantata counted \d+ users but its pages held \d+; nothing was written/);
  expect(() => readFileSync(file)).toThrow();
});

it("a server that sends no meta is read until a short page: nobody is left out of the review", async () => {
  h = await account();
  for (let i = 0; i < 450; i++) h.put(member(3000 + i, 5000 + i, 9));
  h.model.options.rewrite = (body) => {
    delete body.meta;
    delete body.count;
  };
  const snapshot = await json(h, "--concurrency", "2");
  expect(snapshot.members).toHaveLength(453);
  expect(snapshot.groups.find((g) => g.id === 9)!.members).toBe(450);
});
