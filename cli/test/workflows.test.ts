// The administrators' workflows, against the shared fake Kantata (which serves
// /users and /users/me, with an administrator's token and another's): who am I, the preflight,
// users by email, export ↔ sync, confirmations before harm, undo, and the output conventions.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { harness, member, token, type Harness } from "./helpers/harness.js";

const viewer = "viewer-token-0123456789";
let h: Harness;
beforeEach(async () => {
  h = await harness({ tokens: { [viewer]: 2 } });
  h.model.users.set(2, {
    id: 2,
    full_name: "Grace Viewer",
    email_address: "grace@example.com",
    is_administrator: false,
    permission: "reports_viewer",
  });
  h.model.users.set(1001, { ...h.model.user(1001), full_name: "Ada Lovelace", email_address: "Ada@Example.com" });
  h.put(member(1, 1001, 7), member(2, 1002, 7, true), member(3, 1003, 9));
});
afterEach(() => h.close());
const asViewer = { env: { KANTATA_TOKEN: viewer } };

describe("who am I, and the preflight", () => {
  it("whoami names the token's user and says whether they are an Account Administrator", async () => {
    expect((await h.cli(["whoami"])).out).toBe(
      "Ada Admin <admin@example.com>, user 1: Account Administrator (permission administrator)\n",
    );
    const viewerSays = await h.cli(["whoami", "--json"], asViewer);
    expect(JSON.parse(viewerSays.out)).toEqual({
      id: 2,
      full_name: "Grace Viewer",
      email_address: "grace@example.com",
      is_administrator: false,
      permission: "reports_viewer",
    });
  });

  it("a non-administrator's sync sends no write and exits 2, naming the user and their permission", async () => {
    const file = h.sheet("user_id,group_id,can_edit\n1001,8,false\n");
    const { code, err } = await h.cli(["sync", file, "--yes"], asViewer);
    expect(code).toBe(2);
    expect(err).toContain(
      "KANTATA_TOKEN belongs to Grace Viewer <grace@example.com>, user 2: not an Account Administrator (permission reports_viewer)",
    );
    expect(h.model.writes).toEqual([]);
    for (const command of [
      ["grant", "1001"],
      ["remove", "1001"],
      ["move", "1001", "8"],
      ["add", "1004", "7"],
    ]) {
      expect((await h.cli([...command, "--yes"], asViewer)).code).toBe(2);
    }
    expect(h.model.writes).toEqual([]);
  });

  it("a dry run runs the preflight too, and warns instead of refusing", async () => {
    const { code, out, err } = await h.cli(
      ["sync", h.sheet("user_id,group_id,can_edit\n1001,8,false\n"), "--dry-run"],
      asViewer,
    );
    expect(code).toBe(0);
    expect(err).toContain("warning: KANTATA_TOKEN belongs to Grace Viewer");
    expect(out).toContain("move user 1001 (Ada Lovelace <Ada@Example.com>) to group 8");
  });
});

describe("users by email", () => {
  it("grant, show and list take an email address, in any case", async () => {
    expect((await h.cli(["grant", "ADA@example.com", "--yes"])).code).toBe(0);
    expect(h.model.of(1001)[0]!.can_edit).toBe(true);
    expect(JSON.parse((await h.cli(["show", "ada@example.com", "--json"])).out)).toMatchObject({
      user_id: 1001,
      can_edit: true,
    });
  });

  it("an address nobody has, or that several users have, exits 2 with nothing sent", async () => {
    h.model.users.set(1003, { ...h.model.user(1003), email_address: "ada@example.com" });
    const twice = await h.cli(["revoke", "ada@example.com"]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain(
      'the email address "ada@example.com" matches 2 users (1001, 1003); name the user by id',
    );
    const nobody = await h.cli(["remove", "nobody@example.com", "--yes"]);
    expect(nobody.code).toBe(2);
    expect(nobody.err).toContain('no user of the account has the email address "nobody@example.com"');
    expect(h.model.writes).toEqual([]);
  });

  it("a sheet with an email column, TRUE and extra columns applies; an unknown address skips its line", async () => {
    const file = h.sheet(
      "Name,EMAIL,Group_ID,Can_Edit,Team\nAda,ada@example.com,8,TRUE,x\nGrace,user1002@example.com,7,False,y\nNobody,nobody@example.com,7,true,z\n",
    );
    const { code, out, err } = await h.cli(["sync", file, "--yes"]);
    // Name is export's column, for people: not worth a word. Any other is listed once.
    expect(err).toContain("ignored column(s): Team\n");
    expect(err).toContain(
      'skipped: line 4: no user of the account has the email address "nobody@example.com"; nothing is sent for this line',
    );
    expect(out).toMatch(/^2 of 2 change\(s\) applied/);
    expect(code).toBe(1);
    expect(h.model.of(1001)).toEqual([expect.objectContaining({ insights_access_group_id: 8, can_edit: true })]);
    expect(h.model.of(1002)).toEqual([expect.objectContaining({ insights_access_group_id: 7, can_edit: false })]);
  });

  it("user_id and email must agree", async () => {
    const { err } = await h.cli([
      "sync",
      h.sheet("user_id,email,group_id,can_edit\n1002,ada@example.com,7,false\n"),
      "--yes",
    ]);
    expect(err).toContain(
      "line 2: user_id 1002 and email ada@example.com (user 1001) disagree; nothing is sent for this line",
    );
    expect(h.model.writes).toEqual([]);
  });
});

describe("export and sync", () => {
  it("export writes the sheet sync reads; syncing it back sends no write", async () => {
    h.model.users.set(1003, { ...h.model.user(1003), full_name: '=HYPERLINK("http://x")' });
    const file = path.join(h.dir, "export.csv");
    expect((await h.cli(["export", "--output", file])).code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")[0]).toBe("user_id,email,name,group_id,group_name,can_edit");
    expect(text).toContain("1001,Ada@Example.com,Ada Lovelace,7,Group 7,false");
    expect(text).toContain(`1003,user1003@example.com,"'=HYPERLINK(""http://x"")",9,Group 9,false`);
    const writes = h.model.writes.length;
    const again = await h.cli(["sync", file]);
    expect(again.out).toBe("nothing to change\n");
    expect(again.code).toBe(0);
    expect(h.model.writes).toHaveLength(writes);
  });

  it("export --json gives the values as they are: the spreadsheet guard is for CSV cells only", async () => {
    h.model.users.set(1003, { ...h.model.user(1003), full_name: "=SUM(1)", email_address: "-dash@example.com" });
    const { code, out } = await h.cli(["export", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toContainEqual(
      expect.objectContaining({ user_id: 1003, email: "-dash@example.com", name: "=SUM(1)" }),
    );
    const csv = await h.cli(["export"]);
    expect(csv.out).toContain("1003,'-dash@example.com,'=SUM(1),");
  });
});

describe("confirmation before harm", () => {
  const pruning = () => h.sheet("user_id,group_id,can_edit\n1001,7,false\n");

  it("--prune without --yes on a pipe sends no write and exits 2", async () => {
    const { code, err } = await h.cli(["sync", pruning(), "--prune"]);
    expect(code).toBe(2);
    expect(err).toContain("off a terminal it needs --yes. No change was made");
    expect(h.model.writes).toEqual([]);
  });

  it("on a terminal, the count typed applies the plan; anything else changes nothing", async () => {
    expect((await h.cli(["sync", pruning(), "--prune"], { answer: "yes" })).code).toBe(2);
    expect(h.model.writes).toEqual([]);
    const { code } = await h.cli(["sync", pruning(), "--prune"], { answer: "1" });
    expect(code).toBe(0);
    expect(h.model.of(1002)).toEqual([]);
  });

  it("the plan counts each kind of change and names every grant of can_edit, with the warning", async () => {
    const file = h.sheet("user_id,group_id,can_edit\n1001,7,true\n1002,8,true\n1003,9,true\n1004,7,true\n");
    const { out } = await h.cli(["sync", file, "--dry-run"]);
    expect(out).toContain("1 add(s), 1 move(s), 2 can_edit change(s), 0 removal(s)");
    expect(out).toContain("3 grant(s) of can_edit true (marked ! above): can_edit true gives");
    expect(out.match(/^ {2}!/gm)).toHaveLength(3);
    expect(out).toContain("all of the account's data through Insights, and Kantata may take up to 15 minutes");
    const grant = await h.cli(["grant", "1001"]);
    expect(grant.code).toBe(2);
    expect(grant.err).toContain("access to all of the account's data through Insights");
    expect((await h.cli(["add", "1004", "7", "--can-edit", "true"])).code).toBe(2);
    expect((await h.cli(["remove", "1002"])).code).toBe(2);
    expect(h.model.writes).toEqual([]);
    expect((await h.cli(["revoke", "1002"])).code).toBe(0);
  });
});

it("sync, then undo of its journal, puts the account back as it was, apart from membership ids", async () => {
  const state = () =>
    [...h.model.records.values()].map((r) => [r.user_id, r.insights_access_group_id, r.can_edit]).sort();
  const before = state();
  const journal = path.join(h.dir, "sync.jsonl");
  const file = h.sheet("user_id,group_id,can_edit\n1001,8,true\n1002,7,false\n1004,9,true\n");
  expect((await h.cli(["sync", file, "--prune", "--yes", "--journal", journal])).code).toBe(0);
  expect(state()).not.toEqual(before);
  // The inverse of each change done, latest first.
  const done = readFileSync(journal, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .filter((l) => l.event === "outcome");
  const inverse = { add: "remove", remove: "add", "set-can-edit": "set-can-edit", move: "move" } as Record<
    string,
    string
  >;
  const plan = JSON.parse((await h.cli(["undo", journal, "--dry-run", "--json"])).out);
  expect(plan.changes.map((c: { action: string; user_id: number }) => [c.action, c.user_id])).toEqual(
    done.reverse().map((o) => [inverse[o.change.action], o.change.user_id]),
  );
  const { code } = await h.cli(["undo", journal, "--yes"]);
  expect(code).toBe(0);
  expect(state()).toEqual(before);
  expect(readdirSync(h.dir).filter((f) => /^kantata-insights-.*\.jsonl$/.test(f))).toHaveLength(1);
});

it("undo skips, naming them, users whose membership changed since the run", async () => {
  const journal = path.join(h.dir, "sync.jsonl");
  await h.cli([
    "sync",
    h.sheet("user_id,group_id,can_edit\n1001,8,false\n1003,7,false\n"),
    "--yes",
    "--journal",
    journal,
  ]);
  h.model.records.get([...h.model.records.values()].find((r) => r.user_id === 1001)!.id)!.can_edit = true;
  const { out, err } = await h.cli(["undo", journal, "--yes"]);
  expect(err).toMatch(
    /skipped: user 1001 changed since the run \(now membership \d+ in group 8, can_edit true\); left alone/,
  );
  expect(out).toMatch(/^1 of 1 change\(s\) applied/);
  expect(h.model.of(1003)).toEqual([expect.objectContaining({ insights_access_group_id: 9 })]);
});

describe("output conventions", () => {
  const schema = JSON.parse(readFileSync(path.join(__dirname, "../output.schema.json"), "utf8"));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addSchema(schema);
  const valid = (name: string, value: unknown) => {
    const validate = ajv.getSchema(`${schema.$id}#/$defs/${name}`)!;
    expect([name, validate(value), validate.errors]).toEqual([name, true, null]);
  };
  const snakeCase = (value: unknown): boolean =>
    Array.isArray(value)
      ? value.every(snakeCase)
      : !value ||
        typeof value !== "object" ||
        Object.entries(value).every(([k, v]) => /^[a-z0-9_]+$/.test(k) && snakeCase(v));

  it("--json gives one document per command, in the documented shape, with snake_case keys", async () => {
    const json = async (args: string[]) => {
      const { out } = await h.cli([...args, "--json"]);
      const document = JSON.parse(out);
      expect(snakeCase(document)).toBe(true);
      return document;
    };
    valid("list", await json(["list"]));
    valid("show", await json(["show", "1001"]));
    valid("whoami", await json(["whoami"]));
    valid("export", await json(["export"]));
    const file = h.sheet("user_id,group_id,can_edit\n1001,8,true\n1003,9,true\n");
    valid("plan", await json(["sync", file, "--dry-run"]));
    valid("applied", await json(["sync", file, "--yes"]));
    valid("outcome", await json(["revoke", "1001"]));
  });

  it("--version, and --help for each command within 100 columns: usage, defaults, two examples, exit codes", async () => {
    expect((await h.cli(["--version"])).out).toMatch(/^kantata-insights /);
    const top = (await h.cli(["--help"])).out;
    expect(top.split("\n").every((line) => line.length <= 100)).toBe(true);
    const commands = [...top.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]!);
    expect(commands).toEqual(expect.arrayContaining(["whoami", "export", "undo", "sync", "verify"]));
    for (const command of commands.filter((c) => c !== "verify")) {
      const { code, out } = await h.cli([command, "--help"]);
      expect(code).toBe(0);
      expect(out.split("\n").every((line) => line.length <= 100)).toBe(true);
      expect(out).toMatch(new RegExp(`^usage: kantata-insights ${command}`));
      expect(out).toContain("--timeout VALUE");
      expect(out).toContain("(default: 30)");
      expect(out.split("Examples:\n")[1]!.match(/^ {2}kantata-insights /gm)).toHaveLength(2);
      expect(out).toContain("Exit codes: 0 done, or nothing to do; 1 a change failed");
    }
    expect(token).toBeDefined();
  });
});
