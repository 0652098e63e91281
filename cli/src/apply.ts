// Applying a plan of changes as a database applies a transaction log: each change's intent is
// journaled before its first write and its outcome after; after a write whose effect is unknown
// the account is read back and what is there is reported; a signal stops new changes and lets
// those in flight finish (a second one stops at once); repeated 401/403 answers stop the run.
import {
  AuthenticationError,
  KantataConnectionError,
  KantataMoveError,
  PermissionDeniedError,
  RateLimitError,
  type InsightsAccessClient,
  type Membership,
} from "kantata-insights-access";
import { membershipsOfUser } from "./account.js";
import type { Journal } from "./journal.js";
import { safe } from "./output.js";

/** A membership as a change saw it before, for messages and for undo. */
export interface Before {
  membership_id: string;
  group_id: number;
  can_edit: boolean;
}

/** One change of a plan: what to do to whom, and the membership as it was. */
export interface Change {
  action: "add" | "set-can-edit" | "move" | "remove";
  user_id: number;
  group_id: number | undefined;
  can_edit: boolean | undefined;
  before: Before | undefined;
}

/** How a change ended. */
export type Result =
  | "done"
  | "done (confirmed by read-back)"
  | "failed"
  | "unknown"
  | "not attempted (rate-limited)"
  | "not attempted (authorization refused)"
  | "not started (interrupted)"
  | "interrupted";

export interface Outcome {
  change: Change;
  result: Result;
  /** What went wrong, as the client said it. */
  error?: string;
  /** Where a failed move left the user (KantataMoveError's state). */
  state?: string;
  /** The user's membership after the change, when known. */
  after?: Before | null;
}

export const describeMembership = (m: Membership): Before => ({
  membership_id: m.id,
  group_id: m.insights_access_group_id,
  can_edit: m.can_edit,
});

/** A change as one line of a plan or a summary (escaped: ids only, and no server text). */
export function describeChange(c: Change): string {
  const was = c.before
    ? ` (was membership ${c.before.membership_id} in group ${c.before.group_id}, can_edit ${c.before.can_edit})`
    : "";
  if (c.action === "remove") return `remove user ${c.user_id}${was}`;
  if (c.action === "set-can-edit")
    return `set can_edit ${c.can_edit} for user ${c.user_id} in group ${c.group_id}${was}`;
  return `${c.action} user ${c.user_id} to group ${c.group_id} with can_edit ${c.can_edit}${was}`;
}

/** Whether `found` (the user's memberships now) is what `change` was to make. */
function reached(change: Change, found: Membership[]): boolean {
  if (change.action === "remove") return !found.some((m) => m.id === change.before?.membership_id);
  const [only, ...others] = found;
  return (
    !!only &&
    !others.length &&
    only.insights_access_group_id === change.group_id &&
    (change.can_edit === undefined || only.can_edit === change.can_edit)
  );
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Makes one change through the library; resolves to the user's membership after it (null: none). */
async function write(kantata: InsightsAccessClient, change: Change): Promise<Membership | null> {
  const m = kantata.memberships;
  if (change.action === "remove") {
    await m.delete(change.before!.membership_id);
    return null;
  }
  if (change.action === "set-can-edit") {
    return (await m.update(change.before!.membership_id, { can_edit: change.can_edit! })).membership;
  }
  if (change.action === "move")
    return (await m.move(change.user_id, change.group_id!, { can_edit: change.can_edit! })).membership;
  const { membership } = await m.create({ user_id: change.user_id, insights_access_group_id: change.group_id! });
  if (change.can_edit === undefined || membership.can_edit === change.can_edit) return membership;
  return (await m.update(membership.id, { can_edit: change.can_edit })).membership;
}

/** How one change ended, and whether Kantata refused it for want of authorization (401 or 403). */
export type Applied = Omit<Outcome, "change"> & { refused?: boolean };

const isRefusal = (error: unknown): boolean =>
  error instanceof AuthenticationError ||
  error instanceof PermissionDeniedError ||
  (error instanceof KantataMoveError && error.errors.some(isRefusal));

/** Applies one change; after a failure, reads the user back and reports what is there. */
export async function applyChange(kantata: InsightsAccessClient, change: Change): Promise<Applied> {
  try {
    const after = await write(kantata, change);
    return { result: "done", after: after && describeMembership(after) };
  } catch (error) {
    // move read the account back itself; its state is what it observed.
    if (error instanceof KantataMoveError) {
      const result = error.state === "unknown" ? "unknown" : "failed";
      return { result, error: error.message, state: error.state, refused: isRefusal(error) };
    }
    // Nothing was applied: Kantata refuses these before doing anything.
    if (error instanceof RateLimitError && change.action !== "add") {
      return { result: "not attempted (rate-limited)", error: error.message };
    }
    let found: Membership[];
    try {
      found = await membershipsOfUser(kantata, change.user_id);
    } catch (readError) {
      return {
        refused: isRefusal(error),
        result: "unknown",
        error: `${message(error)}; then reading user ${change.user_id} back failed: ${message(readError)}`,
      };
    }
    const after = found.length === 1 ? describeMembership(found[0]!) : found.length ? undefined : null;
    if (reached(change, found)) return { result: "done (confirmed by read-back)", error: message(error), after };
    if (error instanceof RateLimitError && found.length === 0) {
      return { result: "not attempted (rate-limited)", error: error.message, after };
    }
    // A write that got no answer may still be applied; one that was answered was not.
    const result = error instanceof KantataConnectionError ? "unknown" : "failed";
    return { result, error: message(error), after, refused: isRefusal(error) };
  }
}

/** How a run is asked to stop: `soft` stops new changes; `hard` stops at once. */
export interface Stop {
  readonly soft: boolean;
  /** Resolves when a second signal asks to stop at once. */
  readonly hard: Promise<void>;
}

export interface ApplyOptions {
  concurrency: number;
  journal: Journal | undefined;
  stop: Stop;
  progress: (done: number, total: number, outcome: Outcome) => void;
  /** Says, once, why the run stopped starting changes. */
  notice: (text: string) => void;
}

/**
 * Applies `changes`, at most `concurrency` at a time. Resolves to one outcome per change, in
 * plan order: changes never started are `not started (interrupted)` or `not attempted (…)`.
 */
export async function applyPlan(
  kantata: InsightsAccessClient,
  changes: Change[],
  options: ApplyOptions,
): Promise<Outcome[]> {
  const { journal, stop } = options;
  const outcomes: (Outcome | undefined)[] = new Array(changes.length);
  const inFlight = new Set<number>();
  let next = 0;
  let finished = 0;
  let refusals = 0;
  let authStopped = false;
  let hardStopped = false;
  const record = (seq: number, outcome: Outcome) => {
    if (outcomes[seq]) return;
    outcomes[seq] = outcome;
    journal?.write({ event: "outcome", seq, what: describeChange(outcome.change), ...outcome });
    options.progress(++finished, changes.length, outcome);
  };
  const worker = async () => {
    while (next < changes.length && !stop.soft && !authStopped && !hardStopped) {
      const seq = next++;
      const change = changes[seq]!;
      journal?.write({ event: "intent", seq, what: describeChange(change), change });
      inFlight.add(seq);
      const { refused, ...outcome } = await applyChange(kantata, change).catch((error: unknown): Applied => ({
        result: "failed",
        error: message(error),
      }));
      inFlight.delete(seq);
      if (hardStopped) return;
      record(seq, { change, ...outcome });
      refusals = refused ? refusals + 1 : 0;
      if (refusals >= 3 && !authStopped) {
        authStopped = true;
        options.notice(
          "Kantata refused 3 changes in a row (401 or 403): is KANTATA_TOKEN an Account Administrator's, and still valid? No further change was started.",
        );
      }
    }
  };
  const workers = Promise.all(Array.from({ length: Math.min(options.concurrency, changes.length) }, worker));
  await Promise.race([workers, stop.hard.then(() => (hardStopped = true))]);
  for (const seq of inFlight) {
    const change = changes[seq]!;
    record(seq, {
      change,
      result: "interrupted",
      error: "stopped at once by a second signal; the change may be half-done",
    });
  }
  return changes.map(
    (change, seq) =>
      outcomes[seq] ?? {
        change,
        result: authStopped && !stop.soft ? "not attempted (authorization refused)" : "not started (interrupted)",
      },
  );
}

/** The summary's lines (counts, then every change that did not simply succeed), and the counts as data. */
export function summary(outcomes: Outcome[], skipped: number) {
  const count = (test: (o: Outcome) => boolean) => outcomes.filter(test).length;
  const done = count((o) => o.result.startsWith("done"));
  const failed = count((o) => o.result === "failed" || o.result === "unknown" || o.result === "interrupted");
  const notStarted = outcomes.length - done - failed;
  const lines = [
    `${done} of ${outcomes.length} change(s) applied; ${failed} failed; ${notStarted} not started; ${skipped} user(s) skipped`,
  ];
  for (const o of outcomes) {
    if (o.result === "done") continue;
    const label = o.result === "failed" ? "FAILED" : o.result.toUpperCase();
    const state = o.state ? ` (move state: ${o.state})` : "";
    lines.push(`  ${label} ${describeChange(o.change)}${o.error ? `: ${safe(o.error)}` : ""}${state}`);
  }
  return {
    text: `${lines.join("\n")}\n`,
    failed: done < outcomes.length || skipped > 0,
    counts: { applied: done, failed, not_started: notStarted, skipped },
  };
}
