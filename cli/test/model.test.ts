// A model-based test of `kantata-insights sync` and `undo`, in-process through `runCli`:
// fast-check draws an account (some users disabled, some sharing an address), a sheet naming
// people by id or by address (in another case, with spaces, unknown), adds, moves, can_edit
// changes and prunes, faults (errors before or after a write is applied, dropped connections,
// stalls, 429 bursts, late writes, a server that ignores filters, sends ids as strings or cuts
// the email filter short), a kill point (SIGINT, SIGTERM or SIGKILL at the n-th write), a journal
// cut mid-line or already there. After each run it holds the account to what the journal and
// summary say (P1–P3), and to the sheet's people (P5); tries undo with another account's token
// and another base URL (P7), then undoes the run (P6), then runs the sheet again to see the
// account converge (P4). KANTATA_PROPERTY_SCALE multiplies the number of runs (npm test: 300;
// npm run test:model: 3000, and 30 through the real process); the seeds are fixed and printed,
// and a failure is shrunk to its smallest counterexample.
import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { KantataModel, type FakeUser, type Fault, type Record } from "../../test/helpers/fake-kantata.js";
import { propertyRuns, propertyScale } from "../../test/helpers/property-runs.js";
import { runCli } from "../src/kantata-insights.js";
import { journalLines, schema } from "./helpers/harness.js";

const runs = propertyRuns(300);
/** Real processes cost about a second of CPU each: only in the long runs (`npm run test:model`). */
const processRuns = propertyScale >= 10 ? propertyRuns(3) : 0;
const seed = 20261201;
const lanes = 32;
/** The command's --timeout: a stalled request costs this much of a run's time. */
const timeoutSeconds = 0.5;
const bin = path.join(__dirname, "../bin/kantata-insights.mjs");
const token = "model-token-0123456789";
/** The token of later runs, the same user's: the first run's is cut off when it is killed. */
const secondToken = "model-token-second-run";
/** The token of an Account Administrator of another account (user 950). */
const otherAccountToken = "model-token-other-account";
const groups = [7, 8, 9];

/** How a row names its user: by id, by address (as it is, in upper case, with spaces), or both. */
type Naming = "id" | "email" | "email-upper" | "email-spaced" | "both";

interface Scenario {
  /** Each sheet user's membership before the run: a group and can_edit, or none. */
  users: ({ group: number; canEdit: boolean } | null)[];
  /** Per sheet user: disabled, and whether another user (1101 + i) has the same address. */
  people: { disabled: boolean; shared: boolean }[];
  /** Memberships of users the sheet never names. */
  outsiders: { group: number; canEdit: boolean }[];
  /** The sheet: for some users, the wanted group and can_edit, and how the row names them. */
  rows: { user: number; group: number; canEdit: boolean; by: Naming }[];
  /** Rows naming an address no user has. */
  unknown: number;
  /** The server honours only this many addresses of a by_email_addresses filter. */
  emailLimit: number | null;
  /** The journal's last line is cut short (a kill while it was written). */
  cut: boolean;
  /** The --journal file already exists. */
  reuse: boolean;
  /** Undo is tried with another account's token and another base URL first (P7). */
  strangers: boolean;
  prune: boolean;
  concurrency: number;
  stringIds: boolean;
  ignoreFilters: boolean;
  /** The fault for each request of the first run, by its number. */
  faults: (Fault | null)[];
  kill: { signal: "SIGINT" | "SIGTERM" | "SIGKILL"; atWrite: number } | null;
}

const membership = fc.record({ group: fc.constantFrom(...groups), canEdit: fc.boolean() });
/** True one time in four. */
const rarely = fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true));
const fault: fc.Arbitrary<Fault | null> = fc.oneof(
  { weight: 14, arbitrary: fc.constant(null) },
  fc.record({
    kind: fc.constantFrom("status-before" as const, "status-after" as const),
    status: fc.constantFrom(500, 503),
  }),
  fc.record({ kind: fc.constant("status-before" as const), status: fc.constantFrom(422, 429) }),
  fc.record({ kind: fc.constantFrom("drop-before" as const, "drop-after" as const, "late" as const) }),
  { weight: 1, arbitrary: fc.constant({ kind: "stall-after" as const }) },
);
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    users: fc.array(fc.option(membership, { nil: null }), { minLength: 1, maxLength: 6 }),
    outsiders: fc.array(membership, { maxLength: 3 }),
    prune: fc.boolean(),
    concurrency: fc.constantFrom(1, 2, 4),
    stringIds: fc.boolean(),
    ignoreFilters: fc.boolean(),
    faults: fc.array(fault, { maxLength: 24 }),
    kill: fc.option(
      fc.record({
        signal: fc.constantFrom("SIGINT" as const, "SIGTERM" as const, "SIGKILL" as const),
        atWrite: fc.nat(5),
      }),
      { nil: null, freq: 3 },
    ),
    wanted: fc.array(fc.option(membership, { nil: null }), { minLength: 6, maxLength: 6 }),
    naming: fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constant<Naming>("id") },
        fc.constantFrom<Naming>("email", "email-upper", "email-spaced", "both"),
      ),
      { minLength: 6, maxLength: 6 },
    ),
    // Most people are neither disabled nor share an address: each is drawn one time in four.
    people: fc.array(fc.record({ disabled: rarely, shared: rarely }), { minLength: 6, maxLength: 6 }),
    unknown: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, fc.constant(1)),
    emailLimit: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null, freq: 4 }),
    cut: fc.boolean(),
    reuse: fc.oneof({ weight: 15, arbitrary: fc.constant(false) }, fc.constant(true)),
    strangers: rarely,
  })
  .map(({ wanted, naming, ...rest }) => ({
    ...rest,
    rows: rest.users.flatMap((_, i) => (wanted[i] ? [{ user: 1001 + i, ...wanted[i]!, by: naming[i]! }] : [])),
  }))
  .filter((s) => s.rows.length > 0);

/** The account before the run: sheet users are 1001…, outsiders 901…; membership ids from 1. */
function account(s: Scenario): Record[] {
  const records: Record[] = [];
  const add = (user: number, m: { group: number; canEdit: boolean }) =>
    records.push({ id: records.length + 1, user_id: user, insights_access_group_id: m.group, can_edit: m.canEdit });
  s.users.forEach((m, i) => m && add(1001 + i, m));
  s.outsiders.forEach((m, i) => add(901 + i, m));
  return records;
}

/** What one run of the command printed and how it ended. */
interface Run {
  code: number | null;
  signal: string | null;
  out: string;
  err: string;
}

/** Runs one command line against `model`; `kill` comes when the fake sees write number `atWrite + 1`. */
type Runner = (
  model: KantataModel,
  baseUrl: string,
  args: string[],
  kill: Scenario["kill"],
  dir: string,
  key: string,
) => Promise<Run>;

/**
 * The command in this process, through `runCli`: SIGINT and SIGTERM arrive through `io.signals`;
 * SIGKILL is modelled as the process vanishing. The journal is kept as it was on disk at that
 * moment, the fake drops every later request of the run unapplied, and the run is abandoned.
 */
const inProcess: Runner = async (model, baseUrl, args, kill, dir, key) => {
  const signals = new EventEmitter();
  const journal = args.includes("--journal") ? args[args.indexOf("--journal") + 1]! : undefined;
  let onDisk: string | undefined;
  model.onWrite = (count) => {
    if (!kill || count <= kill.atWrite) return;
    model.onWrite = undefined;
    if (kill.signal !== "SIGKILL") return void signals.emit(kill.signal);
    onDisk = journal && existsSync(journal) ? readFileSync(journal, "utf8") : "";
    model.severed.add(key);
    // The process is gone: what the run still does reaches neither the account (its token is
    // cut off) nor the journal (put back as it was). Two signals end it at once, rather than
    // letting it wait out the retries of every request it has left.
    signals.emit("SIGTERM");
    signals.emit("SIGTERM");
  };
  let out = "";
  let err = "";
  const code = await runCli(args, {
    env: { KANTATA_TOKEN: key, KANTATA_BASE_URL: baseUrl },
    out: (text) => (out += text),
    err: (text) => (err += text),
    errIsTTY: false,
    loadSpec: () => ({}),
    loadSchema: () => schema,
    cwd: dir,
    signals,
  });
  model.onWrite = undefined;
  if (onDisk === undefined) return { code, signal: null, out, err };
  // What a killed process leaves: the journal as it was when the kill came, nothing written after.
  if (journal) writeFileSync(journal, onDisk);
  return { code: null, signal: "SIGKILL", out, err };
};

/** The real command in a child process; `kill` is sent to it when the fake sees the write. */
const realProcess: Runner = (model, baseUrl, args, kill, dir, key) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", KANTATA_TOKEN: key, KANTATA_BASE_URL: baseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    model.onWrite = (count) => {
      if (!kill || count <= kill.atWrite) return;
      model.onWrite = undefined;
      child.kill(kill.signal);
    };
    child.on("close", (code, signal) => {
      model.onWrite = undefined;
      resolve({ code, signal, out, err });
    });
  });

/** Whether `records` of a user is exactly one membership in `group` with `canEdit`. */
const holds = (records: Record[], group: number, canEdit: boolean) =>
  records.length === 1 && records[0]!.insights_access_group_id === group && records[0]!.can_edit === canEdit;

/** A user's address: a sheet user's twin (1101 + i) has the same as the sheet user. */
const address = (user: number) => `user${user}@example.com`;

/** The people of the account: the sheet users (some disabled), their twins, and another account's administrator. */
function people(s: Scenario): FakeUser[] {
  const person = (id: number, email = address(id)): FakeUser => ({
    id,
    full_name: `User ${id}`,
    email_address: email,
    is_administrator: false,
    permission: "collaborator",
  });
  return [
    ...s.people.flatMap((p, i) => [
      { ...person(1001 + i), disabled: p.disabled },
      ...(p.shared ? [person(1101 + i, address(1001 + i))] : []),
    ]),
    { ...person(950), is_administrator: true, permission: "administrator", account: 2 },
  ];
}

/** The sheet as CSV: each row names its user as drawn; then the rows naming nobody. */
function sheetText(s: Scenario): string {
  const who = ({ user, by }: Scenario["rows"][number]) =>
    ({
      id: `${user},`,
      email: `,${address(user)}`,
      "email-upper": `,${address(user).toUpperCase()}`,
      "email-spaced": `,"  ${address(user)} "`,
      both: `${user},${address(user)}`,
    })[by];
  const rows = s.rows.map((r) => `${who(r)},${r.group},${r.canEdit}`);
  const unknown = Array.from({ length: s.unknown }, (_, k) => `,nobody${k}@example.com,7,false`);
  return `user_id,email,group_id,can_edit\n${[...rows, ...unknown].join("\n")}\n`;
}

/** Everyone a row names: its user, and by an address, whoever else has it. */
const namedBy = (s: Scenario) =>
  new Set(
    s.rows.flatMap(({ user, by }) =>
      by === "id" || by === "both" || !s.people[user - 1001]!.shared ? [user] : [user, user + 100],
    ),
  );

/** Each user's memberships as sorted `group:can_edit` (membership ids aside). */
function holdings(model: KantataModel): Map<number, string> {
  const byUser = new Map<number, string[]>();
  for (const r of model.records.values()) {
    byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), `${r.insights_access_group_id}:${r.can_edit}`]);
  }
  return new Map([...byUser].map(([user, list]) => [user, list.sort().join(",")]));
}

/** The users whose holdings differ between `a` and `b`. */
const differing = (a: Map<number, string>, b: Map<number, string>) =>
  [...new Set([...a.keys(), ...b.keys()])].filter((u) => (a.get(u) ?? "") !== (b.get(u) ?? ""));

/** One run of the scenario: the first run with faults and a kill, the checks, undo, then a second run. */
async function check(s: Scenario, dir: string, run: Runner): Promise<void> {
  const before = account(s);
  const model = new KantataModel(before, {
    token,
    tokens: { [secondToken]: 1, [otherAccountToken]: 950 },
    stringIds: s.stringIds,
    ignoreFilters: s.ignoreFilters,
    ...(s.emailLimit !== null && { emailFilterLimit: s.emailLimit }),
  });
  for (const person of people(s)) model.users.set(person.id, person);
  const held = holdings(model);
  model.faults = s.faults;
  const server = await model.serve();
  try {
    const sheet = path.join(dir, "sheet.csv");
    writeFileSync(sheet, sheetText(s));
    const journal = path.join(dir, "journal.jsonl");
    if (s.reuse) writeFileSync(journal, "an earlier run's journal\n");
    const args = [
      "sync",
      "--yes",
      sheet,
      "--concurrency",
      String(s.concurrency),
      "--timeout",
      String(timeoutSeconds),
      ...(s.prune ? ["--prune"] : []),
    ];
    const first = await run(model, server.baseUrl, [...args, "--journal", journal], s.kill, dir, token);
    await model.settled();
    const context = `scenario ${JSON.stringify(s)}\nfirst run: ${first.code ?? first.signal}\n${first.out}${first.err}`;
    if (s.reuse) {
      // A journal that exists is never written to, and the run sends nothing.
      if (first.code !== 2 || model.writes.length || readFileSync(journal, "utf8") !== "an earlier run's journal\n") {
        throw new Error(`a run with an existing --journal went ahead\n${context}`);
      }
      return;
    }
    // What the run journaled (read before a cut, as the run wrote it).
    const lines = existsSync(journal) ? journalLines(journal) : [];
    if (s.cut && existsSync(journal)) {
      // A kill while the last line was written: the line is cut short (only an outcome can be:
      // an intent is on disk before its write is sent).
      const text = readFileSync(journal, "utf8").trimEnd();
      const last = text.slice(text.lastIndexOf("\n") + 1);
      if (last.includes('"event":"outcome"')) writeFileSync(journal, text.slice(0, text.length - last.length / 2));
    }
    const intents = lines.filter((l) => l.event === "intent");
    const named = new Set(intents.map((l) => l.change.user_id as number));
    const sheetUsers = new Set(s.rows.map((r) => r.user));
    const sheetGroups = new Set(s.rows.map((r) => r.group));

    // 1. The account equals the sheet for every change reported done.
    for (const done of lines.filter((l) => l.event === "outcome" && String(l.result).startsWith("done"))) {
      const { action, user_id: user, group_id: group, can_edit: canEdit } = done.change;
      const now = model.of(user);
      const ok = action === "remove" ? now.length === 0 : holds(now, group, canEdit);
      if (!ok) throw new Error(`user ${user} reported done (${action}) but has ${JSON.stringify(now)}\n${context}`);
    }
    // 2. Every user whose membership the account no longer holds is named in the journal.
    for (const m of before) {
      if (model.records.has(m.id) || named.has(m.user_id)) continue;
      throw new Error(
        `membership ${m.id} of user ${m.user_id} is gone, and no journal line names the user\n${context}`,
      );
    }
    // 3. Nobody outside the sheet is touched, except prunes of members of the groups it names.
    for (const m of before.filter((b) => !sheetUsers.has(b.user_id))) {
      const now = model.records.get(m.id);
      const pruned = !now && s.prune && sheetGroups.has(m.insights_access_group_id);
      const same = now && now.can_edit === m.can_edit && now.insights_access_group_id === m.insights_access_group_id;
      if (!same && !pruned) throw new Error(`outsider membership ${m.id} changed: ${JSON.stringify(now)}\n${context}`);
    }
    for (const r of model.records.values()) {
      if (!sheetUsers.has(r.user_id) && !before.some((b) => b.id === r.id)) {
        throw new Error(`a membership was made for outsider ${r.user_id}\n${context}`);
      }
    }
    // P5. No one the sheet names loses a membership, whatever became of their row: never a
    // removal, and a membership gone only where their own change (a move) was cut short.
    for (const user of namedBy(s)) {
      if (intents.some((l) => l.change.user_id === user && l.change.action === "remove")) {
        throw new Error(`P5: user ${user} is named in the sheet, and the run removed them\n${context}`);
      }
      const lost = before.some((m) => m.user_id === user) && !model.of(user).length;
      if (lost && !named.has(user))
        throw new Error(`P5: user ${user}, named in the sheet, lost a membership\n${context}`);
    }

    model.faults = [];
    const afterRun = holdings(model);
    if (!existsSync(journal)) {
      // No journal: the run made no change.
      const changed = differing(held, afterRun);
      if (changed.length) throw new Error(`users ${changed} changed, and the run left no journal\n${context}`);
    } else {
      // P7. Undo with another account's token, or against another base URL, changes nothing.
      const local = server.baseUrl.replace("127.0.0.1", "localhost");
      for (const [key, base] of !s.strangers
        ? []
        : ([
            [otherAccountToken, server.baseUrl],
            [secondToken, local],
          ] as const)) {
        // Judged by the account, not by a count of writes: on a loaded machine, a write the first
        // run timed out on (and sent again) can still reach the fake after that run has ended.
        const other = await run(model, base, ["undo", journal, "--yes", "--no-journal"], null, dir, key);
        const changed = differing(afterRun, holdings(model));
        if (other.code !== 2 || changed.length) {
          throw new Error(
            `P7: undo with ${key} at ${base} was not refused (exit ${other.code}; users changed: ${changed.join(", ") || "none"})\n${context}\n${other.out}${other.err}`,
          );
        }
      }
      // P6. Undo puts every user the run touched back as they were, or names them; no one else changes.
      const undo = await run(model, server.baseUrl, ["undo", journal, "--yes", "--no-journal"], null, dir, secondToken);
      await model.settled();
      const said = `${undo.out}${undo.err}`;
      const now = holdings(model);
      for (const user of differing(held, now)) {
        if (named.has(user) && said.includes(`user ${user} `)) continue;
        if (named.has(user)) throw new Error(`P6: undo left user ${user} changed, unnamed\n${context}\nundo: ${said}`);
      }
      for (const user of differing(afterRun, now)) {
        if (!named.has(user)) throw new Error(`P6: undo changed user ${user}, whom the run never touched\n${context}`);
      }
    }

    // 4. A second run, with no faults, converges: the account equals the sheet, or it says why not.
    // No faults now, and the default timeout: a loaded machine must not pass for a stalled server.
    const calm = args.filter((_, i) => args[i] !== "--timeout" && args[i - 1] !== "--timeout");
    const second = await run(model, server.baseUrl, [...calm, "--no-journal"], null, dir, secondToken);
    const said = `${second.out}${second.err}`;
    // A refused prune (a cap, a partial listing) reports every difference at once: nothing was done.
    const refused = second.code === 2 && /--prune refused/.test(said);
    s.rows.forEach((row, i) => {
      if (holds(model.of(row.user), row.group, row.canEdit)) return;
      if (refused || said.includes(`user ${row.user} `) || said.includes(`line ${i + 2}:`)) return;
      throw new Error(
        `user ${row.user} is not as the sheet says after a second run, and nothing said so\n${context}\nsecond: ${said}`,
      );
    });
  } finally {
    await server.close();
  }
}

/** Runs `check` in a temporary folder of its own, removed afterwards. */
async function inFolder(s: Scenario, run: Runner): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "kantata-model-"));
  try {
    await check(s, dir, run);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `runs` runs of `run`, in `lanes` fast-check properties side by side (seed, seed + 1, …): a run
 * spends most of its time waiting on the fake or a timeout. A failing lane is shrunk to its
 * smallest counterexample, and fast-check's message names its seed and path.
 */
async function assertModel(run: Runner, runs: number, lanes: number): Promise<void> {
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(lanes, runs) }, (_, lane) =>
      fc.assert(
        fc.asyncProperty(scenario, (s) => inFolder(s, run)),
        { numRuns: Math.ceil((runs - lane) / lanes), seed: seed + lane },
      ),
    ),
  );
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed.length) throw failed[0]!.reason;
}

it(
  `sync and undo keep their word (P1–P7) in-process under ${runs} random runs (fast-check, seeds ${seed} to ${seed + lanes - 1})`,
  async () => {
    console.log(
      `model test: ${runs} in-process runs of kantata-insights sync and undo, fast-check seeds ${seed}…${seed + lanes - 1}`,
    );
    await assertModel(inProcess, runs, lanes);
  },
  Math.max(120_000, runs * 1_000),
);

(processRuns ? it : it.skip)(
  `sync and undo keep their word (P1–P7) through the real process under ${processRuns} random runs (KANTATA_PROPERTY_SCALE ≥ 10)`,
  async () => {
    console.log(
      `model test: ${processRuns} real-process runs of kantata-insights sync and undo, fast-check seeds ${seed}…`,
    );
    await assertModel(realProcess, processRuns, 2);
  },
  Math.max(120_000, processRuns * 10_000),
);
