// Type-level tests: checked by `tsc --noEmit` (npm run typecheck), never run. An expected
// error that stops happening (the line below it became valid) fails the type check.
import {
  createInsightsAccessClient,
  KantataApiError,
  KantataMoveError,
  NotFoundError,
  type KantataError,
  type KantataErrorDetail,
  type KantataStatusError,
  type Membership,
  type User,
} from "../src/index.js";

const kantata = createInsightsAccessClient({ token: "t" });
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => _;

export async function typeTests() {
  // A valid call, and what its result carries.
  const { membership } = await kantata.memberships.update(
    42,
    { can_edit: false },
    { include: ["user"], optionalFields: ["user_name"] },
  );
  assertType<Equal<typeof membership.id, string>>(true);
  assertType<Equal<typeof membership.user_name, string>>(true);
  assertType<Equal<typeof membership.user, User>>(true);
  // What Kantata always sends on a membership is required on the type: no `!` needed.
  assertType<Equal<typeof membership.can_edit, boolean>>(true);
  const userId: number = membership.user_id;
  const groupId: number = membership.insights_access_group_id;
  const createdAt: string = membership.created_at;
  const updatedAt: string = membership.updated_at;
  void [userId, groupId, createdAt, updatedAt];

  // Without include/optionalFields, neither the user nor the optional fields are on the type.
  const plain = (await kantata.memberships.update("42", { can_edit: true })).membership;
  // @ts-expect-error user was not included
  plain.user;
  // @ts-expect-error user_name was not requested
  plain.user_name;
  assertType<Equal<typeof plain, Membership>>(true);

  // @ts-expect-error can_edit is a boolean
  await kantata.memberships.update(42, { can_edit: "yes" });
  // @ts-expect-error the id is required
  await kantata.memberships.update({ can_edit: true });
  // @ts-expect-error canEdit is not a field
  await kantata.memberships.update(42, { canEdit: true });
  // @ts-expect-error an empty update changes nothing (the spec's minProperties: 1)
  await kantata.memberships.update(112, {});
  // @ts-expect-error unknown optional field
  await kantata.memberships.update(42, { can_edit: true }, { optionalFields: ["usr_name"] });
  // @ts-expect-error unknown association
  await kantata.memberships.update(42, { can_edit: true }, { include: ["manager"] });

  // Typed includes across the resource: include "user" puts `user: User` on the type,
  // optionalFields put their fields on it; otherwise they are not there.
  const page = await kantata.memberships.list({
    by_access_group_id: 7,
    include: ["user"],
    optionalFields: ["account_permission"],
  });
  assertType<Equal<(typeof page.memberships)[number]["user"], User>>(true);
  assertType<Equal<(typeof page.memberships)[number]["account_permission"], string>>(true);
  // @ts-expect-error user_name was not requested
  page.memberships[0]?.user_name;
  const bare = await kantata.memberships.list();
  // @ts-expect-error user was not included
  bare.memberships[0]?.user;
  for await (const m of kantata.memberships.iterate({ include: ["user"] }))
    assertType<Equal<typeof m.user, User>>(true);
  const all = await kantata.memberships.listAll({ optionalFields: ["user_name"] });
  assertType<Equal<(typeof all)[number]["user_name"], string>>(true);
  const got = await kantata.memberships.get(42, { include: ["user"] });
  assertType<Equal<typeof got.membership.user, User>>(true);
  const made = await kantata.memberships.create(
    { user_id: 1, insights_access_group_id: 2 },
    { optionalFields: ["user_name", "account_permission"] },
  );
  assertType<Equal<typeof made.membership.user_name | typeof made.membership.account_permission, string>>(true);
  // @ts-expect-error user was not included
  made.membership.user;
  const moved = await kantata.memberships.move(1001, 8, { can_edit: true, include: ["user"] });
  assertType<Equal<typeof moved.membership.user, User>>(true);
  assertType<Equal<Awaited<ReturnType<typeof kantata.memberships.delete>>, undefined>>(true);

  // @ts-expect-error per_page is a number
  await kantata.memberships.list({ per_page: "200" });
  // @ts-expect-error order has two documented values
  await kantata.memberships.list({ order: "name:asc" });
  // Ids are numbers or strings of digits everywhere: paths, filters, move's arguments.
  await kantata.memberships.list({ user_ids: ["1001", 1002], by_access_group_id: "7", only: ["42"] });
  // @ts-expect-error user_ids are ids, not booleans
  await kantata.memberships.list({ user_ids: [true] });
  // @ts-expect-error both ids are required to create
  await kantata.memberships.create({ user_id: 1 });

  // Users: include "account_membership" puts the account membership on the type; otherwise not.
  const { user: admin } = await kantata.users.me({ include: ["account_membership"], optionalFields: ["city"] });
  const isAdmin: boolean | undefined = admin.account_membership.is_administrator;
  const city: string = admin.city;
  void [isAdmin, city];
  const { user: plainUser } = await kantata.users.get("1001");
  // @ts-expect-error the account membership was not included
  plainUser.account_membership;
  // @ts-expect-error users include account_membership, not user
  await kantata.users.list({ include: ["user"] });
  const found = await kantata.users.findByEmails(["ada@example.com"], { include: ["account_membership"] });
  assertType<Equal<typeof found.unknown, string[]>>(true);

  // The raw openapi-fetch client is typed with `paths`.
  await kantata.raw.PUT("/insights_access_group_memberships/{id}", {
    params: { path: { id: 1 } },
    body: { insights_access_group_membership: { can_edit: true } },
  });
  // @ts-expect-error no such path
  await kantata.raw.PUT("/insights_access_group_membership/{id}", { params: { path: { id: 1 } } });
  await kantata.raw.PUT("/insights_access_group_memberships/{id}", {
    params: { path: { id: 1 } },
    // @ts-expect-error can_edit is a boolean on raw calls too
    body: { insights_access_group_membership: { can_edit: "yes" } },
  });

  // Errors narrow by status: each class carries its own as a literal type.
  const caught: unknown = undefined;
  if (caught instanceof NotFoundError) {
    const s: 404 = caught.status;
    const entries: KantataErrorDetail[] = caught.errors;
    void [s, entries];
  }
  if (caught instanceof KantataApiError) {
    const status: number = caught.status;
    // @ts-expect-error any status: a plain KantataApiError may carry an undocumented one
    const notFound: 404 = caught.status;
    void [status, notFound];
  }
  const byStatus = (e: KantataStatusError) => {
    switch (e.status) {
      case 429:
        return e.retryAfterMs;
      case 404:
        assertType<Equal<typeof e, NotFoundError>>(true);
        // @ts-expect-error only a RateLimitError says how long to wait
        return e.retryAfterMs;
      case 400:
      case 401:
      case 403:
      case 422:
      case 503:
        return undefined;
    }
  };
  void byStatus;
  if (caught instanceof KantataMoveError) {
    const met: KantataError[] = caught.errors;
    void met;
  }
}
