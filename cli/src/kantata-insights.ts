/// <reference types="node" />
// `kantata-insights`: the command line for Account Administrators, built on the library's
// public API only (no second HTTP path). The token comes from KANTATA_TOKEN alone, never a flag,
// so it stays out of shell history. A command that changes the account treats it as a database:
// it plans, journals each change ahead of writing it, applies, reads back what it could not see,
// and stops cleanly on a signal. Exit 0: done; 1: a change failed; 2: bad usage, or refused
// before anything was sent; 130 / 143: stopped by SIGINT / SIGTERM.
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
import {
  applyPlan,
  describeChange,
  describeMembership,
  summary,
  type Change,
  type Outcome,
  type Stop,
} from "./apply.js";
import { parseId } from "./ids.js";
import { defaultJournalPath, Journal, JournalError } from "./journal.js";
import { safe, table } from "./output.js";
import { planSync } from "./plan.js";
import { readSheet } from "./sheet.js";
import { createThrottle } from "./throttle.js";

type Signal = "SIGINT" | "SIGTERM";

/** Where the command writes, and what it may know of its surroundings. */
export interface Io {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress then updates one line). */
  errIsTTY: boolean;
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
}

type Flags = Record<string, string | boolean | string[] | undefined>;
type Options = Record<string, { type: "string" | "boolean"; multiple?: boolean }>;

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
  options: Options;
  positionals: number;
  /** Changes the account: takes --journal and --no-journal, and stops cleanly on a signal. */
  writes?: boolean;
  run(context: Context): Promise<number>;
}

class UsageError extends Error {}

/** A positive whole number from the command line, or a UsageError naming what was expected. */
function id(value: unknown, what: string): number {
  const parsed = parseId(typeof value === "string" ? value : "");
  if (typeof parsed === "string") throw new UsageError(`${what}: ${parsed}`);
  return parsed;
}

/** `--can-edit true|false`, or undefined when not given. */
function canEditFlag(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false") {
    throw new UsageError(`--can-edit must be true or false (got ${JSON.stringify(value)})`);
  }
  return value === "true";
}

const header = ["membership", "user", "user name", "group", "group name", "can_edit"];
const row = (m: Membership<"user">) => [
  m.id,
  m.user_id,
  m.user.full_name ?? "",
  m.insights_access_group_id,
  m.insights_access_group_name ?? "",
  m.can_edit,
];

/** The user's one membership, checked to be theirs; a message when there is not exactly one. */
async function onlyMembership(kantata: InsightsAccessClient, user: number): Promise<Membership<"user"> | string> {
  const found = await membershipsOfUser(kantata, user);
  if (found.length !== 1)
    return `user ${user} has ${found.length} Insights Access Group memberships, not one; nothing was sent`;
  return found[0]!;
}

/** Applies one change, journaled and stoppable like a plan's; resolves to its outcome. */
async function applyOne(context: Context, journal: Journal | undefined, change: Change): Promise<Outcome> {
  const [outcome] = await applyPlan(context.kantata, [change], {
    concurrency: 1,
    journal,
    stop: context.stop,
    progress: () => {},
    notice: (text) => context.io.err(`${text}\n`),
  });
  return outcome!;
}

/** The exit code of a single change's outcome, with the failure said on stderr. */
function failureOf(context: Context, outcome: Outcome, what: string): number {
  const state = outcome.state ? `; state: ${outcome.state}` : "";
  const after = outcome.after
    ? `; user ${outcome.change.user} is now in group ${outcome.after.group} as membership ${outcome.after.membership} with can_edit ${outcome.after.can_edit}`
    : "";
  context.io.err(`${what} ${outcome.result}${state}${after}\n${safe(outcome.error ?? "")}\n`);
  return outcome.result === "not started (interrupted)" ? 130 : 1;
}

/** grant / revoke: sets can_edit on the user's one membership, unless it already is so. */
const setCanEdit =
  (wanted: boolean): Command["run"] =>
  async (context) => {
    const { kantata, args, io } = context;
    const user = id(args[0], "USER_ID");
    const journal = context.journal();
    const found = await onlyMembership(kantata, user);
    if (typeof found === "string") return (io.err(`${found}\n`), 1);
    const where = `user ${found.user_id} (membership ${found.id}, group ${found.insights_access_group_id})`;
    if (found.can_edit === wanted) return (io.out(`${where}: can_edit already is ${wanted}; nothing sent\n`), 0);
    const change: Change = {
      action: "set-can-edit",
      user,
      group: found.insights_access_group_id,
      canEdit: wanted,
      before: describeMembership(found),
    };
    const outcome = await applyOne(context, journal, change);
    if (!outcome.result.startsWith("done")) return failureOf(context, outcome, `${wanted ? "grant" : "revoke"}:`);
    io.out(
      `${where}: can_edit ${found.can_edit} → ${wanted}${outcome.result === "done" ? "" : ` (${outcome.result})`}\n`,
    );
    return 0;
  };

const timeoutOption = { timeout: { type: "string" } } as const;
const journalOptions = { journal: { type: "string" }, "no-journal": { type: "boolean" } } as const;

const commands: Record<string, Command> = {
  list: {
    usage: "list [--group ID] [--user ID …] [--name TEXT] [--json]",
    summary: "every membership (all pages), as a table or JSON lines",
    options: {
      group: { type: "string" },
      user: { type: "string", multiple: true },
      name: { type: "string" },
      json: { type: "boolean" },
    },
    positionals: 0,
    async run({ kantata, flags, io }) {
      const params = {
        ...(flags.group !== undefined && { by_access_group_id: id(flags.group, "--group") }),
        ...(flags.user !== undefined && { user_ids: (flags.user as string[]).map((u) => id(u, "--user")) }),
        ...(flags.name !== undefined && { by_user_name: String(flags.name) }),
      };
      const { memberships } = await readAll(kantata, params);
      io.out(
        flags.json
          ? memberships.map((m) => `${JSON.stringify(m)}\n`).join("")
          : `${table(header, memberships.map(row))}\n`,
      );
      return 0;
    },
  },
  show: {
    usage: "show MEMBERSHIP_ID [--json]",
    summary: "one membership",
    options: { json: { type: "boolean" } },
    positionals: 1,
    async run({ kantata, args, flags, io }) {
      const { membership } = await kantata.memberships.get(id(args[0], "MEMBERSHIP_ID"), { include: ["user"] });
      const m = normalise(membership);
      io.out(flags.json ? `${JSON.stringify(m)}\n` : `${table(header, [row(m)])}\n`);
      return 0;
    },
  },
  grant: {
    usage: "grant USER_ID",
    summary: "set can_edit true on the user's membership",
    options: {},
    positionals: 1,
    writes: true,
    run: setCanEdit(true),
  },
  revoke: {
    usage: "revoke USER_ID",
    summary: "set can_edit false on the user's membership",
    options: {},
    positionals: 1,
    writes: true,
    run: setCanEdit(false),
  },
  add: {
    usage: "add USER_ID GROUP_ID [--can-edit true|false]",
    summary: "add a user to a group",
    options: { "can-edit": { type: "string" } },
    positionals: 2,
    writes: true,
    async run(context) {
      const { args, flags, io } = context;
      const change: Change = {
        action: "add",
        user: id(args[0], "USER_ID"),
        group: id(args[1], "GROUP_ID"),
        canEdit: canEditFlag(flags["can-edit"]),
        before: undefined,
      };
      const outcome = await applyOne(context, context.journal(), change);
      if (!outcome.result.startsWith("done") || !outcome.after) return failureOf(context, outcome, "add:");
      const { membership, group, can_edit } = outcome.after;
      io.out(`user ${change.user} added to group ${group} as membership ${membership}, can_edit ${can_edit}\n`);
      return 0;
    },
  },
  remove: {
    usage: "remove USER_ID",
    summary: "remove the user's membership",
    options: {},
    positionals: 1,
    writes: true,
    async run(context) {
      const { kantata, args, io } = context;
      const user = id(args[0], "USER_ID");
      const journal = context.journal();
      const found = await onlyMembership(kantata, user);
      if (typeof found === "string") return (io.err(`${found}\n`), 1);
      const change: Change = {
        action: "remove",
        user,
        group: undefined,
        canEdit: undefined,
        before: describeMembership(found),
      };
      const outcome = await applyOne(context, journal, change);
      if (!outcome.result.startsWith("done")) return failureOf(context, outcome, "remove:");
      io.out(
        `user ${user} removed (was membership ${found.id} in group ${found.insights_access_group_id}, can_edit ${found.can_edit})\n`,
      );
      return 0;
    },
  },
  move: {
    usage: "move USER_ID GROUP_ID [--can-edit true|false]",
    summary: "move a user to another group, keeping can_edit unless told",
    options: { "can-edit": { type: "string" } },
    positionals: 2,
    writes: true,
    async run(context) {
      const { kantata, args, flags, io } = context;
      const user = id(args[0], "USER_ID");
      const group = id(args[1], "GROUP_ID");
      const wanted = canEditFlag(flags["can-edit"]);
      const journal = context.journal();
      const found = await onlyMembership(kantata, user);
      if (typeof found === "string") return (io.err(`move failed; state: unchanged\n${found}\n`), 1);
      const canEdit = wanted ?? found.can_edit;
      if (found.insights_access_group_id === group && found.can_edit === canEdit) {
        io.out(`user ${user} already is in group ${group}, can_edit ${canEdit}\n`);
        return 0;
      }
      const change: Change = { action: "move", user, group, canEdit, before: describeMembership(found) };
      const outcome = await applyOne(context, journal, change);
      if (!outcome.result.startsWith("done") || !outcome.after) {
        const state = outcome.state ?? outcome.result;
        io.err(`move failed; state: ${state}\n${safe(outcome.error ?? "")}\n`);
        return outcome.result === "not started (interrupted)" ? 130 : 1;
      }
      const { membership, can_edit } = outcome.after;
      io.out(`user ${user} moved to group ${group} as membership ${membership}, can_edit ${can_edit}\n`);
      return 0;
    },
  },
  sync: {
    usage:
      "sync FILE.csv|- [--dry-run] [--prune] [--max-removals N] [--concurrency N] [--journal FILE] [--no-journal] [--json]",
    summary: "make the account match a sheet of user_id,group_id,can_edit",
    options: {
      "dry-run": { type: "boolean" },
      prune: { type: "boolean" },
      "max-removals": { type: "string" },
      concurrency: { type: "string" },
      json: { type: "boolean" },
    },
    positionals: 1,
    writes: true,
    run: sync,
  },
};

async function sync(context: Context): Promise<number> {
  const { kantata, args, flags, io } = context;
  if (flags.json && !flags["dry-run"]) throw new UsageError("--json gives the plan as data, so it needs --dry-run");
  const cap = flags["max-removals"];
  if (cap !== undefined && !/^\d{1,9}$/.test(String(cap))) {
    throw new UsageError(`--max-removals must be a whole number, 0 or more (got ${JSON.stringify(cap)})`);
  }
  const maxRemovals = cap === undefined ? undefined : Number(cap);
  const sheet = readSheet(args[0]!, io.readStdin);
  if (sheet.problems.length) {
    const list = sheet.problems.map((p) => `  ${safe(p)}\n`).join("");
    return (io.err(`${safe(args[0])} has ${sheet.problems.length} problem(s); nothing was sent:\n${list}`), 2);
  }
  if (sheet.ignored.length) io.err(`ignored column(s): ${sheet.ignored.map((c) => safe(c)).join(", ")}\n`);
  const journal = flags["dry-run"] ? undefined : context.journal();
  const plan = await planSync(kantata, sheet.rows, {
    prune: Boolean(flags.prune),
    maxRemovals,
    concurrency: context.concurrency,
    progress: (text) => context.progress(text),
  });
  context.progress("", true);
  if (plan.refused) return (io.err(`${plan.refused}. Nothing was sent.\n`), 2);
  if (plan.skipped.length) io.err(plan.skipped.map((p) => `skipped: ${p}\n`).join(""));
  if (flags["dry-run"]) {
    if (flags.json) io.out(`${JSON.stringify({ changes: plan.changes, skipped: plan.skipped })}\n`);
    else
      io.out(
        plan.changes.length
          ? `Plan (${plan.changes.length} change(s); dry run, nothing sent):\n${plan.changes.map((c) => `  ${describeChange(c)}\n`).join("")}`
          : "nothing to change\n",
      );
    return 0;
  }
  if (!plan.changes.length) return (io.out("nothing to change\n"), plan.skipped.length ? 1 : 0);
  const color = io.errIsTTY && !io.env.NO_COLOR;
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const outcomes = await applyPlan(kantata, plan.changes, {
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
  const { text, failed } = summary(outcomes, plan.skipped.length);
  io.out(text);
  if (journal) io.err(`journal: ${safe(journal.path)}\n`);
  return failed ? 1 : 0;
}

const exitCodes = "Exit codes: 0 done; 1 a change failed; 2 bad usage, nothing sent; 130/143 stopped by a signal.";

const helpText = () =>
  `kantata-insights: change who may see and edit classic Insights, from the command line.\n\nUsage: kantata-insights COMMAND [options]\n\n${Object.values(
    commands,
  )
    .map((c) => `  ${c.usage.split(" [")[0]!.padEnd(28)} ${c.summary}`)
    .join("\n")}\n  ${"verify [--json]".padEnd(28)} check the spec against your Kantata, read-only\n\n` +
  `KANTATA_TOKEN (required) is the OAuth 2 token; KANTATA_BASE_URL (optional) another https host.\n` +
  `Every command takes --timeout SECONDS (default 30); commands that change the account take\n--journal FILE (default kantata-insights-<time>.jsonl here) and --no-journal.\n` +
  `kantata-insights COMMAND --help shows one command.\n${exitCodes}\n`;

const flagList = (options: Options) => ["--help", ...Object.keys(options).map((o) => `--${o}`)].join(", ");

/** The command's options, with the ones every command (or every writing command) takes. */
const optionsOf = (command: Command): Options => ({
  ...command.options,
  ...timeoutOption,
  ...(command.writes ? journalOptions : {}),
});

/** The client for a run: KANTATA_TOKEN and KANTATA_BASE_URL checked, named in any refusal. */
function client(io: Io, timeoutSeconds: number, concurrency: number): InsightsAccessClient {
  const throttle = createThrottle(concurrency);
  try {
    return createInsightsAccessClient({
      token: io.env.KANTATA_TOKEN!,
      ...(io.env.KANTATA_BASE_URL ? { baseUrl: io.env.KANTATA_BASE_URL } : {}),
      timeoutMs: timeoutSeconds * 1000,
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
  if (name === undefined || name === "--help" || name === "-h" || name === "help")
    return (io.out(helpText()), name === undefined ? 2 : 0);
  if (name === "verify") {
    // The live check reads with its own recording client and reports on stdout; it alone needs Ajv.
    const { verifyLive } = await import("./verify-live.js");
    return verifyLive({ env: io.env, argv: rest, spec: io.loadSpec(), out: (line) => io.out(`${line}\n`) });
  }
  const command = commands[name];
  if (!command) {
    const known = [...Object.keys(commands), "verify"].join(", ");
    return (io.err(`unknown command ${JSON.stringify(safe(name))}; commands: ${known}\n`), 2);
  }
  const options = optionsOf(command);
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
    return (io.err(`${why}\nallowed for ${name}: ${flagList(options)}\nusage: kantata-insights ${command.usage}\n`), 2);
  }
  if (parsed.values.help) return (io.out(`usage: kantata-insights ${command.usage}\n${command.summary}\n`), 0);
  const usage = (text: string) => (io.err(`${text}\nusage: kantata-insights ${command.usage}\n`), 2);
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
    const timeout = flags.timeout === undefined ? 30 : id(flags.timeout, "--timeout");
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
