import { jsonFlag, type Command } from "../command.js";
import { safe } from "../output.js";
import { planUndo, readJournal } from "../undo.js";
import { applyChanges, preflight } from "../write-path.js";

export const undo: Command = {
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
};
