// grant and revoke: one command each, the same run: set can_edit on the user's one membership,
// unless it already is so.
import { describeMembership, type Change } from "../changes.js";
import { jsonFlag, type Command } from "../command.js";
import { grantWarning } from "../confirm.js";
import { applyOne, oneUser, report } from "../write-path.js";

const setCanEdit =
  (wanted: boolean): Command["run"] =>
  async (context) => {
    const { io } = context;
    const { journal, user, found } = await oneUser(context);
    if (typeof found === "string") return (io.err(`${found}\n`), 1);
    const where = `user ${found.user_id} (membership ${found.id}, group ${found.insights_access_group_id})`;
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

export const grant: Command = {
  usage: "grant USER",
  summary: "set can_edit true on the user's membership (USER: an id or an email address)",
  flags: { ...jsonFlag },
  positionals: 1,
  writes: true,
  examples: ["kantata-insights grant 1001", "kantata-insights grant ada@example.com --yes"],
  run: setCanEdit(true),
};

export const revoke: Command = {
  usage: "revoke USER",
  summary: "set can_edit false on the user's membership",
  flags: { ...jsonFlag },
  positionals: 1,
  writes: true,
  examples: ["kantata-insights revoke 1001", "kantata-insights revoke ada@example.com --json"],
  run: setCanEdit(false),
};
