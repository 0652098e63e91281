import { describeMembership, type Change } from "../changes.js";
import { canEditFlag, id, jsonFlag, type Command } from "../command.js";
import { safe } from "../output.js";
import { applyOne, oneUser, report } from "../write-path.js";

export const move: Command = {
  usage: "move USER GROUP_ID [--can-edit true|false]",
  summary: "move a user to another group, keeping can_edit unless told",
  flags: { "can-edit": { type: "string", help: "true or false", default: "kept" }, ...jsonFlag },
  positionals: 2,
  writes: true,
  examples: ["kantata-insights move 1001 8", "kantata-insights move ada@example.com 8 --can-edit false"],
  async run(context) {
    const { args, flags, io } = context;
    const group = id(args[1], "GROUP_ID");
    const wanted = canEditFlag(flags["can-edit"]);
    const { journal, user, found } = await oneUser(context);
    if (typeof found === "string") return (io.err(`move failed; state: unchanged\n${found}\n`), 1);
    const canEdit = wanted ?? found.can_edit;
    if (found.insights_access_group_id === group && found.can_edit === canEdit) {
      io.out(`user ${user} already is in group ${group}, can_edit ${canEdit}\n`);
      return 0;
    }
    const change: Change = {
      action: "move",
      user_id: user,
      group_id: group,
      can_edit: canEdit,
      before: describeMembership(found),
    };
    const outcome = await applyOne(context, journal, change);
    if (!flags.json && !outcome.result.startsWith("done")) {
      io.err(`move failed; state: ${outcome.state ?? outcome.result}\n${safe(outcome.error ?? "")}\n`);
      return outcome.result === "not started (interrupted)" ? 130 : 1;
    }
    return report(context, outcome, (after) =>
      after
        ? `user ${user} moved to group ${group} as membership ${after.membership_id}, can_edit ${after.can_edit}`
        : `user ${user} moved to group ${group}`,
    );
  },
};
