// Saved plans: `sync SHEET --plan-out plan.json` writes the plan a person reviews (and can attach
// to a ticket); `apply plan.json` applies exactly it, or nothing. The file records where the
// plan was made and by whom, as a journal does, and each change's state before; apply refuses,
// naming them, when a user it touches is no longer as the plan saw them.
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { InsightsAccessClient } from "kantata-insights-access";
import { membershipsOf } from "./account.js";
import { who, type Change } from "./changes.js";
import { UsageError } from "./command.js";
import type { Origin } from "./journal.js";

/** A plan as the file holds it (`output.schema.json#/$defs/saved_plan`). */
export interface SavedPlan extends Origin {
  plan_format: 1;
  made_at: string;
  changes: Change[];
  skipped: string[];
}

/** Writes `plan` to a new file (an existing path is refused, as a journal's is). */
export function writePlan(path: string, plan: SavedPlan): void {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "EEXIST"
        ? `--plan-out ${JSON.stringify(path)} already exists; name a new file`
        : `--plan-out ${JSON.stringify(path)} cannot be written (${code}); name a writable file`,
    );
  }
  try {
    writeSync(fd, `${JSON.stringify(plan, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
}

/** Reads a saved plan and holds it to the published schema; a message naming what is wrong when it is not one. */
export function readPlan(path: string, schema: Record<string, any>): SavedPlan | string {
  let plan: unknown;
  try {
    plan = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? "not JSON";
    return `${path} cannot be read as a plan (${why})`;
  }
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema(schema, "output");
  const validate = ajv.compile({ $ref: "output#/$defs/saved_plan" });
  if (validate(plan)) return plan as SavedPlan;
  const [first] = validate.errors ?? [];
  return `${path} is not a saved plan: ${first?.instancePath || "it"} ${first?.message}`;
}

/**
 * The users whose memberships are no longer what the plan saw (its changes' `before`; none for
 * an add), each named with what they have now. Empty when the plan still holds.
 */
export async function changedSince(
  kantata: InsightsAccessClient,
  changes: readonly Change[],
  concurrency: number,
): Promise<string[]> {
  const now = await membershipsOf(kantata, [...new Set(changes.map((c) => c.user_id))], concurrency);
  const changed: string[] = [];
  for (const c of changes) {
    const found = now.get(c.user_id) ?? [];
    const [only, ...others] = found;
    const same = c.before
      ? !others.length &&
        String(only?.id) === c.before.membership_id &&
        only?.insights_access_group_id === c.before.group_id &&
        only?.can_edit === c.before.can_edit
      : found.length === 0;
    if (same) continue;
    const has = found.map((m) => `membership ${m.id} in group ${m.insights_access_group_id}, can_edit ${m.can_edit}`);
    const saw = c.before
      ? `membership ${c.before.membership_id} in group ${c.before.group_id}, can_edit ${c.before.can_edit}`
      : "no membership";
    changed.push(`${who(c)}: the plan saw ${saw}; now ${has.join("; ") || "no membership"}`);
  }
  return changed;
}
