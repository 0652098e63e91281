// The plan `sync` applies: computed from the account as it is, read concurrently, and trusting
// nothing a server does with a filter. A removal is planned only for a membership read whole,
// checked here to be in a group the sheet names, and held to a cap.
import type { AccountUser, InsightsAccessClient, Membership } from "kantata-insights-access";
import { membershipsOf, readAll } from "./account.js";
import { describeMembership, type Change } from "./changes.js";
import { emailMatch, nearAddresses } from "./people.js";
import { eachLimited } from "./pool.js";
import type { Row } from "./sheet.js";

/**
 * Rows whose users are named by email address, looked up among the users of the account,
 * disabled ones included (they can still hold a membership). A row with a user_id too is that
 * user when the address is theirs, even if others share it. A line whose address matches no user
 * or several, or disagrees with its user_id, is left out and named; nothing is sent for it.
 */
export async function resolveEmails(
  kantata: InsightsAccessClient,
  rows: Row[],
): Promise<{ rows: Row[]; skipped: string[] }> {
  const emails = rows.flatMap((r) => (r.email ? [r.email] : []));
  const { byEmail } = emails.length
    ? await kantata.users.findByEmails(emails, { show_disabled: true })
    : { byEmail: new Map() };
  const resolved: Row[] = [];
  const skipped: string[] = [];
  const near = nearAddresses(kantata);
  for (const row of rows) {
    let user = row.user;
    if (row.email) {
      // Looked up as findByEmails keys its answers: trimmed, in any case.
      const found: AccountUser[] = byEmail.get(row.email.trim().toLowerCase()) ?? [];
      const match = found.some((u) => Number(u.id) === user) ? user : emailMatch(row.email, found, `line ${row.line}`);
      if (typeof match === "string") {
        const hint = found.length ? "" : await near(row.email);
        skipped.push(`${match}${hint}; nothing is sent for this line`);
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
    resolved.push({ ...row, user });
  }
  return { rows: resolved, skipped };
}

/** `group:can_edit` of each, sorted: what a user holds, or what the lines naming them say. */
const holdings = (list: { group: number; canEdit: boolean }[]) =>
  list
    .map((h) => `${h.group}:${h.canEdit}`)
    .sort()
    .join(",");

/**
 * Users the sheet names on several lines. That is how export writes a user with several
 * memberships, and it stands when the account holds exactly what those lines say; any other
 * repeat (the same person by id and by address, or twice with different can_edit) is a mistake
 * only a person can correct. Resolves to the lines to refuse, each with why.
 */
function repeats(rows: Row[], current: Map<number, Membership<"user">[]>): string[] {
  const lines = new Map<number, Row[]>();
  for (const row of rows) lines.set(row.user, [...(lines.get(row.user) ?? []), row]);
  const problems: string[] = [];
  for (const [user, named] of lines) {
    if (named.length < 2) continue;
    const held = (current.get(user) ?? []).map((m) => ({ group: m.insights_access_group_id, canEdit: m.can_edit }));
    if (holdings(held) === holdings(named.map((r) => ({ group: r.group, canEdit: r.canEdit })))) continue;
    for (const row of named.slice(1)) {
      problems.push(`line ${row.line}: user ${user} is already on line ${named[0]!.line}`);
    }
  }
  return problems;
}

export interface Plan {
  changes: Change[];
  /** Users left alone, each with why (several memberships: only a person can tell which is right). */
  skipped: string[];
  /** Why `--prune` was refused, when it was; then nothing may be applied (`changes` is what it would have done). */
  refused?: string;
  /** In a dry run without --prune: the members of the sheet's groups it does not name, as removals a prune would make. */
  unlisted?: { groups: number[]; removals: Change[] };
}

export interface PlanOptions {
  prune: boolean;
  /** A dry run: without --prune, it reads the groups too, to say what a prune would remove. */
  dryRun: boolean;
  /** Most removals a prune may plan; undefined: 10% of the listed members, or 5, whichever is larger. */
  maxRemovals: number | undefined;
  concurrency: number;
  progress: (text: string) => void;
}

/** The changes that make the account match `rows`; with `prune`, removals of the named groups' other members. */
export async function planSync(kantata: InsightsAccessClient, rows: Row[], options: PlanOptions): Promise<Plan> {
  const users = [...new Set(rows.map((r) => r.user))];
  const current = await membershipsOf(kantata, users, options.concurrency, (done, total) =>
    options.progress(`reading the account: ${done} of ${total} user(s)`),
  );
  const repeated = repeats(rows, current);
  if (repeated.length) {
    const refused = `the sheet names a user on several lines, which the account does not hold as they say: ${repeated.join("; ")}. Give each user one line (several only for memberships they already hold); nothing was sent`;
    return { changes: [], skipped: [], refused };
  }
  const changes: Change[] = [];
  const skipped: string[] = [];
  const lines = new Map<number, number>();
  for (const row of rows) lines.set(row.user, (lines.get(row.user) ?? 0) + 1);
  for (const row of rows) {
    const found = current.get(row.user) ?? [];
    // Several lines that say what a user already holds: nothing to change.
    if (lines.get(row.user)! > 1) continue;
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
  // Without --prune, only a dry run reads the groups: to say what a prune would remove.
  if (!options.prune && !options.dryRun) return { changes, skipped };

  const groups = [...new Set(rows.map((r) => r.group))];
  const wanted = new Set(users);
  const listings = await eachLimited(groups, options.concurrency, (group) =>
    readAll(kantata, { by_access_group_id: group }, { concurrency: options.concurrency }),
  );
  options.progress(`reading the account: the members of ${groups.length} group(s)`);
  const partial = listings.findIndex((l) => !l.whole);
  if (partial >= 0 && !options.prune) return { changes, skipped };
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
  const removals: Change[] = members
    .filter((m) => !wanted.has(m.user_id))
    .map((m) => ({
      action: "remove",
      user_id: m.user_id,
      group_id: undefined,
      can_edit: undefined,
      before: describeMembership(m),
      ...(m.user.full_name && { full_name: m.user.full_name }),
      ...(m.user.email_address && { email_address: m.user.email_address }),
    }));
  if (!options.prune) return { changes, skipped, unlisted: { groups, removals } };
  const cap = options.maxRemovals ?? Math.max(5, Math.floor(members.length / 10));
  if (removals.length > cap) {
    const why = `the plan would remove ${removals.length} of ${members.length} member(s) of the named groups, more than --max-removals ${cap}`;
    return {
      changes: [...changes, ...removals],
      skipped,
      refused: `--prune refused: ${why}; check the sheet, or raise --max-removals`,
    };
  }
  return { changes: [...changes, ...removals], skipped };
}
