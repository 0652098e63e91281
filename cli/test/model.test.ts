// A model-based test of `kantata-insights sync` through the real process: fast-check draws an
// account, a sheet (adds, moves, can_edit changes, prunes), faults (errors before or after a
// write is applied, dropped connections, stalls, 429 bursts, late writes, a server that ignores
// filters or sends ids as strings) and a kill point (SIGINT, SIGTERM or SIGKILL at the n-th
// write). After each run it holds the account to what the run's journal and summary say, and
// runs the same sheet again to see the account converge. KANTATA_MODEL_RUNS sets the number of
// runs (npm test: 300; npm run test:model: 3000); the seed is fixed and printed.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { KantataModel, type Fault, type Record } from "../../test/helpers/fake-kantata.js";
import { journalLines } from "./helpers/harness.js";

const runs = Number(process.env.KANTATA_MODEL_RUNS ?? 300);
const seed = 20261201;
const bin = path.join(__dirname, "../bin/kantata-insights.mjs");
const token = "model-token-0123456789";
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

/** Runs the real command; sends `kill` when the fake has seen that many writes. */
function runCli(
  model: KantataModel,
  baseUrl: string,
  args: string[],
  kill: Scenario["kill"],
): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? "", KANTATA_TOKEN: token, KANTATA_BASE_URL: baseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    let timer: NodeJS.Timeout | undefined;
    if (kill) {
      const watch = () => {
        if (model.writes.length > kill.atWrite) return void child.kill(kill.signal);
        if (child.exitCode === null) timer = setTimeout(watch, 2);
      };
      watch();
    }
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}

/** Whether `records` of a user is exactly one membership in `group` with `canEdit`. */
const holds = (records: Record[], group: number, canEdit: boolean) =>
  records.length === 1 && records[0]!.insights_access_group_id === group && records[0]!.can_edit === canEdit;

/** One run of the scenario: the first run with faults and a kill, the checks, then a second run. */
async function check(s: Scenario, dir: string): Promise<void> {
  const before = account(s);
  const model = new KantataModel(before, { token, stringIds: s.stringIds, ignoreFilters: s.ignoreFilters });
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
      "1",
      ...(s.prune ? ["--prune"] : []),
    ];
    const first = await runCli(model, server.baseUrl, [...args, "--journal", journal], s.kill);
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
    const second = await runCli(model, server.baseUrl, [...args, "--no-journal"], null);
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

it(
  `keeps its word through the real process under ${runs} random runs (fast-check seed ${seed})`,
  async () => {
    const scenarios = fc.sample(scenario, { numRuns: runs, seed });
    console.log(`model test: ${scenarios.length} runs of kantata-insights sync, fast-check seed ${seed}`);
    const dir = mkdtempSync(path.join(tmpdir(), "kantata-model-"));
    try {
      let next = 0;
      const failures: string[] = [];
      const worker = async (w: number) => {
        const own = path.join(dir, String(w));
        while (next < scenarios.length && !failures.length) {
          const i = next++;
          rmSync(own, { recursive: true, force: true });
          mkdirSync(own);
          await check(scenarios[i]!, own).catch((error: Error) =>
            failures.push(`run ${i} of seed ${seed}: ${error.message}`),
          );
        }
      };
      // A few runs at a time: each spends most of its time in a child process or waiting on a timeout.
      await Promise.all([0, 1, 2, 3].map(worker));
      if (failures.length) throw new Error(failures.join("\n\n"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  Math.max(600_000, runs * 1_000),
);
