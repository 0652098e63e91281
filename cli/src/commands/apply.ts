import { jsonFlag, Refusal, type Command } from "../command.js";
import { safe } from "../output.js";
import { sameAccount } from "../people.js";
import { changedSince, readPlan } from "../saved-plan.js";
import { applyChanges, preflight, sameBaseUrl } from "../write-path.js";

export const apply: Command = {
  usage: "apply PLAN.json [--concurrency N] [--json]",
  summary: "apply exactly a plan `sync --plan-out` saved, or nothing if anyone in it changed since",
  flags: {
    concurrency: { type: "string", help: "changes at a time, 1 to 32", default: "4" },
    ...jsonFlag,
  },
  positionals: 1,
  writes: true,
  examples: ["kantata-insights sync access.csv --plan-out plan.json", "kantata-insights apply plan.json"],
  async run(context) {
    const { kantata, args, io } = context;
    const plan = readPlan(args[0]!, io.loadSchema());
    if (typeof plan === "string") return (io.err(`${safe(plan)}; nothing was sent\n`), 2);
    sameBaseUrl(context, plan, "the plan");
    const journal = await preflight(context, false, (me) => sameAccount(kantata, plan, me, "the plan", "apply"));
    // Exactly the plan, or nothing: each user as the plan saw them.
    const changed = await changedSince(kantata, plan.changes, context.concurrency);
    if (changed.length) {
      io.err(changed.map((c) => `  ${safe(c)}\n`).join(""));
      throw new Refusal(
        `${changed.length} user(s) above changed since the plan was made (${safe(plan.made_at)}); make a new plan. Nothing was sent`,
      );
    }
    return applyChanges(context, journal, plan.changes, plan.skipped, false);
  },
};
