// Reads that never silently lose records: with 45 users at 20 a page, a server whose pages and
// `meta` disagree gets every record once, or an error that says what was inconsistent; never 20
// of 45 without a word. The same walk serves users.listAll, memberships.listAll and iterate.
import { createInsightsAccessClient, KantataResponseError } from "../../src/index.js";
import { startServer, type TestServer } from "../helpers/fake-kantata.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const client = () => createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
const pageOf = (request: { url: string }) => Number(new URL(request.url, "http://x").searchParams.get("page") ?? 1);
const all = Array.from({ length: 45 }, (_, i) => 101 + i);
const user = (id: number) => ({
  id: String(id),
  full_name: `User ${id}`,
  email_address: `user${id}@example.com`,
  headline: null,
  account_id: 1,
});
const membership = (id: number) => ({
  id: String(id),
  user_id: id,
  insights_access_group_id: 7,
  can_edit: false,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
});

type Meta = { count?: number; page_count?: number; page_size?: number } | undefined;
/** Answers each page with the ids `idsOf(page)` gives, and the meta `metaOf(page)` gives. */
function serve(kind: "users" | "memberships", idsOf: (page: number) => number[], metaOf: (page: number) => Meta) {
  const key = kind === "users" ? "users" : "insights_access_group_memberships";
  const record = kind === "users" ? user : membership;
  server.answers = [
    (request) => {
      const ids = idsOf(pageOf(request));
      const meta = metaOf(pageOf(request));
      return {
        status: 200,
        body: {
          count: meta?.count ?? ids.length,
          results: ids.map((id) => ({ key, id: String(id) })),
          [key]: Object.fromEntries(ids.map((id) => [String(id), record(id)])),
          ...(meta && { meta: { ...meta, page_number: pageOf(request) } }),
        },
      };
    },
  ];
}
const twenty = (page: number) => all.slice((page - 1) * 20, page * 20);
const honest = (): Meta => ({ count: 45, page_count: 3, page_size: 20 });
const ids = (records: { id: string }[]) => records.map((r) => Number(r.id));
const failure = (promise: Promise<unknown>) => promise.then(() => undefined).catch((e: unknown) => e as Error);

describe.each(["users", "memberships"] as const)("%s.listAll", (kind) => {
  const read = () =>
    kind === "users" ? client().users.listAll({ per_page: 20 }) : client().memberships.listAll({ per_page: 20 });

  it("with honest pages, reads all 45 in 3 requests", async () => {
    serve(kind, twenty, honest);
    expect(ids(await read())).toEqual(all);
    expect(server.requests).toHaveLength(3);
  });

  it("with no meta at all, reads until a short page", async () => {
    serve(kind, twenty, () => undefined);
    expect(ids(await read())).toEqual(all);
    expect(server.requests.map(pageOf)).toEqual([1, 2, 3]);
  });

  it("with meta.page_size 200 while pages hold 20, throws naming the page past the last meta announced", async () => {
    serve(kind, twenty, () => ({ count: 45, page_count: 1, page_size: 200 }));
    const error = await failure(read());
    expect(error).toBeInstanceOf(KantataResponseError);
    expect(error!.message).toContain(
      '20 more record(s) on page 2, after page 1, the last that meta {"count":45,"page_count":1,"page_size":200} announced',
    );
  });

  it("with a low meta.count, throws rather than return 20 of 45", async () => {
    serve(kind, twenty, () => ({ count: 20 }));
    const error = await failure(read());
    expect(error!.message).toContain(
      '20 more record(s) on page 2, after page 1, the last that meta {"count":20} announced',
    );
  });

  it("with a high meta.count, throws naming how many records the pages held", async () => {
    serve(kind, twenty, () => ({ count: 60, page_count: 3, page_size: 20 }));
    const error = await failure(read());
    expect(error!.message).toContain("45 record(s) in pages 1 to 3, where meta");
    expect(error!.message).toContain('"count":60');
  });

  it("with pages that cycle A, B, A, B, throws at the first page that holds only records already read", async () => {
    serve(
      kind,
      (page) => twenty(((page - 1) % 2) + 1),
      () => ({ count: 1e6, page_count: 5e4, page_size: 20 }),
    );
    const error = await failure(read());
    expect(error!.message).toContain("page 3 holding only records already read");
    expect(server.requests.length).toBeLessThanOrEqual(3 + 4); // and the pages read ahead, never a loop
  });

  it("with a record on two pages (the list shifted while it was read), returns it once", async () => {
    // Someone was added at the front after page 1 was read: page 2 starts with page 1's last user.
    serve(
      kind,
      (page) => (page === 1 ? twenty(1) : [...all, 146].slice((page - 1) * 20 - 1, page * 20 - 1)),
      () => ({
        count: 46,
        page_count: 3,
        page_size: 20,
      }),
    );
    const records = await read();
    expect(ids(records)).toEqual([...all, 146]);
    expect(new Set(ids(records)).size).toBe(records.length);
  });
});

it("memberships.iterate follows the same rules: no meta reads until a short page, a cycle throws", async () => {
  serve("memberships", twenty, () => undefined);
  const seen: number[] = [];
  for await (const m of client().memberships.iterate({ per_page: 20 })) seen.push(Number(m.id));
  expect(seen).toEqual(all);

  serve(
    "memberships",
    (page) => twenty(((page - 1) % 2) + 1),
    () => undefined,
  );
  const error = await failure(
    (async () => {
      for await (const _ of client().memberships.iterate({ per_page: 20 }));
    })(),
  );
  expect(error!.message).toContain("page 3 holding only records already read");
});

it("findByEmails reports a user listed on two pages once, not as two records", async () => {
  // 25 addresses, one request: the server pages its answer at 20 and repeats user 120 on page 2.
  const wanted = all.slice(0, 25);
  server.answers = [
    (request) => {
      const page = pageOf(request);
      const ids = page === 1 ? wanted.slice(0, 20) : wanted.slice(19);
      return {
        status: 200,
        body: {
          count: 25,
          results: ids.map((id) => ({ key: "users", id: String(id) })),
          users: Object.fromEntries(ids.map((id) => [String(id), user(id)])),
          meta: { count: 25, page_count: 2, page_size: 20, page_number: page },
        },
      };
    },
  ];
  const found = await client().users.findByEmails(wanted.map((id) => `user${id}@example.com`));
  expect(found.unknown).toEqual([]);
  expect(found.byEmail.get("user120@example.com")!.map((u) => u.id)).toEqual(["120"]);
  expect([...found.byEmail.values()].every((users) => users.length === 1)).toBe(true);
});
