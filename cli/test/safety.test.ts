// The command line's safety, one deterministic test per behaviour, against the shared fake
// Kantata: nothing a user relies on is lost to an unwritable journal, a signal, a server that
// ignores a filter, ids sent as strings, a duplicate column, a lost answer, a 429 storm, a
// stall, hostile text, or a live check that believed what it was told.
import { EventEmitter } from "node:events";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { harness, journalLines, member, outcomes, token, type Harness } from "./helpers/harness.js";

let h: Harness;
afterEach(() => h.close());

describe("the journal is opened before anything is sent", () => {
  it("an unwritable --journal exits 2, naming the file and the flag, with nothing sent", async () => {
    h = await harness();
    h.put(member(1, 11, 7));
    // Tests run as root, who may write anywhere that exists: a folder that does not exist is unwritable for everyone.
    const journal = path.join(h.dir, "no-such-folder", "journal.jsonl");
    const { code, err } = await h.cli([
      "sync",
      "--yes",
      h.sheet("user_id,group_id,can_edit\n11,8,true\n"),
      "--journal",
      journal,
    ]);
    expect(code).toBe(2);
    expect(err).toContain(`cannot write the journal ${JSON.stringify(journal)} (ENOENT)`);
    expect(err).toContain("--journal FILE");
    expect(err).toContain("Nothing was sent.");
    expect(err).not.toMatch(/\n\s+at /);
    expect(h.model.log).toEqual([]);
  });

  it("without --journal, a run writes one in the current folder: each change's intent before its outcome", async () => {
    h = await harness();
    h.put(member(1, 11, 7), member(2, 12, 7));
    const { code } = await h.cli(["sync", "--yes", h.sheet("user_id,group_id,can_edit\n11,8,true\n12,7,true\n")]);
    expect(code).toBe(0);
    const [file] = readdirSync(h.dir).filter((f) => /^kantata-insights-.*\.jsonl$/.test(f));
    const lines = journalLines(path.join(h.dir, file!));
    expect(lines[0]).toMatchObject({ event: "start" });
    for (const outcome of lines.filter((l) => l.event === "outcome")) {
      const intent = lines.findIndex((l) => l.event === "intent" && l.seq === outcome.seq);
      expect(intent).toBeGreaterThan(0);
      expect(intent).toBeLessThan(lines.indexOf(outcome));
    }
    const none = await h.cli(["revoke", "12", "--no-journal"]);
    expect(none.code).toBe(0);
    expect(readdirSync(h.dir).filter((f) => f.endsWith(".jsonl"))).toHaveLength(1);
  });
});

describe("a signal during apply", () => {
  const sheet = (users: number[]) => `user_id,group_id,can_edit\n${users.map((u) => `${u},8,true`).join("\n")}\n`;

  it("SIGINT starts no new change, lets those in flight finish, journals them, summarises and exits 130", async () => {
    h = await harness({ latencyMs: 40 });
    const users = Array.from({ length: 12 }, (_, i) => 100 + i);
    for (const u of users) h.put(member(u, u, 7, true));
    const signals = new EventEmitter();
    const journal = path.join(h.dir, "journal.jsonl");
    const run = h.cli(["sync", "--yes", h.sheet(sheet(users)), "--journal", journal, "--concurrency", "2"], {
      signals,
    });
    // Stop once the first change has finished.
    await waitFor(() => outcomesIfAny(journal).length >= 1);
    signals.emit("SIGINT");
    const { code, out, err } = await run;
    expect(code).toBe(130);
    expect(err).toContain("SIGINT: no new change will start");
    expect(out).toMatch(/^\d+ of 12 change\(s\) applied; 0 failed; \d+ not started/);
    const done = outcomes(journal);
    expect(done.length).toBeLessThan(12);
    expect(done.every((o) => o.result === "done")).toBe(true);
    // Every user the account changed for is named in the journal.
    const moved = users.filter((u) => h.model.of(u)[0]?.insights_access_group_id === 8);
    expect(moved.sort()).toEqual(done.map((o) => o.change.user_id).sort());
  });

  it("on a terminal, the progress line an interrupt leaves open is ended before the summary", async () => {
    h = await harness({ latencyMs: 40 });
    const users = Array.from({ length: 8 }, (_, i) => 100 + i);
    for (const u of users) h.put(member(u, u, 7, true));
    const signals = new EventEmitter();
    const journal = path.join(h.dir, "journal.jsonl");
    const run = h.cli(["sync", "--yes", h.sheet(sheet(users)), "--journal", journal, "--concurrency", "1"], {
      signals,
      tty: true,
    });
    await waitFor(() => outcomesIfAny(journal).length >= 1);
    signals.emit("SIGINT");
    const { code, err } = await run;
    expect(code).toBe(130);
    // What stderr holds when the summary is printed (on stdout, to the same terminal).
    const beforeSummary = err.slice(0, err.lastIndexOf("journal: "));
    expect(beforeSummary).toMatch(/\[\d\/8\] .*\n$/);
  });

  it("a second signal stops at once, journaling what was in flight as interrupted", async () => {
    h = await harness({ latencyMs: 300 });
    const users = [201, 202, 203, 204];
    for (const u of users) h.put(member(u, u, 7, true));
    const signals = new EventEmitter();
    const journal = path.join(h.dir, "journal.jsonl");
    const run = h.cli(["sync", "--yes", h.sheet(sheet(users)), "--journal", journal, "--concurrency", "2"], {
      signals,
    });
    await waitFor(() => existsSync(journal) && journalLines(journal).filter((l) => l.event === "intent").length >= 2);
    signals.emit("SIGTERM");
    signals.emit("SIGTERM");
    const { code, out } = await run;
    expect(code).toBe(143);
    expect(out).toContain("INTERRUPTED");
    const interrupted = outcomes(journal).filter((o) => o.result === "interrupted");
    expect(interrupted.map((o) => o.change.user_id).sort()).toEqual([201, 202]);
    await h.model.settled();
  });
});

describe("prune trusts nothing", () => {
  it("against a server that ignores by_access_group_id, removes only members of the groups the sheet names", async () => {
    h = await harness({ ignoreFilters: true });
    h.put(member(1, 11, 7), member(2, 12, 7), member(3, 13, 9), member(4, 14, 9), member(5, 15, 9));
    const { code, out } = await h.cli(["sync", "--yes", h.sheet("user_id,group_id,can_edit\n11,7,false\n"), "--prune"]);
    expect(code).toBe(0);
    expect(out).toContain("1 of 1 change(s) applied");
    expect([...h.model.records.keys()].sort()).toEqual([1, 3, 4, 5]);
  });

  it("is refused when a listing holds fewer records than Kantata counted", async () => {
    // Only the group's listing (its two members) miscounts; the library refuses a lookup that does.
    h = await harness({
      rewrite: (body, { path: p }) => {
        if (p === "" && body.meta && Object.keys(body.insights_access_group_memberships).length === 2)
          body.meta.count += 5;
      },
    });
    h.put(member(1, 11, 7), member(2, 12, 7));
    const { code, err } = await h.cli(["sync", "--yes", h.sheet("user_id,group_id,can_edit\n11,7,false\n"), "--prune"]);
    expect(code).toBe(2);
    expect(err).toContain("--prune refused: the listing of group 7 held 2 of the 7 memberships Kantata counted");
    expect(h.model.writes).toEqual([]);
  });

  it("stops, changing nothing, when any listing contradicts Kantata's count (exit 3, the inconsistency named)", async () => {
    h = await harness({
      rewrite: (body, { path: p }) => {
        if (p === "" && body.meta) body.meta.count += 5;
      },
    });
    h.put(member(1, 11, 7), member(2, 12, 7));
    const { code, err } = await h.cli(["sync", "--yes", h.sheet("user_id,group_id,can_edit\n11,7,true\n"), "--prune"]);
    expect(code).toBe(3);
    expect(err).toMatch(/record\(s\) in pages 1 to 1, where meta \{"count":\d+/);
    expect(h.model.writes).toEqual([]);
  });

  it("above --max-removals (default: 10% of the listed members, or 5) removes nothing and exits 2", async () => {
    h = await harness();
    for (let i = 0; i < 20; i++) h.put(member(100 + i, 1000 + i, 7));
    const file = h.sheet("user_id,group_id,can_edit\n1000,7,false\n");
    const { code, err } = await h.cli(["sync", "--yes", file, "--prune"]);
    expect(code).toBe(2);
    expect(err).toContain("would remove 19 of 20 member(s) of the named groups, more than --max-removals 5");
    expect(h.model.writes).toEqual([]);
    expect((await h.cli(["sync", "--yes", file, "--prune", "--max-removals", "19"])).code).toBe(0);
    expect(h.model.records.size).toBe(1);
  });
});

it("ids Kantata sends as strings compare as ids: a user already right is left alone", async () => {
  h = await harness({ stringIds: true });
  h.put(member(1, 1001, 7, true), member(2, 1002, 7, false));
  const { code, out } = await h.cli([
    "sync",
    "--yes",
    "--yes",
    h.sheet("user_id,group_id,can_edit\n1001,7,true\n1002,7,false\n"),
  ]);
  expect(out).toBe("nothing to change\n");
  expect(code).toBe(0);
  expect(h.model.writes).toEqual([]);
});

describe("remove, revoke and grant act only on the user asked for", () => {
  it.each([
    ["remove", (h: Harness) => expect(h.model.of(1001)).toEqual([])],
    ["revoke", (h: Harness) => expect(h.model.of(1001)[0]!.can_edit).toBe(false)],
  ])("%s 1001 against a server that ignores user_ids", async (command, check) => {
    h = await harness({ ignoreFilters: true });
    h.put(member(1, 999, 7, true), member(2, 1001, 7, true));
    const { code } = await h.cli([command, "--yes", "1001"]);
    expect(code).toBe(0);
    check(h);
    expect(h.model.of(999)).toEqual([member(1, 999, 7, true)]);
  });
});

it("a column named twice is refused, naming both columns", async () => {
  h = await harness();
  const { code, err } = await h.cli([
    "sync",
    "--yes",
    "--yes",
    h.sheet("user_id,group_id,can_edit,user_id\n1001,7,true,1002\n"),
  ]);
  expect(code).toBe(2);
  expect(err).toContain('the header names "user_id" twice (columns 1 and 4)');
  expect(h.model.log).toEqual([]);
});

describe("a write applied whose answer was lost is read back, and reported as it is", () => {
  const sheet = "user_id,group_id,can_edit\n11,7,true\n";
  it.each([
    // The lookup answers, then the write is applied and its answer lost; PUT is not retried on a 500.
    ["set can_edit, answered 500 after applying", ["sync", sheet], [null, { kind: "status-after", status: 500 }]],
    // DELETE is retried after a 503, and the retry finds nothing to delete (404).
    ["remove, answered 503 after applying", ["remove", "11"], [null, { kind: "status-after", status: 503 }]],
    // POST is never retried: only a read-back can tell.
    ["add, its connection dropped after applying", ["add", "12", "7"], [{ kind: "drop-after" }]],
    ["add, stalled after applying", ["add", "12", "7"], [{ kind: "stall-after" }]],
  ] as const)("%s: done (confirmed by read-back)", async (_, [command, arg, ...rest], faults) => {
    h = await harness();
    h.put(member(1, 11, 7));
    h.model.faults = [...faults];
    const journal = path.join(h.dir, "journal.jsonl");
    const args = command === "sync" ? ["sync", "--yes", h.sheet(arg)] : [command, "--yes", arg, ...rest];
    const { code } = await h.cli([...args, "--journal", journal, "--timeout", "1"]);
    expect(outcomes(journal).map((o) => o.result)).toEqual(["done (confirmed by read-back)"]);
    expect(code).toBe(0);
  });
});

it("one throttle for all workers: a 429 storm from a rate-limited server gives up on nothing", async () => {
  h = await harness({ rateLimit: { perSecond: 20, retryAfter: false } });
  const users = Array.from({ length: 40 }, (_, i) => 300 + i);
  for (const u of users) h.put(member(u, u, 7));
  const lines = users.map((u, i) => `${u},${i % 2 ? 8 : 7},true`);
  const { code, out } = await h.cli([
    "sync",
    "--yes",
    h.sheet(`user_id,group_id,can_edit\n${lines.join("\n")}\n`),
    "--concurrency",
    "16",
  ]);
  expect(out).toMatch(/^40 of 40 change\(s\) applied; 0 failed; 0 not started/);
  expect(code).toBe(0);
  for (const [i, u] of users.entries()) {
    expect(h.model.of(u)).toEqual([
      expect.objectContaining({ insights_access_group_id: i % 2 ? 8 : 7, can_edit: true }),
    ]);
  }
}, 60_000);

it("a Retry-After longer than the client waits ends every change at once, not attempted, without asking again", async () => {
  h = await harness();
  const users = Array.from({ length: 20 }, (_, i) => 500 + i);
  for (const u of users) h.put(member(u, u, 7));
  // The first write meets a 429 asking for an hour; the library gives up on it at once, and the
  // throttle answers every later request the same way without sending it.
  h.model.faults = [null, { kind: "status-before", status: 429, headers: { "retry-after": "3600" } }];
  const file = h.sheet(`user_id,group_id,can_edit\n${users.map((u) => `${u},7,true`).join("\n")}\n`);
  const { code, out } = await h.cli(["sync", "--yes", file, "--concurrency", "1", "--timeout", "2"]);
  expect(code).toBe(1);
  expect(out).toMatch(/^0 of 20 change\(s\) applied; 0 failed; 20 not started/);
  expect(out.match(/NOT ATTEMPTED \(RATE-LIMITED\)/g)).toHaveLength(20);
  expect(h.model.writes).toHaveLength(1);
  expect(users.every((u) => h.model.of(u)[0]!.can_edit === false)).toBe(true);
});

it("seconds of 429s at the start (a busy server, no Retry-After) are ridden out (bench:cli measures how soon)", async () => {
  h = await harness({ rateLimit: { perSecond: 1000, retryAfter: false, busyMs: 2500 } });
  const users = Array.from({ length: 10 }, (_, i) => 600 + i);
  for (const u of users) h.put(member(u, u, 7));
  const file = h.sheet(`user_id,group_id,can_edit\n${users.map((u) => `${u},7,true`).join("\n")}\n`);
  const { code, out } = await h.cli(["sync", "--yes", "--no-journal", file]);
  expect(out).toMatch(/^10 of 10 change\(s\) applied; 0 failed/);
  expect(code).toBe(0);
  // Once the burst has passed, the changes go out together: only the first reads met 429s, the
  // two sent at once, then one at a time after pauses that double (250, 500, 1000 and 2000 ms).
  expect(h.model.rateLimited).toBeLessThanOrEqual(5);
  expect(h.model.writes).toHaveLength(10);
});

it("after 3 changes in a row refused (401 or 403), no further change starts, and the rest are not attempted", async () => {
  // A token that may read, but whose every write is refused.
  h = await harness({ refuseWrites: 403 });
  const users = [401, 402, 403, 404, 405, 406];
  for (const u of users) h.put(member(u, u, 7));
  const file = h.sheet(`user_id,group_id,can_edit\n${users.map((u) => `${u},7,true`).join("\n")}\n`);
  const { code, out, err } = await h.cli(["sync", "--yes", file, "--concurrency", "1"]);
  expect(code).toBe(1);
  expect(err).toContain("Kantata refused 3 changes in a row (401 or 403): is KANTATA_TOKEN an Account Administrator's");
  expect(out).toMatch(/^0 of 6 change\(s\) applied; 3 failed; 3 not started/);
  expect(out.match(/NOT ATTEMPTED \(AUTHORIZATION REFUSED\)/g)).toHaveLength(3);
  expect(h.model.writes).toHaveLength(3);
  expect(users.every((u) => h.model.of(u)[0]!.can_edit === false)).toBe(true);
});

it("planning shows its progress on a terminal", async () => {
  h = await harness();
  h.put(member(1, 11, 7));
  const { err } = await h.cli(["sync", "--yes", h.sheet("user_id,group_id,can_edit\n11,7,true\n")], { tty: true });
  expect(err).toContain("reading the account: 1 of 1 user(s)");
});

it("--timeout bounds a stalled server: the command ends, saying what happened", async () => {
  h = await harness();
  h.model.scripted = true;
  h.model.answers = [{ hang: true }];
  const started = Date.now();
  const { code, err } = await h.cli(["list", "--timeout", "0.3"]);
  expect(code).toBe(3);
  expect(err).toContain("KantataTimeoutError");
  expect(err).toContain("no answer within 300 ms");
  // Three attempts of 0.3 s and the waits between them, not three of 190 s (a loose bound on a shared machine).
  expect(Date.now() - started).toBeLessThan(15_000);
});

describe("server text reaches the terminal escaped", () => {
  it("list escapes control sequences from a record; --json stays exact JSON", async () => {
    const title = "\u001b]0;pwned\u0007\u001b[2J";
    h = await harness({
      rewrite: (body) => {
        for (const r of Object.values<any>(body.insights_access_group_memberships ?? {}))
          r.insights_access_group_name = title;
      },
    });
    h.put(member(1, 11, 7));
    const { out } = await h.cli(["list"]);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain("\\u001b]0;pwned\\u0007\\u001b[2J");
    const json = await h.cli(["list", "--json"]);
    expect(JSON.parse(json.out)[0].insights_access_group_name).toBe(title);
  });

  it("a 422 message with a line break cannot forge a line of the summary", async () => {
    h = await harness();
    h.put(member(1, 11, 7));
    h.model.faults = [
      null,
      { kind: "status-before", status: 422, message: "nope\n3 of 3 change(s) applied; 0 failed" },
    ];
    const { out } = await h.cli(["sync", "--yes", h.sheet("user_id,group_id,can_edit\n11,7,true\n")]);
    expect(out.split("\n").filter((l) => /^\d+ of \d+ change\(s\) applied/.test(l))).toHaveLength(1);
    expect(out).toContain("nope\\n3 of 3 change(s) applied");
  });
});

describe("the live check never prints the token", () => {
  it("whether the server echoes it in a header or in a body field", async () => {
    h = await harness({
      token,
      echoHeaders: { "x-debug-auth": `Bearer ${token}` },
      rewrite: (body) => {
        for (const r of Object.values<any>(body.insights_access_group_memberships ?? {})) r.debug = token;
      },
    });
    h.put(member(42, 1001, 7));
    for (const args of [["verify"], ["verify", "--json"]]) {
      const { out } = await h.cli(args);
      expect(out).toContain("x-debug-auth: Bearer [redacted]");
      expect(out).not.toContain(token);
    }
  });
});

describe("the live check's exit codes say what happened", () => {
  it.each([
    ["a 500 on every request", 500, 1],
    ["a 302 on every request", 302, 1],
    ["a 403 on every request", 403, 2],
    ["a 404 on every request", 404, 2],
    ["a 429 on every request", 429, 2],
    ["a 503 on every request", 503, 2],
  ])("%s exits %s, never 'the spec holds'", async (_, status, exit) => {
    h = await harness();
    h.model.scripted = true;
    h.model.answers = [{ status, body: { errors: [{ type: "system", message: "no" }] }, headers: { location: "/x" } }];
    const { code, out } = await h.cli(["verify"]);
    expect(out).not.toContain("the spec holds");
    expect(out).not.toContain("is not a function");
    expect(code).toBe(exit);
  });

  it("an answer over 10 MB is refused, with exit 2", async () => {
    h = await harness();
    h.model.scripted = true;
    h.model.answers = [{ status: 200, body: `{"pad":"${"x".repeat(10.5 * 1024 * 1024)}"}` }];
    const { code, out } = await h.cli(["verify"]);
    expect(out).toContain("an answer was over 10 MB, which the check refuses to read");
    expect(code).toBe(2);
  });

  it("reports each undocumented field once with a count, and own keys such as constructor and toString", async () => {
    h = await harness({
      rewrite: (body) => {
        for (const r of Object.values<any>(body.insights_access_group_memberships ?? {})) r.colour = 1;
        Object.assign(body, JSON.parse('{"constructor": 1, "toString": "x"}'));
      },
    });
    for (let i = 0; i < 30; i++) h.put(member(100 + i, 1000 + i, 7));
    const { out } = await h.cli(["verify"]);
    const first = out.slice(out.indexOf("first page"), out.indexOf("order created_at:desc"));
    expect(
      first.match(
        /undocumented field body\.insights_access_group_memberships\.\*\.colour: number \(e\.g\. 1\), in 20 records/g,
      ),
    ).toHaveLength(1);
    expect(first).toContain("undocumented field body.constructor: number");
    expect(first).toContain("undocumented field body.toString: string");
  });
});

describe("messages say what to fix", () => {
  it("remove names the user and the membership it removed", async () => {
    h = await harness({ stringIds: true });
    h.put(member(1, 1001, 7));
    const { out } = await h.cli(["remove", "--yes", "1001"]);
    expect(out).toBe("user 1001 removed (was membership 1 in group 7, can_edit false)\n");
  });

  it("an id too large says the limit", async () => {
    h = await harness();
    const { code, err } = await h.cli(["sync", "--yes", h.sheet("user_id,group_id,can_edit\n2147483648,7,true\n")]);
    expect(code).toBe(2);
    expect(err).toContain('line 2: user_id "2147483648" is too large: ids are at most 2147483647');
  });

  it("a sheet given as - is read from standard input", async () => {
    h = await harness();
    h.put(member(1, 11, 7));
    const { code, out } = await h.cli(["sync", "--yes", "-", "--dry-run"], {
      stdin: "user_id,group_id,can_edit\n11,7,true\n",
    });
    expect(code).toBe(0);
    expect(out).toContain("set can_edit true for user 11 (User 11 <user11@example.com>) in group 7");
  });

  it("a token with a line break is refused naming KANTATA_TOKEN", async () => {
    h = await harness();
    const { code, err } = await h.cli(["list"], { env: { KANTATA_TOKEN: "abc\ndef-0123456789" } });
    expect(code).toBe(2);
    expect(err).toContain("KANTATA_TOKEN got a string with a line break");
    expect(h.model.log).toEqual([]);
  });

  it("an empty file exits 2: no rows", async () => {
    h = await harness();
    for (const text of ["", "user_id,group_id,can_edit\n"]) {
      const { code, err } = await h.cli(["sync", "--yes", h.sheet(text)]);
      expect(code).toBe(2);
      expect(err).toMatch(/no rows/);
    }
    expect(existsSync(path.join(h.dir, "sheet.csv"))).toBe(true);
  });
});

/** Polls `ready` every 10 ms until it holds (jest's timeout bounds the wait). */
async function waitFor(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The outcome lines of a journal that may not exist yet. */
const outcomesIfAny = (file: string) => (existsSync(file) ? outcomes(file) : []);
