// A model-based test of `kantata-insights sync`, in-process through `runCli`: fast-check draws an
// account, a sheet (adds, moves, can_edit changes, prunes), faults (errors before or after a
// write is applied, dropped connections, stalls, 429 bursts, late writes, a server that ignores
// filters or sends ids as strings) and a kill point (SIGINT, SIGTERM or SIGKILL at the n-th
// write). After each run it holds the account to what the run's journal and summary say, and
// runs the same sheet again to see the account converge. KANTATA_PROPERTY_SCALE multiplies the
// number of runs (npm test: 300; npm run test:model: 3000, and 30 through the real process);
// the seeds are fixed and printed, and a failure is shrunk to its smallest counterexample.
import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { KantataModel, type Fault, type Record } from "../../test/helpers/fake-kantata.js";
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
/** The token of the second run: the first run's is cut off when it is killed. */
const secondToken = "model-token-second-run";
const groups = [7, 8, 9];

interface Scenario {
  /** Each sheet user's membership before the run: a group and can_edit, or none. */
  users: ({ group: number; canEdit: boolean } | null)[];
  /** Memberships of users the sheet never names. */
  outsiders: { group: number; canEdit: boolean }[];
  /** The sheet: for some users, the wanted group and can_edit. */
  rows: { user: number; group: number; canEdit: boolean }[];
  prune: boolean;
  concurrency: number;
  stringIds: boolean;
  ignoreFilters: boolean;
  /** The fault for each request of the first run, by its number. */
  faults: (Fault | null)[];
  kill: { signal: "SIGINT" | "SIGTERM" | "SIGKILL"; atWrite: number } | null;
}

const membership = fc.record({ group: fc.constantFrom(...groups), canEdit: fc.boolean() });
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
  })
  .map(({ wanted, ...rest }) => ({
    ...rest,
    rows: rest.users.flatMap((_, i) => (wanted[i] ? [{ user: 1001 + i, ...wanted[i]! }] : [])),
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

/** One run of the scenario: the first run with faults and a kill, the checks, then a second run. */
async function check(s: Scenario, dir: string, run: Runner): Promise<void> {
  const before = account(s);
  const model = new KantataModel(before, {
    token,
    tokens: { [secondToken]: 1 },
    stringIds: s.stringIds,
    ignoreFilters: s.ignoreFilters,
  });
  model.faults = s.faults;
  const server = await model.serve();
  try {
    const sheet = path.join(dir, "sheet.csv");
    writeFileSync(
      sheet,
      `user_id,group_id,can_edit\n${s.rows.map((r) => `${r.user},${r.group},${r.canEdit}`).join("\n")}\n`,
    );
    const journal = path.join(dir, "journal.jsonl");
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
    const lines = existsSync(journal) ? journalLines(journal) : [];
    const named = new Set(lines.filter((l) => l.change).map((l) => l.change.user_id as number));
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

    // 4. A second run, with no faults, converges: the account equals the sheet, or it says why not.
    model.faults = [];
    // No faults now, and the default timeout: a loaded machine must not pass for a stalled server.
    const calm = args.filter((_, i) => args[i] !== "--timeout" && args[i - 1] !== "--timeout");
    const second = await run(model, server.baseUrl, [...calm, "--no-journal"], null, dir, secondToken);
    const said = `${second.out}${second.err}`;
    // A refused prune (a cap, a partial listing) reports every difference at once: nothing was done.
    const refused = second.code === 2 && /--prune refused/.test(said);
    for (const row of s.rows) {
      if (holds(model.of(row.user), row.group, row.canEdit)) continue;
      if (refused || said.includes(`user ${row.user} `)) continue;
      throw new Error(
        `user ${row.user} is not as the sheet says after a second run, and nothing said so\n${context}\nsecond: ${said}`,
      );
    }
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
  `keeps its word in-process under ${runs} random runs (fast-check, seeds ${seed} to ${seed + lanes - 1})`,
  async () => {
    console.log(
      `model test: ${runs} in-process runs of kantata-insights sync, fast-check seeds ${seed}…${seed + lanes - 1}`,
    );
    await assertModel(inProcess, runs, lanes);
  },
  Math.max(120_000, runs * 1_000),
);

(processRuns ? it : it.skip)(
  `keeps its word through the real process under ${processRuns} random runs (KANTATA_PROPERTY_SCALE ≥ 10)`,
  async () => {
    console.log(`model test: ${processRuns} real-process runs of kantata-insights sync, fast-check seeds ${seed}…`);
    await assertModel(realProcess, processRuns, 2);
  },
  Math.max(120_000, processRuns * 10_000),
);
