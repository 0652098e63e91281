// `undo JOURNAL`: puts every user a run touched back as the journal says they were before it,
// whatever became of the change: done, failed, unknown, interrupted, or begun with no outcome
// (a run killed mid-change). The journal is held line by line to the published schema, and to
// one run; undo refuses it, naming the line, rather than guess. Each user is read back first:
// one whose membership is not what the run could have left (someone has changed it since) is
// left alone and named, as is one the journal does not say enough about.
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { InsightsAccessClient, Membership } from "kantata-insights-access";
import { membershipsOf } from "./account.js";
import { describeMembership, type Before, type Change } from "./changes.js";
import type { Origin } from "./journal.js";

/** What the journal says of one user the run touched. */
export interface Touched {
  user: number;
  /** The run's change of the user (the last, should a run have made several). Touched users are in the order their changes ended. */
  change: Change;
  /** The user's membership before the run: from the first change's `before`; null: none. */
  before: Before | null | undefined;
  /** Whether every change of the user is recorded as done. */
  done: boolean;
  /** The user's membership after the last change, when its outcome recorded one; null: none. */
  after: Before | null | undefined;
}

export interface JournalRead {
  /** The first line: where and by whom the run was made. */
  origin: Origin | undefined;
  touched: Touched[];
  /** What makes the journal unusable: undo refuses it, sending nothing. */
  problems: string[];
  /** What undo works around, and says. */
  warnings: string[];
}

type Line =
  | ({ event: "start"; run: string } & Origin)
  | { event: "intent"; run: string; seq: number; change: Change }
  | { event: "outcome"; run: string; seq: number; change: Change; result: string; after?: Before | null }
  | { event: "end"; run: string };

/** Validators of the three kinds of line, from `output.schema.json`. */
function validators(schema: Record<string, any>): Record<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  ajv.addSchema(schema, "output");
  const of = (name: string) => ajv.compile({ $ref: `output#/$defs/journal_${name}` });
  return { start: of("start"), intent: of("intent"), outcome: of("outcome"), end: of("end") };
}

/** Reads and checks a journal: its origin, and every user it touched. */
export function readJournal(file: string, schema: Record<string, any>): JournalRead {
  const read: JournalRead = { origin: undefined, touched: [], problems: [], warnings: [] };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    read.problems.push(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    return read;
  }
  const validate = validators(schema);
  const lines = text.split("\n");
  /** Each change by its seq, with the line of its last event (undo goes latest first). */
  const changes = new Map<number, { change: Change; result?: string; after?: Before | null; last: number }>();
  let run: string | undefined;
  lines.forEach((raw, i) => {
    if (!raw.trim() || read.problems.length) return;
    const where = `line ${i + 1}`;
    let line: Line;
    try {
      line = JSON.parse(raw);
    } catch {
      // The last line, with no line end: the run was killed while writing it. An intent cut so
      // was never sent; an outcome cut so leaves its change begun, with no outcome: half-done.
      if (i === lines.length - 1) {
        return void read.warnings.push(
          `${where} was cut short (the run stopped while writing it); a change whose outcome it held is undone as half-done`,
        );
      }
      return void read.problems.push(`${where} is not JSON`);
    }
    const event = line !== null && typeof line === "object" ? (line as { event?: unknown }).event : undefined;
    const check = typeof event === "string" && Object.hasOwn(validate, event) ? validate[event] : undefined;
    if (!check)
      return void read.problems.push(
        `${where} is not a journal line (an object whose event is start, intent, outcome or end)`,
      );
    if (!check(line)) {
      const [first] = check.errors ?? [];
      return void read.problems.push(
        `${where} is not a journal ${event} line: ${first?.instancePath || "it"} ${first?.message}`,
      );
    }
    if (line.event === "start") {
      if (i !== 0 || run) return void read.problems.push(`${where} starts another run; a journal holds one run`);
      run = line.run;
      const { command, base_url, acting_user } = line;
      read.origin = { command, base_url, acting_user };
      return;
    }
    if (!run) return void read.problems.push(`${where} comes before the journal's start line`);
    if (line.event === "end") return;
    if (line.run !== run)
      return void read.problems.push(`${where} belongs to another run (${line.run}); a journal holds one run`);
    const known = changes.get(line.seq);
    if (line.event === "intent") {
      if (known) return void read.problems.push(`${where} repeats change ${line.seq}`);
      changes.set(line.seq, { change: line.change, last: i });
      return;
    }
    if (!known)
      return void read.problems.push(`${where} is the outcome of change ${line.seq}, which no intent line announced`);
    if (known.result) return void read.problems.push(`${where} repeats the outcome of change ${line.seq}`);
    if (known.change.user_id !== line.change.user_id) {
      return void read.problems.push(
        `${where}: change ${line.seq} names user ${line.change.user_id}, its intent user ${known.change.user_id}`,
      );
    }
    Object.assign(known, { result: line.result, after: line.after, last: i });
  });
  if (read.problems.length) return read;
  if (!read.origin) read.problems.push(`${file} has no start line`);
  const byUser = new Map<number, Touched>();
  for (const { change, result, after } of [...changes.values()].sort((a, b) => a.last - b.last)) {
    const done = result?.startsWith("done") ?? false;
    const earlier = byUser.get(change.user_id);
    byUser.set(change.user_id, {
      user: change.user_id,
      change,
      before: earlier ? earlier.before : change.action === "add" ? null : change.before,
      done: (earlier?.done ?? true) && done,
      after,
    });
  }
  read.touched = [...byUser.values()];
  if (!read.touched.length && !read.problems.length) read.problems.push(`${file} records no change; nothing to undo`);
  return read;
}

type Now = Membership<"user">;

/** Whether `m` is the membership `state` describes (the same group and can_edit). */
const is = (m: Now | undefined, state: Before) =>
  !!m && m.insights_access_group_id === state.group_id && m.can_edit === state.can_edit;

/**
 * Whether the user's memberships now are what the run could have left: after a change recorded
 * done, what its outcome recorded; after any other, as before, none (a move or removal cut
 * short), or one in the change's group (an add or move that went further than it said).
 */
function couldHaveLeft(t: Touched, now: Now[]): boolean {
  const [only, ...others] = now;
  if (others.length) return false;
  if (t.done && t.after !== undefined)
    return t.after === null ? !only : only?.id === t.after.membership_id && is(only, t.after);
  if (!only) return true;
  if (t.before && only.id === t.before.membership_id && is(only, t.before)) return true;
  return t.change.action !== "remove" && only.insights_access_group_id === t.change.group_id;
}

/** The change that takes the user from `now` to `before` (null: no membership); undefined when there is none to make. */
function toward(user: number, now: Now | undefined, before: Before | null): Change | undefined {
  const base = { user_id: user, before: now && describeMembership(now) };
  if (!before) return now && { action: "remove", ...base, group_id: undefined, can_edit: undefined };
  const to = { group_id: before.group_id, can_edit: before.can_edit };
  if (!now) return { action: "add", ...base, ...to };
  if (now.insights_access_group_id !== before.group_id) return { action: "move", ...base, ...to };
  if (now.can_edit !== before.can_edit) return { action: "set-can-edit", ...base, ...to };
  return undefined;
}

const describeNow = (now: Now[]) =>
  now.map((m) => `membership ${m.id} in group ${m.insights_access_group_id}, can_edit ${m.can_edit}`).join("; ") ||
  "no membership";

/** The changes that put every touched user back as they were, latest first; the users left alone, each with why. */
export async function planUndo(
  kantata: InsightsAccessClient,
  touched: Touched[],
  concurrency: number,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ changes: Change[]; skipped: string[] }> {
  const now = await membershipsOf(
    kantata,
    touched.map((t) => t.user),
    concurrency,
    progress,
  );
  const changes: Change[] = [];
  const skipped: string[] = [];
  for (const t of [...touched].reverse()) {
    const current = now.get(t.user) ?? [];
    if (t.before === undefined) {
      skipped.push(`user ${t.user}: the journal does not say what the membership was before; left alone`);
    } else if (!couldHaveLeft(t, current)) {
      skipped.push(`user ${t.user} changed since the run (now ${describeNow(current)}); left alone`);
    } else {
      const change = toward(t.user, current[0], t.before);
      if (change) changes.push(change);
    }
  }
  return { changes, skipped };
}
