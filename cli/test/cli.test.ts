// kantata-insights against the stateful fake Kantata over HTTP on 127.0.0.1: list over three
// pages, grant/revoke (and their no-op), move, and sync: dry run, apply, a second run that
// writes nothing, a bad sheet, failing writes with a journal, and bursts of 429.
import path from "node:path";
import { harness, member, outcomes, type Harness } from "./helpers/harness.js";

let h: Harness;
let model: Harness["model"];
beforeEach(async () => {
  h = await harness();
  model = h.model;
});
afterEach(() => h.close());
const put: Harness["put"] = (...records) => h.put(...records);
const cli: Harness["cli"] = (args, options) => h.cli(args, options);
const sheet = (text: string) => h.sheet(text);

it("list walks every page (200 a page, the most Kantata allows) and prints a table", async () => {
  for (let i = 0; i < 450; i++) put(member(100 + i, 1000 + i, 7));
  const { code, out } = await cli(["list", "--group", "7"], { tty: true });
  expect(code).toBe(0);
  expect(model.log.filter((l) => l.startsWith("GET /?"))).toHaveLength(3);
  expect(out.split("\n")[0]).toMatch(/^membership +user +name +email +group +group name +can_edit$/);
  expect(
    model.log
      .filter((l) => l.startsWith("GET /?"))
      .map((l) => new URL(l.slice(5), "http://x").searchParams.get("per_page")),
  ).toEqual(["200", "200", "200"]);
  expect(out).toMatch(/^549 +1449 +User 1449 +user1449@example\.com +7 +Group 7 +false$/m);
  expect(out.trim().split("\n")).toHaveLength(451);
});

it("list --json prints one JSON array; on a pipe, tab-separated lines with a header", async () => {
  put(member(1, 11, 7, true));
  const { out } = await cli(["list", "--user", "11", "--json"]);
  expect(JSON.parse(out)).toEqual([expect.objectContaining({ id: "1", user_id: 11, can_edit: true })]);
  const piped = await cli(["list", "--user", "user11@example.com"]);
  expect(piped.out).toBe(
    "membership\tuser\tname\temail\tgroup\tgroup name\tcan_edit\n1\t11\tUser 11\tuser11@example.com\t7\tGroup 7\ttrue\n",
  );
});

it("grant and revoke say what was and what is, and send nothing when it already is so", async () => {
  put(member(1, 11, 7, false));
  expect((await cli(["grant", "--yes", "11"])).out).toBe(
    "user 11 (User 11 <user11@example.com>), membership 1 in group 7: can_edit false → true\n",
  );
  const writes = model.writes.length;
  expect((await cli(["grant", "--yes", "11"])).out).toBe(
    "user 11 (User 11 <user11@example.com>), membership 1 in group 7: can_edit already is true; nothing sent\n",
  );
  expect(model.writes).toHaveLength(writes);
  expect((await cli(["revoke", "11"])).out).toBe(
    "user 11 (User 11 <user11@example.com>), membership 1 in group 7: can_edit true → false\n",
  );
});

it("move succeeds, and a failed move prints its state with exit 1", async () => {
  put(member(1, 11, 7, true), member(2, 12, 7, false));
  expect((await cli(["move", "--yes", "11", "8"])).out).toBe(
    "user 11 moved to group 8 as membership 2000, can_edit true\n",
  );
  model.faults = [...model.log.map(() => null), null, { kind: "status-before", status: 403 }];
  const failed = await cli(["move", "--yes", "12", "8"]);
  expect(failed.code).toBe(1);
  expect(failed.err).toContain("move failed; state: unchanged");
});

it("refuses unknown flags, bad values and a missing token with exit 2, sending nothing", async () => {
  const unknown = await cli(["list", "--groups", "7"]);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain("allowed for list: --help, --group, --user, --email, --name, --can-edit, --json");
  expect((await cli(["add", "--yes", "11", "8", "--can-edit", "yes"])).err).toContain(
    "--can-edit must be true or false",
  );
  expect((await cli(["show", "abc"])).err).toContain('USER: "abc" is not a positive whole number');
  expect((await cli(["list"], { env: { KANTATA_TOKEN: "" } })).code).toBe(2);
  expect((await cli(["sync", "--yes", "--help"])).out).toContain("usage: kantata-insights sync FILE.csv");
  expect(model.log).toEqual([]);
});

describe("sync", () => {
  beforeEach(() => put(member(1, 11, 7, false), member(2, 12, 7, true), member(3, 13, 9, false)));
  const file = () => sheet('\ufeffuser_id,group_id,can_edit\n11,7,true\n"12",8,true\n14,7,false\n');

  it("--dry-run prints the plan and sends only reads", async () => {
    const { code, out } = await cli(["sync", "--yes", file(), "--dry-run", "--prune"]);
    expect(code).toBe(0);
    // One line per change, each user named, the grant marked.
    expect(out).toContain(
      "  !~ set can_edit true for user 11 (User 11 <user11@example.com>) in group 7 (was membership 1 in group 7, can_edit false)\n",
    );
    expect(out).toContain("   → move user 12 (User 12 <user12@example.com>) to group 8 with can_edit true");
    expect(out).toContain("add user 14 to group 7 with can_edit false");
    expect(model.writes).toEqual([]);
    const json = await cli(["sync", "--yes", file(), "--dry-run", "--json"]);
    expect(JSON.parse(json.out).changes.map((c: { action: string }) => c.action)).toEqual([
      "set-can-edit",
      "move",
      "add",
    ]);
  });

  it("reaches the file's state, journals every change, and a second run writes nothing", async () => {
    const journal = path.join(h.dir, "journal.jsonl");
    const first = await cli(["sync", "--yes", file(), "--journal", journal]);
    expect(first.out).toContain("3 of 3 change(s) applied; 0 failed");
    expect(first.code).toBe(0);
    expect(model.of(11)).toEqual([member(1, 11, 7, true)]);
    expect(model.of(12)).toEqual([expect.objectContaining({ insights_access_group_id: 8, can_edit: true })]);
    expect(model.of(14)).toEqual([expect.objectContaining({ insights_access_group_id: 7, can_edit: false })]);
    expect(outcomes(journal).map((l) => l.result)).toEqual(["done", "done", "done"]);
    const writes = model.writes.length;
    const second = await cli(["sync", "--yes", file()]);
    expect(second.out).toBe("nothing to change\n");
    expect(model.writes).toHaveLength(writes);
  });

  it("a sheet with three bad rows exits 2, naming every line, and sends nothing", async () => {
    const bad = sheet("user_id,group_id,can_edit\nx,7,true\n11,7,yes\n12,0,true\n");
    const { code, err } = await cli(["sync", "--yes", bad]);
    expect(code).toBe(2);
    expect(err).toContain("has 3 problem(s); nothing was sent");
    expect(err).toContain('line 2: user_id "x" is not a positive whole number');
    expect(err).toContain('line 3: can_edit "yes" is not true or false');
    expect(err).toContain("line 4: group_id");
    expect(model.log).toEqual([]);
  });

  it("lists the writes that failed with exit 1, and the journal records every change", async () => {
    const journal = path.join(h.dir, "journal.jsonl");
    // reads: the lookup; then the three changes, with the first write refused (403)
    model.faults = [null, { kind: "status-before", status: 403 }];
    const { code, out } = await cli(["sync", "--yes", file(), "--journal", journal, "--concurrency", "1"]);
    expect(code).toBe(1);
    expect(out).toContain("2 of 3 change(s) applied; 1 failed");
    // The first request after the lookup is refused, whichever change it belongs to (moves go first).
    expect(out).toMatch(/FAILED (move user 12|set can_edit true for user 11) .*answered 403/);
    expect(outcomes(journal)).toHaveLength(3);
  });

  it("bursts of 429 still complete, through the client's retries", async () => {
    model.faults = [
      null,
      ...Array.from({ length: 12 }, (_, i) => (i % 2 ? null : { kind: "status-before" as const, status: 429 })),
    ];
    // One change at a time, so that every request's first attempt meets a 429 and its retry does not:
    // faults are dealt by request order, which concurrent changes would shuffle.
    const { code, out } = await cli(["sync", "--yes", file(), "--concurrency", "1"]);
    expect(out).toContain("3 of 3 change(s) applied; 0 failed");
    expect(code).toBe(0);
    expect(model.log.filter((line) => line.startsWith("PUT") || line.startsWith("POST")).length).toBeGreaterThan(3);
  });

  it("progress is plain lines when piped and one updated line on a terminal, without colour under NO_COLOR", async () => {
    const piped = await cli(["sync", "--yes", file(), "--dry-run"]);
    expect(piped.err).toBe("");
    const applied = await cli(["sync", "--yes", file()]);
    expect(applied.err).not.toMatch(/\u001b/);
    expect(
      applied.err
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("[")),
    ).toHaveLength(3);
    model.records.get(1)!.can_edit = false;
    const tty = await cli(["sync", "--yes", file()], { tty: true, env: { NO_COLOR: "1" } });
    expect(tty.err).toContain("\r");
    expect(tty.err).not.toMatch(/\u001b\[3\dm/);
  });
});

it("add says the membership exists when only setting can_edit failed", async () => {
  model.faults = [null, { kind: "status-before", status: 500 }];
  const { code, err } = await cli(["add", "--yes", "15", "7", "--can-edit", "true"]);
  expect(code).toBe(1);
  expect(err).toContain("add: failed; user 15 is now in group 7 as membership 2000 with can_edit false");
  expect(model.of(15)).toEqual([expect.objectContaining({ insights_access_group_id: 7, can_edit: false })]);
});
