#!/usr/bin/env node
// The main job's last step: one memberships.update through the built package.
// By default against a mock Kantata (Prism, from the bundled spec) on 127.0.0.1; with
// KANTATA_TOKEN and KANTATA_MEMBERSHIP_ID set, against the real API (this changes data).
import { createInsightsAccessClient, KantataError } from "kantata-insights-access";
import mockServer from "./lib/mock.cjs";
const { startMock } = mockServer;

const real = Boolean(process.env.KANTATA_TOKEN);
if (real && !process.env.KANTATA_MEMBERSHIP_ID) {
  console.error(
    "KANTATA_TOKEN is set: also set KANTATA_MEMBERSHIP_ID (and KANTATA_CAN_EDIT=true|false) to update a real membership.",
  );
  process.exit(2);
}
const id = process.env.KANTATA_MEMBERSHIP_ID ?? "42";
const canEdit = (process.env.KANTATA_CAN_EDIT ?? "false") === "true";

const mock = real ? undefined : await startMock();
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
    console.log(`  ${await request.clone().text()}`);
    return fetch(request);
  };

  const kantata = createInsightsAccessClient({
    token: process.env.KANTATA_TOKEN ?? "demo-token",
    ...(baseUrl ? { baseUrl } : {}),
    fetch: loggingFetch,
  });
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
