// Walks a paged list as an async iterable, and never forever: it stops at the first empty
// page, at the last page `meta.page_count` names, or after the pages `count` can fill,
// whichever comes first; a page that repeats the previous page is a broken server.
import { KantataResponseError, type Exchange } from "./errors.js";

/** One page as the resource read it; the ids of its items tell a repeated page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly meta: { readonly page_count?: number; readonly count?: number; readonly page_size?: number } | undefined;
  readonly exchange: Exchange;
}

/**
 * The last page worth asking for after `page`, from what its answer said: `meta.page_count`,
 * and the pages `meta.count` fills at the page size the server reports (or the one asked for).
 */
export function lastPage(meta: Page<unknown>["meta"], page: number, pageSize: number): number {
  const size = meta?.page_size || pageSize;
  return Math.min(meta?.page_count ?? page, meta?.count === undefined ? Infinity : Math.ceil(meta.count / size));
}

/**
 * Yields every item of `readPage(page)` from `firstPage` on. `pageSize` is the page size
 * asked for, which bounds the walk by `meta.count`.
 */
export async function* paginate<T extends { readonly id: string }>(
  readPage: (page: number) => Promise<Page<T>>,
  firstPage: number,
  pageSize: number,
): AsyncGenerator<T, void, undefined> {
  let previous: string | undefined;
  for (let page = firstPage; ; page++) {
    const { items, meta, exchange } = await readPage(page);
    const ids = items.map((item) => item.id).join(",");
    if (items.length > 0 && ids === previous) {
      throw new KantataResponseError(exchange, `page ${page} repeating page ${page - 1} (ids ${ids})`);
    }
    yield* items;
    if (items.length === 0 || page >= lastPage(meta, page, pageSize)) return;
    previous = ids;
  }
}

/**
 * Every item from `firstPage` on, like `paginate`, but once the first page has said how many
 * pages there are, the rest are fetched `concurrency` at a time. Pages are still read in
 * order, so the items keep `results` order and an empty or repeated page stops the walk the
 * same way; pages fetched past such a stop are dropped.
 */
export async function collectPages<T extends { readonly id: string }>(
  readPage: (page: number) => Promise<Page<T>>,
  firstPage: number,
  pageSize: number,
  concurrency: number,
): Promise<T[]> {
  const first = await readPage(firstPage);
  const all = [...first.items];
  if (first.items.length === 0) return all;
  const last = lastPage(first.meta, firstPage, pageSize);
  const inFlight = new Map<number, Promise<Page<T>>>();
  let next = firstPage + 1;
  let previous = first.items.map((item) => item.id).join(",");
  for (let page = firstPage + 1; page <= last; page++) {
    for (; next <= last && inFlight.size < concurrency; next++) {
      const pending = readPage(next);
      pending.catch(() => {}); // a page fetched past a stop may fail unobserved
      inFlight.set(next, pending);
    }
    const { items, exchange } = await inFlight.get(page)!;
    inFlight.delete(page);
    const ids = items.map((item) => item.id).join(",");
    if (items.length > 0 && ids === previous) {
      throw new KantataResponseError(exchange, `page ${page} repeating page ${page - 1} (ids ${ids})`);
    }
    if (items.length === 0) break;
    all.push(...items);
    previous = ids;
  }
  return all;
}
