// The command line never acts on the wrong people: a prune never removes someone the sheet
// names, an address with spaces around it is still that person's, a refused token is reported
// as refused, and a journal is one run's own file, created for it and readable by its owner.
import { lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { harness, member, outcomes, type Harness } from "./helpers/harness.js";

let h: Harness;
afterEach(() => h.close());

describe("sync --prune never removes a person the sheet names", () => {
  it.each([
    ["an address no user has", "user_id,email,group_id,can_edit\n11,,7,false\n,user1299@example.com,7,false\n"],
    [
      "a user_id and an email that disagree",
      "user_id,email,group_id,can_edit\n11,,7,false\n13,user12@example.com,7,false\n",
    ],
  ])("a row naming %s: the prune is refused, naming the row, and no change is made", async (_, sheet) => {
    h = await harness();
    h.put(member(1, 11, 7), member(2, 12, 7), member(3, 13, 7));
    const { code, err } = await h.cli(["sync", h.sheet(sheet), "--prune", "--yes", "--no-journal"]);
    expect(code).toBe(2);
    expect(err).toMatch(/skipped: line 3: /);
    expect(err).toContain("--prune refused: the 1 row(s) above name no one for certain");
    expect(h.model.writes).toEqual([]);
    expect([11, 12, 13].map((u) => h.model.of(u).length)).toEqual([1, 1, 1]);
  });

  it("without --prune the same sheet applies the rows it can, and says which it skipped", async () => {
    h = await harness();
    h.put(member(1, 11, 7), member(2, 12, 7));
    const sheet = h.sheet("user_id,email,group_id,can_edit\n11,,7,true\n,nobody@example.com,7,false\n");
    const { code, err } = await h.cli(["sync", sheet, "--yes", "--no-journal"]);
    expect(err).toContain("skipped: line 3: no user of the account has the email address");
    expect(code).toBe(1);
    expect(h.model.of(11)[0]!.can_edit).toBe(true);
    expect(h.model.of(12)).toHaveLength(1);
  });
});

it("an address with spaces around it names its user", async () => {
  h = await harness();
  h.put(member(1, 1002, 7));
  const sheet = h.sheet('email,group_id,can_edit\n"user1002@example.com ",7,true\n');
  const { code, out } = await h.cli(["sync", sheet, "--yes", "--no-journal"]);
  expect(out).toMatch(/^1 of 1 change\(s\) applied; 0 failed; 0 not started; 0 user\(s\) skipped/);
  expect(code).toBe(0);
  expect(h.model.of(1002)[0]!.can_edit).toBe(true);
});

it("a write refused with 401 (a token that expired mid-run) is FAILED, not UNKNOWN, even when the read-back is refused too", async () => {
  h = await harness();
  h.put(member(1, 11, 7, true));
  // The lookup answers; the write and then the read-back meet a 401.
  h.model.faults = [null, { kind: "status-before", status: 401 }, { kind: "status-before", status: 401 }];
  const journal = path.join(h.dir, "journal.jsonl");
  const { code } = await h.cli(["revoke", "11", "--journal", journal]);
  expect(code).toBe(1);
  expect(outcomes(journal).map((o) => o.result)).toEqual(["failed"]);
  expect(h.model.of(11)[0]!.can_edit).toBe(true);
});

describe("a journal is one run's own file", () => {
  const sheet = "user_id,group_id,can_edit\n11,7,true\n";

  it("an existing --journal is refused, left as it was, and nothing is sent", async () => {
    h = await harness();
    h.put(member(1, 11, 7));
    const journal = path.join(h.dir, "journal.jsonl");
    writeFileSync(journal, "an earlier run\n");
    const { code, err } = await h.cli(["sync", "--yes", h.sheet(sheet), "--journal", journal]);
    expect(code).toBe(2);
    expect(err).toContain(`the journal ${JSON.stringify(journal)} already exists`);
    expect(err).toContain("Nothing was sent.");
    expect(readFileSync(journal, "utf8")).toBe("an earlier run\n");
    expect(h.model.log).toEqual([]);
  });

  it("a --journal that is a symbolic link is refused, and the file it points to is untouched", async () => {
    h = await harness();
    h.put(member(1, 11, 7));
    const precious = path.join(h.dir, "precious.txt");
    writeFileSync(precious, "precious file contents\n");
    const link = path.join(h.dir, "journal.jsonl");
    symlinkSync(precious, link);
    const { code } = await h.cli(["sync", "--yes", h.sheet(sheet), "--journal", link]);
    expect(code).toBe(2);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(precious, "utf8")).toBe("precious file contents\n");
    expect(h.model.writes).toEqual([]);
  });

  it("is created readable and writable by its owner alone", async () => {
    h = await harness();
    h.put(member(1, 11, 7));
    const journal = path.join(h.dir, "journal.jsonl");
    const { code } = await h.cli(["sync", "--yes", h.sheet(sheet), "--journal", journal]);
    expect(code).toBe(0);
    expect(statSync(journal).mode & 0o777).toBe(0o600);
  });
});

describe("export then sync of the export is a no-op, for every account the export can describe", () => {
  /** Exports the account, then syncs the export back: nothing to change, exit 0, nothing sent. */
  async function roundTrip() {
    const exported = await h.cli(["export"]);
    expect(exported.code).toBe(0);
    const writes = h.model.writes.length;
    const { code, out, err } = await h.cli(["sync", "-", "--prune", "--yes", "--no-journal"], { stdin: exported.out });
    expect({ code, out, err }).toEqual({ code: 0, out: "nothing to change\n", err: "" });
    expect(h.model.writes).toHaveLength(writes);
  }
  const user = (id: number, overrides: object) => ({ ...h.model.user(id), id, ...overrides });

  it("a user with two memberships (the rows together say what they hold)", async () => {
    h = await harness();
    h.put(member(1, 1001, 7), member(2, 1001, 8, true), member(3, 1002, 7));
    await roundTrip();
  });

  it("an email address two users share (the user_id says which)", async () => {
    h = await harness();
    h.model.users.set(1001, user(1001, { email_address: "team@example.com" }));
    h.model.users.set(1002, user(1002, { email_address: "team@example.com" }));
    h.put(member(1, 1001, 7), member(2, 1002, 7, true));
    await roundTrip();
  });

  it("a disabled user who still holds a membership", async () => {
    h = await harness();
    h.model.users.set(1001, user(1001, { disabled: true }));
    h.put(member(1, 1001, 7), member(2, 1002, 7));
    await roundTrip();
  });

  it("an address a spreadsheet would read as a formula (written with an apostrophe, read without)", async () => {
    h = await harness();
    h.model.users.set(1001, user(1001, { email_address: "-odd@example.com" }));
    h.model.users.set(1002, user(1002, { email_address: "=sum@example.com", full_name: "+Plus" }));
    h.put(member(1, 1001, 7), member(2, 1002, 7));
    await roundTrip();
  });
});

describe("a person named twice is refused, not half-applied", () => {
  it.each([
    ["once by id and once by email", "user_id,email,group_id,can_edit\n1001,,8,false\n,user1001@example.com,9,false\n"],
    [
      "twice by email, with different can_edit",
      "email,group_id,can_edit\nuser1001@example.com,7,true\nUser1001@example.com,7,false\n",
    ],
    ["twice by id, in two groups they are not in", "user_id,group_id,can_edit\n1001,8,false\n1001,9,false\n"],
  ])("%s: exit 2, naming both lines, nothing sent", async (_, sheet) => {
    h = await harness();
    h.put(member(1, 1001, 7));
    const { code, err } = await h.cli(["sync", h.sheet(sheet), "--yes", "--no-journal"]);
    expect(err).toMatch(/line 3: user 1001 is already on line 2/);
    expect(err).toContain("nothing was sent");
    expect(code).toBe(2);
    expect(h.model.writes).toEqual([]);
  });
});

describe("a server that sends no meta", () => {
  /** A fresh fake whose answers carry neither meta nor count, holding `members` in group 9. */
  async function noMeta(members: number) {
    h = await harness({
      rewrite: (body) => {
        delete body.meta;
        delete body.count;
      },
    });
    for (let i = 0; i < members; i++) h.put(member(3000 + i, 5000 + i, 9));
  }

  it("export reads until a short page: all 450 members, not the first 200", async () => {
    await noMeta(450);
    const { code, out } = await h.cli(["export"]);
    expect(code).toBe(0);
    expect(out.trim().split("\n")).toHaveLength(451);
  });

  it("answering the same full page again ends in exit 3, not a loop", async () => {
    await noMeta(250);
    h.model.repeatPages = true;
    const { code, err } = await h.cli(["export"]);
    expect(code).toBe(3);
    expect(err).toContain("Kantata's page 2 holds only records of earlier pages, and no meta says where the list ends");
  });
});
