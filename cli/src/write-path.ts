// What every command that changes the account shares: the preflight (the journal opened, the
// token checked to be an Account Administrator's), finding the user and their one membership,
// confirming before harm, applying one change or a whole plan through the journal, and
// reporting how it ended.
import {
  AuthenticationError,
  KantataError,
  KantataInputError,
  PermissionDeniedError,
  type InsightsAccessClient,
  type Membership,
} from "kantata-insights-access";
import { membershipsOfUser } from "./account.js";
import { applyPlan, summary, type Outcome } from "./apply.js";
import { describeChange, describeMembership, kinds, who, type Change } from "./changes.js";
import { Refusal, TokenUnchecked, UsageError, type Command, type Context } from "./command.js";
import { assess, confirm, grantWarning, planText } from "./confirm.js";
import type { Journal, Origin } from "./journal.js";
import { safe } from "./output.js";
import { namesOf, refusal, userArgument, whoAmI, type Me } from "./people.js";

/** The user a command names (an id or an email address); a Refusal when no one, or several, have that address. */
export async function userOf(context: Context, text: string | undefined, what = "USER"): Promise<number> {
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
 * What every writing command does before its first write: opens the journal, checks that the
 * token is an Account Administrator's (a dry run only warns), and writes the journal's first
 * line. `check` may refuse the token's user first (undo holds them to the journal's account).
 */
export async function preflight(
  context: Context,
  dryRun = false,
  check: (me: Me | undefined) => Promise<void> = async () => {},
): Promise<Journal | undefined> {
  const journal = dryRun ? undefined : context.journal();
  const me = await checkToken(context, whoAmI(context.kantata), dryRun);
  await check(me);
  if (journal && me) begin(context, journal, me);
  return journal;
}

/** Refuses, before anything is sent, to act on another API than the one `made` (a journal's run, a saved plan) was made against. */
export function sameBaseUrl(context: Context, origin: Origin, made: string): void {
  if (origin.base_url === context.origin.base_url) return;
  throw new Refusal(
    `${made} was made against ${safe(origin.base_url)}, and KANTATA_BASE_URL now names ${safe(context.origin.base_url)}: it acts only on the account it was made on. Nothing was sent`,
  );
}

/** Writes the journal's first line: where the run is made, and by whom. */
export function begin(context: Context, journal: Journal, me: Me): void {
  const { id, email_address, full_name } = me;
  journal.begin({ ...context.origin, acting_user: { id, email_address, full_name } });
}

/**
 * The token's user, once checked to be an Account Administrator: a refusal when not, or when
 * Kantata refuses the token; a TokenUnchecked when Kantata could not say. A dry run only warns,
 * and resolves to undefined when it could not check.
 */
export async function checkToken(context: Context, me: Promise<Me>, dryRun: boolean): Promise<Me | undefined> {
  let who: Me;
  try {
    who = await me;
  } catch (error) {
    if (error instanceof AuthenticationError) {
      throw new TokenUnchecked(`Kantata refused KANTATA_TOKEN (401): is it valid, and not expired? Nothing was sent`);
    }
    if (error instanceof PermissionDeniedError) {
      throw new Refusal(`Kantata refused KANTATA_TOKEN (403): ${error.message}; nothing was sent`);
    }
    if (!(error instanceof KantataError) || error instanceof KantataInputError) throw error;
    const why = `could not check the token: reading its user (GET /users/me) failed: ${error.message}`;
    if (!dryRun) throw new TokenUnchecked(`${why}. Nothing was changed; try again later`);
    context.io.err(`warning: ${safe(why)}; applying this plan needs the check\n`);
    return undefined;
  }
  const why = refusal(who);
  if (why && !dryRun) throw new Refusal(why);
  if (why) context.io.err(`warning: ${why}; applying this plan would be refused\n`);
  return who;
}

/**
 * The prologue of a command that changes one user's membership: the preflight, the user named
 * by the first argument, and their one membership (or why there is not exactly one).
 */
export async function oneUser(context: Context) {
  const journal = await preflight(context);
  const user = await userOf(context, context.args[0]);
  const found = await onlyMembership(context.kantata, user);
  return { journal, user, found };
}

/**
 * `changes` with each user's name and address, for the people who read the plan, the progress,
 * the summary and the journal; a change that already names its user (a saved plan's, say) is
 * not asked about again. Names are a help, not a need: when Kantata cannot give them, the plan
 * goes on with ids, and says so.
 */
export async function withNames(context: Context, changes: Change[]): Promise<Change[]> {
  const unnamed = [...new Set(changes.filter((c) => !c.full_name && !c.email_address).map((c) => c.user_id))];
  if (!unnamed.length) return changes;
  let names: Awaited<ReturnType<typeof namesOf>>;
  try {
    names = await namesOf(context.kantata, unnamed, context.concurrency);
  } catch (error) {
    if (!(error instanceof KantataError)) throw error;
    context.io.err(`warning: could not read the users' names (${safe(error.message)}); the plan names them by id\n`);
    return changes;
  }
  return changes.map((c) => (c.full_name || c.email_address ? c : { ...c, ...names.get(c.user_id) }));
}

/** Confirms `changes` when they remove memberships or grant can_edit (see confirm.ts). */
async function confirmed(context: Context, changes: Change[]): Promise<void> {
  const { io, flags } = context;
  const why = await confirm(changes, { yes: Boolean(flags.yes), stdinIsTTY: Boolean(io.stdinIsTTY), ask: io.ask });
  if (why) throw new Refusal(why);
}

/** Applies one change, journaled and stoppable like a plan's; resolves to its outcome. */
export async function applyOne(context: Context, journal: Journal | undefined, planned: Change): Promise<Outcome> {
  const [change] = (await withNames(context, [planned])) as [Change];
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
export function report(
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

/** Shows a plan, confirms it when it does harm, applies it and reports: what sync and undo share. */
export async function applyChanges(
  context: Context,
  journal: Journal | undefined,
  changes: Change[],
  skipped: string[],
  dryRun: boolean,
): Promise<number> {
  const { kantata, flags, io } = context;
  if (skipped.length && !flags.json) io.err(skipped.map((p) => `skipped: ${safe(p)}\n`).join(""));
  // A signal while the plan was read: nothing was sent, and nothing will be.
  if (context.stop.soft) return (io.err("stopped while planning: no change was made.\n"), 1);
  changes = await withNames(context, changes);
  const { grants, ...counts } = assess(changes);
  if (dryRun) {
    if (flags.json) io.out(`${JSON.stringify({ changes, skipped, summary: { ...counts, grants: grants.length } })}\n`);
    else if (!changes.length) io.out("nothing to change\n");
    else io.out(planText(`Plan (${changes.length} change(s); dry run, nothing sent):`, changes));
    // As the apply of the same plan would end: 1 when something asked for is skipped.
    return skipped.length ? 1 : changes.length && flags["exit-code"] ? 4 : 0;
  }
  if (!changes.length) {
    if (flags.json)
      io.out(`${JSON.stringify({ outcomes: [], skipped, summary: { applied: 0, failed: 0, not_started: 0 } })}\n`);
    else io.out("nothing to change\n");
    return skipped.length ? 1 : 0;
  }
  if (!flags.json) io.err(planText(`Plan (${changes.length} change(s)):`, changes));
  await confirmed(context, changes);
  // The changes that take the most requests (a move: look up, delete, create) go first, so that
  // the workers finish together rather than one finishing a move alone at the end.
  const weight = (c: Change) => kinds[c.action].weight(c);
  changes = [...changes].sort((a, b) => weight(b) - weight(a));
  const color = io.errIsTTY && !io.env.NO_COLOR;
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  /** Whether a progress line is on the terminal without its line end (the run stopped before the last change). */
  let open = false;
  const outcomes = await applyPlan(kantata, changes, {
    concurrency: context.concurrency,
    journal,
    stop: context.stop,
    notice: (text) => io.err(`${open ? "\n" : ""}${text}\n`),
    progress(done, total, outcome) {
      const ok = outcome.result.startsWith("done");
      const line = `[${done}/${total}] ${paint(ok ? 32 : 31, outcome.result)}: ${describeChange(outcome.change)}`;
      open = io.errIsTTY && done < total;
      io.err(io.errIsTTY ? `\r\u001b[2K${line}${open ? "" : "\n"}` : `${line}\n`);
    },
  });
  if (open) io.err("\n");
  const { text, failed, counts: tally } = summary(outcomes, skipped.length);
  io.out(flags.json ? `${JSON.stringify({ outcomes, skipped, summary: tally })}\n` : text);
  if (journal) io.err(`journal: ${safe(journal.path)}\n`);
  return failed ? 1 : 0;
}

/** The run of grant and revoke: sets can_edit on the user's one membership, unless it already is so. */
export const setCanEdit =
  (wanted: boolean): Command["run"] =>
  async (context) => {
    const { io } = context;
    const { journal, user, found } = await oneUser(context);
    if (typeof found === "string") return (io.err(`${found}\n`), 1);
    const person = { user_id: found.user_id, full_name: found.user.full_name, email_address: found.user.email_address };
    const where = `${who(person)}, membership ${found.id} in group ${found.insights_access_group_id}`;
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
