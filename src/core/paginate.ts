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
 * Yields every item of `readPage(page, signal)` from `firstPage` on. `pageSize` is the page size
 * asked for, which bounds the walk by `meta.count`. With a `concurrency` over 1, once a page has
 * said how many pages there are, up to that many pages are asked for ahead; pages are still
 * read in order, so items keep `results` order and an empty or repeated page stops the walk the
 * same way. The first page that fails, in whatever order, ends the walk at once with its error,
 * and `signal` (which every page is read under) aborts the pages still in flight; so does a
 * walk that stops early or is left by its reader.
 */
export async function* paginate<T extends { readonly id: string }>(
  readPage: (page: number, signal: AbortSignal) => Promise<Page<T>>,
  firstPage: number,
  pageSize: number,
  concurrency = 1,
): AsyncGenerator<T, void, undefined> {
  const walk = new AbortController();
  let failed!: (error: unknown) => void;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  failure.catch(() => {}); // observed through the race below
  const ahead = new Map<number, Promise<Page<T>>>();
  let previous: string | undefined;
  let last = firstPage;
  try {
    for (let page = firstPage; ; page++) {
      for (let next = page; next <= Math.max(page, last) && ahead.size < concurrency; next++) {
        if (ahead.has(next)) continue;
        const pending = readPage(next, walk.signal);
        pending.catch(failed);
        ahead.set(next, pending);
      }
      const { items, meta, exchange } = await Promise.race([ahead.get(page)!, failure]);
      ahead.delete(page);
      const ids = items.map((item) => item.id).join(",");
      if (items.length > 0 && ids === previous) {
        throw new KantataResponseError(exchange, `page ${page} repeating page ${page - 1} (ids ${ids})`);
      }
      yield* items;
      last = lastPage(meta, page, pageSize);
      if (items.length === 0 || page >= last) return;
      previous = ids;
    }
  } finally {
    // Pages asked for past a stop, or still in flight at a failure, are not waited for.
    walk.abort();
  }
}
