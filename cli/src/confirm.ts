// Confirmation before harm. Removing a membership, or granting can_edit (which opens all of the
// account's data to the user through Insights), is asked for on a terminal by typing the number
// of changes; off a terminal it needs --yes. Nothing is written until then.
import { describeChange, grants, kinds, type Change, type Counter } from "./changes.js";
import { safe } from "./output.js";

/** What a plan does, counted by kind, with the grants of can_edit named. */
export type Assessment = { [C in Counter]: number } & {
  /** Changes that give a user can_edit where they did not have it. */
  grants: Change[];
};

export function assess(changes: readonly Change[]): Assessment {
  const counts = { adds: 0, moves: 0, can_edit_changes: 0, removals: 0 };
  for (const c of changes) counts[kinds[c.action].counter]++;
  return { ...counts, grants: changes.filter(grants) };
}

export const grantWarning =
  "can_edit true gives each of these users access to all of the account's data through Insights, and Kantata may take up to 15 minutes to apply a change.";

/** The plan's summary for a person: counts, then how many grants of can_edit it makes, with the warning. */
function assessmentText(a: Assessment): string {
  const lines = [
    `${a.adds} add(s), ${a.moves} move(s), ${a.can_edit_changes} can_edit change(s), ${a.removals} removal(s)`,
  ];
  if (a.grants.length) lines.push(`${a.grants.length} grant(s) of can_edit true (marked ! above): ${grantWarning}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The whole plan for a person, one line per change, in terraform's manner: `+` add, `→` move,
 * `~` can_edit, `-` remove, each user named, every grant of can_edit marked `!`; then the counts.
 */
export function planText(heading: string, changes: readonly Change[]): string {
  const lines = changes.map((c) => `  ${grants(c) ? "!" : " "}${kinds[c.action].sign} ${describeChange(c)}\n`);
  return `${heading}\n${lines.join("")}${assessmentText(assess(changes))}`;
}

/** Whether `changes` need confirming: one of them removes a membership, or grants can_edit. */
const harmful = (changes: readonly Change[]): boolean => changes.some((c) => kinds[c.action].harm(c));

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
  if (answer.trim() === String(changes.length)) return undefined;
  return `not confirmed: the plan needed ${changes.length} typed, and ${JSON.stringify(safe(answer.trim()))} was. No change was made`;
}
