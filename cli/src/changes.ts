// The kinds of change the command line makes to an account, one entry each: how to write it,
// how to describe it (plans, progress, the journal, the summary), whether the account read back
// shows it made, and whether it needs confirming. Undo needs nothing of a kind: it puts each user
// back as the journal says they were. Adding a kind is one entry here (TypeScript refuses a kind
// without one) and its tests; `cli/output.schema.json` is held to the same list by a test.
import type { InsightsAccessClient, Membership } from "kantata-insights-access";
import { asId } from "./ids.js";
import { safe } from "./output.js";

/** What a change does. */
export type Action = "add" | "set-can-edit" | "move" | "remove";

/** A membership as a change saw it before, for messages and for undo. */
export interface Before {
  membership_id: string;
  group_id: number;
  can_edit: boolean;
}

/** One change of a plan: what to do to whom, and the membership as it was. */
export interface Change {
  action: Action;
  user_id: number;
  group_id: number | undefined;
  can_edit: boolean | undefined;
  before: Before | undefined;
  /** The user's name and address, for people (plans, progress, summaries, the journal), when Kantata gave them. */
  full_name?: string;
  email_address?: string;
}

/** The counters of a plan, one per kind. */
export type Counter = "adds" | "moves" | "can_edit_changes" | "removals";

export interface ChangeKind {
  /** The plan's counter this kind adds to. */
  counter: Counter;
  /** The most requests it takes: the longest changes start first, so that workers finish together. */
  weight: (change: Change) => number;
  /** How a plan marks it, as terraform does: `+` add, `→` move, `~` can_edit, `-` remove. */
  sign: string;
  /** The change as one line, its user named (every value from Kantata escaped). */
  describe: (change: Change) => string;
  /** Makes the change through the library; resolves to the user's membership after it (null: none). */
  write: (kantata: InsightsAccessClient, change: Change) => Promise<Membership | null>;
  /** Whether `found` (the user's memberships now) is what the change was to make. */
  reached: (change: Change, found: readonly Membership[]) => boolean;
  /**
   * Whether a 429 means the change was not applied at all. Kantata answers 429 before doing
   * anything, so a one-request change is untouched; an add whose second request met it is not.
   */
  untouchedByRateLimit: boolean;
  /** Why it must be confirmed (a typed count on a terminal, --yes off one), or undefined. */
  harm: (change: Change) => string | undefined;
}

/** A membership's identity and state, as a change records it: ids as numbers, whatever form Kantata sent. */
export const describeMembership = (m: Membership): Before => ({
  membership_id: String(m.id),
  group_id: asId(m.insights_access_group_id),
  can_edit: m.can_edit,
});

/** Whether `change` gives its user can_edit they did not have (all of the account's data through Insights). */
export const grants = (change: Change): boolean =>
  change.can_edit === true && change.action !== "remove" && change.before?.can_edit !== true;

/** The user a change is for: `user 1001 (Ada Lovelace <ada@example.com>)`, or the id alone when Kantata gave no name. */
export const who = (c: {
  user_id: number;
  full_name?: string | undefined;
  email_address?: string | undefined;
}): string => {
  const name = c.full_name ? safe(c.full_name) : "";
  const email = c.email_address ? `<${safe(c.email_address)}>` : name ? "(no email address)" : "";
  const person = [name, email].filter(Boolean).join(" ");
  return `user ${c.user_id}${person ? ` (${person})` : ""}`;
};

const was = (c: Change) =>
  c.before
    ? ` (was membership ${c.before.membership_id} in group ${c.before.group_id}, can_edit ${c.before.can_edit})`
    : "";

/** The user's one membership is in the change's group, with its can_edit (when it names one). */
const holds = (change: Change, found: readonly Membership[]) => {
  const [only, ...others] = found;
  return (
    !!only &&
    !others.length &&
    only.insights_access_group_id === change.group_id &&
    (change.can_edit === undefined || only.can_edit === change.can_edit)
  );
};

const grantHarm = (change: Change) => (grants(change) ? "grants can_edit" : undefined);

export const kinds: { readonly [A in Action]: ChangeKind } = {
  add: {
    counter: "adds",
    weight: (c) => (c.can_edit ? 2 : 1),
    sign: "+",
    describe: (c) => `add ${who(c)} to group ${c.group_id} with can_edit ${c.can_edit}${was(c)}`,
    async write(kantata, c) {
      const m = kantata.memberships;
      const { membership } = await m.create({ user_id: c.user_id, insights_access_group_id: c.group_id! });
      if (c.can_edit === undefined || membership.can_edit === c.can_edit) return membership;
      return (await m.update(membership.id, { can_edit: c.can_edit })).membership;
    },
    reached: holds,
    untouchedByRateLimit: false,
    harm: grantHarm,
  },
  move: {
    counter: "moves",
    weight: () => 3,
    sign: "→",
    describe: (c) => `move ${who(c)} to group ${c.group_id} with can_edit ${c.can_edit}${was(c)}`,
    write: async (kantata, c) =>
      (await kantata.memberships.move(c.user_id, c.group_id!, { can_edit: c.can_edit! })).membership,
    reached: holds,
    untouchedByRateLimit: true,
    harm: grantHarm,
  },
  "set-can-edit": {
    counter: "can_edit_changes",
    weight: () => 1,
    sign: "~",
    describe: (c) => `set can_edit ${c.can_edit} for ${who(c)} in group ${c.group_id}${was(c)}`,
    write: async (kantata, c) =>
      (await kantata.memberships.update(c.before!.membership_id, { can_edit: c.can_edit! })).membership,
    reached: holds,
    untouchedByRateLimit: true,
    harm: grantHarm,
  },
  remove: {
    counter: "removals",
    weight: () => 1,
    sign: "-",
    describe: (c) => `remove ${who(c)}${was(c)}`,
    async write(kantata, c) {
      await kantata.memberships.delete(c.before!.membership_id);
      return null;
    },
    reached: (c, found) => !found.some((m) => m.id === c.before?.membership_id),
    untouchedByRateLimit: true,
    harm: () => "removes a membership",
  },
};

/** A change as one line of a plan, progress, the journal or a summary. */
export const describeChange = (change: Change): string => kinds[change.action].describe(change);
