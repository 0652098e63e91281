import { dryRunFlags, jsonFlag, type Command } from "../command.js";
import { safe } from "../output.js";
import { sameAccount } from "../people.js";
import { planUndo, readJournal } from "../undo.js";
import { applyChanges, preflight, sameBaseUrl } from "../write-path.js";

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
    sameBaseUrl(context, origin, "the journal's run");
    const dryRun = Boolean(context.flags["dry-run"]);
    const journal = await preflight(context, dryRun, (me) =>
      sameAccount(kantata, origin, me, "the journal's run", "undo"),
    );
    const plan = await planUndo(kantata, read.touched, context.concurrency, (done, total) =>
      context.progress(`reading the account: ${done} of ${total} user(s)`),
    );
    context.progress("", true);
    return applyChanges(context, journal, plan.changes, plan.skipped, dryRun);
  },
};
