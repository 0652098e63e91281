// The built-in-fetch path (URL and init handed to fetch, no Request copy) and a caller's own
// fetch (a real Request) must put the same request on the wire, for every operation.
import { createInsightsAccessClient, type InsightsAccessClient } from "../../src/index.js";
import { example } from "../helpers/fixtures.js";
import { startServer, type TestServer } from "../helpers/fake-kantata.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const calls: [string, (k: InsightsAccessClient) => Promise<unknown>, unknown][] = [
  [
    "list",
    (k) => k.memberships.list({ user_ids: [1001, 1002], include: ["user"], order: "created_at:asc", per_page: 5 }),
    example("MembershipUpdated"),
  ],
  ["get", (k) => k.memberships.get(42, { optionalFields: ["user_name"] }), example("MembershipUpdated")],
  ["create", (k) => k.memberships.create({ user_id: 1001, insights_access_group_id: 8 }), example("MembershipCreated")],
  ["update", (k) => k.memberships.update(42, { can_edit: true }, { include: ["user"] }), example("MembershipUpdated")],
  ["delete", (k) => k.memberships.delete(42), undefined],
];

it.each(calls)(
  "%s sends byte-identical requests with the built-in fetch and with a caller's fetch",
  async (_, call, body) => {
    server.answers = [body === undefined ? { status: 204 } : { status: 200, body }];
    let seenByCallerFetch: Request | undefined;
    const builtIn = createInsightsAccessClient({ token: "t0k3n-for-wire", baseUrl: server.baseUrl });
    const own = createInsightsAccessClient({
      token: "t0k3n-for-wire",
      baseUrl: server.baseUrl,
      fetch: (request) => {
        seenByCallerFetch = request;
        return globalThis.fetch(request);
      },
    });
    await call(builtIn);
    await call(own);
    expect(seenByCallerFetch).toBeInstanceOf(Request);
    const [a, b] = server.requests;
    expect(a).toBeDefined();
    expect(b).toEqual(a);
  },
);

describe("middleware of the caller's, added with raw.use()", () => {
  it("gets a real Request on the client's own calls, may clone it, and may return a new one", async () => {
    server.answers = [{ status: 200, body: example("MembershipUpdated") }];
    const kantata = createInsightsAccessClient({ token: "t0k3n-for-wire", baseUrl: server.baseUrl });
    const seen: { isRequest: boolean; body: string; auth: string | null }[] = [];
    kantata.raw.use({
      async onRequest({ request }) {
        seen.push({
          isRequest: request instanceof Request,
          body: await request.clone().text(),
          auth: request.headers.get("authorization"),
        });
        const traced = new Request(request, { headers: new Headers(request.headers) });
        traced.headers.set("x-trace", "abc");
        return traced;
      },
    });
    const { membership } = await kantata.memberships.update(42, { can_edit: true });
    expect(membership.id).toBe("42");
    expect(seen).toEqual([
      {
        isRequest: true,
        body: '{"insights_access_group_membership":{"can_edit":true}}',
        auth: "Bearer t0k3n-for-wire",
      },
    ]);
    expect(server.requests[0]!.headers["x-trace"]).toBe("abc");
    expect(server.requests[0]!.body).toBe('{"insights_access_group_membership":{"can_edit":true}}');
  });
});
