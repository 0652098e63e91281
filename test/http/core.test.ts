// The core held to what users do, one test (or group) per behaviour, each against the
// shared fake Kantata: middleware gets real Requests and cannot undo the client's safety,
// listAll fails fast, messages have no holes, results are scrubbed, ids are read one way, and
// answers Kantata's published schemas allow are read.
import type { Middleware } from "openapi-fetch";
import {
  AuthenticationError,
  createInsightsAccessClient,
  KantataApiError,
  KantataError,
  KantataTimeoutError,
  UnprocessableEntityError,
} from "../../src/index.js";
import { KantataModel, startServer, type Answer, type FakeServer } from "../helpers/fake-kantata.js";
import { example } from "../helpers/fixtures.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const member = { id: 42, user_id: 1001, insights_access_group_id: 7, can_edit: false };

describe("middleware of the caller's", () => {
  it("gets a real Request per call, which it may clone, copy and read", async () => {
    server = await new KantataModel([member]).serve();
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    const seen: unknown[] = [];
    const inspecting: Middleware = {
      async onRequest({ request }) {
        seen.push(request instanceof Request, typeof request.clone, request.mode, new Request(request).url);
        return undefined;
      },
    };
    const { response } = await kantata.raw.GET("/insights_access_group_memberships", { middleware: [inspecting] });
    expect(response.status).toBe(200);
    expect(seen).toEqual([true, "function", "cors", `${server.baseUrl}/insights_access_group_memberships`]);
  });

  it("sees the very Request a fetch of the caller's is given: one Request per attempt, no copy", async () => {
    server = await new KantataModel([member]).serve();
    const given: Request[] = [];
    const kantata = createInsightsAccessClient({
      token: "t",
      baseUrl: server.baseUrl,
      fetch: (request) => (given.push(request), globalThis.fetch(request)),
    });
    const seen: Request[] = [];
    kantata.raw.use({ onRequest: ({ request }) => void seen.push(request) });
    await kantata.memberships.update(42, { can_edit: true });
    await kantata.memberships.list();
    expect(given).toHaveLength(2);
    expect(given[0]).toBe(seen[0]);
    expect(given[1]).toBe(seen[1]);
    expect(given.map((r) => r.redirect)).toEqual(["manual", "manual"]);
  });

  /** Middleware that rebuilds the request from scratch, dropping `redirect` and `signal`. */
  const rebuilding: Middleware = {
    onRequest: ({ request }) => new Request(request.url, { method: request.method, headers: request.headers }),
  };

  it("that returns a new Request still cannot make the client follow a redirect to another origin", async () => {
    const elsewhere = await startServer([{ status: 200, body: example("MembershipUpdated") }]);
    try {
      server = await startServer([{ status: 307, headers: { location: `${elsewhere.baseUrl}/steal` } }]);
      const kantata = createInsightsAccessClient({ token: "sEcReT-token-6f1d2c", baseUrl: server.baseUrl });
      kantata.raw.use(rebuilding);
      const error = await kantata.memberships.delete(42).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KantataApiError);
      expect((error as KantataApiError).status).toBe(307);
      const raw = await kantata.raw.DELETE("/insights_access_group_memberships/{id}", {
        params: { path: { id: 42 } },
      });
      expect(raw.response.status).toBe(307);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it("that returns a new Request still cannot lift the attempt's deadline", async () => {
    server = await startServer([{ delayMs: 5_000, status: 200, body: example("MembershipUpdated") }]);
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, timeoutMs: 300, maxRetries: 0 });
    kantata.raw.use(rebuilding);
    const started = performance.now();
    const error = await kantata.memberships.get(42).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KantataTimeoutError);
    // Well under the 5 s stall (a loose bound on a shared machine: the point is the stall was cut).
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe("listAll with pages in flight", () => {
  it("rejects with the first page's failure at once, and aborts the pages still in flight", async () => {
    const pageOf = (request: { url: string }) => Number(new URL(request.url, "http://x").searchParams.get("page"));
    const first = example("MembershipList");
    first.meta = { count: 6, page_count: 3, page_number: 1, page_size: 2 };
    server = await startServer([
      (request) =>
        pageOf(request) === 1
          ? { status: 200, body: first }
          : pageOf(request) === 2
            ? { hang: true }
            : { status: 401, body: { errors: [{ type: "oauth", message: "Invalid OAuth 2 Request" }] } },
    ]);
    const signals: AbortSignal[] = [];
    const recording = (request: Request) => {
      signals[pageOf(request)] = request.signal;
      return fetch(request);
    };
    // A deadline far past jest's own 30 s: only a prompt failure lets this test finish.
    const kantata = createInsightsAccessClient({
      token: "t",
      baseUrl: server.baseUrl,
      fetch: recording,
      timeoutMs: 120_000,
    });
    const error = await kantata.memberships.listAll({ per_page: 2, concurrency: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(signals[2]!.aborted).toBe(true);
  });
});

describe("messages have no holes", () => {
  const holes = /\(\)|undefined|null|\[object Object\]/;
  it.each([
    ["undefined", () => Promise.reject(undefined)],
    ["an empty object", () => Promise.reject({})],
    ["an error without a message", () => Promise.reject(new Error(""))],
    ["an object whose cause is an object", () => Promise.reject({ cause: { message: {} } })],
    ["a TypeError without a cause", () => Promise.reject(new TypeError("fetch failed"))],
    ["undefined instead of a Response", () => Promise.resolve(undefined)],
    ["a plain object instead of a Response", () => Promise.resolve({})],
  ])("a fetch that rejects or resolves with %s", async (_, fetch) => {
    const kantata = createInsightsAccessClient({
      token: "t",
      fetch: fetch as unknown as (request: Request) => Promise<Response>,
      maxRetries: 0,
    });
    const error = (await kantata.memberships.get(42).catch((e: unknown) => e)) as KantataError;
    expect(error).toBeInstanceOf(KantataError);
    expect(error.message).not.toMatch(holes);
  });

  it("a dropped connection names its cause, or says the connection closed", async () => {
    server = await startServer([{ destroy: true }]);
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, maxRetries: 0 });
    const error = (await kantata.memberships.get(42).catch((e: unknown) => e)) as KantataError;
    expect(error.message).toMatch(/no answer \((\w+|connection closed)\)$/);
    expect(error.message).not.toMatch(holes);
  });

  it("every error the client throws, down every path the tests walk, reads as a sentence", async () => {
    const answers: Answer[] = [
      { status: 400 },
      { status: 401, body: { errors: [{ type: "oauth", message: "Invalid OAuth 2 Request" }] } },
      { status: 403, body: "" },
      { status: 404, body: { errors: [] } },
      { status: 422, body: { errors: [{ message: "user_id has already been taken" }] } },
      { status: 429, headers: { "retry-after": "600" } },
      { status: 500, statusText: "" },
      { status: 503, body: "<html>down</html>" },
      { status: 302, headers: { location: "https://elsewhere.test/" } },
      { status: 200, body: "not json" },
      { status: 200, body: "" },
      { status: 200, body: { results: [{ key: "insights_access_group_memberships", id: "42" }] } },
      { status: 200, body: { results: [] } },
      { hang: true },
    ];
    server = await startServer();
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, maxRetries: 0, timeoutMs: 200 });
    const messages: string[] = [];
    for (const answer of answers) {
      server.answers = [answer];
      // Only the answer that never comes may time out, however loaded the machine.
      const error = await kantata.memberships
        .get(42, "hang" in answer ? {} : { timeoutMs: 30_000 })
        .catch((e: unknown) => e);
      messages.push((error as Error).message);
    }
    const refused = [
      kantata.memberships.get(0),
      // JavaScript callers (the type refuses it): the run-time check refuses it too.
      kantata.memberships.update(42, {} as never),
      kantata.memberships.list({ per_page: 500 }),
      kantata.memberships.list({ user_ids: [null as never] }),
      kantata.memberships.move(1001, undefined as never),
      kantata.memberships.get(42, { signal: {} as never }),
    ];
    for (const call of refused) messages.push(((await call.catch((e: unknown) => e)) as Error).message);
    const aborted = new AbortController();
    aborted.abort();
    messages.push(((await kantata.memberships.get(42, { signal: aborted.signal }).catch((e) => e)) as Error).message);
    expect(messages).toHaveLength(answers.length + refused.length + 1);
    for (const message of messages) expect([message, holes.test(message)]).toEqual([message, false]);
  });
});

describe("results are scrubbed of the token", () => {
  const token = "sEcReT-token-6f1d2c";
  it("when the server echoes it into a record field, list, listAll and get return [redacted]", async () => {
    const model = new KantataModel([member], {
      rewrite: (body) => {
        for (const record of Object.values<any>(body.insights_access_group_memberships ?? {})) {
          record.insights_access_group_name = `debug: Bearer ${token}`;
        }
      },
    });
    server = await model.serve();
    const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl });
    const results = [
      (await kantata.memberships.list()).memberships[0],
      (await kantata.memberships.listAll())[0],
      (await kantata.memberships.get(42)).membership,
    ];
    for (const membership of results) expect(membership!.insights_access_group_name).toBe("debug: Bearer [redacted]");
    expect(JSON.stringify((await kantata.memberships.list()).data)).not.toContain(token);
  });
});

describe("ids are read one way everywhere", () => {
  it("filters, path ids and move take a number or a string of digits alike", async () => {
    const model = new KantataModel([member]);
    server = await model.serve();
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    await kantata.memberships.list({ by_access_group_id: "7", user_ids: ["1001"], only: ["42"] });
    await kantata.memberships.list({ by_access_group_id: 7, user_ids: [1001], only: [42] });
    const [asStrings, asNumbers] = server.requests.map((r) => r.url);
    expect(asStrings).toBe(asNumbers);
    expect((await kantata.memberships.get("42")).membership.id).toBe("42");
    const { membership } = await kantata.memberships.move("1001", "8");
    expect(membership.insights_access_group_id).toBe(8);
  });
});

describe("an empty page without the type map", () => {
  const empty = { count: 0, meta: { count: 0, page_count: 0, page_number: 1, page_size: 20 }, results: [] };

  it("is an empty page for list, listAll and iterate", async () => {
    server = await startServer([{ status: 200, body: empty }]);
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    expect((await kantata.memberships.list()).memberships).toEqual([]);
    expect(await kantata.memberships.listAll()).toEqual([]);
    for await (const membership of kantata.memberships.iterate()) throw new Error(`unexpected ${membership.id}`);
  });

  it("lets move say the user has no membership, instead of failing its lookup", async () => {
    server = await startServer([{ status: 200, body: empty }]);
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    const error = (await kantata.memberships.move(1001, 8).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("the user has 0 Insights Access Group memberships, not one; nothing was changed");
  });
});

describe("an error entry without a type", () => {
  it("keeps its message, in errors and in the error's text", async () => {
    server = await startServer([{ status: 422, body: { errors: [{ message: "user_id has already been taken" }] } }]);
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    const error = (await kantata.memberships
      .create({ user_id: 1001, insights_access_group_id: 7 })
      .catch((e: unknown) => e)) as UnprocessableEntityError;
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.errors).toEqual([{ message: "user_id has already been taken" }]);
    expect(error.message).toMatch(/answered 422: user_id has already been taken$/);
  });
});
