// Grant or revoke a member's right to edit classic Insights, by membership id.
//   KANTATA_TOKEN=… node update.js 42 false
import { createInsightsAccessClient, KantataApiError, KantataInputError } from "kantata-insights-access";

const [id = "", wanted = ""] = process.argv.slice(2);
if (wanted !== "true" && wanted !== "false") {
  console.error("usage: update MEMBERSHIP_ID true|false");
  process.exit(2);
}

const kantata = createInsightsAccessClient({ token: process.env.KANTATA_TOKEN ?? "" });

try {
  // `can_edit: true` opens all account data to the member through Insights; Kantata may take
  // up to 15 minutes to apply a change.
  const { membership } = await kantata.memberships.update(id, { can_edit: wanted === "true" }, { include: ["user"] });
  console.log(`${membership.user.full_name} (membership ${membership.id}): can_edit is now ${membership.can_edit}`);
} catch (error) {
  if (error instanceof KantataInputError) console.error(`fix ${error.argument}: ${error.message}`);
  else if (error instanceof KantataApiError) console.error(`Kantata answered ${error.status}: ${error.message}`);
  else throw error;
  process.exitCode = 1;
}
