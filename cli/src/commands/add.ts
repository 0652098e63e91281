import type { Change } from "../changes.js";
import { canEditFlag, id, jsonFlag, type Command } from "../command.js";
import { grantWarning } from "../confirm.js";
import { applyOne, preflight, report, userOf } from "../write-path.js";

export const add: Command = {
  usage: "add USER GROUP_ID [--can-edit true|false]",
  summary: "add a user to a group",
  flags: { "can-edit": { type: "string", help: "true or false", default: "Kantata's (false)" }, ...jsonFlag },
  positionals: 2,
  writes: true,
  examples: ["kantata-insights add 1001 7", "kantata-insights add ada@example.com 7 --can-edit true --yes"],
  async run(context) {
    const { args, flags } = context;
    const journal = await preflight(context);
    const canEdit = canEditFlag(flags["can-edit"]);
    const change: Change = {
      action: "add",
      user_id: await userOf(context, args[0]),
      group_id: id(args[1], "GROUP_ID"),
      can_edit: canEdit,
      before: undefined,
    };
    if (canEdit && !flags.json) context.io.err(`${grantWarning}\n`);
    const outcome = await applyOne(context, journal, change);
    return report(context, outcome, (after) =>
      after
        ? `user ${change.user_id} added to group ${after.group_id} as membership ${after.membership_id}, can_edit ${after.can_edit}`
        : `user ${change.user_id} added to group ${change.group_id}`,
    );
  },
};
