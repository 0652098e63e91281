// Undo acts only on the account its journal's run changed, and puts back every user that run
// touched, whatever became of the change: done, failed, begun with no outcome (a run killed
// mid-change), or on a line cut short. A journal is one run's, every line checked against the
// published schema; anything else is refused, naming the line, with nothing sent.
import { EventEmitter } from "node:events";
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { until } from "../../test/helpers/wait.js";
import { KantataModel } from "../../test/helpers/fake-kantata.js";
import { harness, journalLines, member, outcomes, type Harness } from "./helpers/harness.js";

let h: Harness;
afterEach(() => h.close());

/** The account as (user, group, can_edit) triples, sorted: membership ids aside. */
const state = (model: KantataModel) =>
  [...model.records.values()]
    .map((r) => [r.user_id, r.insights_access_group_id, r.can_edit])
    .sort((a, b) => Number(a[0]) - Number(b[0]));

/** Four users in group 7; a sheet that moves them all to group 8 with can_edit true. */
async function movedFour(options: Parameters<typeof harness>[0] = {}) {
  h = await harness(options);
  h.put(member(1, 11, 7), member(2, 12, 7), member(3, 13, 7), member(4, 14, 7));
  const before = state(h.model);
  const journal = path.join(h.dir, "run.jsonl");
  const sheet = h.sheet("user_id,group_id,can_edit\n11,8,true\n12,8,true\n13,8,true\n14,8,true\n");
  const run = await h.cli(["sync", sheet, "--yes", "--journal", journal]);
  expect(run.code).toBe(0);
  return { before, journal };
}

describe("the journal says where the run was made and by whom", () => {
  it("its first line has the base URL and the acting user, and every line the run's id", async () => {
    const { journal } = await movedFour();
    const [start, ...rest] = journalLines(journal);
    expect(start).toMatchObject({
      event: "start",
      base_url: h.server.baseUrl,
      acting_user: { id: 1, email_address: "admin@example.com", full_name: "Ada Admin" },
    });
    // Four intents, four outcomes, and the end of a run that ended.
    expect(rest).toHaveLength(9);
    expect(rest.at(-1)!.event).toBe("end");
    expect(new Set(journalLines(journal).map((l) => l.run))).toEqual(new Set([start!.run]));
  });

  it("undo with a token of another account is refused, naming both users, with nothing sent", async () => {
    const { journal } = await movedFour({ tokens: { "other-account-token": 900 } });
    h.model.users.set(900, {
      id: 900,
      full_name: "Bo Other",
      email_address: "bo@other.example",
      is_administrator: true,
      permission: "administrator",
      account: 2,
    });
    const after = state(h.model);
    const writes = h.model.writes.length;
    const { code, err } = await h.cli(["undo", journal, "--yes"], { env: { KANTATA_TOKEN: "other-account-token" } });
    expect(code).toBe(2);
    expect(err).toContain("made by user 1 <admin@example.com>");
    expect(err).toContain("(user 900 <bo@other.example>)");
    expect(err).toContain("Nothing was sent");
    expect(h.model.writes).toHaveLength(writes);
    expect(state(h.model)).toEqual(after);
  });

  it("a colleague on the same account may undo the run", async () => {
    const { before, journal } = await movedFour({ tokens: { "colleague-token": 2 } });
    h.model.users.set(2, { ...h.model.user(1), id: 2, email_address: "cy@example.com" });
    const { code } = await h.cli(["undo", journal, "--yes"], { env: { KANTATA_TOKEN: "colleague-token" } });
    expect(code).toBe(0);
    expect(state(h.model)).toEqual(before);
  });

  it("undo against another base URL is refused, naming both, before any request", async () => {
    const { journal } = await movedFour();
    const elsewhere = new KantataModel([]);
    const server = await elsewhere.serve();
    try {
      const { code, err } = await h.cli(["undo", journal, "--yes"], { env: { KANTATA_BASE_URL: server.baseUrl } });
      expect(code).toBe(2);
      expect(err).toContain(`made against ${h.server.baseUrl}, and KANTATA_BASE_URL now names ${server.baseUrl}`);
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("undo puts back every user the run touched, whatever became of the change", () => {
  it("changes begun with no outcome (a run killed mid-change) are read back and put back", async () => {
    const { before, journal } = await movedFour();
    // What a run killed after its last two writes leaves: their intents, not their outcomes (nor an end).
    const lines = readFileSync(journal, "utf8").trimEnd().split("\n");
    writeFileSync(journal, `${lines.slice(0, -3).join("\n")}\n`);
    const { code, out, err } = await h.cli(["undo", journal, "--yes"]);
    expect(err).not.toContain("skipped");
    expect(out).toMatch(/^4 of 4 change\(s\) applied; 0 failed; 0 not started; 0 user\(s\) skipped/);
    expect(code).toBe(0);
    expect(state(h.model)).toEqual(before);
  });

  it("an add whose can_edit update failed leaves a membership, which undo removes", async () => {
    h = await harness();
    const journal = path.join(h.dir, "run.jsonl");
    // The lookup and the create pass; the update gets a 500 (not sent again: Kantata may have applied it).
    h.model.faults = [null, null, { kind: "status-before", status: 500 }];
    const first = await h.cli([
      "sync",
      h.sheet("user_id,group_id,can_edit\n11,7,true\n"),
      "--yes",
      "--journal",
      journal,
    ]);
    expect(first.code).toBe(1);
    expect(outcomes(journal).map((o) => o.result)).toEqual(["failed"]);
    expect(h.model.of(11)).toHaveLength(1);
    h.model.faults = [];
    const { code, out } = await h.cli(["undo", journal, "--yes"]);
    expect(out).toContain("1 of 1 change(s) applied");
    expect(code).toBe(0);
    expect(h.model.of(11)).toEqual([]);
  });

  it("a last line cut short is warned of, and the change it closed is put back as half-done", async () => {
    const { before, journal } = await movedFour();
    // A run killed while it wrote its last outcome: no end line, and that outcome cut short.
    const text = readFileSync(journal, "utf8").trimEnd();
    const killed = text.slice(0, text.lastIndexOf("\n"));
    writeFileSync(journal, killed.slice(0, killed.length - 30));
    const { code, err } = await h.cli(["undo", journal, "--yes"]);
    expect(err).toMatch(/warning: line 9 was cut short/);
    expect(code).toBe(0);
    expect(state(h.model)).toEqual(before);
  });

  it("a user changed by someone else since the run is left alone and named; the others are put back", async () => {
    const { journal } = await movedFour();
    h.model.records.get([...h.model.records.values()].find((r) => r.user_id === 12)!.id)!.insights_access_group_id = 9;
    const { code, out, err } = await h.cli(["undo", journal, "--yes"]);
    expect(err).toMatch(/skipped: user 12 changed since the run \(now membership \d+ in group 9, can_edit true\)/);
    expect(out).toContain("3 of 3 change(s) applied");
    expect(code).toBe(1);
    expect(h.model.of(12)[0]!.insights_access_group_id).toBe(9);
    expect([11, 13, 14].map((u) => h.model.of(u)[0]!.insights_access_group_id)).toEqual([7, 7, 7]);
  });
});

describe("a journal is one run's, and every line is checked before anything is sent", () => {
  const tampered: [string, (lines: string[]) => string[], RegExp][] = [
    ["a line that is JSON null", (l) => [...l.slice(0, 2), "null", ...l.slice(2)], /line 3 is not a journal line/],
    [
      "a user_id given as a string",
      (l) => l.map((x, i) => (i === 1 ? x.replace('"user_id":11', '"user_id":"11"') : x)),
      /line 2 is not a journal intent line: \/change\/user_id must be integer/,
    ],
    [
      'can_edit given as "true"',
      (l) => l.map((x, i) => (i === 1 ? x.replace('"can_edit":true', '"can_edit":"true"') : x)),
      /line 2 is not a journal intent line: \/change\/can_edit must be boolean/,
    ],
    ["two runs in one file", (l) => [...l, ...l], /line 11 starts another run; a journal holds one run/],
    [
      "a line of another run",
      (l) => l.map((x, i) => (i === 3 ? x.replace(/"run":"[^"]+"/, '"run":"another"') : x)),
      /line 4 belongs to another run \(another\)/,
    ],
    ["no start line", (l) => l.slice(1), /line 1 comes before the journal's start line/],
  ];
  it.each(tampered)("%s: refused with exit 2, naming the line, nothing sent", async (_, edit, why) => {
    const { journal } = await movedFour();
    const after = state(h.model);
    const writes = h.model.writes.length;
    const lines = readFileSync(journal, "utf8").trimEnd().split("\n");
    writeFileSync(journal, `${edit(lines).join("\n")}\n`);
    const { code, err } = await h.cli(["undo", journal, "--yes"]);
    expect(err).toContain("cannot be undone; nothing was sent");
    expect(err).toMatch(why);
    expect(err).not.toMatch(/\n\s+at /);
    expect(code).toBe(2);
    expect(h.model.writes).toHaveLength(writes);
    expect(state(h.model)).toEqual(after);
  });

  it("undo cannot journal into the file it undoes", async () => {
    const { journal } = await movedFour();
    const { code, err } = await h.cli(["undo", journal, "--yes", "--journal", journal]);
    expect(code).toBe(2);
    expect(err).toContain("already exists");
    appendFileSync(journal, "");
    expect(journalLines(journal)).toHaveLength(10);
  });
});

describe("a run that changes nothing leaves no journal", () => {
  const journals = () => readdirSync(h.dir).filter((f) => f.endsWith(".jsonl"));

  it.each([
    ["unconfirmed (a removal, off a terminal, without --yes)", ["remove", "11"], 2],
    ["refused (the token is not an administrator's)", ["remove", "11", "--yes"], 2],
    ["with nothing to change", ["revoke", "11"], 0],
  ])("%s", async (what, args, exit) => {
    h = await harness({ tokens: { "viewer-token": 3 } });
    h.put(member(1, 11, 7));
    const env: { [name: string]: string } = what.startsWith("refused") ? { KANTATA_TOKEN: "viewer-token" } : {};
    const { code } = await h.cli(args, { env });
    expect(code).toBe(exit);
    expect(journals()).toEqual([]);
    expect(h.model.writes).toEqual([]);
  });
});

describe("when the token cannot be checked", () => {
  it("a change exits 3, saying so, with nothing sent", async () => {
    h = await harness({ meStatus: 500 });
    h.put(member(1, 11, 7));
    const { code, err } = await h.cli(["grant", "11", "--yes"]);
    expect(err).toContain("could not check the token: reading its user (GET /users/me) failed");
    expect(err).toContain("Nothing was changed");
    expect(code).toBe(3);
    expect(h.model.writes).toEqual([]);
  });

  it("a dry run warns and shows its plan", async () => {
    h = await harness({ meStatus: 503 });
    h.put(member(1, 11, 7));
    const { code, out, err } = await h.cli(["sync", h.sheet("user_id,group_id,can_edit\n11,8,false\n"), "--dry-run"]);
    expect(err).toContain("warning: could not check the token");
    expect(out).toContain("move user 11 (User 11 <user11@example.com>) to group 8");
    expect(code).toBe(0);
  });
});

it("a signal while undo reads the account stops it, saying no change was made", async () => {
  const { journal } = await movedFour();
  h.model.options.latencyMs = 200;
  const signals = new EventEmitter();
  const seen = h.model.log.length;
  const writes = h.model.writes.length;
  const run = h.cli(["undo", journal, "--yes"], { signals });
  await until(() => h.model.log.slice(seen).some((l) => l.includes("user_ids")));
  signals.emit("SIGINT");
  const { code, err } = await run;
  expect(err).toContain("stopped while planning: no change was made");
  expect(code).toBe(130);
  expect(h.model.writes).toHaveLength(writes);
  expect(readdirSync(h.dir).filter((f) => f.endsWith(".jsonl"))).toEqual(["run.jsonl"]);
});
