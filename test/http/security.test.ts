// Secret safety: the token never shows, never leaves the configured origin, and hostile
// response keys cannot pollute prototypes.
import { inspect } from "node:util";
import {
  createInsightsAccessClient,
  KantataError,
  KantataApiError,
  KantataInputError,
  KantataResponseError,
} from "../../src/index.js";
import { errorExample, example } from "../helpers/fixtures.js";
import { until } from "../helpers/wait.js";
import { startServer, type Answer, type TestServer } from "../helpers/fake-kantata.js";

const token = "sEcReT-token-6f1d2c";
let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

function expectNoToken(subject: unknown) {
  const views = [
    inspect(subject, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(subject) ?? "",
    String(subject),
  ];
  if (subject instanceof Error)
    views.push(subject.message, subject.stack ?? "", inspect(subject.cause, { depth: Infinity, showHidden: true }));
  for (const view of views) expect(view).not.toContain(token);
}

describe("the token is never shown", () => {
  const answers: [string, Answer][] = [
    ["400", { status: 400, body: errorExample("BadRequest") }],
    ["401", { status: 401, body: errorExample("Unauthorized") }],
    ["403", { status: 403, body: errorExample("Forbidden") }],
    ["404", { status: 404, body: errorExample("NotFound") }],
    ["422", { status: 422, body: errorExample("UnprocessableEntity") }],
    ["429", { status: 429, body: errorExample("TooManyRequests"), headers: { "retry-after": "999" } }],
    ["500", { status: 500, body: "oops" }],
    ["502 html", { status: 502, body: "<html>bad gateway</html>" }],
    ["503", { status: 503, body: errorExample("ServiceUnavailable") }],
    ["200 html", { status: 200, body: "<html>maintenance</html>" }],
    ["200 empty", { status: 200, body: "" }],
    ["302", { status: 302, headers: { location: "https://elsewhere.test/" } }],
    ["dropped", { destroy: true }],
    ["timeout", { hang: true }],
    // A server that echoes the Authorization header back in its error is outside our control,
    // but the message we build must not add it.
  ];

  it.each(answers)("in the error for %s", async (_, answer) => {
    server.answers = [answer];
    const kantata = createInsightsAccessClient({
      token,
      baseUrl: server.baseUrl,
      maxRetries: 0,
      maxRetryAfterMs: 0,
      // Only the request that hangs should time out, however loaded the machine.
      timeoutMs: "hang" in answer ? 300 : 30_000,
    });
    const error = await kantata.memberships
      .update(42, { can_edit: true }, { include: ["user"] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KantataError);
    await until(() => server.requests.length === 1);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expectNoToken(error);
  });

  it("in Kantata's error entries when the server echoes it in type, message and field", async () => {
    const echo = { type: `bad ${token}`, message: `token ${token} refused`, field: `Bearer ${token}` };
    server.answers = [{ status: 422, body: { errors: [echo] } }];
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl, maxRetries: 0 });
    const error = await kantata.memberships.update(42, { can_edit: true }).catch((e: unknown) => e);
    expect((error as { errors: unknown[] }).errors).toEqual([
      { type: "bad [redacted]", message: "token [redacted] refused", field: "Bearer [redacted]" },
    ]);
    expectNoToken(error);
  });

  it("in the errors for refused input, connection refused, abort and a failing token function", async () => {
    const closed = await startServer();
    await closed.close();
    const errors = await Promise.all(
      [
        createInsightsAccessClient({ token, baseUrl: server.baseUrl }).memberships.update(0, { can_edit: true }),
        createInsightsAccessClient({ token, baseUrl: closed.baseUrl, maxRetries: 0 }).memberships.update(42, {
          can_edit: true,
        }),
        createInsightsAccessClient({ token, baseUrl: server.baseUrl }).memberships.update(
          42,
          { can_edit: true },
          { signal: AbortSignal.abort() },
        ),
        createInsightsAccessClient({
          token: () => Promise.reject(new Error("vault unreachable")),
          baseUrl: server.baseUrl,
        }).memberships.update(42, { can_edit: true }),
        createInsightsAccessClient({ token: () => `${token}\n`, baseUrl: server.baseUrl }).memberships.update(42, {
          can_edit: true,
        }),
      ].map((p) => p.catch((e: unknown) => e)),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(KantataError);
      expectNoToken(error);
    }
    let creationError: unknown;
    try {
      createInsightsAccessClient({ token, baseUrl: "http://example.com" });
    } catch (e) {
      creationError = e;
    }
    expect(creationError).toBeInstanceOf(KantataInputError);
    expectNoToken(creationError);
  });

  it("in util.inspect of the client", () => {
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
    expectNoToken(kantata);
    expectNoToken(kantata.memberships);
    expectNoToken(kantata.raw);
  });
});

describe("baseUrl", () => {
  it.each([
    "https://api.mavenlink.com/api/v1",
    "http://localhost:8080",
    "http://127.0.0.1:1/api",
    "http://127.9.9.9",
    "http://[::1]:3000/x",
  ])("accepts %s", (baseUrl) => {
    expect(() => createInsightsAccessClient({ token, baseUrl })).not.toThrow();
  });

  it.each([
    ["http://api.mavenlink.com/api/v1", /uses http: on api\.mavenlink\.com; expected https:/],
    ["http://localhost.evil.test", /expected https/],
    ["http://128.0.0.1", /expected https/],
    ["ftp://127.0.0.1", /uses ftp/],
    ["not a url", /expected an absolute https URL/],
    ["https://user:pw@api.mavenlink.com", /must not carry credentials/],
  ])("refuses %s when the client is created", (baseUrl, message) => {
    expect(() => createInsightsAccessClient({ token, baseUrl })).toThrow(KantataInputError);
    expect(() => createInsightsAccessClient({ token, baseUrl })).toThrow(message);
  });
});

describe("redirects", () => {
  it.each([302, 307, 308])("a %i to another origin never carries the token there", async (status) => {
    const elsewhere = await startServer([{ status: 200, body: example("MembershipUpdated") }]);
    try {
      server.answers = [{ status, headers: { location: `${elsewhere.baseUrl}/insights_access_group_memberships/42` } }];
      const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
      const error = (await kantata.memberships
        .update(42, { can_edit: true })
        .catch((e: unknown) => e)) as KantataApiError;
      expect(error).toBeInstanceOf(KantataApiError);
      expect(error.status).toBe(status);
      expect(error.message).toMatch(/redirects are not followed/);
      await kantata.raw.PUT("/insights_access_group_memberships/{id}", {
        params: { path: { id: 42 } },
        body: { insights_access_group_membership: {} },
      });
      expect(server.requests).toHaveLength(2);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });
});

describe("hostile keys in the answer", () => {
  const base = () => example("MembershipUpdated");

  it("a record with its own __proto__ key does not change any prototype", async () => {
    const body = JSON.stringify(base()).replace(
      '"can_edit":false',
      '"__proto__":{"polluted":true,"can_edit":true},"can_edit":false',
    );
    server.answers = [{ status: 200, body, headers: { "content-type": "application/json" } }];
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
    const { membership } = await kantata.memberships.update(42, { can_edit: false }, { include: ["user"] });
    expect(membership.can_edit).toBe(false);
    expect((membership as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(membership)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "results naming %s are not looked up on the prototype",
    async (key) => {
      const body = base();
      body.results = [{ key: "insights_access_group_memberships", id: key }];
      server.answers = [{ status: 200, body }];
      const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
      const error = await kantata.memberships.update(42, { can_edit: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KantataResponseError);
      expect((error as Error).message).toContain(`\`results\` naming membership "${key}", which the map lacks`);
    },
  );

  it("a user_id of constructor does not resolve to Object", async () => {
    const body = base();
    body.insights_access_group_memberships["42"].user_id = "constructor";
    server.answers = [{ status: 200, body }];
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
    const error = await kantata.memberships
      .update(42, { can_edit: true }, { include: ["user"] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KantataResponseError);
  });
});
