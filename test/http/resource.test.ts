// The rest of the resource over real HTTP: list, iterate, listAll, get, create, delete.
import {
  createInsightsAccessClient,
  KantataInputError,
  KantataResponseError,
  ServiceUnavailableError,
  RateLimitError,
} from "../../src/index.js";
import { errorExample, example } from "../helpers/fixtures.js";
import { startServer, type TestServer } from "../helpers/fake-kantata.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const client = (options = {}) => createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, ...options });
const path = (request: { url: string }) => request.url.replace(/^\/api\/v1/, "");

/** A list answer for `page` of `pageCount`, holding memberships with these ids (two a page, `count` in all). */
function page(ids: number[], pageNumber: number, pageCount: number, count = pageCount * 2) {
  const body = example("MembershipList");
  const record = body.insights_access_group_memberships["42"];
  body.results = ids.map((id) => ({ key: "insights_access_group_memberships", id: String(id) }));
  body.insights_access_group_memberships = Object.fromEntries(
    ids.map((id) => [String(id), { ...record, user_id: 1000 + id }]),
  );
  body.meta = { count, page_count: pageCount, page_number: pageNumber, page_size: 2 };
  return { status: 200, body };
}

describe("memberships.list", () => {
  it("sends every filter the way Kantata reads it, and resolves users and optional fields", async () => {
    const body = example("MembershipList");
    const ada = example("MembershipUpdated").users["1001"];
    body.users = { "1001": ada, "1002": { ...ada, full_name: "Grace Hopper" } };
    for (const record of Object.values<any>(body.insights_access_group_memberships)) record.user_name = "someone";
    server.answers = [{ status: 200, body }];
    const { memberships } = await client().memberships.list({
      by_access_group_id: 7,
      by_user_name: "Ada Lovelace",
      user_ids: [1001, 1002],
      only: [42, 43],
      include: ["user"],
      optionalFields: ["user_name"],
      order: "created_at:asc",
      page: 1,
      per_page: 200,
    });
    expect(memberships.map((m) => [m.id, m.user.full_name, m.user_name])).toEqual([
      ["42", "Ada Lovelace", "someone"],
      ["43", "Grace Hopper", "someone"],
    ]);
    expect(server.requests[0]!.method).toBe("GET");
    expect(path(server.requests[0]!)).toBe(
      "/insights_access_group_memberships?by_access_group_id=7&by_user_name=Ada%20Lovelace&user_ids=1001,1002&only=42,43&include=user&optional_fields=user_name&order=created_at%3Aasc&page=1&per_page=200",
    );
    expect(server.requests[0]!.headers.authorization).toBe("Bearer t");
    expect(server.requests[0]!.body).toBe("");
  });

  it("returns the memberships in results order with meta, data and response", async () => {
    const body = example("MembershipList");
    body.results.reverse();
    server.answers = [{ status: 200, body }];
    const { memberships, meta, data, response } = await client().memberships.list({ by_access_group_id: 7 });
    expect(memberships.map((m) => m.id)).toEqual(["43", "42"]);
    expect(memberships.map((m) => m.user_id)).toEqual([1002, 1001]);
    expect(meta).toEqual(body.meta);
    expect(data.count).toBe(2);
    expect(response.status).toBe(200);
    expect(path(server.requests[0]!)).toBe("/insights_access_group_memberships?by_access_group_id=7");
  });

  it.each([
    [{ per_page: 201 }, "params.per_page: got 201; expected an integer from 1 to 200"],
    [{ page: 0 }, "params.page: got 0; expected an integer from 1 to 2147483647"],
    [{ order: "name:asc" }, 'params.order: got "name:asc"; allowed: "created_at:asc", "created_at:desc"'],
    [{ user_ids: [1001, "x"] }, 'params.user_ids[1]: got "x"; expected an integer from 1 to 2147483647'],
    [{ user_ids: [1.5] }, "params.user_ids[0]: got 1.5; expected an integer from 1 to 2147483647"],
    [{ by_access_group_id: "7x" }, 'params.by_access_group_id: got "7x"; expected an integer from 1 to 2147483647'],
    [
      { perPage: 50 },
      'params: has unknown key "perPage"; allowed: signal, maxRetries, maxRetryAfterMs, timeoutMs, by_access_group_id, by_user_name, user_ids, only, include, optionalFields, order, page, per_page',
    ],
  ])("refuses %p before sending", async (params, message) => {
    const error = await client()
      .memberships.list(params as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KantataInputError);
    expect((error as Error).message).toBe(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe("pagination", () => {
  it("without a per_page of the caller's, asks for 200 a page (the spec's maximum), not Kantata's default 20", async () => {
    const answer = page([1, 2], 1, 1);
    answer.body.meta.page_size = 200;
    server.answers = [answer];
    await client().memberships.listAll({ by_access_group_id: 7 });
    expect(server.requests.map(path)).toEqual([
      "/insights_access_group_memberships?by_access_group_id=7&page=1&per_page=200",
    ]);
  });

  it("reads one page past a full page that meta calls the last, and throws when it holds more (page_count 1e9 is not followed)", async () => {
    const liar = (ids: number[], n: number) => {
      const answer = page(ids, n, 2);
      answer.body.meta = { count: 4, page_count: 1e9, page_number: n, page_size: 2 };
      return answer;
    };
    server.answers = [liar([1, 2], 1), liar([3, 4], 2), liar([5, 6], 3)];
    const error = await client()
      .memberships.listAll({ per_page: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KantataResponseError);
    expect((error as Error).message).toContain(
      '2 more record(s) on page 3, after page 2, the last that meta {"count":4,"page_count":1000000000,"page_size":2} announced',
    );
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.answers = [liar([1, 2], 1), liar([3, 4], 2), liar([], 3)];
    expect((await client().memberships.listAll({ per_page: 2 })).map((m) => m.id)).toEqual(["1", "2", "3", "4"]);
    expect(server.requests).toHaveLength(3);
  });

  it("iterate asks for a page only when the loop reaches it, and a break ends the walk", async () => {
    server.answers = [page([1, 2], 1, 3), page([3, 4], 2, 3), page([5, 6], 3, 3)];
    // Counted where the client sends, so a request on its way cannot be missed.
    let sent = 0;
    const fetch = (request: Request) => (sent++, globalThis.fetch(request));
    const seen: string[] = [];
    for await (const membership of client({ fetch }).memberships.iterate({ per_page: 2 })) {
      seen.push(membership.id);
      expect(sent).toBe(seen.length <= 2 ? 1 : 2);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(["1", "2", "3"]);
    expect(sent).toBe(2);
  });

  it("iterate walks page after page until meta.page_count", async () => {
    server.answers = [page([1, 2], 1, 3, 5), page([3, 4], 2, 3, 5), page([5], 3, 3, 5)];
    const seen: string[] = [];
    for await (const membership of client().memberships.iterate({ by_access_group_id: 7, per_page: 2 }))
      seen.push(membership.id);
    expect(seen).toEqual(["1", "2", "3", "4", "5"]);
    expect(server.requests.map(path)).toEqual(
      [1, 2, 3].map((n) => `/insights_access_group_memberships?by_access_group_id=7&page=${n}&per_page=2`),
    );
  });

  it("listAll gathers every page into one array, starting from params.page", async () => {
    server.answers = [page([3, 4], 2, 3, 5), page([5], 3, 3, 5)];
    const all = await client().memberships.listAll({ page: 2, per_page: 2 });
    expect(all.map((m) => m.id)).toEqual(["3", "4", "5"]);
    expect(server.requests).toHaveLength(2);
  });

  it("throws when an empty page comes before meta.count is reached, naming both", async () => {
    server.answers = [page([1], 1, 9), page([], 2, 9)];
    const error = await client()
      .memberships.listAll()
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      '1 record(s) in pages 1 to 1, where meta {"count":18,"page_count":9,"page_size":2} (page 1 held 1, short of a full page)',
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe("memberships.get", () => {
  it("sends GET with include and reads the membership and its user", async () => {
    server.answers = [{ status: 200, body: example("MembershipUpdated") }];
    const { membership, response } = await client().memberships.get("42", {
      include: ["user"],
      optionalFields: ["account_permission"],
    });
    expect(server.requests[0]!.method).toBe("GET");
    expect(path(server.requests[0]!)).toBe(
      "/insights_access_group_memberships/42?include=user&optional_fields=account_permission",
    );
    expect(membership.account_permission).toBe("administrator");
    expect(membership.user.full_name).toBe("Ada Lovelace");
    expect(response.status).toBe(200);
  });
});

describe("memberships.create", () => {
  it("sends POST with the wrapped body and reads the new membership (success is 200)", async () => {
    server.answers = [{ status: 200, body: example("MembershipCreated") }];
    const { membership } = await client().memberships.create({ user_id: 1001, insights_access_group_id: 8 });
    expect(server.requests[0]!.method).toBe("POST");
    expect(path(server.requests[0]!)).toBe("/insights_access_group_memberships");
    expect(server.requests[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      insights_access_group_membership: { user_id: 1001, insights_access_group_id: 8 },
    });
    expect(membership).toMatchObject({ id: "57", user_id: 1001, insights_access_group_id: 8 });
  });

  it.each([
    [{ user_id: 1001 }, "attributes.insights_access_group_id: is required"],
    [
      { user_id: "1001", insights_access_group_id: 8 },
      'attributes.user_id: got "1001"; expected an integer from 1 to 2147483647',
    ],
    [
      { user_id: 1001, insights_access_group_id: 8, can_edit: true },
      'attributes: has unknown key "can_edit"; allowed: "user_id", "insights_access_group_id"',
    ],
  ])("refuses %p before sending", async (attributes, message) => {
    await expect(client().memberships.create(attributes as never)).rejects.toThrow(
      new KantataInputError(message.split(": ")[0]!, message.slice(message.indexOf(": ") + 2)),
    );
    expect(server.requests).toHaveLength(0);
  });

  it("is not retried on 503 (a POST may have been applied), but is on 429", async () => {
    server.answers = [{ status: 503, body: errorExample("ServiceUnavailable") }];
    await expect(client().memberships.create({ user_id: 1001, insights_access_group_id: 8 })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(server.requests).toHaveLength(1);
    server.answers = [
      { status: 429, body: errorExample("TooManyRequests"), headers: { "retry-after": "0" } },
      { status: 200, body: example("MembershipCreated") },
    ];
    await client().memberships.create({ user_id: 1001, insights_access_group_id: 8 });
    expect(server.requests).toHaveLength(3);
  });

  it("a lost connection on POST is not retried", async () => {
    let calls = 0;
    const kantata = createInsightsAccessClient({
      token: "t",
      fetch: async () => {
        calls++;
        throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
      },
    });
    await expect(kantata.memberships.create({ user_id: 1, insights_access_group_id: 2 })).rejects.toThrow(
      /no answer \(ECONNRESET\)/,
    );
    expect(calls).toBe(1);
  });
});

describe("memberships.delete", () => {
  it("sends DELETE with no body and resolves to undefined on 204", async () => {
    server.answers = [{ status: 204 }];
    await expect(client().memberships.delete(42)).resolves.toBeUndefined();
    expect(server.requests[0]!.method).toBe("DELETE");
    expect(path(server.requests[0]!)).toBe("/insights_access_group_memberships/42");
    expect(server.requests[0]!.body).toBe("");
    expect(server.requests[0]!.headers["content-type"]).toBeUndefined();
  });

  it("is retried on 503 (DELETE is idempotent) and refuses query options", async () => {
    server.answers = [{ status: 503, body: errorExample("ServiceUnavailable") }, { status: 204 }];
    await client().memberships.delete("42");
    expect(server.requests).toHaveLength(2);
    await expect(client().memberships.delete(42, { include: ["user"] } as never)).rejects.toBeInstanceOf(
      KantataInputError,
    );
    expect(server.requests).toHaveLength(2);
  });

  it("a 429 that asks for too long a wait is a RateLimitError", async () => {
    server.answers = [{ status: 429, body: errorExample("TooManyRequests"), headers: { "retry-after": "120" } }];
    await expect(client().memberships.delete(42)).rejects.toBeInstanceOf(RateLimitError);
  });
});

describe("listAll with bounded concurrency", () => {
  it("fetches the pages after the first a few at a time, never more at once, and keeps results order", async () => {
    // Later pages answer sooner, so an order kept by arrival would come out wrong.
    const pageOf = (request: { url: string }) => Number(new URL(request.url, "http://x").searchParams.get("page"));
    // Page 6 is full, so page 7 is read to prove meta right: it is empty.
    const ids = (n: number) => (n <= 6 ? [n * 10 + 1, n * 10 + 2] : []);
    server.answers = [
      (request) => ({ ...page(ids(pageOf(request)), pageOf(request), 6), delayMs: 60 - pageOf(request) * 8 }),
    ];
    let inFlight = 0;
    let most = 0;
    const counting = async (request: Request) => {
      most = Math.max(most, ++inFlight);
      return fetch(request).finally(() => inFlight--);
    };
    const all = await client({ fetch: counting }).memberships.listAll({ per_page: 2, concurrency: 2 });
    expect(all.map((m) => m.id)).toEqual(["11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "61", "62"]);
    expect(server.requests.map(pageOf).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBeLessThanOrEqual(2);
  });

  it("refuses a concurrency outside 1 to 16 before sending", async () => {
    const error = await client()
      .memberships.listAll({ concurrency: 0 })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("params.concurrency: got 0; expected an integer from 1 to 16");
    expect(server.requests).toHaveLength(0);
  });
});
