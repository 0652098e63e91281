// Walks a paged list as an async iterable, returning every record once or throwing a
// KantataResponseError that says what was inconsistent. The walk ends at an empty page, at a
// page shorter than the page size asked for, or, when a full page is the last that `meta`
// announces, at the next page, read to prove `meta` right. A record seen on an earlier page
// (the list shifted while it was read) is yielded once. It throws when a page holds only records
// already read (a server going round in circles), when a page past the last `meta` announced
// holds new records, and when the walk from page 1 ends with fewer records than `meta.count`.
import { KantataResponseError, type Exchange } from "./errors.js";

/** One page as the resource read it; the ids of its items tell records already seen. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly meta: { readonly page_count?: number; readonly count?: number; readonly page_size?: number } | undefined;
  readonly exchange: Exchange;
}

/**
 * The last page `meta` announces after `page`: `meta.page_count`, and the pages `meta.count`
 * fills at the page size the server reports (or the one asked for). Infinity when it has neither.
 */
export function lastPage(meta: Page<unknown>["meta"], pageSize: number): number {
  const size = meta?.page_size || pageSize;
  return Math.min(meta?.page_count ?? Infinity, meta?.count === undefined ? Infinity : Math.ceil(meta.count / size));
}

/** What `meta` said, for an error message. */
const said = (meta: Page<unknown>["meta"]) =>
  meta
    ? `meta ${JSON.stringify({ count: meta.count, page_count: meta.page_count, page_size: meta.page_size })}`
    : "no meta";

/**
 * Yields every item of `readPage(page, signal)` from `firstPage` on. `pageSize` is the page size
 * asked for: a page holding fewer is the last. With a `concurrency` over 1, once a page has
 * said how many pages there are, up to that many pages are asked for ahead; pages are still
 * read in order, so items keep `results` order and every check above holds the same way. The
 * first page that fails, in whatever order, ends the walk at once with its error, and `signal`
 * (which every page is read under) aborts the pages still in flight; so does a walk that stops
 * early or is left by its reader.
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
  const seen = new Set<string>();
  let announced = firstPage;
  /** The meta of the page before, when that full page was the last it announced. */
  let checking: Page<T>["meta"] | null = null;
  try {
    for (let page = firstPage; ; page++) {
      // Pages are read ahead only as far as meta announced.
      const known = Number.isFinite(announced) ? announced : page;
      for (let next = page; next <= Math.max(page, known) && ahead.size < concurrency; next++) {
        if (ahead.has(next)) continue;
        const pending = readPage(next, walk.signal);
        pending.catch(failed);
        ahead.set(next, pending);
      }
      const { items, meta, exchange } = await Promise.race([ahead.get(page)!, failure]);
      ahead.delete(page);
      const fresh = items.filter((item) => !seen.has(item.id));
      if (checking !== null) {
        // Past the last page meta announced: nothing new may follow.
        if (fresh.length === 0) return;
        throw new KantataResponseError(
          exchange,
          `${fresh.length} more record(s) on page ${page}, after page ${page - 1}, the last that ${said(checking)} announced`,
        );
      }
      if (items.length > 0 && fresh.length === 0) {
        const ids = items.map((item) => item.id).join(",");
        throw new KantataResponseError(exchange, `page ${page} holding only records already read (ids ${ids})`);
      }
      for (const item of fresh) seen.add(item.id);
      yield* fresh;
      announced = lastPage(meta, pageSize);
      // A server may hold pages to a smaller size than asked for, and say so in meta.page_size.
      if (items.length < Math.min(pageSize, meta?.page_size || pageSize)) {
        const count = meta?.count;
        if (firstPage === 1 && count !== undefined && seen.size < count) {
          throw new KantataResponseError(
            exchange,
            `${seen.size} record(s) in pages 1 to ${page}, where ${said(meta)} (page ${page} held ${items.length}, short of a full page)`,
          );
        }
        return;
      }
      if (page >= announced) checking = meta;
    }
  } finally {
    // Pages asked for past a stop, or still in flight at a failure, are not waited for.
    walk.abort();
  }
}
