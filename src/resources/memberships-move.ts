// Moving a user between classic Insights Access Groups, built only on the memberships
// resource's public methods (listAll, delete, create, update), so it can be tried against a
// fake resource as well as over HTTP. Kantata cannot change a membership's group: the old
// membership is deleted and a new one created. After any write that failed, the user's
// memberships are read back before anything else is decided, and the state reported is the
// one observed: `unknown` when it could not be observed, or when it rests on a write that got
// no answer (such a write may still be applied later).
import { KantataConnectionError, KantataError, KantataMoveError, type MoveState } from "../core/errors.js";
import { bodyRule } from "../core/request-check.js";
import { requestOptionKeys } from "../core/settings.js";
import { check, checkId } from "../core/validate.js";
import type { MembershipsResource } from "./types.js";
import type { Include, Membership, MoveOptions, MoveResult, OptionalField, ReadOptions } from "./types.js";

type Read = ReadOptions<Include, OptionalField>;
const createRule = /*#__PURE__*/ bodyRule("createInsightsAccessGroupMembership", "insights_access_group_membership");
const updateRule = /*#__PURE__*/ bodyRule("updateInsightsAccessGroupMembership", "insights_access_group_membership");
const moveKeys = /*#__PURE__*/ ["can_edit", "include", "optionalFields"].concat(requestOptionKeys);

/** An error met during a move, as a KantataError: anything else (a bug, say) becomes one's cause. */
const asKantataError = (error: unknown): KantataError =>
  error instanceof KantataError
    ? error
    : new KantataError(error instanceof Error ? error.message : String(error), { cause: error });

/** One move in progress: who goes where, with what options, and every error met so far. */
interface Move {
  readonly resource: MembershipsResource;
  readonly user: number;
  readonly group: number;
  readonly read: Read;
  readonly errors: KantataError[];
  /** What the user's membership was, for messages. */
  was: string;
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

/** A KantataMoveError naming the move, what happened, and every error met. */
function moveError(move: Move, state: MoveState, what: string) {
  const details = move.errors.map((e) => ` [${e instanceof Error ? e.message : String(e)}]`).join("");
  return new KantataMoveError(state, `moving user ${move.user} to group ${move.group}: ${what}${details}`, [
    ...move.errors,
  ]);
}

const describe = (m: Membership) => `membership ${m.id} in group ${m.insights_access_group_id}, can_edit ${m.can_edit}`;
/** A write that got no answer (lost connection, timeout) may have been applied, or may still be. */
const noAnswer = (error: unknown) => error instanceof KantataConnectionError;

/** The user's memberships; anything that is not the user's is refused, so it is never touched. */
async function lookup(move: Move): Promise<Membership[]> {
  const found = await move.resource.listAll({ ...move.read, user_ids: [move.user] });
  const foreign = found.find((m) => m.user_id !== move.user);
  if (foreign)
    throw new Error(`the lookup by user_ids=${move.user} answered ${describe(foreign)} of user ${foreign.user_id}`);
  return found;
}

/** After `error` from a write: the user's memberships read back, or a KantataMoveError `unknown`. */
async function readBack(move: Move, error: unknown, step: string): Promise<Membership[]> {
  move.errors.push(asKantataError(error));
  try {
    return await lookup(move);
  } catch (readError) {
    move.errors.push(asKantataError(readError));
    throw moveError(
      move,
      "unknown",
      `${step} failed and the user's memberships could not be read back; check user ${move.user} (it was ${move.was})`,
    );
  }
}

/** The state is unknown: what was seen after a write that got no answer, and when. */
function pendingWrite(move: Move, step: string, seen: Membership[]) {
  const now = seen.length ? seen.map(describe).join("; ") : "no membership";
  const what = `${step} got no answer; at ${new Date().toISOString()} the user had ${now}, but Kantata may still apply it`;
  return moveError(move, "unknown", `${what}; check user ${move.user} (it was ${move.was})`);
}

/** `unknown`: after `step` failed, the user's memberships were not what any plan expects. */
const unexpected = (move: Move, step: string, seen: Membership[]) =>
  moveError(
    move,
    "unknown",
    `${step} failed, and then the user had ${seen.map(describe).join("; ") || "no membership"}; check user ${move.user} (it was ${move.was})`,
  );

/** The one membership of `seen`, when it is in `groupId`; undefined when there is none. */
function inGroup(move: Move, step: string, seen: Membership[], groupId: number): Membership | undefined {
  if (seen.length > 1 || (seen[0] && seen[0].insights_access_group_id !== groupId)) throw unexpected(move, step, seen);
  return seen[0];
}

/**
 * Sets can_edit on `membership` when it differs from `wanted`. Resolves to the membership as
 * it is, or to undefined when can_edit verifiably stayed unset; `unknown` otherwise.
 */
async function ensureCanEdit(move: Move, membership: Membership, wanted: boolean): Promise<Membership | undefined> {
  if (membership.can_edit === wanted) return membership;
  try {
    return (await move.resource.update(membership.id, { can_edit: wanted }, move.read)).membership;
  } catch (error) {
    const step = `setting can_edit to ${wanted} on membership ${membership.id}`;
    const seen = await readBack(move, error, step);
    const now = inGroup(move, step, seen, membership.insights_access_group_id);
    if (now?.id !== membership.id) throw unexpected(move, step, seen);
    if (now.can_edit === wanted) return now;
    if (noAnswer(error)) throw pendingWrite(move, step, seen);
    return undefined;
  }
}

/**
 * Creates the user's membership in `groupId`. After a failure the user's memberships are read
 * back: resolves to the membership, or to undefined when the user verifiably has none.
 */
async function createOrFind(move: Move, groupId: number): Promise<Membership | undefined> {
  try {
    return (await move.resource.create({ user_id: move.user, insights_access_group_id: groupId }, move.read))
      .membership;
  } catch (error) {
    const step = `creating a membership in group ${groupId}`;
    const seen = await readBack(move, error, step);
    const made = inGroup(move, step, seen, groupId);
    if (!made && noAnswer(error)) throw pendingWrite(move, step, seen);
    return made;
  }
}

/** Deletes the user's membership; after a failure, reads back whether it is gone. */
async function deletePrevious(move: Move, previous: Membership): Promise<void> {
  const { include: _include, optionalFields: _fields, ...request } = move.read;
  try {
    await move.resource.delete(previous.id, request);
  } catch (error) {
    const step = `deleting ${move.was}`;
    const seen = await readBack(move, error, step);
    if (seen.length === 0) return;
    const same = seen.length === 1 && seen[0]!.id === previous.id && seen[0]!.can_edit === previous.can_edit;
    if (same && !noAnswer(error))
      throw moveError(move, "unchanged", `could not delete ${move.was}; nothing was changed`);
    throw same ? pendingWrite(move, step, seen) : unexpected(move, step, seen);
  }
}

/** After the new membership could not be made: makes the old one again, and says how that went. */
async function restore(move: Move, previous: Membership): Promise<never> {
  const restored = await createOrFind(move, previous.insights_access_group_id);
  if (!restored) {
    const what = "creating the new membership failed, and so did making the old one again";
    throw moveError(
      move,
      "no-membership",
      `${what}: the user now has NO Insights Access Group membership (it was ${move.was})`,
    );
  }
  const back = await ensureCanEdit(move, restored, previous.can_edit);
  if (!back) {
    const what = `the old group was joined again as membership ${restored.id}, but can_edit could not be set back to ${previous.can_edit}`;
    throw moveError(move, "restored-can-edit-unset", `creating the new membership failed; ${what}`);
  }
  const where = `membership ${back.id} in group ${previous.insights_access_group_id} with can_edit ${back.can_edit}`;
  throw moveError(move, "restored", `creating the new membership failed; the old one was made again as ${where}`);
}

/** Finds the user's one membership; refuses, with nothing changed, when there is not exactly one. */
async function findPrevious(move: Move): Promise<Membership> {
  let found: Membership[];
  try {
    found = await lookup(move);
  } catch (error) {
    move.errors.push(asKantataError(error));
    throw moveError(move, "unchanged", "could not look up the user's membership; nothing was changed");
  }
  if (found.length !== 1) {
    throw moveError(
      move,
      "unchanged",
      `the user has ${found.length} Insights Access Group memberships, not one; nothing was changed`,
    );
  }
  return found[0]!;
}

/** `memberships.move`: see docs/moving.md for every state it can end in. */
export async function moveMembership<I extends Include, F extends OptionalField>(
  resource: MembershipsResource,
  userId: number | string,
  toGroupId: number | string,
  options: MoveOptions<I, F>,
): Promise<MoveResult<Membership<I, F>>> {
  const { user, group, canEdit, read } = checkMove(userId, toGroupId, options);
  const move: Move = { resource, user, group, read, errors: [], was: "" };
  const previous = await findPrevious(move);
  move.was = describe(previous);
  const keep = canEdit ?? previous.can_edit;
  // The records were read with the caller's include/optionalFields, so they are Membership<I, F>.
  const typed = (m: Membership) => m as Membership<I, F>;
  if (previous.insights_access_group_id === group) {
    const membership = await ensureCanEdit(move, previous, keep);
    if (!membership)
      throw moveError(
        move,
        "unchanged",
        `the user already is in group ${group}, but can_edit could not be set to ${keep}; nothing was changed`,
      );
    return { membership: typed(membership), previous: undefined, moved: false };
  }
  await deletePrevious(move, previous);
  const made = await createOrFind(move, group);
  if (!made) return restore(move, previous);
  const membership = await ensureCanEdit(move, made, keep);
  if (!membership) {
    throw moveError(
      move,
      "moved-can-edit-unset",
      `the user is in group ${group} as membership ${made.id}, but can_edit could not be set to ${keep}`,
    );
  }
  return { membership: typed(membership), previous, moved: true };
}
