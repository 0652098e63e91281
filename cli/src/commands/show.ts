import { membershipsOfUser, normalise } from "../account.js";
import { jsonFlag, type Command } from "../command.js";
import { listing } from "../output.js";
import { userOf } from "../write-path.js";

export const show: Command = {
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
    io.out(flags.json ? `${JSON.stringify(m)}\n` : listing(io.outIsTTY, found));
    return found.length === 1 ? 0 : (io.err(`user ${user} has ${found.length} memberships; fix by hand\n`), 1);
  },
};
