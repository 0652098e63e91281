#!/usr/bin/env node
// The main job's last step: one memberships.update through the built package.
// By default against a mock Kantata (Prism, from the bundled spec) on 127.0.0.1; with
// KANTATA_TOKEN set, against the real API (this changes data), which then also needs
// KANTATA_MEMBERSHIP_ID and KANTATA_CAN_EDIT=true|false, and reads the membership first.
import { createInsightsAccessClient, KantataError } from "kantata-insights-access";

const real = Boolean(process.env.KANTATA_TOKEN);
const wanted = process.env.KANTATA_CAN_EDIT;
if (wanted !== undefined && wanted !== "true" && wanted !== "false") {
  console.error(`KANTATA_CAN_EDIT must be exactly true or false (got ${JSON.stringify(wanted)}); nothing was sent.`);
  process.exit(2);
}
if (real && (!process.env.KANTATA_MEMBERSHIP_ID || wanted === undefined)) {
  console.error(
    "KANTATA_TOKEN is set, so this changes a real membership: also set KANTATA_MEMBERSHIP_ID and KANTATA_CAN_EDIT=true|false. Nothing was sent.",
  );
  process.exit(2);
}
const id = process.env.KANTATA_MEMBERSHIP_ID ?? "42";
const canEdit = wanted === "true";

// The mock (Prism) is loaded only when it is used.
const mock = real ? undefined : await (await import("./lib/mock.cjs")).default.startMock();
try {
  const baseUrl = real ? process.env.KANTATA_BASE_URL : mock.baseUrl;
  console.log(
    real
      ? `Calling ${baseUrl ?? "the Kantata API"}`
      : `Mock Kantata listening on ${baseUrl} (Prism, from generated/openapi.yaml)`,
  );

  // Show what goes on the wire, with the token masked.
  const loggingFetch = async (request) => {
    console.log("\nRequest sent:");
    console.log(`  ${request.method} ${request.url}`);
    for (const [name, value] of request.headers) {
      console.log(`  ${name}: ${name === "authorization" ? "Bearer ***" : value}`);
    }
    const body = await request.clone().text();
    if (body) console.log(`  ${body}`);
    return fetch(request);
  };

  const kantata = createInsightsAccessClient({
    token: process.env.KANTATA_TOKEN ?? "demo-token",
    ...(baseUrl ? { baseUrl } : {}),
    fetch: loggingFetch,
  });
  if (real) {
    const { membership: now } = await kantata.memberships.get(id);
    console.log(
      `\nMembership ${id} (user ${now.user_id}, group ${now.insights_access_group_id}): can_edit is ${now.can_edit}.`,
    );
    if (now.can_edit === canEdit) {
      console.log(`Nothing to change: can_edit already is ${canEdit}.`);
      process.exit(0);
    }
    console.log(`Changing can_edit from ${now.can_edit} to ${canEdit}.`);
  }
  const { membership, response } = await kantata.memberships.update(
    id,
    { can_edit: canEdit },
    { include: ["user"], optionalFields: ["user_name", "account_permission"] },
  );
  console.log(`\nAnswer: ${response.status}. Membership returned:`);
  console.log(JSON.stringify(membership, null, 2));
} catch (error) {
  console.error(error instanceof KantataError ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await mock?.stop();
}
