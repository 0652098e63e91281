// A plan a person can check: every change on a line of its own, in terraform's manner (+ add,
// → move, ~ can_edit, - remove), each user named by name and address wherever a change is
// shown (the plan at the prompt, the dry run, progress, the summary, --json and the journal),
// grants of can_edit marked, and a confirmation that says what it wanted when it is refused.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { harness, journalLines, member, type Harness } from "./helpers/harness.js";

let h: Harness;
afterEach(() => h.close());

const sheet = "user_id,group_id,can_edit\n11,7,true\n12,8,false\n";

async function account() {
  h = await harness();
  h.model.users.set(11, { ...h.model.user(11), full_name: "Ada Lovelace", email_address: "ada@acme.example" });
  h.model.users.set(13, { ...h.model.user(13), full_name: "Grace Hopper", email_address: "grace@acme.example" });
  h.put(member(1, 11, 7), member(2, 12, 7), member(3, 13, 7));
}

it("the whole plan is shown before the prompt, one line per change, each user named, grants marked", async () => {
  await account();
  const { code, err } = await h.cli(["sync", h.sheet(sheet), "--prune", "--no-journal"], {
    answer: "3",
    tty: true,
  });
  // The prompt comes after the plan: what the harness was asked is the last thing before the run.
  const asked = err.slice(0, err.indexOf("[1/3]"));
  expect(asked).toContain(
    [
      "Plan (3 change(s)):",
      "  !~ set can_edit true for user 11 (Ada Lovelace <ada@acme.example>) in group 7 (was membership 1 in group 7, can_edit false)",
      "   → move user 12 (User 12 <user12@example.com>) to group 8 with can_edit false (was membership 2 in group 7, can_edit false)",
      "   - remove user 13 (Grace Hopper <grace@acme.example>) (was membership 3 in group 7, can_edit false)",
      "0 add(s), 1 move(s), 1 can_edit change(s), 1 removal(s)",
      "1 grant(s) of can_edit true (marked ! above): can_edit true gives",
    ].join("\n"),
  );
  expect(code).toBe(0);
});

it("the dry run lists the same lines; --json and the journal carry each user's name and address", async () => {
  await account();
  const dry = await h.cli(["sync", h.sheet(sheet), "--dry-run"]);
  expect(dry.out).toContain("  !~ set can_edit true for user 11 (Ada Lovelace <ada@acme.example>) in group 7");
  const json = JSON.parse((await h.cli(["sync", h.sheet(sheet), "--dry-run", "--json"])).out);
  expect(json.changes[0]).toMatchObject({ user_id: 11, full_name: "Ada Lovelace", email_address: "ada@acme.example" });
  const journal = path.join(h.dir, "run.jsonl");
  const run = await h.cli(["sync", h.sheet(sheet), "--yes", "--journal", journal]);
  expect(run.err).toMatch(/\] done: set can_edit true for user 11 \(Ada Lovelace <ada@acme.example>\)/);
  const intent = journalLines(journal).find((l) => l.event === "intent" && l.change.user_id === 11)!;
  expect(intent.change).toMatchObject({ full_name: "Ada Lovelace", email_address: "ada@acme.example" });
  expect(intent.what).toContain("Ada Lovelace <ada@acme.example>");
});

it("undo lists its plan the same way, naming a removed user from the journal", async () => {
  await account();
  const journal = path.join(h.dir, "run.jsonl");
  expect((await h.cli(["sync", h.sheet(sheet), "--prune", "--yes", "--journal", journal])).code).toBe(0);
  const { out } = await h.cli(["undo", journal, "--dry-run"]);
  expect(out).toContain("   + add user 13 (Grace Hopper <grace@acme.example>) to group 7 with can_edit false");
  expect(out).toContain("   ~ set can_edit false for user 11 (Ada Lovelace <ada@acme.example>) in group 7");
});

it("names come from Kantata, escaped: a name cannot forge a line of the plan", async () => {
  await account();
  h.model.users.set(12, { ...h.model.user(12), full_name: "Eve\n  - remove user 1 (Ada Admin)" });
  const { out } = await h.cli(["sync", h.sheet(sheet), "--dry-run"]);
  expect(out).toContain("move user 12 (Eve\\n  - remove user 1 (Ada Admin) <user12@example.com>)");
  expect(out.split("\n").filter((l) => l.includes("remove"))).toHaveLength(1);
});

it("a typed confirmation that does not match says what was wanted and what was typed", async () => {
  await account();
  const { code, err } = await h.cli(["remove", "13"], { answer: "yes" });
  expect(err).toContain('not confirmed: the plan needed 1 typed, and "yes" was. No change was made');
  expect(code).toBe(2);
  expect(h.model.writes).toEqual([]);
});

describe("did you mean", () => {
  it("a mistyped command or flag gets the closest known one, in the command line's own words", async () => {
    await account();
    const command = await h.cli(["lst"]);
    expect(command.err).toContain('unknown command "lst". Did you mean "list"?');
    const flag = await h.cli(["sync", "x.csv", "--dry-runn"]);
    expect(flag.err).toContain("sync has no flag --dry-runn. Did you mean --dry-run?");
    expect(flag.err).not.toMatch(/To specify a positional argument|'/);
    const value = await h.cli(["list", "--group"]);
    expect(value.err).toContain("--group needs a value: --group VALUE");
    expect([command.code, flag.code, value.code]).toEqual([2, 2, 2]);
  });

  it("an address no user has gets the account's closest addresses, offered and never used", async () => {
    await account();
    const shown = await h.cli(["show", "ada@acme.exampel"]);
    expect(shown.err).toContain(
      'no user of the account has the email address "ada@acme.exampel" (closest addresses of the account: ada@acme.example)',
    );
    expect(shown.code).toBe(2);
    const synced = await h.cli(["sync", h.sheet("email,group_id,can_edit\nada@acme.exampel,8,true\n"), "--yes"]);
    expect(synced.err).toContain('"ada@acme.exampel" (closest addresses of the account: ada@acme.example)');
    expect(h.model.writes).toEqual([]);
    // A stranger's address is not a typo: nothing is offered.
    expect((await h.cli(["show", "nobody@elsewhere.example"])).err).not.toContain("closest");
  });
});

it("--debug and KANTATA_DEBUG=1 show each request's method, path, status, attempt and time, never a value, body or token", async () => {
  await account();
  h.model.faults = [{ kind: "status-before", status: 503 }];
  const listed = await h.cli(["list", "--debug"]);
  expect(listed.err).toMatch(
    /^debug: GET \/api\/v1\/insights_access_group_memberships\?include&per_page → 503, Retry-After 0 \(attempt 1, \d+ ms\)\n/,
  );
  expect(listed.err).toMatch(/→ 200 \(attempt 2, \d+ ms\)/);
  expect(listed.code).toBe(0);
  const synced = await h.cli(["sync", h.sheet("email,group_id,can_edit\nada@acme.example,8,true\n"), "--dry-run"], {
    env: { KANTATA_DEBUG: "1" },
  });
  const debug = synced.err.split("\n").filter((l) => l.startsWith("debug: "));
  expect(debug.some((l) => /^debug: GET \/api\/v1\/users\?\S*by_email_addresses\S* → 200/.test(l))).toBe(true);
  expect(debug.join("\n")).not.toMatch(/ada@|acme|Bearer/);
  // Without it, nothing of the kind.
  expect((await h.cli(["list"])).err).toBe("");
});

describe("a field Kantata left out is shown as missing, never as undefined or null", () => {
  it("list shows can_edit unknown; export refuses to write a sheet it would misread, naming the membership", async () => {
    await account();
    h.model.options.rewrite = (body, { method }) => {
      if (method !== "GET" || !body.insights_access_group_memberships) return;
      delete body.insights_access_group_memberships["2"]?.can_edit;
    };
    const listed = await h.cli(["list"]);
    expect(listed.out).toMatch(/^2\t12\tUser 12\tuser12@example.com\t7\t[^\t]*\tunknown$/m);
    expect(listed.out).not.toMatch(/undefined|null/);
    const exported = await h.cli(["export"]);
    expect(exported.err).toContain(
      "Kantata gave no can_edit for membership 2 (user 12 (User 12 <user12@example.com>))",
    );
    expect(exported.out).toBe("");
    expect(exported.code).toBe(2);
  });

  it("whoami says when Kantata did not give the permission; a user without an address is named as such", async () => {
    await account();
    h.model.users.set(1, { ...h.model.user(1), permission: undefined as unknown as string });
    const me = await h.cli(["whoami"]);
    expect(me.out).toContain("Account Administrator (Kantata did not say the permission)");
    expect(JSON.parse((await h.cli(["whoami", "--json"])).out).permission).toBeNull();
    h.model.users.set(12, { ...h.model.user(12), email_address: "" });
    const { out } = await h.cli(["sync", h.sheet(sheet), "--dry-run"]);
    expect(out).toContain("move user 12 (User 12 (no email address)) to group 8");
  });
});

describe("the dry run says what a prune would do, and a refused prune still shows its plan", () => {
  it("without --prune, the members of the sheet's groups it leaves out are named", async () => {
    await account();
    const { out, err, code } = await h.cli(["sync", h.sheet(sheet), "--dry-run"]);
    expect(out).toContain("0 removal(s)");
    expect(err).toContain(
      "1 member(s) of group(s) 7, 8 are not in the sheet; with --prune they would be removed:\n  remove user 13 (Grace Hopper <grace@acme.example>) (was membership 3 in group 7, can_edit false)\n",
    );
    expect(code).toBe(0);
  });

  it("above --max-removals, the plan is listed with the people it would have removed, then refused", async () => {
    await account();
    const { err, code } = await h.cli([
      "sync",
      h.sheet("user_id,group_id,can_edit\n12,7,false\n"),
      "--prune",
      "--max-removals",
      "1",
      "--yes",
    ]);
    expect(err).toContain("Plan (refused; 2 change(s), nothing sent):");
    expect(err).toContain("   - remove user 11 (Ada Lovelace <ada@acme.example>)");
    expect(err).toContain("   - remove user 13 (Grace Hopper <grace@acme.example>)");
    expect(err).toContain("more than --max-removals 1");
    expect(code).toBe(2);
    expect(h.model.writes).toEqual([]);
  });
});

it("list filters by can_edit and by email address, whatever the server does with them", async () => {
  await account();
  h.model.records.get(1)!.can_edit = true;
  const editors = await h.cli(["list", "--can-edit", "true"]);
  expect(editors.out.trim().split("\n").slice(1)).toEqual([expect.stringMatching(/^1\t11\tAda Lovelace\t/)]);
  const byEmail = await h.cli(["list", "--email", "grace@acme.example", "--email", "ADA@acme.example", "--json"]);
  expect(
    JSON.parse(byEmail.out)
      .map((m: { user_id: number }) => m.user_id)
      .sort(),
  ).toEqual([11, 13]);
  const bad = await h.cli(["list", "--can-edit", "yes"]);
  expect(bad.err).toContain('--can-edit must be true or false (got "yes")');
  expect(bad.code).toBe(2);
});

it("long reads show their progress on a terminal, and nothing on a pipe", async () => {
  h = await harness({ latencyMs: 20 });
  h.put(...Array.from({ length: 450 }, (_, i) => member(i + 1, 2000 + i, 7)));
  const shown = await h.cli(["export", "--output", path.join(h.dir, "all.csv")], { tty: true });
  expect(shown.err).toContain("\r\u001b[2Kreading memberships: 200 of 450");
  expect(shown.err).toMatch(/reading memberships: 450 of 450\r\u001b\[2Kwrote 450 membership\(s\)/);
  const piped = await h.cli(["list"]);
  expect(piped.err).toBe("");
  expect(piped.out.trim().split("\n")).toHaveLength(451);
  // Three pages of 200 a read, each read once.
  expect(h.model.log.filter((l) => l.startsWith("GET /?include=user"))).toHaveLength(6);
});

describe("saved plans: sync --plan-out, then apply exactly that plan, or nothing", () => {
  it("the plan file names each change and who made it where; apply applies exactly it, journaled", async () => {
    await account();
    const file = path.join(h.dir, "plan.json");
    const made = await h.cli(["sync", h.sheet(sheet), "--prune", "--plan-out", file]);
    expect(made.code).toBe(0);
    expect(made.out).toContain("Plan (3 change(s); dry run, nothing sent):");
    expect(h.model.writes).toEqual([]);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved).toMatchObject({ plan_format: 1, base_url: h.server.baseUrl, acting_user: { id: 1 } });
    expect(saved.changes.map((c: { action: string; full_name?: string }) => [c.action, c.full_name])).toEqual([
      ["set-can-edit", "Ada Lovelace"],
      ["move", "User 12"],
      ["remove", "Grace Hopper"],
    ]);
    const journal = path.join(h.dir, "apply.jsonl");
    const seen = h.server.requests.length;
    const applied = await h.cli(["apply", file, "--yes", "--journal", journal]);
    // The plan names its users already: apply does not ask who they are again.
    expect(h.server.requests.slice(seen).filter((r) => /\/users\?.*only=/.test(r.url))).toEqual([]);
    expect(applied.out).toMatch(/^3 of 3 change\(s\) applied/);
    expect(applied.code).toBe(0);
    expect(h.model.of(11)[0]!.can_edit).toBe(true);
    expect(h.model.of(12)[0]!.insights_access_group_id).toBe(8);
    expect(h.model.of(13)).toEqual([]);
    expect(journalLines(journal).filter((l) => l.event === "outcome")).toHaveLength(3);
  });

  it("apply refuses the whole plan, naming each user changed since it was made, and sends nothing", async () => {
    await account();
    const file = path.join(h.dir, "plan.json");
    expect((await h.cli(["sync", h.sheet(sheet), "--plan-out", file])).code).toBe(0);
    h.model.records.get(2)!.can_edit = true;
    const writes = h.model.writes.length;
    const { code, err } = await h.cli(["apply", file, "--yes"]);
    expect(err).toContain(
      "user 12 (User 12 <user12@example.com>): the plan saw membership 2 in group 7, can_edit false; now membership 2 in group 7, can_edit true",
    );
    expect(err).toContain("1 user(s) above changed since the plan was made");
    expect(code).toBe(2);
    expect(h.model.writes).toHaveLength(writes);
    expect(h.model.of(11)[0]!.can_edit).toBe(false);
  });

  it("a plan edited by hand, or of another account, is refused; --plan-out never overwrites", async () => {
    await account();
    const file = path.join(h.dir, "plan.json");
    expect((await h.cli(["sync", h.sheet(sheet), "--plan-out", file])).code).toBe(0);
    const again = await h.cli(["sync", h.sheet(sheet), "--plan-out", file]);
    expect(again.err).toContain("already exists");
    expect(again.code).toBe(2);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    const tampered = path.join(h.dir, "tampered.json");
    writeFileSync(tampered, JSON.stringify({ ...saved, changes: [{ ...saved.changes[0], can_edit: "true" }] }));
    const edited = await h.cli(["apply", tampered, "--yes"]);
    expect(edited.err).toContain("is not a saved plan: /changes/0/can_edit must be boolean; nothing was sent");
    expect(edited.code).toBe(2);
    h.model.options.tokens = { "other-account-token": 950 };
    h.model.users.set(950, { ...h.model.user(950), is_administrator: true, account: 2 });
    const other = await h.cli(["apply", file, "--yes"], { env: { KANTATA_TOKEN: "other-account-token" } });
    expect(other.err).toContain("the plan was made by user 1 <admin@example.com>, who is not a user of the account");
    expect(other.code).toBe(2);
    expect(h.model.writes).toEqual([]);
  });
});

it("sync --help shows a sample plan with names, written by the plan's own code", async () => {
  await account();
  const { out } = await h.cli(["sync", "--help"]);
  expect(out).toContain("A plan lists every change, each user named");
  expect(out).toContain("    !~ set can_edit true for user 11 (Ada Lovelace <ada@acme.example>) in group 7");
  expect(out).toContain("     - remove user 13 (Grace Hopper <grace@acme.example>)");
});
