import type { InsightsAccessClient } from "kantata-insights-access";
import { dryRunFlags, jsonFlag, Refusal, type Command } from "../command.js";
import type { Origin } from "../journal.js";
import { safe } from "../output.js";
import type { Me } from "../people.js";
import { planUndo, readJournal } from "../undo.js";
import { applyChanges, preflight } from "../write-path.js";

const person = (u: { id: number; email_address: string }) => `user ${u.id} <${safe(u.email_address)}>`;

/**
 * Refuses a token of another account than the run's: the token's user must be the run's, or a
 * user of the same account as the run's (a colleague), which `on_my_account` tells.
 */
async function sameAccount(kantata: InsightsAccessClient, origin: Origin, me: Me | undefined): Promise<void> {
  const ran = origin.acting_user;
  if (!me || me.id === ran.id) return;
  const found = await kantata.users.list({ only: [ran.id], on_my_account: true, show_disabled: true });
  if (found.users.some((u) => Number(u.id) === ran.id)) return;
  throw new Refusal(
    `the journal's run was made by ${person(ran)}, who is not a user of the account KANTATA_TOKEN belongs to (${person(me)}): undo changes only the account the run changed. Nothing was sent`,
  );
}

export const undo: Command = {
  usage: "undo JOURNAL [--dry-run [--exit-code]] [--concurrency N] [--json]",
  summary: "put the users a run touched back as they were, where nothing changed since",
  flags: {
    ...dryRunFlags,
    concurrency: { type: "string", help: "changes at a time, 1 to 32", default: "4" },
    ...jsonFlag,
  },
  positionals: 1,
  writes: true,
  examples: [
    "kantata-insights undo kantata-insights-2026-12-01T10-00-00-000Z-1f3a9c2e.jsonl --dry-run",
    "kantata-insights undo run.jsonl --yes",
  ],
  async run(context) {
    const { kantata, args, io } = context;
    const file = args[0]!;
    const read = readJournal(file, io.loadSchema());
    if (read.problems.length || !read.origin) {
      const list = read.problems.map((p) => `  ${safe(p)}\n`).join("");
      return (io.err(`${safe(file)} cannot be undone; nothing was sent:\n${list}`), 2);
    }
    for (const w of read.warnings) io.err(`warning: ${safe(w)}\n`);
    const { origin } = read;
    if (origin.base_url !== context.origin.base_url) {
      throw new Refusal(
        `the journal's run was made against ${safe(origin.base_url)}, and KANTATA_BASE_URL now names ${safe(context.origin.base_url)}: undo changes only the account the run changed. Nothing was sent`,
      );
    }
    const dryRun = Boolean(context.flags["dry-run"]);
    const journal = await preflight(context, dryRun, (me) => sameAccount(kantata, origin, me));
    const plan = await planUndo(kantata, read.touched, context.concurrency, (done, total) =>
      context.progress(`reading the account: ${done} of ${total} user(s)`),
    );
    context.progress("", true);
    return applyChanges(context, journal, plan.changes, plan.skipped, dryRun);
  },
};
