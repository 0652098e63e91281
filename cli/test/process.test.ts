// The built command in a real process, for what only a process shows: how it ends on SIGINT,
// SIGTERM and SIGKILL sent mid-run by the operating system, and what it leaves on disk. Each
// signal comes when the fake Kantata receives the run's third write; the runs are otherwise
// the same: 8 users moved from group 7 to group 8, two at a time.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KantataModel, type FakeServer } from "../../test/helpers/fake-kantata.js";
import { journalLines, member, token } from "./helpers/harness.js";

const bin = path.join(__dirname, "../bin/kantata-insights.mjs");
const users = Array.from({ length: 8 }, (_, i) => 100 + i);
let model: KantataModel;
let server: FakeServer;
let dir: string;

beforeEach(async () => {
  model = new KantataModel(
    users.map((u) => member(u, u, 7)),
    { token, latencyMs: 30 },
  );
  server = await model.serve();
  dir = mkdtempSync(path.join(tmpdir(), "kantata-process-"));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `sync` in a child process and sends `signal` when the fake receives the third write. */
function syncWith(signal: NodeJS.Signals) {
  const sheet = path.join(dir, "sheet.csv");
  writeFileSync(sheet, `user_id,group_id,can_edit\n${users.map((u) => `${u},8,false`).join("\n")}\n`);
  const journal = path.join(dir, "journal.jsonl");
  const child = spawn(process.execPath, [bin, "sync", sheet, "--yes", "--concurrency", "2", "--journal", journal], {
    env: { PATH: process.env.PATH ?? "", KANTATA_TOKEN: token, KANTATA_BASE_URL: server.baseUrl },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  child.stderr.on("data", (chunk) => (err += chunk));
  model.onWrite = (count) => {
    if (count === 3) child.kill(signal);
  };
  return new Promise<{ code: number | null; signal: string | null; out: string; err: string; journal: string }>(
    (resolve) => child.on("close", (code, killed) => resolve({ code, signal: killed, out, err, journal })),
  );
}

/** Every user whose membership changed is named by an intent in the journal. */
async function expectAccountNamedIn(journal: string) {
  await model.settled();
  const intents = new Set(
    journalLines(journal)
      .filter((l) => l.event === "intent")
      .map((l) => l.change.user_id),
  );
  for (const u of users) {
    const now = model.of(u);
    const untouched = now.length === 1 && now[0]!.insights_access_group_id === 7;
    if (!untouched) expect(intents).toContain(u);
  }
}

it.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)(
  "%s mid-run: no new change starts, those in flight finish and are journaled, exit %i",
  async (signal, exitCode) => {
    const { code, out, err, journal } = await syncWith(signal);
    expect(code).toBe(exitCode);
    expect(err).toContain(`${signal}: no new change will start`);
    expect(out).toMatch(/^\d+ of 8 change\(s\) applied; 0 failed; [1-9]\d* not started/m);
    const lines = journalLines(journal);
    const intents = lines.filter((l) => l.event === "intent");
    const outcomes = lines.filter((l) => l.event === "outcome");
    // Every change that started has its outcome on disk.
    expect(outcomes.map((o) => o.seq).sort()).toEqual(intents.map((i) => i.seq).sort());
    expect(intents.length).toBeLessThan(8);
    await expectAccountNamedIn(journal);
  },
);

it("SIGKILL mid-run: the journal on disk names every user the account changed for, up to the kill", async () => {
  const { code, signal, journal } = await syncWith("SIGKILL");
  expect(code).toBeNull();
  expect(signal).toBe("SIGKILL");
  expect(existsSync(journal)).toBe(true);
  const lines = journalLines(journal);
  expect(lines[0]!.event).toBe("start");
  // The intent of the write the kill met was on disk before the write was sent.
  expect(lines.filter((l) => l.event === "intent").length).toBeGreaterThanOrEqual(2);
  await expectAccountNamedIn(journal);
});

/** The built command, as a shell word. */
const cli = () => `"${process.execPath}" "${bin}"`;

/** Runs `script` in bash (a real pipe between real processes); resolves to its output and each command's exit code. */
function shell(script: string, extraEnv: { [name: string]: string } = {}) {
  const child = spawn("bash", ["--norc", "--noprofile", "-c", `${script}; echo "exit codes: \${PIPESTATUS[*]}" >&2`], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", KANTATA_TOKEN: token, KANTATA_BASE_URL: server.baseUrl, ...extraEnv },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  child.stderr.on("data", (chunk) => (err += chunk));
  return new Promise<{ out: string; err: string; codes: string }>((resolve) =>
    child.on("close", () => resolve({ out, err, codes: /exit codes: (.*)/.exec(err)?.[1] ?? "" })),
  );
}

describe("pipes", () => {
  it("export piped into sync - reads standard input to its end: an unchanged export has nothing to change", async () => {
    const { out, err, codes } = await shell(`${cli()} export | ${cli()} sync - --dry-run`);
    expect(err).not.toContain("EAGAIN");
    expect(out).toBe("nothing to change\n");
    expect(codes).toBe("0 0");
  });

  it("a reader that closes the pipe early ends export quietly", async () => {
    // `true` exits at once; export's first write then meets a closed pipe.
    const { err, codes } = await shell(`${cli()} export | true`);
    expect(err).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(codes).toBe("0 0");
  });
});

it("whoami against a server that answers only 429 without Retry-After ends, after the four retries of the run's policy", async () => {
  model.scripted = true;
  model.answers = [{ status: 429, body: { errors: [{ type: "rate_limit", message: "slow down" }] } }];
  const { err, codes } = await shell(`${cli()} whoami --timeout 5`);
  expect(err).toContain("RateLimitError");
  expect(codes).toBe("3");
  // The process has ended: nothing can be sent after this.
  expect(server.requests).toHaveLength(5);
});

/** Runs the built command with its standard streams on a pseudo-terminal; `typed` is what a person types. */
function onTerminal(args: string[], typed: string) {
  const command = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", KANTATA_TOKEN: token, KANTATA_BASE_URL: server.baseUrl, TERM: "xterm" },
  });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  child.stdin.end(typed);
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, out: out.replace(/\r\n/g, "\n") })),
  );
}

/** A sheet that keeps every user but the first in group 7: with --prune, a plan of one removal. */
function pruningSheet(): string {
  const sheet = path.join(dir, "sheet.csv");
  writeFileSync(
    sheet,
    `user_id,group_id,can_edit\n${users
      .slice(1)
      .map((u) => `${u},7,false`)
      .join("\n")}\n`,
  );
  return sheet;
}

describe("on a terminal (a pseudo-terminal, through script(1)) and on a pipe", () => {
  it("the whole plan, each user named, comes before the typed confirmation; progress updates one coloured line", async () => {
    const sheet = pruningSheet();
    const { code, out } = await onTerminal(["sync", sheet, "--prune", "--no-journal"], "1\n");
    const prompt = out.indexOf("Type 1 to apply these 1 change(s):");
    expect(out.indexOf("   - remove user 100 (User 100 <user100@example.com>) (was membership 100")).toBeGreaterThan(
      -1,
    );
    expect(out.indexOf("   - remove user 100")).toBeLessThan(prompt);
    expect(out).toContain("\r\u001b[2K[1/1] \u001b[32mdone\u001b[0m: remove user 100 (User 100 <user100@example.com>)");
    expect(code).toBe(0);
    expect(model.of(100)).toEqual([]);
  });

  it("a long read shows its progress on the terminal, and nothing on a pipe", async () => {
    const shown = await onTerminal(["export", "--output", "all.csv"], "");
    expect(shown.out).toContain("\r\u001b[2Kreading memberships: 8 of 8\r\u001b[2Kwrote 8 membership(s) to all.csv");
    expect(shown.code).toBe(0);
    const piped = await shell(`${cli()} export --output piped.csv`);
    expect(piped.err).toBe(`wrote 8 membership(s) to piped.csv\nexit codes: 0\n`);
  });

  it("on a pipe, the same plan without --yes is refused, with nothing changed", async () => {
    pruningSheet();
    const { err, codes } = await shell(`${cli()} sync sheet.csv --prune --no-journal < /dev/null`);
    expect(err).toContain("   - remove user 100 (User 100 <user100@example.com>)");
    expect(err).toContain("off a terminal it needs --yes");
    expect(err).not.toContain("\u001b[");
    expect(codes).toBe("2");
    expect(model.of(100)).toHaveLength(1);
  });
});

describe("what a plan shows and says, the same on a terminal and on a pipe", () => {
  /** Each case: a command line, the exit code, and what it must say (stdout and stderr together). */
  const cases: [string, string[], number, string][] = [
    [
      "each user named, in a plan of one line a change",
      ["sync", "sheet.csv", "--dry-run"],
      0,
      "   → move user 101 (User 101 <user101@example.com>) to group 8",
    ],
    [
      "what a prune would remove",
      ["sync", "sheet.csv", "--dry-run"],
      0,
      "are not in the sheet; with --prune they would be removed:",
    ],
    [
      "--exit-code: changes to make",
      ["sync", "sheet.csv", "--dry-run", "--exit-code"],
      4,
      "Plan (1 change(s); dry run, nothing sent):",
    ],
    ["a saved plan", ["sync", "sheet.csv", "--plan-out", "plan.json"], 0, "plan written to plan.json"],
    ["did you mean", ["lst"], 2, 'unknown command "lst". Did you mean "list"?'],
    ["a filter", ["list", "--can-edit", "true"], 0, "can_edit"],
    ["a debug line", ["whoami", "--debug"], 0, "debug: GET /api/v1/users/me?include → 200 (attempt 1,"],
    ["the exit-code table", ["sync", "--help"], 0, "4 a dry run with --exit-code has changes to make"],
  ];
  const sheetFor = () =>
    writeFileSync(path.join(dir, "sheet.csv"), "user_id,group_id,can_edit\n100,7,false\n101,8,false\n");

  it.each(cases)("%s", async (_, args, code, says) => {
    sheetFor();
    const terminal = await onTerminal(args, "");
    rmSync(path.join(dir, "plan.json"), { force: true });
    const quoted = args.map((a) => `'${a}'`).join(" ");
    const piped = await shell(`${cli()} ${quoted} < /dev/null`);
    expect({ code: terminal.code, says: terminal.out.includes(says) }).toEqual({ code, says: true });
    expect({ code: Number(piped.codes), says: `${piped.out}${piped.err}`.includes(says) }).toEqual({
      code,
      says: true,
    });
    expect(model.writes).toEqual([]);
  });

  it("a field Kantata left out is shown as missing", async () => {
    model.options.rewrite = (body, { method }) => {
      if (method === "GET") delete body.insights_access_group_memberships?.["100"]?.can_edit;
    };
    const terminal = await onTerminal(["list"], "");
    const piped = await shell(`${cli()} list`);
    expect(terminal.out).toMatch(/^100 +100 +User 100 +user100@example\.com +7 +Group 7 +unknown *$/m);
    expect(piped.out).toMatch(/^100\t100\tUser 100\tuser100@example\.com\t7\tGroup 7\tunknown$/m);
    expect(`${terminal.out}${piped.out}`).not.toMatch(/undefined|null/);
  });

  it("a typed confirmation that does not match says what was wanted and what was typed (a terminal only)", async () => {
    const { code, out } = await onTerminal(["remove", "100"], "yes\n");
    expect(out).toContain('not confirmed: the plan needed 1 typed, and "yes" was. No change was made');
    expect(code).toBe(2);
    expect(model.writes).toEqual([]);
  });
});
