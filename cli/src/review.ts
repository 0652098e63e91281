// `kantata-insights review`: the access review an auditor asks for. Read-only: the memberships
// (every page, `concurrency` at a time), every user of the account with their account membership
// and last activity, and the users Kantata says have access to Insights; joined by user into a
// snapshot, with the findings an auditor flags and, given the previous snapshot, what changed.
import type { InsightsAccessClient, Membership } from "kantata-insights-access";
import { normalise, readListings } from "./account.js";
import { asId } from "./ids.js";
import { Inconsistent } from "./command.js";

/** One person's membership of one group, as the review shows it. */
export interface Member {
  user_id: number;
  name: string;
  email: string;
  group_id: number;
  group_name: string;
  can_edit: boolean;
  membership_id: string;
  membership_created_at: string | null;
  membership_updated_at: string | null;
  is_administrator: boolean;
  permission: string | null;
  disabled: boolean;
  /** null: never active, or Kantata did not say. */
  last_site_activity: string | null;
}

/** An Account Administrator: they see all account data, whether or not they are in a group. */
export interface Administrator {
  user_id: number;
  name: string;
  email: string;
  permission: string | null;
  disabled: boolean;
  last_site_activity: string | null;
  groups: number[];
}

/** The review as `--format json` writes it and `--since` reads it (`review_snapshot` in output.schema.json). */
export interface Snapshot {
  review_format: 1;
  generated_at: string;
  base_url: string;
  acting_user: { id: number; name: string; email: string };
  stale_days: number;
  members: Member[];
  administrators: Administrator[];
  groups: { id: number; name: string; members: number; editors: number }[];
  /** Users on whom the memberships and Kantata's `show_users_in_insights_groups` disagree. */
  disagreements: { user_id: number; name: string; email: string; why: string }[];
  findings: Findings;
  /** What changed since `previous`, when a previous snapshot was given. */
  changes: Changes | null;
}

export interface Findings {
  /** Users whose account membership is disabled but who still hold a group membership. */
  disabled_members: number[];
  /** Members with no activity in `stale_days` days, or never. */
  stale: number[];
  /** `can_edit` holders who did not hold it at the previous review (null without one). */
  new_editors: number[] | null;
  /** Groups that had members at the previous review and have none now (null without one). */
  empty_groups: number[] | null;
}

export interface Changes {
  since: string;
  added: number[];
  removed: number[];
  /** Who was removed, as the previous review named them. */
  removed_people: { user_id: number; name: string; email: string; group_name: string }[];
  granted: number[];
  revoked: number[];
  moved: { user_id: number; from: number; to: number }[];
}

type UserRecord = {
  id: string;
  full_name?: string | null;
  email_address?: string | null;
  last_site_activity?: string | null;
  account_membership?: { is_administrator?: boolean; permission?: string; disabled_at?: string | null };
};

/** Reads the account and builds the snapshot; `previous` is the last review's, for what changed. */
export async function takeReview(
  kantata: InsightsAccessClient,
  options: {
    actingUser: Snapshot["acting_user"];
    baseUrl: string;
    staleDays: number;
    concurrency: number;
    previous?: Snapshot | undefined;
    now?: Date;
    progress: (text: string) => void;
  },
): Promise<Snapshot> {
  const page = { on_my_account: true, show_disabled: true, per_page: 200 } as const;
  const names = ["memberships", "users", "users with Insights"];
  const listings = await readListings<{ id: string }>(
    [
      {
        name: names[0]!,
        read: async (n) => {
          const { memberships: items, meta } = await kantata.memberships.list({
            include: ["user"],
            per_page: 200,
            page: n,
          });
          return { items: items.map(normalise), meta };
        },
      },
      {
        name: names[1]!,
        read: async (n) => {
          const { users: items, meta } = await kantata.users.list({
            ...page,
            page: n,
            include: ["account_membership"],
            optionalFields: ["last_site_activity"],
          });
          return { items, meta };
        },
      },
      {
        name: names[2]!,
        read: async (n) => {
          const { users: items, meta } = await kantata.users.list({
            ...page,
            page: n,
            show_users_in_insights_groups: true,
          });
          return { items, meta };
        },
      },
    ],
    options.concurrency,
    (read, counts) => {
      const each = names.map((name, i) => `${name} ${read[i]} of ${counts[i]}`);
      options.progress(`reading: ${each.join(", ")}`);
    },
  );
  for (const listing of listings) {
    if (!listing.whole) {
      throw new Inconsistent(
        `Kantata counted ${listing.count} ${listing.name} but its pages held ${listing.records.length}; nothing was written, read again later`,
      );
    }
  }
  const [memberships, users, withInsights] = listings.map((l) => l.records) as [
    Membership<"user">[],
    UserRecord[],
    UserRecord[],
  ];
  const byUser = new Map(users.map((u) => [asId(u.id), u]));
  const person = (id: number, fallback?: { full_name?: string | null; email_address?: string | null }) => {
    const u = byUser.get(id);
    const account = u?.account_membership;
    return {
      name: u?.full_name ?? fallback?.full_name ?? "",
      email: u?.email_address ?? fallback?.email_address ?? "",
      is_administrator: account?.is_administrator === true,
      permission: account?.permission ?? null,
      disabled: Boolean(account?.disabled_at),
      last_site_activity: u?.last_site_activity ?? null,
    };
  };
  const members: Member[] = memberships
    .map((m) => {
      const p = person(m.user_id, m.user);
      return {
        user_id: m.user_id,
        name: p.name,
        email: p.email,
        group_id: m.insights_access_group_id,
        group_name: m.insights_access_group_name ?? `group ${m.insights_access_group_id}`,
        can_edit: m.can_edit === true,
        membership_id: String(m.id),
        membership_created_at: m.created_at ?? null,
        membership_updated_at: m.updated_at ?? null,
        is_administrator: p.is_administrator,
        permission: p.permission,
        disabled: p.disabled,
        last_site_activity: p.last_site_activity,
      };
    })
    .sort((a, b) => a.group_id - b.group_id || a.name.localeCompare(b.name) || a.user_id - b.user_id);
  const administrators: Administrator[] = users
    .filter((u) => u.account_membership?.is_administrator === true)
    .map((u) => {
      const id = asId(u.id);
      const { name, email, permission, disabled, last_site_activity } = person(id);
      const groups = members.filter((m) => m.user_id === id).map((m) => m.group_id);
      return { user_id: id, name, email, permission, disabled, last_site_activity, groups };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.user_id - b.user_id);

  const groupIds = [...new Set(members.map((m) => m.group_id))].sort((a, b) => a - b);
  const groups = groupIds.map((id) => {
    const inGroup = members.filter((m) => m.group_id === id);
    return {
      id,
      name: inGroup[0]!.group_name,
      members: inGroup.length,
      editors: inGroup.filter((m) => m.can_edit).length,
    };
  });

  const memberIds = new Set(members.map((m) => m.user_id));
  const insightIds = new Set(withInsights.map((u) => asId(u.id)));
  const disagreements = [
    ...[...memberIds]
      .filter((id) => !insightIds.has(id))
      .map((id) => ({ id, why: "holds a membership, but Kantata does not list them as having access to Insights" })),
    ...[...insightIds]
      .filter((id) => !memberIds.has(id))
      .map((id) => ({ id, why: "Kantata lists them as having access to Insights, but they hold no membership" })),
  ].map(({ id, why }) => {
    const u = byUser.get(id) ?? withInsights.find((w) => asId(w.id) === id);
    return { user_id: id, name: u?.full_name ?? "", email: u?.email_address ?? "", why };
  });

  const now = options.now ?? new Date();
  const staleBefore = now.getTime() - options.staleDays * 86_400_000;
  const previous = options.previous;
  const before = new Map(previous?.members.map((m) => [m.user_id, m]));
  const findings: Findings = {
    disabled_members: [...new Set(members.filter((m) => m.disabled).map((m) => m.user_id))],
    stale: [
      ...new Set(
        members
          .filter((m) => m.last_site_activity === null || Date.parse(m.last_site_activity) < staleBefore)
          .map((m) => m.user_id),
      ),
    ],
    new_editors: previous
      ? members.filter((m) => m.can_edit && before.get(m.user_id)?.can_edit !== true).map((m) => m.user_id)
      : null,
    empty_groups: previous ? previous.groups.filter((g) => !groupIds.includes(g.id)).map((g) => g.id) : null,
  };
  return {
    review_format: 1,
    generated_at: now.toISOString(),
    base_url: options.baseUrl,
    acting_user: options.actingUser,
    stale_days: options.staleDays,
    members,
    administrators,
    groups,
    disagreements,
    findings,
    changes: previous ? changesSince(previous, members) : null,
  };
}

/** What changed between the previous review and `members`, compared by user. */
export function changesSince(previous: Snapshot, members: readonly Member[]): Changes {
  const before = new Map(previous.members.map((m) => [m.user_id, m]));
  const after = new Map(members.map((m) => [m.user_id, m]));
  const changes: Changes = {
    since: previous.generated_at,
    added: [],
    removed: [],
    removed_people: [],
    granted: [],
    revoked: [],
    moved: [],
  };
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) changes.added.push(id);
    else if (was.group_id !== now.group_id) changes.moved.push({ user_id: id, from: was.group_id, to: now.group_id });
    if (now.can_edit && was?.can_edit !== true) changes.granted.push(id);
    if (!now.can_edit && was?.can_edit === true) changes.revoked.push(id);
  }
  for (const [id, was] of before) {
    if (after.has(id)) continue;
    changes.removed.push(id);
    changes.removed_people.push({ user_id: id, name: was.name, email: was.email, group_name: was.group_name });
    if (was.can_edit) changes.revoked.push(id);
  }
  return changes;
}
