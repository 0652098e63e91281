// Reading the account, trusting nothing the server does with a filter: every membership read is
// normalised (ids as numbers) and checked client-side against what was asked for, and a listing
// knows whether it is whole (as many records as `meta.count` says).
import type { InsightsAccessClient, Membership } from "kantata-insights-access";
import { asId } from "./ids.js";
import { eachLimited } from "./pool.js";

/** A membership as Kantata sent it, with its ids as numbers whatever form they came in. */
export const normalise = <M extends Membership>(m: M): M => ({
  ...m,
  user_id: asId(m.user_id),
  insights_access_group_id: asId(m.insights_access_group_id),
});

type ListParams = Parameters<InsightsAccessClient["memberships"]["list"]>[0] & object;

/**
 * Every membership a query matches, and whether the listing is whole (no fewer records than
 * `meta.count`). The first page says how many there are; the others are read `concurrency` at a
 * time, each membership kept once, and `progress` hears of each page.
 */
export async function readAll(
  kantata: InsightsAccessClient,
  params: ListParams,
  options: { concurrency?: number; progress?: (read: number, count: number) => void } = {},
): Promise<{ memberships: Membership<"user">[]; whole: boolean; count: number }> {
  const query = { ...params, include: ["user"] as "user"[], per_page: 200 };
  const first = await kantata.memberships.list(query);
  if (first.meta?.page_count === undefined && first.memberships.length >= query.per_page) {
    // Without meta there is no knowing how many pages: the library reads until a short page.
    const memberships = (await kantata.memberships.listAll(query)).map(normalise);
    options.progress?.(memberships.length, memberships.length);
    return { memberships, whole: true, count: memberships.length };
  }
  const count = first.meta?.count ?? first.memberships.length;
  const pages = first.meta?.page_count ?? 1;
  let read = first.memberships.length;
  options.progress?.(read, count);
  const rest = await eachLimited(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2),
    options.concurrency ?? 4,
    async (page) => {
      const { memberships } = await kantata.memberships.list({ ...query, page });
      options.progress?.((read += memberships.length), count);
      return memberships;
    },
  );
  // Each membership once: a list that shifted while it was read can show one on two pages.
  const byId = new Map([first.memberships, ...rest].flat().map((m) => [String(m.id), normalise(m)]));
  const memberships = [...byId.values()];
  return { memberships, whole: memberships.length >= count, count };
}

/**
 * The memberships of `users`, by user, read 100 users a request, `concurrency` requests at a
 * time. A record of a user not asked for (a server that ignored `user_ids`) is left out.
 */
export async function membershipsOf(
  kantata: InsightsAccessClient,
  users: readonly number[],
  concurrency: number,
  progress: (done: number, total: number) => void = () => {},
): Promise<Map<number, Membership<"user">[]>> {
  const chunks: number[][] = [];
  for (let i = 0; i < users.length; i += 100) chunks.push(users.slice(i, i + 100));
  const byUser = new Map<number, Membership<"user">[]>(users.map((u) => [u, []]));
  let done = 0;
  await eachLimited(chunks, concurrency, async (chunk) => {
    const found = await kantata.memberships.listAll({ user_ids: chunk, include: ["user"], per_page: 200 });
    for (const m of found.map(normalise)) byUser.get(m.user_id)?.push(m);
    progress((done += chunk.length), users.length);
  });
  return byUser;
}

/** The memberships of one user, read by `user_ids` and checked to be that user's. */
export async function membershipsOfUser(kantata: InsightsAccessClient, user: number): Promise<Membership<"user">[]> {
  return (await membershipsOf(kantata, [user], 1)).get(user) ?? [];
}
