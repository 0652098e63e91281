// Move a user to another classic Insights Access Group, and say exactly where a failure left them.
//   KANTATA_TOKEN=… node move.js 1001 8
import { createInsightsAccessClient, KantataMoveError } from "kantata-insights-access";

const [user = "", group = ""] = process.argv.slice(2);
const kantata = createInsightsAccessClient({ token: process.env.KANTATA_TOKEN ?? "" });

try {
  const { membership, previous, moved } = await kantata.memberships.move(user, group);
  console.log(
    moved
      ? `moved: membership ${previous?.id} in group ${previous?.insights_access_group_id} became ${membership.id} in group ${membership.insights_access_group_id}`
      : `user ${user} already is in group ${group}`,
  );
} catch (error) {
  if (!(error instanceof KantataMoveError)) throw error;
  // `state` is what move read back from the account after the failure; the message names the
  // old membership, its group and can_edit, so nothing is lost.
  switch (error.state) {
    case "unchanged":
    case "restored":
      console.error(`nothing to repair (${error.state}): ${error.message}`);
      break;
    case "moved-can-edit-unset":
    case "restored-can-edit-unset":
      console.error(`user ${user} has one membership, but not the can_edit asked for: ${error.message}`);
      break;
    case "no-membership":
      console.error(`user ${user} has NO membership now; recreate it by hand: ${error.message}`);
      break;
    case "unknown":
      console.error(`check user ${user} by hand (${error.state}): ${error.message}`);
  }
  process.exitCode = 1;
}
