// Property-based tests: whatever the caller passes and whatever the server answers, the
// client ends in a typed result or a KantataError, and never sends an invalid request.
import fc from "fast-check";
import { createInsightsAccessClient, KantataError } from "../../src/index.js";
import { example } from "../helpers/fixtures.js";
import { propertyRuns } from "../helpers/property-runs.js";

const baseUrl = "https://kantata.test/api/v1";
const okBody = () => JSON.stringify(example("MembershipUpdated"));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on("unhandledRejection", onUnhandled));
afterAll(() => process.off("unhandledRejection", onUnhandled));
afterEach(() => expect(unhandled).toEqual([]));

/** Checks a request the client sent against the spec's rules, written out independently here. */
function expectValidRequest(request: Request, body: string) {
  const url = new URL(request.url);
  expect(request.method).toBe("PUT");
  const match = /^\/api\/v1\/insights_access_group_memberships\/([1-9][0-9]*)$/.exec(url.pathname);
  expect(match).not.toBeNull();
  expect(Number(match![1])).toBeLessThanOrEqual(2 ** 31 - 1);
  for (const [name, value] of url.searchParams) {
    const allowed = { include: ["user"], optional_fields: ["user_name", "account_permission"] }[name];
    expect(allowed).toBeDefined();
    const items = value.split(",");
    expect(new Set(items).size).toBe(items.length);
    for (const item of items) expect(allowed).toContain(item);
  }
  const parsed = JSON.parse(body);
  expect(Object.keys(parsed)).toEqual(["insights_access_group_membership"]);
  const attributes = parsed.insights_access_group_membership;
  expect(typeof attributes === "object" && attributes !== null && !Array.isArray(attributes)).toBe(true);
  for (const [key, value] of Object.entries(attributes)) {
    expect(key).toBe("can_edit");
    expect(typeof value).toBe("boolean");
  }
  expect(request.headers.get("authorization")).toBe("Bearer t");
}

// Valid values are weighted up so that many runs get as far as sending a request.
const idArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 2 ** 31 - 1 }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 2 ** 31 - 1 }).map(String), weight: 4 },
  fc.double(),
  fc.string(),
  fc.anything(),
);
const attributesArb = fc.oneof(
  { arbitrary: fc.record({ can_edit: fc.boolean() }, { requiredKeys: [] }), weight: 6 },
  fc.dictionary(fc.constantFrom("can_edit", "canEdit", "__proto__", "user_id"), fc.anything()),
  fc.anything(),
);
const listArb = (values: string[]) =>
  fc.oneof({ arbitrary: fc.subarray(values), weight: 6 }, fc.array(fc.constantFrom(...values, "x", "")), fc.anything());
const optionsArb = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  fc.record(
    { include: listArb(["user"]), optionalFields: listArb(["user_name", "account_permission"]) },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

it("random ids, attributes and options never crash and never send an invalid request", async () => {
  let requestsSent = 0;
  await fc.assert(
    fc.asyncProperty(idArb, attributesArb, optionsArb, async (id, attributes, options) => {
      const sent: [Request, string][] = [];
      const kantata = createInsightsAccessClient({
        token: "t",
        baseUrl,
        maxRetries: 0,
        fetch: async (request) => {
          sent.push([request, await request.clone().text()]);
          return new Response(okBody(), { status: 200, headers: { "content-type": "application/json" } });
        },
      });
      const outcome = await kantata.memberships.update(id as never, attributes as never, options as never).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      if ("error" in outcome) expect(outcome.error).toBeInstanceOf(KantataError);
      expect(sent.length).toBeLessThanOrEqual(1);
      for (const [request, body] of sent) expectValidRequest(request, body);
      requestsSent += sent.length;
    }),
    { numRuns: propertyRuns(500), seed: 20261206 },
  );
  // The generators reach valid input often enough for the request check above to matter.
  expect(requestsSent).toBeGreaterThan(25);
});

const nullBodyStatuses = new Set([204, 205, 304]);
const bodyArb = fc.oneof(
  fc.constant(okBody()),
  fc.json(),
  fc.string(),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  fc.integer({ min: 0, max: okBody().length }).map((n) => okBody().slice(0, n)),
  fc
    .record({
      results: fc.anything(),
      insights_access_group_memberships: fc.anything(),
      users: fc.anything(),
    })
    .map((o) => JSON.stringify(o)),
);
const answerArb = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 201, 204, 301, 302, 400, 401, 403, 404, 422, 429, 500, 502, 503, 504),
    fc.integer({ min: 200, max: 599 }),
  ),
  retryAfter: fc.option(
    fc.oneof(
      fc.nat({ max: 100 }).map(String),
      fc.string(),
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toUTCString())),
    ),
  ),
  location: fc.option(fc.webUrl()),
  contentType: fc.constantFrom("application/json", "text/html", "text/plain", ""),
  body: bodyArb,
});

it("random server answers end in a typed result or a KantataError", async () => {
  await fc.assert(
    fc.asyncProperty(answerArb, fc.boolean(), async (answer, withUser) => {
      const headers = new Headers();
      if (answer.retryAfter !== null) headers.set("retry-after", answer.retryAfter);
      if (answer.location !== null) headers.set("location", answer.location);
      if (answer.contentType) headers.set("content-type", answer.contentType);
      const kantata = createInsightsAccessClient({
        token: "t",
        baseUrl,
        maxRetries: 0,
        fetch: async () =>
          new Response(nullBodyStatuses.has(answer.status) ? null : answer.body, { status: answer.status, headers }),
      });
      const outcome = await kantata.memberships
        .update(42, { can_edit: true }, withUser ? { include: ["user"] } : {})
        .then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        );
      if ("error" in outcome) {
        expect(outcome.error).toBeInstanceOf(KantataError);
        expect((outcome.error as Error).message).toMatch(
          /^PUT https:\/\/kantata\.test\/api\/v1\/insights_access_group_memberships\/42 /,
        );
      } else {
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(300);
        expect(outcome.result.membership.id).toBe("42");
        if (withUser) expect(typeof (outcome.result.membership as { user?: unknown }).user).toBe("object");
      }
    }),
    { numRuns: propertyRuns(500), seed: 20261206 },
  );
});
