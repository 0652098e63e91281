// Moving a user between classic Insights Access Groups, built only on the memberships
// resource's public methods (list, delete, create, update), so it can be tried against a
// fake resource as well as over HTTP. Kantata cannot change a membership's group: the old
// membership is deleted and a new one created, and every failure says where it left things.
import { KantataMoveError, type MoveState } from "../core/errors.js";
import { bodyRule } from "../core/request-check.js";
import { requestOptionKeys } from "../core/settings.js";
import { check, checkId } from "../core/validate.js";
import type { MembershipsResource } from "./memberships.js";
import type { Include, Membership, MoveOptions, MoveResult, OptionalField, ReadOptions } from "./types.js";

type Read = ReadOptions<Include, OptionalField>;
const createRule = bodyRule("createInsightsAccessGroupMembership", "insights_access_group_membership");
const updateRule = bodyRule("updateInsightsAccessGroupMembership", "insights_access_group_membership");
const moveKeys = ["can_edit", "include", "optionalFields", ...requestOptionKeys];

/** One move in progress: who goes where, with what options, and what went wrong so far. */
interface Move {
  readonly resource: MembershipsResource;
  readonly user: number;
  readonly group: number;
  readonly read: Read;
  readonly errors: unknown[];
}

/** Checks the arguments of `move`, before anything is sent. */
function checkMove(userId: unknown, toGroupId: unknown, options: unknown) {
  const user = checkId(userId, createRule.properties!.user_id!, "userId");
  const group = checkId(toGroupId, createRule.properties!.insights_access_group_id!, "toGroupId");
  const known = Object.fromEntries(moveKeys.map((key) => [key, {}]));
  check(options, { type: "object", additionalProperties: false, properties: known }, "options");
  const { can_edit: canEdit, ...read } = options as MoveOptions<Include, OptionalField>;
  if (canEdit !== undefined) check(canEdit, updateRule.properties!.can_edit!, "options.can_edit");
  return { user, group, canEdit, read };
}

/** A KantataMoveError naming the move, what happened, and every error met (and `more`). */
function moveError(move: Move, state: MoveState, what: string, more: unknown[] = []) {
  const errors = [...move.errors, ...more];
  const details = errors.map((e) => ` [${e instanceof Error ? e.message : String(e)}]`).join("");
  return new KantataMoveError(state, `moving user ${move.user} to group ${move.group}: ${what}${details}`, errors);
}

const lookup = (move: Move) => move.resource.listAll({ ...move.read, user_ids: [move.user] });
const describe = (m: Membership) => `membership ${m.id} in group ${m.insights_access_group_id}, can_edit ${m.can_edit}`;

/** Sets can_edit on `membership` when it differs from `wanted`. */
async function ensureCanEdit(move: Move, membership: Membership, wanted: boolean): Promise<Membership> {
  if (membership.can_edit === wanted) return membership;
  return (await move.resource.update(membership.id, { can_edit: wanted }, move.read)).membership;
}

/**
 * Creates the user's membership in `groupId`. A POST that failed may still have been
 * applied, so after a failure the user's memberships are read again: resolves to the
 * membership, or to undefined when the user verifiably has none.
 */
async function createOrFind(move: Move, groupId: number, was: string): Promise<Membership | undefined> {
  try {
    return (await move.resource.create({ user_id: move.user, insights_access_group_id: groupId }, move.read)).membership;
  } catch (error) {
    move.errors.push(error);
  }
  let now: Membership[];
  try {
    now = await lookup(move);
  } catch (error) {
    const what = `creating a membership in group ${groupId} failed and the user's memberships could not be read back`;
    throw moveError(move, "unknown", `${what}; check user ${move.user} (it was ${was})`, [error]);
  }
  if (now.length > 1 || (now[0] && now[0].insights_access_group_id !== groupId)) {
    const ids = now.map((m) => m.id).join(", ");
    throw moveError(move, "unknown", `the user now has memberships ${ids}; check user ${move.user} (it was ${was})`);
  }
  return now[0];
}

/** After the new membership could not be made: makes the old one again, and says how that went. */
async function restore(move: Move, previous: Membership, was: string): Promise<never> {
  const restored = await createOrFind(move, previous.insights_access_group_id!, was);
  if (!restored) {
    const what = "creating the new membership failed, and so did making the old one again";
    throw moveError(move, "no-membership", `${what}: the user now has NO Insights Access Group membership (it was ${was})`);
  }
  let back: Membership;
  try {
    back = await ensureCanEdit(move, restored, previous.can_edit ?? false);
  } catch (error) {
    const what = `the old group was joined again as membership ${restored.id}, but can_edit could not be set back to ${previous.can_edit}`;
    throw moveError(move, "restored-can-edit-unset", `creating the new membership failed; ${what}`, [error]);
  }
  const where = `membership ${back.id} in group ${previous.insights_access_group_id} with can_edit ${back.can_edit}`;
  throw moveError(move, "restored", `creating the new membership failed; the old one was made again as ${where}`);
}

/** `memberships.move`: see the README's "Moving a user" for every state it can end in. */
export async function moveMembership<I extends Include, F extends OptionalField>(
  resource: MembershipsResource,
  userId: number | string,
  toGroupId: number | string,
  options: MoveOptions<I, F>,
): Promise<MoveResult<Membership<I, F>>> {
  const { user, group, canEdit, read } = checkMove(userId, toGroupId, options);
  const move: Move = { resource, user, group, read, errors: [] };
  let found: Membership[];
  try {
    found = await lookup(move);
  } catch (error) {
    throw moveError(move, "unchanged", "could not look up the user's membership; nothing was changed", [error]);
  }
  if (found.length !== 1) {
    const what = `the user has ${found.length} Insights Access Group memberships, not one; nothing was changed`;
    throw moveError(move, "unchanged", what);
  }
  const previous = found[0]!;
  const was = describe(previous);
  const keep = canEdit ?? previous.can_edit ?? false;
  // The records were read with the caller's include/optionalFields, so they are Membership<I, F>.
  const typed = (m: Membership) => m as Membership<I, F>;
  if (previous.insights_access_group_id === group) {
    return { membership: typed(await ensureCanEdit(move, previous, keep)), previous: undefined, moved: false };
  }
  try {
    await resource.delete(previous.id, requestPart(read));
  } catch (error) {
    throw moveError(move, "unchanged", `could not delete ${was}; nothing was changed`, [error]);
  }
  const made = await createOrFind(move, group, was);
  if (!made) return restore(move, previous, was);
  try {
    return { membership: typed(await ensureCanEdit(move, made, keep)), previous, moved: true };
  } catch (error) {
    const what = `the user is in group ${group} as membership ${made.id}, but can_edit could not be set to ${keep}`;
    throw moveError(move, "moved-can-edit-unset", what, [error]);
  }
}

/** The request options of `read` (signal, retries, timeout), for calls that read no membership. */
const requestPart = ({ include: _include, optionalFields: _fields, ...request }: Read) => request;
