import { dryRunFlags, jsonFlag, Refusal, TokenUnchecked, UsageError, type Command } from "../command.js";
import { writePlan } from "../saved-plan.js";
import { safe } from "../output.js";
import { whoAmI } from "../people.js";
import { planSync, resolveEmails } from "../plan.js";
import { readSheet } from "../sheet.js";
import { describeChange, type Change } from "../changes.js";
import { planText } from "../confirm.js";
import { applyChanges, begin, checkToken, withNames } from "../write-path.js";

/** Three changes, for the sample plan --help shows. */
const samplePlan: Change[] = [
  {
    action: "set-can-edit",
    user_id: 11,
    group_id: 7,
    can_edit: true,
    before: { membership_id: "1", group_id: 7, can_edit: false },
    full_name: "Ada Lovelace",
    email_address: "ada@acme.example",
  },
  {
    action: "move",
    user_id: 12,
    group_id: 8,
    can_edit: false,
    before: { membership_id: "2", group_id: 7, can_edit: false },
    full_name: "Alan Turing",
    email_address: "alan@acme.example",
  },
  {
    action: "remove",
    user_id: 13,
    group_id: undefined,
    can_edit: undefined,
    before: { membership_id: "3", group_id: 7, can_edit: false },
    full_name: "Grace Hopper",
    email_address: "grace@acme.example",
  },
];

export const sync: Command = {
  usage:
    "sync FILE.csv|- [--dry-run [--exit-code]] [--plan-out FILE] [--prune] [--max-removals N] [--concurrency N] [--json]",
  summary: "make the account match a sheet of user_id and/or email, group_id, can_edit",
  flags: {
    ...dryRunFlags,
    "plan-out": { type: "string", help: "write the plan to FILE for `apply` (a dry run: nothing is changed)" },
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
  notes: [
    "A plan lists every change, each user named (! marks a grant of can_edit):",
    // Written by the plan's own code, cut to the help's width.
    ...planText("Plan (3 change(s)):", samplePlan)
      .split("\n")
      .slice(0, 4)
      .map((line) => (line.length > 96 ? `  ${line.slice(0, 93)}…` : `  ${line}`)),
  ],
  async run(context) {
    const { kantata, args, flags, io } = context;
    const cap = flags["max-removals"];
    if (cap !== undefined && !/^\d{1,9}$/.test(String(cap))) {
      throw new UsageError(`--max-removals must be a whole number, 0 or more (got ${JSON.stringify(cap)})`);
    }
    const sheet = await readSheet(args[0]!, io.readStdin);
    if (sheet.problems.length) {
      const list = sheet.problems.map((p) => `  ${safe(p)}\n`).join("");
      return (io.err(`${safe(args[0])} has ${sheet.problems.length} problem(s); nothing was sent:\n${list}`), 2);
    }
    if (sheet.ignored.length) io.err(`ignored column(s): ${sheet.ignored.map((c) => safe(c)).join(", ")}\n`);
    const planOut = flags["plan-out"] === undefined ? undefined : String(flags["plan-out"]);
    const dryRun = Boolean(flags["dry-run"]) || planOut !== undefined;
    const journal = dryRun ? undefined : context.journal();
    // The token is checked while the account is read (reads only); nothing is written before both are done.
    const me = whoAmI(kantata);
    me.catch(() => {});
    const named = await resolveEmails(kantata, sheet.rows);
    // A person named anywhere in the sheet is never pruned: a row that names no one for certain
    // could be someone who would then be removed, so a prune with such rows is refused.
    if (flags.prune && named.skipped.length) {
      io.err(named.skipped.map((p) => `skipped: ${safe(p)}\n`).join(""));
      throw new Refusal(
        `--prune refused: the ${named.skipped.length} row(s) above name no one for certain, and a person they name could be removed; correct them, or run without --prune. No change was made`,
      );
    }
    const plan = await planSync(kantata, named.rows, {
      prune: Boolean(flags.prune),
      dryRun,
      maxRemovals: cap === undefined ? undefined : Number(cap),
      concurrency: context.concurrency,
      progress: (text) => context.progress(text),
    });
    context.progress("", true);
    const who = await checkToken(context, me, dryRun);
    if (plan.refused) {
      // The plan stays in sight: who the prune would have removed, and why it was refused.
      const changes = await withNames(context, plan.changes);
      io.err(planText(`Plan (refused; ${changes.length} change(s), nothing sent):`, changes));
      throw new Refusal(plan.refused);
    }
    const { unlisted } = plan;
    if (unlisted?.removals.length && !flags.json) {
      const lines = unlisted.removals.map((c) => `  ${describeChange(c)}\n`).join("");
      io.err(
        `${unlisted.removals.length} member(s) of group(s) ${unlisted.groups.join(", ")} are not in the sheet; with --prune they would be removed:\n${lines}`,
      );
    }
    if (journal && who) begin(context, journal, who);
    const skipped = [...named.skipped, ...plan.skipped];
    // Named once: the saved plan and the plan shown are the same lines.
    const changes = planOut === undefined ? plan.changes : await withNames(context, plan.changes);
    if (planOut !== undefined) {
      if (!who) throw new TokenUnchecked("a saved plan records who made it, and the token could not be checked");
      const { id, email_address, full_name } = who;
      const saved = { plan_format: 1 as const, made_at: new Date().toISOString(), ...context.origin };
      writePlan(planOut, { ...saved, acting_user: { id, email_address, full_name }, changes, skipped });
      io.err(`plan written to ${safe(planOut)}: review it, then kantata-insights apply ${safe(planOut)}\n`);
    }
    return applyChanges(context, journal, changes, skipped, dryRun);
  },
};
