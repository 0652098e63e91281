// The client against the mock that `npm start` uses (Prism, reading generated/openapi.yaml):
// Prism checks each request against the spec, so client and spec cannot drift apart unseen.
import { createInsightsAccessClient } from "../../src/index.js";

const { startMock, startWithinMs } = require("../../scripts/lib/mock.cjs") as {
  startMock(): Promise<Mock>;
  startWithinMs: number;
};
type Mock = { baseUrl: string; stop(): Promise<void> };
let mock: Mock;

beforeAll(async () => {
  mock = await startMock();
}, startWithinMs + 10_000);
afterAll(() => mock?.stop());

/** A client on the mock that notes every request Prism finds at odds with the spec. */
function watchedClient() {
  const violations: string[] = [];
  const kantata = createInsightsAccessClient({
    token: "mock-token",
    baseUrl: mock.baseUrl,
    fetch: async (request) => {
      const response = await fetch(request);
      const found = response.headers.get("sl-violations");
      if (found) violations.push(`${request.method} ${request.url}: ${found}`);
      return response;
    },
  });
  return { kantata, violations };
}

it("sends an update the spec accepts, and reads the spec's example answer", async () => {
  const { kantata, violations } = watchedClient();
  const { membership } = await kantata.memberships.update(
    42,
    { can_edit: false },
    { include: ["user"], optionalFields: ["user_name", "account_permission"] },
  );
  expect(violations).toEqual([]);
  expect(membership.id).toBe("42");
  expect(membership.user.full_name).toBe("Ada Lovelace");
});

it("is told off by the mock when a raw call breaks the spec", async () => {
  const kantata = createInsightsAccessClient({ token: "mock-token", baseUrl: mock.baseUrl });
  const { response } = await kantata.raw.PUT("/insights_access_group_memberships/{id}", {
    params: { path: { id: 42 } },
    body: { insights_access_group_membership: { canEdit: true } } as never,
  });
  expect(response.status).toBe(422);
  expect(response.headers.get("sl-violations")).toContain("canEdit");
});

it("lists, gets, creates and deletes the way the spec says", async () => {
  const { kantata, violations } = watchedClient();
  const { memberships } = await kantata.memberships.list({
    by_access_group_id: 7,
    user_ids: [1001, 1002],
    order: "created_at:asc",
    per_page: 200,
  });
  expect(memberships.map((m) => m.id)).toEqual(["42", "43"]);
  expect((await kantata.memberships.get(42, { include: ["user"] })).membership.user.full_name).toBe("Ada Lovelace");
  expect((await kantata.memberships.create({ user_id: 1001, insights_access_group_id: 8 })).membership.id).toBe("57");
  await expect(kantata.memberships.delete(42)).resolves.toBeUndefined();
  expect(violations).toEqual([]);
});
