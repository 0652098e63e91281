/// <reference types="node" />
// `kantata-insights`: the command line for Account Administrators, built on the package's
// public API only (no second HTTP path). The token comes from KANTATA_TOKEN alone, never a
// flag, so it stays out of shell history. Exit 0: done; 1: a change failed; 2: bad usage.
import { parseArgs } from "node:util";
import {
  createInsightsAccessClient,
  KantataError,
  KantataMoveError,
  type InsightsAccessClient,
  type Membership,
} from "kantata-insights-access";
import { addMember, applyPlan, describeChange, planSync, readSheet, type Outcome } from "./sync.js";
import { verifyLive } from "./verify-live.js";

/** Where the command writes, and what it may know of the terminal. */
export interface Io {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress then updates one line). */
  errIsTTY: boolean;
  /** The library's bundled OpenAPI document, for `verify`. */
  loadSpec: () => Record<string, any>;
}

type Options = Record<string, { type: "string" | "boolean"; multiple?: boolean }>;
interface Command {
  usage: string;
  summary: string;
  options: Options;
  positionals: number;
  run(kantata: InsightsAccessClient, args: string[], flags: Record<string, unknown>, io: Io): Promise<number>;
}

class UsageError extends Error {}

/** A positive whole number from the command line, or a UsageError naming what was expected. */
function id(value: unknown, what: string): number {
  if (typeof value !== "string" || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2 ** 31 - 1) {
    throw new UsageError(`${what} must be a positive whole number (got ${JSON.stringify(value ?? "")})`);
  }
  return Number(value);
}

/** `--can-edit true|false`, or undefined when not given. */
function canEditFlag(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false")
    throw new UsageError(`--can-edit must be true or false (got ${JSON.stringify(value)})`);
  return value === "true";
}

const row = (m: Membership<"user">) => [
  m.id,
  m.user_id,
  m.user.full_name ?? "",
  m.insights_access_group_id,
  m.insights_access_group_name ?? "",
  m.can_edit,
];
const header = ["membership", "user", "user name", "group", "group name", "can_edit"];

/** A plain-text table; no colour, so it pipes cleanly. */
function table(rows: unknown[][]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The user's one membership, or a UsageError-free failure message when there is not exactly one. */
async function onlyMembership(kantata: InsightsAccessClient, user: number): Promise<Membership | string> {
  const found = await kantata.memberships.listAll({ user_ids: [user] });
  if (found.length !== 1)
    return `user ${user} has ${found.length} Insights Access Group memberships, not one; nothing was sent`;
  return found[0]!;
}

/** grant / revoke: sets can_edit on the user's one membership, unless it already is so. */
const setCanEdit =
  (wanted: boolean): Command["run"] =>
  async (kantata, [user], _, io) => {
    const found = await onlyMembership(kantata, id(user, "USER_ID"));
    if (typeof found === "string") return (io.err(`${found}\n`), 1);
    const where = `user ${found.user_id} (membership ${found.id}, group ${found.insights_access_group_id})`;
    if (found.can_edit === wanted) return (io.out(`${where}: can_edit already is ${wanted}; nothing sent\n`), 0);
    const { membership } = await kantata.memberships.update(found.id, { can_edit: wanted });
    io.out(`${where}: can_edit ${found.can_edit} → ${membership.can_edit}\n`);
    return 0;
  };

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
    async run(kantata, _, flags, io) {
      const params = {
        include: ["user"] as "user"[],
        ...(flags.group !== undefined && { by_access_group_id: id(flags.group, "--group") }),
        ...(flags.user !== undefined && { user_ids: (flags.user as string[]).map((u) => id(u, "--user")) }),
        ...(flags.name !== undefined && { by_user_name: String(flags.name) }),
      };
      const all = await kantata.memberships.listAll(params);
      io.out(flags.json ? all.map((m) => `${JSON.stringify(m)}\n`).join("") : `${table(all.map(row))}\n`);
      return 0;
    },
  },
  show: {
    usage: "show MEMBERSHIP_ID [--json]",
    summary: "one membership",
    options: { json: { type: "boolean" } },
    positionals: 1,
    async run(kantata, [membership], flags, io) {
      const { membership: m } = await kantata.memberships.get(id(membership, "MEMBERSHIP_ID"), { include: ["user"] });
      io.out(flags.json ? `${JSON.stringify(m)}\n` : `${table([row(m)])}\n`);
      return 0;
    },
  },
  grant: {
    usage: "grant USER_ID",
    summary: "set can_edit true on the user's membership",
    options: {},
    positionals: 1,
    run: setCanEdit(true),
  },
  revoke: {
    usage: "revoke USER_ID",
    summary: "set can_edit false on the user's membership",
    options: {},
    positionals: 1,
    run: setCanEdit(false),
  },
  add: {
    usage: "add USER_ID GROUP_ID [--can-edit true|false]",
    summary: "add a user to a group",
    options: { "can-edit": { type: "string" } },
    positionals: 2,
    async run(kantata, [user, group], flags, io) {
      const canEdit = canEditFlag(flags["can-edit"]);
      const final = await addMember(kantata, id(user, "USER_ID"), id(group, "GROUP_ID"), canEdit);
      io.out(
        `user ${final.user_id} added to group ${final.insights_access_group_id} as membership ${final.id}, can_edit ${final.can_edit}\n`,
      );
      return 0;
    },
  },
  remove: {
    usage: "remove USER_ID",
    summary: "remove the user's membership",
    options: {},
    positionals: 1,
    async run(kantata, [user], _, io) {
      const found = await onlyMembership(kantata, id(user, "USER_ID"));
      if (typeof found === "string") return (io.err(`${found}\n`), 1);
      await kantata.memberships.delete(found.id);
      io.out(
        `user ${found.user_id} removed (was membership ${found.id} in group ${found.insights_access_group_id}, can_edit ${found.can_edit})\n`,
      );
      return 0;
    },
  },
  move: {
    usage: "move USER_ID GROUP_ID [--can-edit true|false]",
    summary: "move a user to another group, keeping can_edit unless told",
    options: { "can-edit": { type: "string" } },
    positionals: 2,
    async run(kantata, [user, group], flags, io) {
      const canEdit = canEditFlag(flags["can-edit"]);
      try {
        const result = await kantata.memberships.move(
          id(user, "USER_ID"),
          id(group, "GROUP_ID"),
          canEdit === undefined ? {} : { can_edit: canEdit },
        );
        const m = result.membership;
        io.out(
          result.moved
            ? `user ${m.user_id} moved to group ${m.insights_access_group_id} as membership ${m.id}, can_edit ${m.can_edit}\n`
            : `user ${m.user_id} already is in group ${m.insights_access_group_id}, can_edit ${m.can_edit}\n`,
        );
        return 0;
      } catch (error) {
        if (!(error instanceof KantataMoveError)) throw error;
        io.err(`move failed; state: ${error.state}\n${error.message}\n`);
        return 1;
      }
    },
  },
  sync: {
    usage: "sync FILE.csv [--dry-run] [--prune] [--concurrency N] [--journal FILE] [--json]",
    summary: "make the account match a sheet of user_id,group_id,can_edit",
    options: {
      "dry-run": { type: "boolean" },
      prune: { type: "boolean" },
      concurrency: { type: "string" },
      journal: { type: "string" },
      json: { type: "boolean" },
    },
    positionals: 1,
    run: sync,
  },
};

async function sync(
  kantata: InsightsAccessClient,
  [file]: string[],
  flags: Record<string, unknown>,
  io: Io,
): Promise<number> {
  const concurrency = flags.concurrency === undefined ? 4 : id(flags.concurrency, "--concurrency");
  if (concurrency > 32) throw new UsageError(`--concurrency must be from 1 to 32 (got ${concurrency})`);
  const { rows, problems } = readSheet(file!);
  if (problems.length)
    return (
      io.err(
        `${file} has ${problems.length} problem(s); nothing was sent:\n${problems.map((p) => `  ${p}\n`).join("")}`,
      ),
      2
    );
  const plan = await planSync(kantata, rows, Boolean(flags.prune));
  if (plan.problems.length) io.err(plan.problems.map((p) => `skipped: ${p}\n`).join(""));
  if (flags["dry-run"]) {
    if (flags.json) io.out(`${JSON.stringify({ changes: plan.changes, skipped: plan.problems })}\n`);
    else
      io.out(
        plan.changes.length
          ? `Plan (${plan.changes.length} change(s); dry run, nothing sent):\n${plan.changes.map((c) => `  ${describeChange(c)}\n`).join("")}`
          : "nothing to change\n",
      );
    return 0;
  }
  if (!plan.changes.length) return (io.out("nothing to change\n"), plan.problems.length ? 1 : 0);
  const color = io.errIsTTY && !io.env.NO_COLOR;
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const outcomes = await applyPlan(kantata, plan.changes, {
    concurrency,
    journal: flags.journal === undefined ? undefined : String(flags.journal),
    progress(done, total, outcome) {
      const line = `[${done}/${total}] ${outcome.error ? paint(31, "failed") : paint(32, "done")}: ${describeChange(outcome.change)}`;
      io.err(io.errIsTTY ? `\r\u001b[2K${line}${done === total ? "\n" : ""}` : `${line}\n`);
    },
  });
  return summarize(outcomes, plan.problems, io);
}

function summarize(outcomes: Outcome[], skipped: string[], io: Io): number {
  const failed = outcomes.filter((o) => o.error);
  io.out(
    `${outcomes.length - failed.length} of ${outcomes.length} change(s) applied; ${failed.length} failed; ${skipped.length} user(s) skipped\n`,
  );
  for (const o of failed)
    io.out(`  FAILED ${describeChange(o.change)}: ${o.error}${o.state ? ` (move state: ${o.state})` : ""}\n`);
  return failed.length || skipped.length ? 1 : 0;
}

const helpText = () =>
  `kantata-insights: change who may see and edit classic Insights, from the command line.\n\nUsage: kantata-insights COMMAND [options]\n\n${Object.values(
    commands,
  )
    .map((c) => `  ${c.usage.padEnd(80)} ${c.summary}`)
    .join(
      "\n",
    )}\n  ${"verify [--json]".padEnd(80)} check the spec against your Kantata, read-only\n\nKANTATA_TOKEN (required) is the OAuth 2 token; KANTATA_BASE_URL (optional) another https host.\nkantata-insights COMMAND --help shows one command.\n`;

const flagList = (options: Options) => ["--help", ...Object.keys(options).map((o) => `--${o}`)].join(", ");

/** Runs one command line; resolves to the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help")
    return (io.out(helpText()), name === undefined ? 2 : 0);
  if (name === "verify") {
    // The live check reads with its own recording client and reports on stdout.
    return verifyLive({ env: io.env, argv: rest, spec: io.loadSpec(), out: (line) => io.out(`${line}\n`) });
  }
  const command = commands[name];
  if (!command)
    return (
      io.err(`unknown command ${JSON.stringify(name)}; commands: ${[...Object.keys(commands), "verify"].join(", ")}\n`),
      2
    );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return (
      io.err(
        `${(error as Error).message}\nallowed for ${name}: ${flagList(command.options)}\nusage: kantata-insights ${command.usage}\n`,
      ),
      2
    );
  }
  if (parsed.values.help) return (io.out(`usage: kantata-insights ${command.usage}\n${command.summary}\n`), 0);
  if (parsed.positionals.length !== command.positionals) {
    return (
      io.err(
        `${name} takes ${command.positionals} argument(s), got ${parsed.positionals.length}\nusage: kantata-insights ${command.usage}\n`,
      ),
      2
    );
  }
  if (!io.env.KANTATA_TOKEN)
    return (
      io.err("KANTATA_TOKEN is not set: it is the OAuth 2 token (never given as a flag). Nothing was sent.\n"),
      2
    );
  try {
    const kantata = createInsightsAccessClient({
      token: io.env.KANTATA_TOKEN,
      ...(io.env.KANTATA_BASE_URL ? { baseUrl: io.env.KANTATA_BASE_URL } : {}),
    });
    return await command.run(kantata, parsed.positionals, parsed.values, io);
  } catch (error) {
    if (error instanceof UsageError) return (io.err(`${error.message}\nusage: kantata-insights ${command.usage}\n`), 2);
    if (error instanceof KantataError)
      return (io.err(`${error.name}: ${error.message}\n`), error.name === "KantataInputError" ? 2 : 1);
    // A step of a command failed after an earlier one changed something; the message says what.
    if (error instanceof Error && error.cause instanceof KantataError) return (io.err(`${error.message}\n`), 1);
    throw error;
  }
}
