// The users resource over real HTTP against the shared fake Kantata: who the token belongs to,
// users by id, by page and by email address (in batches the spec allows), and input refused
// before anything is sent.
import { createInsightsAccessClient, KantataInputError, KantataResponseError, NotFoundError } from "../../src/index.js";
import { KantataModel, type FakeServer } from "../helpers/fake-kantata.js";

let model: KantataModel;
let server: FakeServer;
beforeEach(async () => {
  model = new KantataModel();
  model.users.set(2, {
    id: 2,
    full_name: "Grace Viewer",
    email_address: "Grace@Example.com",
    is_administrator: false,
    permission: "reports_viewer",
  });
  server = await model.serve();
});
afterEach(() => server.close());

const client = () => createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
const query = (i: number) => decodeURIComponent(new URL(server.requests[i]!.url, "http://x").search);

it("me() with include=account_membership says whether the token's user is an Account Administrator", async () => {
  const { user } = await client().users.me({ include: ["account_membership"] });
  expect(server.requests[0]!.url).toBe("/api/v1/users/me?include=account_membership");
  expect(user).toMatchObject({ id: "1", full_name: "Ada Admin", email_address: "admin@example.com" });
  expect(user.account_membership).toEqual({ is_administrator: true, permission: "administrator", disabled_at: null });
});

it("get() reads one user by id, and a user the caller cannot see is NotFoundError", async () => {
  expect((await client().users.get("2")).user.full_name).toBe("Grace Viewer");
  await expect(client().users.get(99)).rejects.toBeInstanceOf(NotFoundError);
});

it("list() sends every filter the way Kantata reads it; listAll() walks every page", async () => {
  await client().users.list({
    on_my_account: true,
    by_email_addresses: ["ada@example.com", "grace@example.com"],
    by_full_name: "Grace",
    only: ["1", 2],
    show_disabled: true,
    include: ["account_membership"],
    optionalFields: ["city"],
    order: "alphabetical:desc",
    per_page: 200,
  });
  expect(query(0)).toBe(
    "?on_my_account=true&by_email_addresses=ada@example.com,grace@example.com&by_full_name=Grace&only=1,2&show_disabled=true&include=account_membership&optional_fields=city&order=alphabetical:desc&per_page=200",
  );
  for (let id = 10; id < 15; id++) model.users.set(id, { ...model.user(id), id });
  const all = await client().users.listAll({ per_page: 2 });
  expect(all.map((u) => u.id)).toEqual(["1", "2", "10", "11", "12", "13", "14"]);
});

it("findByEmails() asks at most 200 addresses a request, ignores case, and lists the unknown ones", async () => {
  const emails = Array.from({ length: 450 }, (_, i) => `nobody${i}@example.com`);
  const { byEmail, unknown } = await client().users.findByEmails(["GRACE@example.com", ...emails]);
  expect([...byEmail.keys()]).toEqual(["grace@example.com"]);
  expect(byEmail.get("grace@example.com")!.map((u) => u.id)).toEqual(["2"]);
  expect(unknown).toEqual(emails);
  const sizes = server.requests.map(
    (r) => new URL(r.url, "http://x").searchParams.get("by_email_addresses")!.split(",").length,
  );
  expect(sizes).toEqual([200, 200, 51]);
  expect(server.requests.every((r) => new URL(r.url, "http://x").searchParams.get("on_my_account") === "true")).toBe(
    true,
  );
});

it("findByEmails() sends each address as given (trimmed), once whatever its case: Kantata matches exactly", async () => {
  const { byEmail, unknown } = await client().users.findByEmails([
    " Grace@Example.com ",
    "grace@example.com",
    "Ada@x.test",
  ]);
  expect(query(0)).toContain("by_email_addresses=Grace@Example.com,Ada@x.test&");
  expect(byEmail.get("grace@example.com")!.map((u) => u.id)).toEqual(["2"]);
  expect(unknown).toEqual(["Ada@x.test"]);
});

it("a user without the account_membership_id that include=account_membership asked for is named in the error", async () => {
  model.options.rewrite = (body) => {
    if (body.users?.["2"]) delete body.users["2"].account_membership_id;
  };
  const error = await client()
    .users.get(2, { include: ["account_membership"] })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KantataResponseError);
  expect((error as Error).message).toContain(
    "with user 2 has no account_membership_id, though include=account_membership was asked for",
  );
});

it.each([
  [
    { by_email_addresses: Array.from({ length: 201 }, (_, i) => `u${i}@x.test`) },
    "params.by_email_addresses: has 201 items; at most 200 go in one request",
  ],
  [{ order: "created_at:asc" }, 'params.order: got "created_at:asc"; allowed: "alphabetical:asc", "alphabetical:desc"'],
  [{ include: ["user"] }, 'params.include[0]: got "user"; allowed: "account_membership"'],
])("list(%j) is refused before anything is sent", async (params, message) => {
  const error = await client()
    .users.list(params as never)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KantataInputError);
  expect((error as Error).message).toBe(message);
  expect(server.requests).toEqual([]);
});

it("listAll({ show_users_in_insights_groups: true }) sends the filter and gets only users with Insights access", async () => {
  for (let id = 10; id < 13; id++) model.users.set(id, { ...model.user(id), id });
  model.records.set(500, { ...model.records.values().next().value!, id: 500, user_id: 11 });
  const members = new Set([...model.records.values()].map((r) => String(r.user_id)));
  const users = await client().users.listAll({ on_my_account: true, show_users_in_insights_groups: true });
  expect(query(0)).toContain("show_users_in_insights_groups=true");
  expect(users.map((u) => u.id)).toContain("11");
  expect(users.length).toBeGreaterThan(0);
  expect(users.every((u) => members.has(u.id))).toBe(true);
  const everyone = await client().users.listAll({ on_my_account: true });
  expect(everyone.length).toBeGreaterThan(users.length);
});
