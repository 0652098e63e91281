// Retries: what is retried, how long the client waits, and that every attempt is whole.
import {
  createInsightsAccessClient,
  RateLimitError,
  ServiceUnavailableError,
  KantataConnectionError,
} from "../../src/index.js";
import { backoffMs, isRetryable, retryAfterMs } from "../../src/core/retry.js";
import { errorExample, example } from "../helpers/fixtures.js";
import { startServer, type Answer, type TestServer } from "../helpers/fake-kantata.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const ok = { status: 200, body: example("MembershipUpdated") };
const unavailable = { status: 503, body: errorExample("ServiceUnavailable") };
const limited = (retryAfter: string): Answer => ({
  status: 429,
  body: errorExample("TooManyRequests"),
  headers: { "retry-after": retryAfter },
});

describe("over HTTP", () => {
  it("429 with Retry-After: 1, then 200 → waits about a second, 2 requests, success", async () => {
    server.answers = [limited("1"), ok];
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    const started = Date.now();
    const { membership } = await kantata.memberships.update(42, { can_edit: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
    expect(membership.id).toBe("42");
  });

  it("honours Retry-After given as an HTTP date", async () => {
    server.answers = [limited(new Date(Date.now() + 1000).toUTCString()), ok];
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    await kantata.memberships.update(42, { can_edit: true });
    expect(server.requests).toHaveLength(2);
  });

  it("503 three times → ServiceUnavailableError after 3 attempts, each with the whole body", async () => {
    server.answers = [unavailable];
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    await expect(kantata.memberships.update(42, { can_edit: false }, { include: ["user"] })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) {
      expect(request.url).toBe("/api/v1/insights_access_group_memberships/42?include=user");
      expect(JSON.parse(request.body)).toEqual({ insights_access_group_membership: { can_edit: false } });
      expect(request.headers.authorization).toBe("Bearer t");
    }
  });

  it("maxRetries: 0 turns retrying off; a per-call value overrides the client's", async () => {
    server.answers = [unavailable];
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, maxRetries: 0 });
    await expect(kantata.memberships.update(42, { can_edit: true })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(server.requests).toHaveLength(1);
    server.answers = [unavailable, ok];
    await kantata.memberships.update(42, { can_edit: true }, { maxRetries: 1 });
    expect(server.requests).toHaveLength(3);
  });

  it("a Retry-After beyond maxRetryAfterMs fails at once with RateLimitError", async () => {
    server.answers = [limited("3600"), ok];
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, maxRetryAfterMs: 5_000 });
    const error = (await kantata.memberships.update(42, { can_edit: true }).catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.message).toMatch(/Retry-After asks for 3600000 ms, over maxRetryAfterMs \(5000 ms\)/);
    expect(server.requests).toHaveLength(1);
  });

  it("a 429 still failing after the retries → RateLimitError", async () => {
    server.answers = [limited("0")];
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, maxRetries: 1 });
    await expect(kantata.memberships.update(42, { can_edit: true })).rejects.toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(2);
  });
});

describe("with an injected fetch", () => {
  it("retries a PUT after connection errors and sends the same body each time", async () => {
    const bodies: string[] = [];
    let calls = 0;
    const kantata = createInsightsAccessClient({
      token: "t",
      baseUrl: "https://kantata.test/api/v1",
      fetch: async (request) => {
        bodies.push(await request.text());
        if (++calls < 3) throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
        return new Response(JSON.stringify(example("MembershipUpdated")), { status: 200 });
      },
    });
    const { membership } = await kantata.memberships.update(42, { can_edit: true });
    expect(membership.id).toBe("42");
    expect(calls).toBe(3);
    expect(new Set(bodies)).toEqual(
      new Set([JSON.stringify({ insights_access_group_membership: { can_edit: true } })]),
    );
  });

  it("gives up after the retries with KantataConnectionError", async () => {
    let calls = 0;
    const kantata = createInsightsAccessClient({
      token: "t",
      baseUrl: "https://kantata.test/api/v1",
      maxRetries: 1,
      fetch: async () => {
        calls++;
        throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
      },
    });
    const error = await kantata.memberships.update(42, { can_edit: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KantataConnectionError);
    expect((error as Error).message).toBe(
      "PUT https://kantata.test/api/v1/insights_access_group_memberships/42: no answer (ECONNRESET)",
    );
    expect(calls).toBe(2);
  });
});

describe("policy", () => {
  it.each([
    ["PUT", 429, true],
    ["POST", 429, true],
    ["PUT", 503, true],
    ["GET", 502, true],
    ["DELETE", 504, true],
    ["PUT", 0, true],
    ["POST", 503, false],
    ["POST", 0, false],
    ["PUT", 500, false],
    ["PUT", 400, false],
    ["PUT", 401, false],
    ["PUT", 404, false],
    ["PUT", 422, false],
  ] as const)("%s answered %s (0: no answer): retry %s", (method, status, expected) => {
    expect(isRetryable(method, status)).toBe(expected);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    const headers = (value: string) => new Headers({ "retry-after": value });
    expect(retryAfterMs(headers("2"), now)).toBe(2000);
    expect(retryAfterMs(headers("0.5"), now)).toBe(500);
    expect(retryAfterMs(headers("Thu, 26 Nov 2026 12:00:30 GMT"), now)).toBe(30_000);
    expect(retryAfterMs(headers("Thu, 26 Nov 2026 11:00:00 GMT"), now)).toBe(0);
    expect(retryAfterMs(headers("soon"), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it("backs off exponentially with jitter, capped at 8 s", () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffMs(n, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(backoffMs(1, () => 0)).toBe(750);
  });
});
