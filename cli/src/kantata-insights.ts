/// <reference types="node" />
// `kantata-insights`: the command line for Account Administrators, built on the library's
// public API only (no second HTTP path). The token comes from KANTATA_TOKEN alone, never a flag,
// so it stays out of shell history. A command that changes the account treats it as a database:
// it checks the token is an administrator's, plans, confirms before harm, journals each change
// ahead of writing it, applies, reads back what it could not see, stops cleanly on a signal,
// and leaves a way back (`undo`). Exit 0: done; 1: a change failed; 2: bad usage, or refused
// before any change was made; 130 / 143: stopped by SIGINT / SIGTERM.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  createInsightsAccessClient,
  KantataError,
  KantataInputError,
  type InsightsAccessClient,
  type Membership,
} from "kantata-insights-access";
import { membershipsOfUser, normalise, readAll } from "./account.js";
import { applyPlan, summary, type Outcome, type Stop } from "./apply.js";
import { describeChange, describeMembership, kinds, type Change } from "./changes.js";
import { assess, assessmentText, confirm, grantWarning } from "./confirm.js";
import { exportRows, toCsv } from "./export.js";
import { parseId } from "./ids.js";
import { defaultJournalPath, Journal, JournalError } from "./journal.js";
import { safe, table } from "./output.js";
import { describeMe, refusal, userArgument, whoAmI } from "./people.js";
import { planSync, resolveEmails } from "./plan.js";
import { readSheet } from "./sheet.js";
import { createThrottle } from "./throttle.js";
import { planUndo, readJournal } from "./undo.js";

type Signal = "SIGINT" | "SIGTERM";

/** Where the command writes, and what it may know of its surroundings. */
export interface Io {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress then updates one line). */
  errIsTTY: boolean;
  /** Whether stdout is a terminal (lists are then tables). */
  outIsTTY?: boolean;
  /** Whether stdin is a terminal (a confirmation can then be typed). */
  stdinIsTTY?: boolean;
  /** Asks a question on the terminal; resolves to the line typed. */
  ask?: (question: string) => Promise<string>;
  /** The library's bundled OpenAPI document, for `verify`. */
  loadSpec: () => Record<string, any>;
  /** Where SIGINT and SIGTERM arrive (the process; an emitter in tests). */
  signals?: {
    on(signal: Signal, listener: () => void): unknown;
    off(signal: Signal, listener: () => void): unknown;
  };
  /** Standard input, for a sheet given as `-`. */
  readStdin?: () => Buffer | string;
  /** Where a journal goes when --journal is not given; default the current directory. */
  cwd?: string;
  /** This command line's version, for --version. */
  version?: string;
}

type Flags = Record<string, string | boolean | string[] | undefined>;
interface Flag {
  type: "string" | "boolean";
  multiple?: boolean;
  /** What the flag does, for --help. */
  help: string;
  /** Its default, for --help. */
  default?: string;
}

/** What a command gets: the client, its arguments and flags, where to write, and how to stop. */
interface Context {
  kantata: InsightsAccessClient;
  args: string[];
  flags: Flags;
  io: Io;
  /** Opens the run's journal (before any request); undefined under --no-journal or a dry run. */
  journal: () => Journal | undefined;
  stop: Stop;
  concurrency: number;
  /** Writes a progress line to stderr (one updated line on a terminal). */
  progress: (text: string, final?: boolean) => void;
}

interface Command {
  usage: string;
  summary: string;
  flags: Record<string, Flag>;
  positionals: number;
  examples: [string, string];
  /** Changes the account: checks the token first, confirms before harm, journals, stops cleanly on a signal. */
  writes?: boolean;
  run(context: Context): Promise<number>;
}

class UsageError extends Error {}
/** A refusal before any change was made (exit 2): a non-administrator's token, an unconfirmed plan, an unknown user. */
class Refusal extends Error {}

/** A positive whole number from the command line, or a UsageError naming what was expected. */
function id(value: unknown, what: string): number {
  const parsed = parseId(typeof value === "string" ? value : "");
  if (typeof parsed === "string") throw new UsageError(`${what}: ${parsed}`);
  return parsed;
}

/** `--timeout SECONDS`: a positive number of seconds (fractions allowed), as whole milliseconds. */
function timeoutMs(value: unknown): number {
  const text = String(value);
  const ms = /^\d{1,7}(\.\d{1,3})?$/.test(text) ? Math.round(Number(text) * 1000) : 0;
  if (ms < 1)
    throw new UsageError(
      `--timeout must be a positive number of seconds, such as 30 or 0.5 (got ${JSON.stringify(text)})`,
    );
  return ms;
}

/** `--can-edit true|false` (any case), or undefined when not given. */
function canEditFlag(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  const text = String(value).toLowerCase();
  if (text !== "true" && text !== "false")
    throw new UsageError(`--can-edit must be true or false (got ${JSON.stringify(value)})`);
  return text === "true";
}

const header = ["membership", "user", "name", "email", "group", "group name", "can_edit"];
const row = (m: Membership<"user">) => [
  m.id,
  m.user_id,
  m.user.full_name ?? "",
  m.user.email_address ?? "",
  m.insights_access_group_id,
  m.insights_access_group_name ?? "",
  m.can_edit,
];
/** Memberships for a person: an aligned table on a terminal, tab-separated lines (with a header) on a pipe. */
const listing = (io: Io, memberships: Membership<"user">[]) =>
  io.outIsTTY
    ? `${table(header, memberships.map(row))}\n`
    : [header, ...memberships.map(row)].map((r) => r.map((c) => safe(c)).join("\t")).join("\n") + "\n";

/** The user a command names (an id or an email address); a Refusal when no one, or several, have that address. */
async function userOf(context: Context, text: string | undefined, what = "USER"): Promise<number> {
  const found = await userArgument(context.kantata, text ?? "", what);
  if (typeof found === "string") throw (text ?? "").includes("@") ? new Refusal(found) : new UsageError(found);
  return found;
}

/** The user's one membership, checked to be theirs; a message when there is not exactly one. */
async function onlyMembership(kantata: InsightsAccessClient, user: number): Promise<Membership<"user"> | string> {
  const found = await membershipsOfUser(kantata, user);
  if (found.length !== 1)
    return `user ${user} has ${found.length} Insights Access Group memberships, not one; nothing was sent`;
  return found[0]!;
}

/**
 * What every writing command does before its first write: opens the journal, then checks that
 * the token is an Account Administrator's (a dry run only warns).
 */
async function preflight(context: Context, dryRun = false): Promise<Journal | undefined> {
  const journal = dryRun ? undefined : context.journal();
  await checkToken(context, whoAmI(context.kantata), dryRun);
  return journal;
}

/** Refuses (or, in a dry run, warns) when `me` is not an Account Administrator. */
async function checkToken(context: Context, me: Promise<Awaited<ReturnType<typeof whoAmI>>>, dryRun: boolean) {
  const why = refusal(await me);
  if (why && !dryRun) throw new Refusal(why);
  if (why) context.io.err(`warning: ${why}; applying this plan would be refused\n`);
}

/** Confirms `changes` when they remove memberships or grant can_edit (see confirm.ts). */
async function confirmed(context: Context, changes: Change[]): Promise<void> {
  const { io, flags } = context;
  const why = await confirm(changes, { yes: Boolean(flags.yes), stdinIsTTY: Boolean(io.stdinIsTTY), ask: io.ask });
  if (why) throw new Refusal(why);
}

/** Applies one change, journaled and stoppable like a plan's; resolves to its outcome. */
async function applyOne(context: Context, journal: Journal | undefined, change: Change): Promise<Outcome> {
  await confirmed(context, [change]);
  const [outcome] = await applyPlan(context.kantata, [change], {
    concurrency: 1,
    journal,
    stop: context.stop,
    progress: () => {},
    notice: (text) => context.io.err(`${text}\n`),
  });
  return outcome!;
}

/** Reports a single change's outcome: the line for a person, or the outcome as JSON; resolves to the exit code. */
function report(
  context: Context,
  outcome: Outcome,
  success: (after: NonNullable<Outcome["after"]> | null) => string,
): number {
  const { io, flags } = context;
  const ok = outcome.result.startsWith("done");
  if (flags.json) io.out(`${JSON.stringify(outcome)}\n`);
  else if (ok) io.out(`${success(outcome.after ?? null)}${outcome.result === "done" ? "" : ` (${outcome.result})`}\n`);
  else {
    const state = outcome.state ? `; state: ${outcome.state}` : "";
    const after = outcome.after
      ? `; user ${outcome.change.user_id} is now in group ${outcome.after.group_id} as membership ${outcome.after.membership_id} with can_edit ${outcome.after.can_edit}`
      : "";
    io.err(`${outcome.change.action}: ${outcome.result}${state}${after}\n${safe(outcome.error ?? "")}\n`);
  }
  return ok ? 0 : outcome.result === "not started (interrupted)" ? 130 : 1;
}

/** grant / revoke: sets can_edit on the user's one membership, unless it already is so. */
const setCanEdit =
  (wanted: boolean): Command["run"] =>
  async (context) => {
    const { kantata, args, io } = context;
    const journal = await preflight(context);
    const user = await userOf(context, args[0]);
    const found = await onlyMembership(kantata, user);
    if (typeof found === "string") return (io.err(`${found}\n`), 1);
    const where = `user ${found.user_id} (membership ${found.id}, group ${found.insights_access_group_id})`;
    if (found.can_edit === wanted) return (io.out(`${where}: can_edit already is ${wanted}; nothing sent\n`), 0);
    if (wanted && !context.flags.json) io.err(`${grantWarning}\n`);
    const change: Change = {
      action: "set-can-edit",
      user_id: user,
      group_id: found.insights_access_group_id,
      can_edit: wanted,
      before: describeMembership(found),
    };
    const outcome = await applyOne(context, journal, change);
    return report(context, outcome, () => `${where}: can_edit ${found.can_edit} → ${wanted}`);
  };

const timeoutFlag: Record<string, Flag> = {
  timeout: { type: "string", help: "the most one request may take, in seconds (0.5 allowed)", default: "30" },
};
const jsonFlag: Record<string, Flag> = { json: { type: "boolean", help: "one JSON document (snake_case keys)" } };
const writeFlags: Record<string, Flag> = {
  yes: { type: "boolean", help: "apply removals and grants unasked (needed off a terminal)", default: "ask" },
  journal: { type: "string", help: "the write-ahead journal", default: "kantata-insights-<time>.jsonl here" },
  "no-journal": { type: "boolean", help: "write no journal" },
};

const commands: Record<string, Command> = {
  whoami: {
    usage: "whoami [--json]",
    summary: "who KANTATA_TOKEN belongs to, and whether they are an Account Administrator",
    flags: { ...jsonFlag },
    positionals: 0,
    examples: ["kantata-insights whoami", "kantata-insights whoami --json"],
    async run({ kantata, flags, io }) {
      const me = await whoAmI(kantata);
      io.out(flags.json ? `${JSON.stringify(me)}\n` : `${describeMe(me)}\n`);
      return 0;
    },
  },
  list: {
    usage: "list [--group ID] [--user USER …] [--name TEXT] [--json]",
    summary: "every membership (all pages): a table on a terminal, lines on a pipe",
    flags: {
      group: { type: "string", help: "only this group" },
      user: { type: "string", multiple: true, help: "only these users (ids or email addresses)" },
      name: { type: "string", help: "only users of this name" },
      ...jsonFlag,
    },
    positionals: 0,
    examples: ["kantata-insights list --group 7", "kantata-insights list --user ada@example.com --json"],
    async run(context) {
      const { kantata, flags, io } = context;
      const users = await Promise.all(
        ((flags.user as string[] | undefined) ?? []).map((u) => userOf(context, u, "--user")),
      );
      const params = {
        ...(flags.group !== undefined && { by_access_group_id: id(flags.group, "--group") }),
        ...(users.length && { user_ids: users }),
        ...(flags.name !== undefined && { by_user_name: String(flags.name) }),
      };
      let { memberships } = await readAll(kantata, params);
      // Whatever the server did with the filters, only what was asked for.
      if (users.length) memberships = memberships.filter((m) => users.includes(m.user_id));
      if (params.by_access_group_id)
        memberships = memberships.filter((m) => m.insights_access_group_id === params.by_access_group_id);
      io.out(flags.json ? `${JSON.stringify(memberships)}\n` : listing(io, memberships));
      return 0;
    },
  },
  show: {
    usage: "show USER [--json]",
    summary: "the membership of one user (an id or an email address)",
    flags: { ...jsonFlag },
    positionals: 1,
    examples: ["kantata-insights show 1001", "kantata-insights show ada@example.com --json"],
    async run(context) {
      const { kantata, args, flags, io } = context;
      const user = await userOf(context, args[0]);
      const found = await membershipsOfUser(kantata, user);
      if (!found.length) return (io.err(`user ${user} has no Insights Access Group membership\n`), 1);
      const m = normalise(found[0]!);
      io.out(flags.json ? `${JSON.stringify(m)}\n` : listing(io, found));
      return found.length === 1 ? 0 : (io.err(`user ${user} has ${found.length} memberships; fix by hand\n`), 1);
    },
  },
  export: {
    usage: "export [--group ID] [--output FILE] [--json]",
    summary: "the account as the sheet sync reads: user_id, email, name, group_id, can_edit",
    flags: {
      group: { type: "string", help: "only this group" },
      output: { type: "string", help: "write the sheet here", default: "standard output" },
      ...jsonFlag,
    },
    positionals: 0,
    examples: ["kantata-insights export --output access.csv", "kantata-insights export --group 7 > group-7.csv"],
    async run({ kantata, flags, io }) {
      const group = flags.group === undefined ? undefined : id(flags.group, "--group");
      const { memberships } = await readAll(kantata, group === undefined ? {} : { by_access_group_id: group });
      const rows = exportRows(memberships.filter((m) => group === undefined || m.insights_access_group_id === group));
      const text = flags.json ? `${JSON.stringify(rows)}\n` : toCsv(rows);
      if (flags.output === undefined) io.out(text);
      else {
        writeFileSync(String(flags.output), text);
        io.err(`wrote ${rows.length} membership(s) to ${safe(flags.output)}\n`);
      }
      return 0;
    },
  },
  grant: {
    usage: "grant USER",
    summary: "set can_edit true on the user's membership (USER: an id or an email address)",
    flags: { ...jsonFlag },
    positionals: 1,
    writes: true,
    examples: ["kantata-insights grant 1001", "kantata-insights grant ada@example.com --yes"],
    run: setCanEdit(true),
  },
  revoke: {
    usage: "revoke USER",
    summary: "set can_edit false on the user's membership",
    flags: { ...jsonFlag },
    positionals: 1,
    writes: true,
    examples: ["kantata-insights revoke 1001", "kantata-insights revoke ada@example.com --json"],
    run: setCanEdit(false),
  },
  add: {
    usage: "add USER GROUP_ID [--can-edit true|false]",
    summary: "add a user to a group",
    flags: { "can-edit": { type: "string", help: "true or false", default: "Kantata's (false)" }, ...jsonFlag },
    positionals: 2,
    writes: true,
    examples: ["kantata-insights add 1001 7", "kantata-insights add ada@example.com 7 --can-edit true --yes"],
    async run(context) {
      const { args, flags } = context;
      const journal = await preflight(context);
      const canEdit = canEditFlag(flags["can-edit"]);
      const change: Change = {
        action: "add",
        user_id: await userOf(context, args[0]),
        group_id: id(args[1], "GROUP_ID"),
        can_edit: canEdit,
        before: undefined,
      };
      if (canEdit && !flags.json) context.io.err(`${grantWarning}\n`);
      const outcome = await applyOne(context, journal, change);
      return report(context, outcome, (after) =>
        after
          ? `user ${change.user_id} added to group ${after.group_id} as membership ${after.membership_id}, can_edit ${after.can_edit}`
          : `user ${change.user_id} added to group ${change.group_id}`,
      );
    },
  },
  remove: {
    usage: "remove USER",
    summary: "remove the user's membership",
    flags: { ...jsonFlag },
    positionals: 1,
    writes: true,
    examples: ["kantata-insights remove 1001 --yes", "kantata-insights remove ada@example.com"],
    async run(context) {
      const { kantata, args, io } = context;
      const journal = await preflight(context);
      const user = await userOf(context, args[0]);
      const found = await onlyMembership(kantata, user);
      if (typeof found === "string") return (io.err(`${found}\n`), 1);
      const change: Change = {
        action: "remove",
        user_id: user,
        group_id: undefined,
        can_edit: undefined,
        before: describeMembership(found),
      };
      const outcome = await applyOne(context, journal, change);
      return report(
        context,
        outcome,
        () =>
          `user ${user} removed (was membership ${found.id} in group ${found.insights_access_group_id}, can_edit ${found.can_edit})`,
      );
    },
  },
  move: {
    usage: "move USER GROUP_ID [--can-edit true|false]",
    summary: "move a user to another group, keeping can_edit unless told",
    flags: { "can-edit": { type: "string", help: "true or false", default: "kept" }, ...jsonFlag },
    positionals: 2,
    writes: true,
    examples: ["kantata-insights move 1001 8", "kantata-insights move ada@example.com 8 --can-edit false"],
    async run(context) {
      const { kantata, args, flags, io } = context;
      const journal = await preflight(context);
      const user = await userOf(context, args[0]);
      const group = id(args[1], "GROUP_ID");
      const wanted = canEditFlag(flags["can-edit"]);
      const found = await onlyMembership(kantata, user);
      if (typeof found === "string") return (io.err(`move failed; state: unchanged\n${found}\n`), 1);
      const canEdit = wanted ?? found.can_edit;
      if (found.insights_access_group_id === group && found.can_edit === canEdit) {
        io.out(`user ${user} already is in group ${group}, can_edit ${canEdit}\n`);
        return 0;
      }
      const change: Change = {
        action: "move",
        user_id: user,
        group_id: group,
        can_edit: canEdit,
        before: describeMembership(found),
      };
      const outcome = await applyOne(context, journal, change);
      if (!flags.json && !outcome.result.startsWith("done")) {
        io.err(`move failed; state: ${outcome.state ?? outcome.result}\n${safe(outcome.error ?? "")}\n`);
        return outcome.result === "not started (interrupted)" ? 130 : 1;
      }
      return report(context, outcome, (after) =>
        after
          ? `user ${user} moved to group ${group} as membership ${after.membership_id}, can_edit ${after.can_edit}`
          : `user ${user} moved to group ${group}`,
      );
    },
  },
  sync: {
    usage: "sync FILE.csv|- [--dry-run] [--prune] [--max-removals N] [--concurrency N] [--json]",
    summary: "make the account match a sheet of user_id and/or email, group_id, can_edit",
    flags: {
      "dry-run": { type: "boolean", help: "print the plan; change nothing" },
      prune: { type: "boolean", help: "also remove the other members of the groups the sheet names" },
      "max-removals": {
        type: "string",
        help: "the most removals a prune may make",
        default: "10% of the listed, at least 5",
      },
      concurrency: { type: "string", help: "changes (and reads) at a time, 1 to 32", default: "4" },
      ...jsonFlag,
    },
    positionals: 1,
    writes: true,
    examples: ["kantata-insights sync access.csv --dry-run", "kantata-insights export | kantata-insights sync - --yes"],
    run: sync,
  },
  undo: {
    usage: "undo JOURNAL [--dry-run] [--concurrency N] [--json]",
    summary: "undo what a journal records as done, latest first, where nothing changed since",
    flags: {
      "dry-run": { type: "boolean", help: "print the plan; change nothing" },
      concurrency: { type: "string", help: "changes at a time, 1 to 32", default: "4" },
      ...jsonFlag,
    },
    positionals: 1,
    writes: true,
    examples: [
      "kantata-insights undo kantata-insights-2026-12-01T10-00-00-000Z.jsonl --dry-run",
      "kantata-insights undo run.jsonl --yes",
    ],
    async run(context) {
      const { kantata, args, io } = context;
      const { done, problems } = readJournal(args[0]!);
      if (!done.length) return (io.err(`${problems.map((p) => safe(p)).join("\n")}\n`), 2);
      for (const p of problems) io.err(`warning: ${safe(p)}\n`);
      const dryRun = Boolean(context.flags["dry-run"]);
      const journal = await preflight(context, dryRun);
      const plan = await planUndo(kantata, done, context.concurrency);
      return applyChanges(context, journal, plan.changes, plan.skipped, dryRun);
    },
  },
};

async function sync(context: Context): Promise<number> {
  const { kantata, args, flags, io } = context;
  const cap = flags["max-removals"];
  if (cap !== undefined && !/^\d{1,9}$/.test(String(cap))) {
    throw new UsageError(`--max-removals must be a whole number, 0 or more (got ${JSON.stringify(cap)})`);
  }
  const sheet = readSheet(args[0]!, io.readStdin);
  if (sheet.problems.length) {
    const list = sheet.problems.map((p) => `  ${safe(p)}\n`).join("");
    return (io.err(`${safe(args[0])} has ${sheet.problems.length} problem(s); nothing was sent:\n${list}`), 2);
  }
  if (sheet.ignored.length) io.err(`ignored column(s): ${sheet.ignored.map((c) => safe(c)).join(", ")}\n`);
  const dryRun = Boolean(flags["dry-run"]);
  const journal = dryRun ? undefined : context.journal();
  // The token is checked while the account is read (reads only); nothing is written before both are done.
  const me = whoAmI(kantata);
  me.catch(() => {});
  const named = await resolveEmails(kantata, sheet.rows);
  const plan = await planSync(kantata, named.rows, {
    prune: Boolean(flags.prune),
    maxRemovals: cap === undefined ? undefined : Number(cap),
    concurrency: context.concurrency,
    progress: (text) => context.progress(text),
  });
  context.progress("", true);
  await checkToken(context, me, dryRun);
  if (plan.refused) throw new Refusal(plan.refused);
  return applyChanges(context, journal, plan.changes, [...named.skipped, ...plan.skipped], dryRun);
}

/** Shows a plan, confirms it when it does harm, applies it and reports: what sync and undo share. */
async function applyChanges(
  context: Context,
  journal: Journal | undefined,
  changes: Change[],
  skipped: string[],
  dryRun: boolean,
): Promise<number> {
  const { kantata, flags, io } = context;
  if (skipped.length && !flags.json) io.err(skipped.map((p) => `skipped: ${safe(p)}\n`).join(""));
  const assessment = assess(changes);
  const { grants, ...counts } = assessment;
  if (dryRun) {
    if (flags.json) io.out(`${JSON.stringify({ changes, skipped, summary: { ...counts, grants: grants.length } })}\n`);
    else if (!changes.length) io.out("nothing to change\n");
    else {
      const lines = changes.map((c) => `  ${describeChange(c)}\n`).join("");
      io.out(`Plan (${changes.length} change(s); dry run, nothing sent):\n${lines}${assessmentText(assessment)}`);
    }
    return 0;
  }
  if (!changes.length) {
    if (flags.json)
      io.out(`${JSON.stringify({ outcomes: [], skipped, summary: { applied: 0, failed: 0, not_started: 0 } })}\n`);
    else io.out("nothing to change\n");
    return skipped.length ? 1 : 0;
  }
  if (!flags.json) io.err(`Plan: ${assessmentText(assessment)}`);
  await confirmed(context, changes);
  // The changes that take the most requests (a move: look up, delete, create) go first, so that
  // the workers finish together rather than one finishing a move alone at the end.
  const weight = (c: Change) => kinds[c.action].weight(c);
  changes = [...changes].sort((a, b) => weight(b) - weight(a));
  const color = io.errIsTTY && !io.env.NO_COLOR;
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const outcomes = await applyPlan(kantata, changes, {
    concurrency: context.concurrency,
    journal,
    stop: context.stop,
    notice: (text) => io.err(`${text}\n`),
    progress(done, total, outcome) {
      const ok = outcome.result.startsWith("done");
      const line = `[${done}/${total}] ${paint(ok ? 32 : 31, outcome.result)}: ${describeChange(outcome.change)}`;
      io.err(io.errIsTTY ? `\r\u001b[2K${line}${done === total ? "\n" : ""}` : `${line}\n`);
    },
  });
  const { text, failed, counts: tally } = summary(outcomes, skipped.length);
  io.out(flags.json ? `${JSON.stringify({ outcomes, skipped, summary: tally })}\n` : text);
  if (journal) io.err(`journal: ${safe(journal.path)}\n`);
  return failed ? 1 : 0;
}

const exitCodes = "Exit codes: 0 done; 1 a change failed; 2 bad usage or refused, no change made; 130/143 a signal.";

const helpText = () =>
  `kantata-insights: change who may see and edit classic Insights, from the command line.\n\n` +
  `Usage: kantata-insights COMMAND [options]\n\n${Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
    .join("\n")}\n  ${"verify".padEnd(9)} check the spec against your Kantata, read-only\n\n` +
  `KANTATA_TOKEN (required) is the OAuth 2 token; KANTATA_BASE_URL (optional) another https host.\n` +
  `A USER is a user id or an email address. kantata-insights COMMAND --help shows one command.\n${exitCodes}\n`;

/** `text` in lines of at most 100 columns, the later ones indented under the first. */
function wrap(text: string): string[] {
  const lines = [""];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (lines[last]!.length + word.length + 1 > 100) lines.push(`      ${word}`);
    else lines[last] = lines[last] ? `${lines[last]} ${word}` : word;
  }
  return lines;
}

/** One command's help: usage, what it does, each flag with its default, two examples, exit codes (≤ 100 columns). */
function commandHelp(name: string, command: Command): string {
  const flags = Object.entries(flagsOf(command)).map(([flag, f]) => {
    const left = `  --${flag}${f.type === "string" ? " VALUE" : ""}`.padEnd(24);
    return `${left}${f.help}${f.default ? ` (default: ${f.default})` : ""}`;
  });
  const usage = command.writes ? `${command.usage} [--yes] [--journal FILE] [--no-journal]` : command.usage;
  return [
    ...wrap(`usage: kantata-insights ${usage} [--timeout SECONDS]`),
    command.summary,
    "",
    "Options:",
    ...flags,
    "  --help                show this help",
    "",
    "Examples:",
    ...command.examples.map((e) => `  ${e}`),
    "",
    exitCodes,
    "",
  ].join("\n");
}

/** The command's flags, with the ones every command (or every writing command) takes. */
const flagsOf = (command: Command): Record<string, Flag> => ({
  ...command.flags,
  ...timeoutFlag,
  ...(command.writes ? writeFlags : {}),
});

/** The client for a run: KANTATA_TOKEN and KANTATA_BASE_URL checked, named in any refusal. */
function client(io: Io, timeout: number, concurrency: number): InsightsAccessClient {
  const throttle = createThrottle(concurrency);
  try {
    return createInsightsAccessClient({
      token: io.env.KANTATA_TOKEN!,
      ...(io.env.KANTATA_BASE_URL ? { baseUrl: io.env.KANTATA_BASE_URL } : {}),
      timeoutMs: timeout,
      fetch: throttle.fetch,
    });
  } catch (error) {
    if (error instanceof KantataInputError && error.argument === "token")
      throw new UsageError(`KANTATA_TOKEN ${error.message.replace(/^token: /, "")}. Nothing was sent.`);
    if (error instanceof KantataInputError && error.argument === "baseUrl")
      throw new UsageError(`KANTATA_BASE_URL ${error.message.replace(/^baseUrl: /, "")}. Nothing was sent.`);
    throw error;
  }
}

/** Listens for SIGINT and SIGTERM: the first stops new changes, the second stops at once. */
function stopper(io: Io) {
  let soft = false;
  let signal: Signal | undefined;
  let hardStop!: () => void;
  const hard = new Promise<void>((resolve) => (hardStop = resolve));
  const on = (received: Signal) => () => {
    if (soft) {
      io.err(`\n${received} again: stopping now; changes in flight are journaled as interrupted.\n`);
      return hardStop();
    }
    soft = true;
    signal = received;
    io.err(`\n${received}: no new change will start; finishing those in flight (${received} again stops at once).\n`);
  };
  const handlers = { SIGINT: on("SIGINT"), SIGTERM: on("SIGTERM") };
  for (const [name, handler] of Object.entries(handlers)) io.signals?.on(name as Signal, handler);
  return {
    stop: {
      get soft() {
        return soft;
      },
      hard,
    } satisfies Stop,
    /** 130 or 143 once a signal came; undefined otherwise. */
    code: () => (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : undefined),
    dispose: () => {
      for (const [name, handler] of Object.entries(handlers)) io.signals?.off(name as Signal, handler);
    },
  };
}

/** Runs one command line; resolves to the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") return (io.out(`kantata-insights ${io.version ?? "unknown"}\n`), 0);
  if (name === undefined || name === "--help" || name === "-h" || name === "help")
    return (io.out(helpText()), name === undefined ? 2 : 0);
  if (name === "verify") {
    // The live check reads with its own recording client and reports on stdout; it alone needs Ajv.
    const { verifyLive } = await import("./verify-live.js");
    return verifyLive({ env: io.env, argv: rest, spec: io.loadSpec(), out: (line) => io.out(`${line}\n`) });
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const known = [...Object.keys(commands), "verify"].join(", ");
    return (io.err(`unknown command ${JSON.stringify(safe(name))}; commands: ${known}\n`), 2);
  }
  const flagSpecs = flagsOf(command);
  const options = Object.fromEntries(
    Object.entries(flagSpecs).map(([flag, f]) => [flag, { type: f.type, ...(f.multiple && { multiple: true }) }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const why = safe((error as Error).message);
    const allowed = ["--help", ...Object.keys(flagSpecs).map((o) => `--${o}`)].join(", ");
    return (io.err(`${why}\nallowed for ${name}: ${allowed}\nusage: kantata-insights ${command.usage}\n`), 2);
  }
  if (parsed.values.help) return (io.out(commandHelp(name, command)), 0);
  const usage = (text: string) => (io.err(`${safe(text)}\nusage: kantata-insights ${command.usage}\n`), 2);
  if (parsed.positionals.length !== command.positionals) {
    return usage(`${name} takes ${command.positionals} argument(s), got ${parsed.positionals.length}`);
  }
  if (!io.env.KANTATA_TOKEN) {
    return (
      io.err("KANTATA_TOKEN is not set: it is the OAuth 2 token (never given as a flag). Nothing was sent.\n"),
      2
    );
  }
  const flags = parsed.values as Flags;
  // Only a command that changes the account stops cleanly; any other ends at a signal as usual.
  const signals = stopper(command.writes ? io : { ...io, signals: undefined });
  let journal: Journal | undefined;
  try {
    const timeout = flags.timeout === undefined ? 30_000 : timeoutMs(flags.timeout);
    const concurrency = flags.concurrency === undefined ? 4 : id(flags.concurrency, "--concurrency");
    if (concurrency > 32) throw new UsageError(`--concurrency must be from 1 to 32 (got ${concurrency})`);
    if (flags.journal !== undefined && flags["no-journal"])
      throw new UsageError("--journal and --no-journal contradict each other");
    const kantata = client(io, timeout, concurrency);
    let line = "";
    const context: Context = {
      kantata,
      args: parsed.positionals,
      flags,
      io,
      stop: signals.stop,
      concurrency,
      journal: () => {
        if (!command.writes || flags["no-journal"]) return undefined;
        const path = flags.journal ?? join(io.cwd ?? ".", defaultJournalPath());
        journal ??= Journal.open(String(path), argv.map((a) => safe(a)).join(" "));
        return journal;
      },
      progress: (text, final) => {
        if (!io.errIsTTY || (final && !line)) return;
        line = text;
        io.err(final ? "\r\u001b[2K" : `\r\u001b[2K${text}`);
      },
    };
    const code = await command.run(context);
    return signals.code() ?? code;
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    if (error instanceof Refusal) return (io.err(`${safe(error.message)}.\n`), 2);
    if (error instanceof JournalError) {
      // Opening it is the first thing a writing command does; a write that fails later stops the run.
      const after = journal ? "The run stopped; changes in flight may be missing from it." : "Nothing was sent.";
      return (io.err(`${safe(error.message)}. ${after}\n`), journal ? 1 : 2);
    }
    if (error instanceof KantataError) {
      const refused = error instanceof KantataInputError;
      return (io.err(`${error.name}: ${safe(error.message)}\n`), refused ? 2 : (signals.code() ?? 1));
    }
    throw error;
  } finally {
    signals.dispose();
    journal?.close();
  }
}
