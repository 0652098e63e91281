// The table of change kinds: every kind is in the JSON output's schema (its action and its
// counter), and only removals and grants of can_edit need confirming. (Undo, which puts users
// back as they were whatever the kind, is cli/test/undo.test.ts.)
import { readFileSync } from "node:fs";
import path from "node:path";
import { grants, kinds, type Action, type Change } from "../src/changes.js";

const schema = JSON.parse(readFileSync(path.join(__dirname, "../output.schema.json"), "utf8"));
const actions = Object.keys(kinds) as Action[];

it("the JSON output's schema names every kind of change, and nothing else", () => {
  expect([...schema.$defs.change.properties.action.enum].sort()).toEqual([...actions].sort());
});

it("the plan summary in the schema has one counter per kind, and the grants", () => {
  const counters = actions.map((a) => kinds[a].counter);
  expect(new Set(counters).size).toBe(actions.length);
  expect([...schema.$defs.plan.properties.summary.required].sort()).toEqual([...counters, "grants"].sort());
});

const before = { membership_id: "55", group_id: 7, can_edit: false };
const change = (action: Action, overrides: Partial<Change> = {}): Change => ({
  action,
  user_id: 1001,
  group_id: action === "remove" ? undefined : 8,
  can_edit: action === "remove" ? undefined : true,
  before: action === "add" ? undefined : before,
  ...overrides,
});

it("only removals and grants of can_edit need confirming", () => {
  for (const action of actions) {
    const granting = change(action);
    const harmless = change(action, { can_edit: false });
    expect(Boolean(kinds[action].harm(granting))).toBe(action === "remove" || grants(granting));
    expect(Boolean(kinds[action].harm(harmless))).toBe(action === "remove");
  }
  // A user who already has can_edit is granted nothing.
  expect(kinds.move.harm(change("move", { before: { ...before, can_edit: true } }))).toBeUndefined();
});

it("each kind describes itself with the user and, where there was one, the membership before", () => {
  for (const action of actions) {
    const text = kinds[action].describe(change(action));
    expect(text).toContain("user 1001");
    if (action !== "add") expect(text).toContain("was membership 55 in group 7, can_edit false");
  }
});
