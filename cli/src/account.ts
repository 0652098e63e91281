// Reading the account, trusting nothing the server does with a filter: every membership read is
// normalised (ids as numbers) and checked client-side against what was asked for, and a listing
// knows whether it is whole (as many records as `meta.count` says).
import type { InsightsAccessClient, Membership } from "kantata-insights-access";
import { asId } from "./ids.js";
import { Inconsistent } from "./command.js";
import { eachLimited } from "./pool.js";

/** A membership as Kantata sent it, with its ids as numbers whatever form they came in. */
export const normalise = <M extends Membership>(m: M): M => ({
  ...m,
  user_id: asId(m.user_id),
  insights_access_group_id: asId(m.insights_access_group_id),
});

type ListParams = Parameters<InsightsAccessClient["memberships"]["list"]>[0] & object;

/** One paged listing: what it is called in messages, and how to read a page of it. */
export interface Listing<T> {
  name: string;
  read: (page: number) => Promise<{ items: T[]; meta?: { count?: number; page_count?: number } | undefined }>;
}

/**
 * Every record of each listing, each once (a list that shifted while it was read can show one on
 * two pages), and whether it is whole (no fewer records than its `meta.count`). Their first pages
 * are read at once, then every other page of all of them through one pool of `concurrency`; a
 * listing without `meta` is read on, a page at a time, until a short page, and a page of it that
 * holds only records already read (a server going round in circles) throws Inconsistent.
 * `progress` hears of each page: the records read and counted so far, per listing.
 */
export async function readListings<T extends { id: string | number }>(
  listings: readonly Listing<T>[],
  concurrency: number,
  progress: (read: number[], counts: number[]) => void = () => {},
  perPage = 200,
): Promise<{ name: string; records: T[]; count: number; whole: boolean }[]> {
  const firsts = await Promise.all(listings.map((l) => l.read(1)));
  const counts = firsts.map((f) => f.meta?.count ?? f.items.length);
  const read = firsts.map((f) => f.items.length);
  progress(read, counts);
  const tasks = firsts.flatMap((f, i) =>
    Array.from({ length: Math.max(0, (f.meta?.page_count ?? 1) - 1) }, (_, p) => ({ i, page: p + 2 })),
  );
  const pages = await eachLimited(tasks, concurrency, async ({ i, page }) => {
    const { items } = await listings[i]!.read(page);
    read[i]! += items.length;
    progress(read, counts);
    return { i, items };
  });
  for (const [i, f] of firsts.entries()) {
    if (f.meta?.page_count !== undefined) continue;
    const seen = new Set(f.items.map((r) => String(r.id)));
    for (let page = 2, last = f.items; last.length >= perPage; page++) {
      last = (await listings[i]!.read(page)).items;
      if (last.length && last.every((r) => seen.has(String(r.id))))
        throw new Inconsistent(
          `Kantata's page ${page} holds only records of earlier pages, and no meta says where the list ends`,
        );
      for (const r of last) seen.add(String(r.id));
      pages.push({ i, items: last });
      counts[i] = read[i]! += last.length;
      progress(read, counts);
    }
  }
  return firsts.map((f, i) => {
    const all = [f.items, ...pages.filter((p) => p.i === i).map((p) => p.items)].flat();
    const records = [...new Map(all.map((r) => [String(r.id), r])).values()];
    // Without meta.count there is nothing to hold the listing to but its short last page.
    return {
      name: listings[i]!.name,
      records,
      count: counts[i]!,
      whole: f.meta?.count === undefined || records.length >= counts[i]!,
    };
  });
}

/**
 * Every membership a query matches, and whether the listing is whole (no fewer records than
 * `meta.count`), read as `readListings` reads; `progress` hears of each page.
 */
export async function readAll(
  kantata: InsightsAccessClient,
  params: ListParams,
  options: { concurrency?: number; progress?: (read: number, count: number) => void } = {},
): Promise<{ memberships: Membership<"user">[]; whole: boolean; count: number }> {
  const query = { ...params, include: ["user"] as "user"[], per_page: 200 };
  const [listing] = await readListings(
    [
      {
        name: "memberships",
        read: async (page) => {
          const { memberships, meta } = await kantata.memberships.list(page === 1 ? query : { ...query, page });
          return { items: memberships.map(normalise), meta };
        },
      },
    ],
    options.concurrency ?? 4,
    (read, counts) => options.progress?.(read[0]!, counts[0]!),
  );
  return { memberships: listing!.records, whole: listing!.whole, count: listing!.count };
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
