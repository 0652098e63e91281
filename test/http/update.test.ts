// memberships.update over real HTTP: the exact request on the wire and the typed result.
import { createInsightsAccessClient, KantataApiError, BadRequestError, NotFoundError } from "../../src/index.js";
import { errorExample, example } from "../helpers/fixtures.js";
import { startServer, type TestServer } from "../helpers/fake-kantata.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const token = "test-token-123";

describe("memberships.update", () => {
  it("sends the exact PUT and returns the membership found through results, with its user", async () => {
    server.answers = [{ status: 200, body: example("MembershipUpdated") }];
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });

    const { membership, data, response } = await kantata.memberships.update(
      42,
      { can_edit: false },
      { include: ["user"], optionalFields: ["user_name", "account_permission"] },
    );

    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent!.method).toBe("PUT");
    expect(sent!.url).toBe(
      "/api/v1/insights_access_group_memberships/42?include=user&optional_fields=user_name,account_permission",
    );
    expect(sent!.headers.authorization).toBe(`Bearer ${token}`);
    expect(sent!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent!.body)).toEqual({ insights_access_group_membership: { can_edit: false } });

    expect(membership.id).toBe("42");
    expect(membership.can_edit).toBe(false);
    expect(membership.user_id).toBe(1001);
    expect(membership.user_name).toBe("Ada Lovelace");
    expect(membership.account_permission).toBe("administrator");
    expect(membership.user.full_name).toBe("Ada Lovelace");
    expect(data.count).toBe(1);
    expect(data.results).toEqual([{ key: "insights_access_group_memberships", id: "42" }]);
    expect(response.status).toBe(200);
  });

  it("takes the id as a string of digits and sends no query when no options are given", async () => {
    server.answers = [{ status: 200, body: example("MembershipUpdated") }];
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
    const { membership } = await kantata.memberships.update("42", { can_edit: true });
    expect(server.requests[0]!.url).toBe("/api/v1/insights_access_group_memberships/42");
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ insights_access_group_membership: { can_edit: true } });
    expect(membership.id).toBe("42");
    expect("user" in membership).toBe(false);
  });

  it("follows results, not the map's first value, when the map holds side-loaded records", async () => {
    const body = example("MembershipUpdated");
    const record = body.insights_access_group_memberships["42"];
    body.insights_access_group_memberships = { "7": { ...record, can_edit: true, user_id: 5 }, "42": record };
    server.answers = [{ status: 200, body }];
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
    const { membership } = await kantata.memberships.update(42, { can_edit: false });
    expect(membership.id).toBe("42");
    expect(membership.user_id).toBe(1001);
  });

  it("asks for a fresh token from a token function on each call", async () => {
    server.answers = [{ status: 200, body: example("MembershipUpdated") }];
    let n = 0;
    const kantata = createInsightsAccessClient({ token: async () => `rotating-${++n}`, baseUrl: server.baseUrl });
    await kantata.memberships.update(42, { can_edit: false });
    await kantata.memberships.update(42, { can_edit: false });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer rotating-1", "Bearer rotating-2"]);
  });

  it.each([
    [400, "BadRequest", BadRequestError],
    [404, "NotFound", NotFoundError],
  ])("rejects a %i with KantataApiError carrying Kantata's errors", async (status, name, ErrorClass) => {
    const body = errorExample(name);
    server.answers = [{ status, body }];
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
    const error = await kantata.memberships.update(42, { can_edit: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KantataApiError);
    expect(error).toBeInstanceOf(ErrorClass);
    const apiError = error as KantataApiError;
    expect(apiError.status).toBe(status);
    expect(apiError.errors[0]!.type).toBe(body.errors[0]!.type);
    expect(apiError.errors[0]!.message).toBe(body.errors[0]!.message);
    expect(apiError.response.status).toBe(status);
    expect(apiError.message).toBe(
      `PUT ${server.baseUrl}/insights_access_group_memberships/42 answered ${status}: ${body.errors[0]!.message}`,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe("raw", () => {
  it("is openapi-fetch typed with paths, sending the token and the spec's query form", async () => {
    server.answers = [{ status: 200, body: example("MembershipUpdated") }];
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
    const { data, response } = await kantata.raw.PUT("/insights_access_group_memberships/{id}", {
      params: { path: { id: 42 }, query: { optional_fields: ["user_name", "account_permission"] } },
      body: { insights_access_group_membership: { can_edit: true } },
    });
    expect(response.status).toBe(200);
    expect(data?.results[0]?.id).toBe("42");
    expect(server.requests[0]!.url).toBe(
      "/api/v1/insights_access_group_memberships/42?optional_fields=user_name,account_permission",
    );
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${token}`);
  });
});
