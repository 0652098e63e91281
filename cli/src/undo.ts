// `undo JOURNAL`: the inverse of every change a journal records as done, latest first. Each is
// checked against the account as it is now: a user whose membership is no longer what the run
// left is skipped and named, since someone (or something) has changed it since.
import { readFileSync } from "node:fs";
import type { InsightsAccessClient } from "kantata-insights-access";
import { membershipsOf } from "./account.js";
import { describeMembership, kinds, type Before, type Change } from "./changes.js";

/** A done change as the journal recorded it. */
interface Done {
  change: Change;
  after: Before | null | undefined;
}

/** The done changes a journal records, in the order they were made; unreadable lines are named. */
export function readJournal(file: string): { done: Done[]; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { done: [], problems: [`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`] };
  }
  const done: Done[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let entry: { event?: string; result?: string; change?: Change; after?: Before | null };
    try {
      entry = JSON.parse(line);
    } catch {
      return void problems.push(
        `line ${i + 1} is not a journal line (a run stopped while writing it?); it was left out`,
      );
    }
    if (entry.event === "outcome" && entry.change && String(entry.result).startsWith("done")) {
      done.push({ change: entry.change, after: entry.after });
    }
  });
  if (!done.length && !problems.length) problems.push(`${file} records no change as done; nothing to undo`);
  return { done, problems };
}

/** Whether the user's memberships now are what the run left (`after`; null: none). */
function unchangedSince(
  now: { id: string; insights_access_group_id: number; can_edit: boolean }[],
  after: Done["after"],
) {
  if (after === null) return now.length === 0;
  if (!after) return false;
  const [only, ...others] = now;
  return !others.length && only?.id === after.membership_id && only.can_edit === after.can_edit;
}

/** The inverse of `done`, latest first, each checked against the account now. */
export async function planUndo(
  kantata: InsightsAccessClient,
  done: Done[],
  concurrency: number,
): Promise<{ changes: Change[]; skipped: string[] }> {
  const now = await membershipsOf(kantata, [...new Set(done.map((d) => d.change.user_id))], concurrency);
  const changes: Change[] = [];
  const skipped: string[] = [];
  const seen = new Set<number>();
  for (const { change, after } of [...done].reverse()) {
    const user = change.user_id;
    const current = now.get(user) ?? [];
    if (seen.has(user)) {
      skipped.push(`user ${user}: an earlier change of the same user is not undone, only the latest`);
      continue;
    }
    seen.add(user);
    if (!unchangedSince(current, after)) {
      const what = current.map(
        (m) => `membership ${m.id} in group ${m.insights_access_group_id}, can_edit ${m.can_edit}`,
      );
      skipped.push(`user ${user} changed since the run (now ${what.join("; ") || "no membership"}); left alone`);
      continue;
    }
    const inverse = kinds[change.action].inverse(change, current[0] && describeMembership(current[0]));
    if (inverse) changes.push(inverse);
    else skipped.push(`user ${user}: the journal does not say what the membership was before; left alone`);
  }
  return { changes, skipped };
}
