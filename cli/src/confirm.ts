// Confirmation before harm. Removing a membership, or granting can_edit (which opens all of the
// account's data to the user through Insights), is asked for on a terminal by typing the number
// of changes; off a terminal it needs --yes. Nothing is written until then.
import { describeChange, type Change } from "./apply.js";

/** What a plan does, counted, with the grants of can_edit named. */
export interface Assessment {
  adds: number;
  moves: number;
  can_edit_changes: number;
  removals: number;
  /** Changes that give a user can_edit where they did not have it. */
  grants: Change[];
}

/** Whether `change` gives its user can_edit they did not have. */
export const grants = (change: Change): boolean =>
  change.can_edit === true && change.action !== "remove" && change.before?.can_edit !== true;

export function assess(changes: readonly Change[]): Assessment {
  const count = (action: Change["action"]) => changes.filter((c) => c.action === action).length;
  return {
    adds: count("add"),
    moves: count("move"),
    can_edit_changes: count("set-can-edit"),
    removals: count("remove"),
    grants: changes.filter(grants),
  };
}

export const grantWarning =
  "can_edit true gives each of these users access to all of the account's data through Insights, and Kantata may take up to 15 minutes to apply a change.";

/** The plan's summary for a person: counts, then every grant of can_edit, with the warning. */
export function assessmentText(a: Assessment): string {
  const lines = [
    `${a.adds} add(s), ${a.moves} move(s), ${a.can_edit_changes} can_edit change(s), ${a.removals} removal(s)`,
  ];
  if (a.grants.length) {
    lines.push(`${a.grants.length} grant(s) of can_edit true:`);
    for (const c of a.grants) lines.push(`  ${describeChange(c)}`);
    lines.push(grantWarning);
  }
  return `${lines.join("\n")}\n`;
}

/** Whether `changes` need confirming: they remove memberships, or grant can_edit. */
export const harmful = (changes: readonly Change[]): boolean => changes.some((c) => c.action === "remove" || grants(c));

/**
 * Asks for confirmation of `changes` when they are harmful: resolves to undefined when the run
 * may go on, or to why it may not (then nothing is written).
 */
export async function confirm(
  changes: readonly Change[],
  options: { yes: boolean; stdinIsTTY: boolean; ask: ((question: string) => Promise<string>) | undefined },
): Promise<string | undefined> {
  if (!harmful(changes) || options.yes) return undefined;
  if (!options.stdinIsTTY || !options.ask) {
    return "this removes memberships or grants can_edit; off a terminal it needs --yes. No change was made";
  }
  const answer = await options.ask(`Type ${changes.length} to apply these ${changes.length} change(s): `);
  return answer.trim() === String(changes.length) ? undefined : "not confirmed. No change was made";
}
