// "Did you mean": the closest of the names a command knows to one it was given, by edit distance
// (Levenshtein: letters added, dropped or changed). Only ever offered, never used in its place.

/** The number of single-letter edits that turn `a` into `b`. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * Up to `most` of `known` closest to `given` (in any case), nearest first; only those within
 * `maxEdits` (by default a third of the given's length, at least 2), so that a guess is a typo's,
 * not a stranger's.
 */
export function closest(given: string, known: readonly string[], most = 1, maxEdits?: number): string[] {
  const target = given.toLowerCase();
  const limit = maxEdits ?? Math.max(2, Math.floor(target.length / 3));
  return known
    .map((name) => ({ name, d: distance(target, name.toLowerCase()) }))
    .filter(({ d }) => d > 0 && d <= limit)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, most)
    .map(({ name }) => name);
}

/** ` Did you mean X?` (or `X or Y`), or nothing when no known name is close. */
export const didYouMean = (suggestions: readonly string[]): string =>
  suggestions.length ? ` Did you mean ${suggestions.join(" or ")}?` : "";
