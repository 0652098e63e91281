// The one bounded worker pool of the command line: reads and writes alike run through it.

/**
 * Runs `task` on indexes 0 … count - 1 in order, at most `limit` at a time, and starts no new
 * one once `stopped()` holds; resolves when every task it started has ended.
 */
export async function pool(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count && !stopped()) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/** Runs `task` on every item, at most `limit` at a time; resolves to the results in the items' order. */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  await pool(items.length, limit, async (i) => {
    results[i] = await task(items[i]!);
  });
  return results;
}
