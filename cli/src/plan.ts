// The plan `sync` applies: computed from the account as it is, read concurrently, and trusting
// nothing a server does with a filter. A removal is planned only for a membership read whole,
// checked here to be in a group the sheet names, and held to a cap.
import type { InsightsAccessClient } from "kantata-insights-access";
import { membershipsOf, readAll } from "./account.js";
import { describeMembership, type Change } from "./changes.js";
import { emailMatch } from "./people.js";
import { eachLimited } from "./pool.js";
import type { Row } from "./sheet.js";

/**
 * Rows whose users are named by email address, looked up among the users of the account. A line
 * whose address matches no user or several, or disagrees with its user_id, is left out and named;
 * nothing is sent for it.
 */
export async function resolveEmails(
  kantata: InsightsAccessClient,
  rows: Row[],
): Promise<{ rows: Row[]; skipped: string[] }> {
  const emails = rows.flatMap((r) => (r.email ? [r.email] : []));
  const { byEmail } = emails.length ? await kantata.users.findByEmails(emails) : { byEmail: new Map() };
  const resolved: Row[] = [];
  const skipped: string[] = [];
  const lineOf = new Map<number, number>();
  for (const row of rows) {
    let user = row.user;
    if (row.email) {
      // Looked up as findByEmails keys its answers: trimmed, in any case.
      const match = emailMatch(row.email, byEmail.get(row.email.trim().toLowerCase()) ?? [], `line ${row.line}`);
      if (typeof match === "string") {
        skipped.push(`${match}; nothing is sent for this line`);
        continue;
      }
      if (user && user !== match) {
        skipped.push(
          `line ${row.line}: user_id ${user} and email ${row.email} (user ${match}) disagree; nothing is sent for this line`,
        );
        continue;
      }
      user = match;
    }
    if (lineOf.has(user)) {
      skipped.push(
        `line ${row.line}: user ${user} is already on line ${lineOf.get(user)}; nothing is sent for this line`,
      );
      continue;
    }
    lineOf.set(user, row.line);
    resolved.push({ ...row, user });
  }
  return { rows: resolved, skipped };
}

export interface Plan {
  changes: Change[];
  /** Users left alone, each with why (several memberships: only a person can tell which is right). */
  skipped: string[];
  /** Why `--prune` was refused, when it was; then nothing may be applied. */
  refused?: string;
}

export interface PlanOptions {
  prune: boolean;
  /** Most removals a prune may plan; undefined: 10% of the listed members, or 5, whichever is larger. */
  maxRemovals: number | undefined;
  concurrency: number;
  progress: (text: string) => void;
}

/** The changes that make the account match `rows`; with `prune`, removals of the named groups' other members. */
export async function planSync(kantata: InsightsAccessClient, rows: Row[], options: PlanOptions): Promise<Plan> {
  const users = rows.map((r) => r.user);
  const current = await membershipsOf(kantata, users, options.concurrency, (done, total) =>
    options.progress(`reading the account: ${done} of ${total} user(s)`),
  );
  const changes: Change[] = [];
  const skipped: string[] = [];
  for (const row of rows) {
    const found = current.get(row.user) ?? [];
    const base = { user_id: row.user, group_id: row.group, can_edit: row.canEdit };
    const now = found[0];
    if (found.length > 1)
      skipped.push(`user ${row.user} (line ${row.line}) has ${found.length} memberships; fix by hand first`);
    else if (!now) changes.push({ action: "add", ...base, before: undefined });
    else if (now.insights_access_group_id !== row.group)
      changes.push({ action: "move", ...base, before: describeMembership(now) });
    else if (now.can_edit !== row.canEdit)
      changes.push({ action: "set-can-edit", ...base, before: describeMembership(now) });
  }
  if (!options.prune) return { changes, skipped };

  const groups = [...new Set(rows.map((r) => r.group))];
  const wanted = new Set(users);
  const listings = await eachLimited(groups, options.concurrency, (group) =>
    readAll(kantata, { by_access_group_id: group }),
  );
  options.progress(`reading the account: the members of ${groups.length} group(s)`);
  const partial = listings.findIndex((l) => !l.whole);
  if (partial >= 0) {
    const { memberships, count } = listings[partial]!;
    const why = `the listing of group ${groups[partial]} held ${memberships.length} of the ${count} memberships Kantata counted`;
    return { changes, skipped, refused: `--prune refused: ${why}; nothing can be removed on a partial listing` };
  }
  const named = new Set(groups);
  // Only members of the groups the sheet names, whatever the server's filter let through.
  // Each membership once (a server that ignores the filter answers every group's listing with all of them).
  const byId = new Map(listings.flatMap((l) => l.memberships).map((m) => [m.id, m]));
  const members = [...byId.values()].filter((m) => named.has(m.insights_access_group_id));
  const removals = members.filter((m) => !wanted.has(m.user_id));
  const cap = options.maxRemovals ?? Math.max(5, Math.floor(members.length / 10));
  if (removals.length > cap) {
    const why = `the plan would remove ${removals.length} of ${members.length} member(s) of the named groups, more than --max-removals ${cap}`;
    return { changes, skipped, refused: `--prune refused: ${why}; check the sheet, or raise --max-removals` };
  }
  for (const m of removals) {
    changes.push({
      action: "remove",
      user_id: m.user_id,
      group_id: undefined,
      can_edit: undefined,
      before: describeMembership(m),
    });
  }
  return { changes, skipped };
}
