import { describeMembership, type Change } from "../changes.js";
import { jsonFlag, type Command } from "../command.js";
import { applyOne, oneUser, report } from "../write-path.js";

export const remove: Command = {
  usage: "remove USER",
  summary: "remove the user's membership",
  flags: { ...jsonFlag },
  positionals: 1,
  writes: true,
  examples: ["kantata-insights remove 1001 --yes", "kantata-insights remove ada@example.com"],
  async run(context) {
    const { journal, user, found } = await oneUser(context);
    if (typeof found === "string") return (context.io.err(`${found}\n`), 1);
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
};
