// Testing your own code against the fake Kantata, with jest and no network. The function under
// test is yours; here, one that takes the right to edit away from every member of a group.
//   npx jest examples/testing-with-the-fake.test.ts
import { describe, expect, it } from "@jest/globals";
import { createInsightsAccessClient, type InsightsAccessClient } from "kantata-insights-access";
import { createFakeKantata } from "kantata-insights-access/testing";

/** Revokes can_edit from every member of `group` who has it; resolves to how many changed. */
export async function revokeEditors(kantata: InsightsAccessClient, group: number): Promise<number> {
  const members = await kantata.memberships.listAll({ by_access_group_id: group });
  const editors = members.filter((m) => m.can_edit);
  for (const m of editors) await kantata.memberships.update(m.id, { can_edit: false });
  return editors.length;
}

describe("revokeEditors", () => {
  const fake = createFakeKantata({
    memberships: [
      { id: 42, user_id: 1001, insights_access_group_id: 7, can_edit: true },
      { id: 43, user_id: 1002, insights_access_group_id: 7, can_edit: false },
      { id: 44, user_id: 1003, insights_access_group_id: 8, can_edit: true },
    ],
  });
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: fake.baseUrl, fetch: fake.fetch });

  it("revokes only the group's editors", async () => {
    fake.reset();
    expect(await revokeEditors(kantata, 7)).toBe(1);
    expect(fake.records.get(42)?.can_edit).toBe(false);
    expect(fake.records.get(44)?.can_edit).toBe(true); // another group: untouched
  });

  it("rides out a 503 (the client retries it) and sends what Kantata expects", async () => {
    fake.reset();
    fake.fail({ kind: "status-before", status: 503 });
    expect(await revokeEditors(kantata, 7)).toBe(1);
    const writes = fake.requests.filter((r) => r.method === "PUT");
    expect(writes.map((r) => [r.url, JSON.parse(r.body)])).toEqual([
      ["/api/v1/insights_access_group_memberships/42", { insights_access_group_membership: { can_edit: false } }],
    ]);
  });

  it("does not hide a failure: a write refused with 403 rejects", async () => {
    fake.reset();
    fake.fail({ kind: "status-before", status: 403 }, (request) => request.method === "PUT");
    await expect(revokeEditors(kantata, 7)).rejects.toThrow(/answered 403/);
    expect(fake.records.get(42)?.can_edit).toBe(true);
  });
});
