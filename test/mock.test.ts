// The client against the mock that `npm start` uses (Prism, reading generated/openapi.yaml):
// Prism checks each request against the spec, so client and spec cannot drift apart unseen.
import { createInsightsAccessClient } from "../src/index.js";

const { startMock } = require("../scripts/lib/mock.cjs") as { startMock(): Promise<Mock> };
type Mock = { baseUrl: string; stop(): Promise<void> };
let mock: Mock;

beforeAll(async () => {
  mock = await startMock();
}, 40_000);
afterAll(() => mock?.stop());

it("sends an update the spec accepts, and reads the spec's example answer", async () => {
  const seen: string[] = [];
  const kantata = createInsightsAccessClient({
    token: "mock-token",
    baseUrl: mock.baseUrl,
    fetch: async (request) => {
      const response = await fetch(request);
      seen.push(response.headers.get("sl-violations") ?? "none");
      return response;
    },
  });
  const { membership } = await kantata.memberships.update(42, { can_edit: false }, { include: ["user"], optionalFields: ["user_name", "account_permission"] });
  expect(seen).toEqual(["none"]);
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
