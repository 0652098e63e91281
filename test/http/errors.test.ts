// Error mapping: which class each failed answer becomes, and what it carries.
import {
  AuthenticationError,
  BadRequestError,
  createInsightsAccessClient,
  InternalServerError,
  KantataApiError,
  KantataConnectionError,
  KantataError,
  KantataResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
} from "../../src/index.js";
import { errorExample, example } from "../helpers/fixtures.js";
import { startServer, type Answer, type TestServer } from "../helpers/fake-kantata.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const update = (answers: Answer[], maxRetries = 2) => {
  server.answers = answers;
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, maxRetries });
  return kantata.memberships.update(42, { can_edit: true }).catch((error: unknown) => error);
};

describe("status errors", () => {
  it.each([
    [400, "BadRequest", BadRequestError],
    [401, "Unauthorized", AuthenticationError],
    [403, "Forbidden", PermissionDeniedError],
    [404, "NotFound", NotFoundError],
    [422, "UnprocessableEntity", UnprocessableEntityError],
  ])("%i becomes %s's class after one attempt, with Kantata's errors", async (status, name, ErrorClass) => {
    const body = errorExample(name);
    const error = await update([{ status, body, headers: { "x-request-id": "abc" } }]);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(KantataApiError);
    expect(error).toBeInstanceOf(KantataError);
    const e = error as KantataApiError;
    expect(e.name).toBe(ErrorClass.name);
    expect(e.status).toBe(status);
    expect(e.errors).toEqual(body.errors);
    expect(e.headers.get("x-request-id")).toBe("abc");
    expect(e.response.status).toBe(status);
    expect(e.message).toBe(
      `PUT ${server.baseUrl}/insights_access_group_memberships/42 answered ${status}: ${body.errors[0]!.message}`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("keeps a validation error's field", async () => {
    const error = (await update([
      { status: 422, body: errorExample("UnprocessableEntity") },
    ])) as UnprocessableEntityError;
    expect(error.errors[0]!.field).toBe("can_edit");
  });

  it("gives an HTML 502 page an error with status 502 and no parsed errors", async () => {
    const error = (await update(
      [{ status: 502, body: "<html><body>Bad gateway</body></html>", headers: { "content-type": "text/html" } }],
      0,
    )) as KantataApiError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.errors).toEqual([]);
    expect(error.message).toBe(`PUT ${server.baseUrl}/insights_access_group_memberships/42 answered 502: Bad Gateway`);
  });

  it("maps 503 to ServiceUnavailableError and 429 to RateLimitError", async () => {
    expect(await update([{ status: 503, body: errorExample("ServiceUnavailable") }], 0)).toBeInstanceOf(
      ServiceUnavailableError,
    );
    const limited = (await update(
      [{ status: 429, body: errorExample("TooManyRequests"), headers: { "retry-after": "7" } }],
      0,
    )) as RateLimitError;
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited.retryAfterMs).toBe(7000);
  });

  it("keeps an unknown 4xx a plain KantataApiError", async () => {
    const error = await update([{ status: 409, body: { errors: [{ type: "system", message: "conflict" }] } }]);
    expect(error).toBeInstanceOf(KantataApiError);
    expect(Object.getPrototypeOf(error)).toBe(KantataApiError.prototype);
  });
});

describe("success answers that are not the documented JSON", () => {
  const truncated = JSON.stringify(example("MembershipUpdated")).slice(0, 60);
  const noMembership = { ...example("MembershipUpdated"), results: [] };
  const dangling = { ...example("MembershipUpdated"), insights_access_group_memberships: {} };
  it.each([
    ["an HTML page", "<!doctype html><p>maintenance</p>", /not JSON/],
    ["an empty body", "", /empty body/],
    ["truncated JSON", truncated, /not JSON/],
    ["JSON that is not an object", "[1,2]", /without Kantata's `results` list/],
    [
      "JSON without the memberships map",
      JSON.stringify({ results: [{ key: "insights_access_group_memberships", id: "42" }] }),
      /`results` without the `insights_access_group_memberships` map/,
    ],
    ["no membership in results", noMembership, /no membership 42 in `results`/],
    ["results naming a record the map lacks", dangling, /naming membership "42", which the map lacks/],
    ["results that are not {key, id}", { ...example("MembershipUpdated"), results: [{ key: 1 }] }, /results/],
  ])("%s → KantataResponseError", async (_, body, reason) => {
    const error = await update([{ status: 200, body }]);
    expect(error).toBeInstanceOf(KantataResponseError);
    expect(error).toBeInstanceOf(KantataError);
    expect((error as KantataResponseError).status).toBe(200);
    expect((error as Error).message).toMatch(
      new RegExp(`^PUT ${server.baseUrl}/insights_access_group_memberships/42 answered 200 with `),
    );
    expect((error as Error).message).toMatch(reason);
  });

  it("include=user with no such user in `users` → KantataResponseError, not a missing field", async () => {
    server.answers = [{ status: 200, body: { ...example("MembershipUpdated"), users: {} } }];
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    await expect(kantata.memberships.update(42, { can_edit: true }, { include: ["user"] })).rejects.toThrow(
      /no user "1001" in `users`, though include=user was asked for/,
    );
  });
});

describe("no answer", () => {
  it("connection refused → KantataConnectionError naming the cause", async () => {
    const closed = await startServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const kantata = createInsightsAccessClient({ token: "t", baseUrl, maxRetries: 0 });
    const error = await kantata.memberships.update(42, { can_edit: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KantataConnectionError);
    expect((error as Error).message).toBe(
      `PUT ${baseUrl}/insights_access_group_memberships/42: no answer (ECONNREFUSED)`,
    );
    expect((error as Error).cause).toMatchObject({ name: "TypeError" }); // fetch's own error, kept as the cause
  });

  it("a connection dropped mid-request → KantataConnectionError", async () => {
    const error = await update([{ destroy: true }], 0);
    expect(error).toBeInstanceOf(KantataConnectionError);
  });
});
