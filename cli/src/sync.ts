/// <reference types="node" />
// `kantata-insights sync`: make the account's classic Insights Access Group memberships match
// a CSV sheet (user_id,group_id,can_edit). The whole file is checked first; then a plan is
// computed from the account as it is; then the plan is applied with bounded concurrency, each
// change appended to a journal as it completes. Built on the package's public API only.
import { appendFileSync, readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { KantataMoveError, type InsightsAccessClient, type Membership } from "kantata-insights-access";

/** One wanted row of the sheet. */
export interface Row {
  line: number;
  user: number;
  group: number;
  canEdit: boolean;
}

/** One change of the plan: what to do to whom, and the membership as it was. */
export interface Change {
  action: "add" | "set-can-edit" | "move" | "remove";
  user: number;
  group: number | undefined;
  canEdit: boolean | undefined;
  before: { membership: string; group: number | undefined; can_edit: boolean | undefined } | undefined;
}

/** Reads and checks the sheet; every bad row is reported with its line number. */
export function readSheet(file: string): { rows: Row[]; problems: string[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(readFileSync(file), { bom: true, columns: true, info: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    return { rows: [], problems: [`${file}: ${(error as Error).message}`] };
  }
  const problems: string[] = [];
  const header = records[0] && Object.keys(records[0].record).join(",");
  if (header !== undefined && header !== "user_id,group_id,can_edit") {
    return { rows: [], problems: [`${file}: the header must be user_id,group_id,can_edit (got ${header})`] };
  }
  const rows: Row[] = [];
  const seen = new Map<number, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const id = (name: string) => {
      const value = record[name] ?? "";
      if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2 ** 31 - 1)
        problems.push(`line ${line}: ${name} ${JSON.stringify(value)} is not a positive whole number`);
      return Number(value);
    };
    const [user, group] = [id("user_id"), id("group_id")];
    const flag = record.can_edit ?? "";
    if (flag !== "true" && flag !== "false")
      problems.push(`line ${line}: can_edit ${JSON.stringify(flag)} is not true or false`);
    if (seen.has(user))
      problems.push(`line ${line}: user ${user} is already on line ${seen.get(user)}; a user belongs to one group`);
    seen.set(user, line);
    rows.push({ line, user, group, canEdit: flag === "true" });
  }
  return { rows, problems };
}

const describe = (m: Membership) => ({ membership: m.id, group: m.insights_access_group_id, can_edit: m.can_edit });

/** The changes that make the account match `rows`; with `prune`, removals of the named groups' other members. */
export async function planSync(
  kantata: InsightsAccessClient,
  rows: Row[],
  prune: boolean,
): Promise<{ changes: Change[]; problems: string[] }> {
  const current = new Map<number, Membership[]>();
  for (let i = 0; i < rows.length; i += 100) {
    const users = rows.slice(i, i + 100).map((r) => r.user);
    for (const m of await kantata.memberships.listAll({ user_ids: users, per_page: 200 })) {
      current.set(m.user_id, [...(current.get(m.user_id) ?? []), m]);
    }
  }
  const changes: Change[] = [];
  const problems: string[] = [];
  for (const row of rows) {
    const found = current.get(row.user) ?? [];
    const base = { user: row.user, group: row.group, canEdit: row.canEdit };
    if (found.length > 1)
      problems.push(`user ${row.user} (line ${row.line}) has ${found.length} memberships; fix by hand first`);
    else if (found.length === 0) changes.push({ action: "add", ...base, before: undefined });
    else if (found[0]!.insights_access_group_id !== row.group)
      changes.push({ action: "move", ...base, before: describe(found[0]!) });
    else if (found[0]!.can_edit !== row.canEdit)
      changes.push({ action: "set-can-edit", ...base, before: describe(found[0]!) });
  }
  if (prune) {
    const wanted = new Set(rows.map((r) => r.user));
    for (const group of new Set(rows.map((r) => r.group))) {
      for (const m of await kantata.memberships.listAll({ by_access_group_id: group, per_page: 200 })) {
        if (!wanted.has(m.user_id)) {
          changes.push({
            action: "remove",
            user: m.user_id,
            group: undefined,
            canEdit: undefined,
            before: describe(m),
          });
        }
      }
    }
  }
  return { changes, problems };
}

/** A change as one line of the plan or the summary. */
export const describeChange = (c: Change): string => {
  const was = c.before
    ? ` (was membership ${c.before.membership} in group ${c.before.group}, can_edit ${c.before.can_edit})`
    : "";
  if (c.action === "remove") return `remove user ${c.user}${was}`;
  if (c.action === "set-can-edit") return `set can_edit ${c.canEdit} for user ${c.user} in group ${c.group}${was}`;
  return `${c.action} user ${c.user} to group ${c.group} with can_edit ${c.canEdit}${was}`;
};

/** Applies one change through the public API; resolves to the membership after it, if any. */
async function applyChange(kantata: InsightsAccessClient, change: Change): Promise<Membership | undefined> {
  const m = kantata.memberships;
  if (change.action === "remove") {
    await m.delete(change.before!.membership);
    return undefined;
  }
  if (change.action === "set-can-edit")
    return (await m.update(change.before!.membership, { can_edit: change.canEdit! })).membership;
  if (change.action === "move")
    return (await m.move(change.user, change.group!, { can_edit: change.canEdit! })).membership;
  return addMember(kantata, change.user, change.group!, change.canEdit);
}

/**
 * Adds `user` to `group`, then sets can_edit when it differs from `canEdit`. When only the
 * second step fails, the error says the membership now exists, so nobody adds it again.
 */
export async function addMember(
  kantata: InsightsAccessClient,
  user: number,
  group: number,
  canEdit: boolean | undefined,
) {
  const { membership } = await kantata.memberships.create({ user_id: user, insights_access_group_id: group });
  if (canEdit === undefined || membership.can_edit === canEdit) return membership;
  try {
    return (await kantata.memberships.update(membership.id, { can_edit: canEdit })).membership;
  } catch (error) {
    const what = `user ${user} was added to group ${group} as membership ${membership.id}, but can_edit could not be set to ${canEdit}`;
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** What happened to one change. */
export interface Outcome {
  change: Change;
  error?: string;
  state?: string;
}

/**
 * Applies `changes` with at most `concurrency` at a time, appending each to `journal` (JSON
 * lines: what, before, after, result) as it completes, and reporting progress.
 */
export async function applyPlan(
  kantata: InsightsAccessClient,
  changes: Change[],
  options: {
    concurrency: number;
    journal: string | undefined;
    progress: (done: number, total: number, outcome: Outcome) => void;
  },
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < changes.length) {
      const change = changes[next++]!;
      const outcome: Outcome = { change };
      let after: Membership | undefined;
      try {
        after = await applyChange(kantata, change);
      } catch (error) {
        outcome.error = error instanceof Error ? error.message : String(error);
        if (error instanceof KantataMoveError) outcome.state = error.state;
      }
      outcomes.push(outcome);
      if (options.journal) {
        const entry = {
          at: new Date().toISOString(),
          what: describeChange(change),
          change,
          before: change.before,
          after: after && describe(after),
          result: outcome.error ? { error: outcome.error, state: outcome.state } : "done",
        };
        appendFileSync(options.journal, `${JSON.stringify(entry)}\n`);
      }
      options.progress(outcomes.length, changes.length, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, changes.length) }, worker));
  return outcomes;
}
