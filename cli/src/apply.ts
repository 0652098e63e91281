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
import { describeChange, describeMembership, kinds, type Before, type Change } from "./changes.js";
import type { Journal } from "./journal.js";
import { safe } from "./output.js";
import { pool } from "./pool.js";

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

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** How one change ended, and whether Kantata refused it for want of authorization (401 or 403). */
export type Applied = Omit<Outcome, "change"> & { refused?: boolean };

const isRefusal = (error: unknown): boolean =>
  error instanceof AuthenticationError ||
  error instanceof PermissionDeniedError ||
  (error instanceof KantataMoveError && error.errors.some(isRefusal));

/** Applies one change; after a failure, reads the user back and reports what is there. */
export async function applyChange(kantata: InsightsAccessClient, change: Change): Promise<Applied> {
  try {
    const after = await kinds[change.action].write(kantata, change);
    return { result: "done", after: after && describeMembership(after) };
  } catch (error) {
    // move read the account back itself; its state is what it observed.
    if (error instanceof KantataMoveError) {
      const result = error.state === "unknown" ? "unknown" : "failed";
      return { result, error: error.message, state: error.state, refused: isRefusal(error) };
    }
    // Nothing was applied: Kantata refuses these before doing anything.
    if (error instanceof RateLimitError && kinds[change.action].untouchedByRateLimit) {
      return { result: "not attempted (rate-limited)", error: error.message };
    }
    // A token refused (401 or 403) is refused before anything is applied; a read-back with the
    // same token would be refused too and could only say "unknown".
    if (isRefusal(error)) return { result: "failed", error: message(error), refused: true };
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
    if (kinds[change.action].reached(change, found))
      return { result: "done (confirmed by read-back)", error: message(error), after };
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
  const applyAt = async (seq: number) => {
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
  };
  const workers = pool(changes.length, options.concurrency, applyAt, () => stop.soft || authStopped || hardStopped);
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
