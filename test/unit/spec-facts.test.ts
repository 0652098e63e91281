// The spec held to Kantata's published description, fact by fact, where ours once differed: the
// users filter an access review needs, a membership's own `id`, envelopes that require no more
// than the client needs, and the wording of disabled users. Bodies the client reads are checked
// against the bundled spec with Ajv, so the spec and the client agree on what an answer may be.
import { Ajv2020 } from "ajv/dist/2020.js";
import { createInsightsAccessClient } from "../../src/index.js";
import { bundledSpec as spec } from "../helpers/fixtures.js";

const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema(spec, "spec");
const valid = (schema: string, body: unknown) => {
  const ok = ajv.validate({ $ref: `spec#/components/schemas/${schema}` }, body);
  return ok ? "valid" : ajv.errorsText(ajv.errors);
};
/** A query parameter of `GET path`, its `$ref` followed. */
const parameter = (path: string, name: string) =>
  spec.paths[path].get.parameters
    .map((p: { $ref?: string }) => (p.$ref ? spec.components.parameters[p.$ref.split("/").pop()!] : p))
    .find((p: { name: string }) => p.name === name);

it("GET /users takes show_users_in_insights_groups, a boolean: only users with access to Insights", () => {
  const p = parameter("/users", "show_users_in_insights_groups");
  expect(p).toMatchObject({ in: "query", schema: { type: "boolean" } });
  expect(p.description).toMatch(/only users who have access to Insights/);
});

it("a membership may carry its id as a string, and the description no longer says it has none", () => {
  const schema = spec.components.schemas.InsightsAccessGroupMembership;
  expect(schema.properties.id).toEqual(expect.objectContaining({ type: "string" }));
  expect(schema.description).not.toMatch(/no `id`/);
  const membership = spec.components.examples.MembershipList.value.insights_access_group_memberships["42"];
  expect(valid("InsightsAccessGroupMembership", { ...membership, id: "42" })).toBe("valid");
  expect(valid("InsightsAccessGroupMembership", { ...membership, id: 42 })).toMatch(/must be string/);
});

it("the five required membership fields say where the claim is checked: verify reports an answer lacking one", () => {
  const schema = spec.components.schemas.InsightsAccessGroupMembership;
  expect(schema.required).toEqual(["can_edit", "created_at", "updated_at", "insights_access_group_id", "user_id"]);
  expect(schema.description).toMatch(/kantata-insights verify`\s+reports any live answer that lacks one/);
});

describe("an envelope requires what the client requires, no more", () => {
  // Each body is one the client reads; the spec must accept it too, or `verify` would call a
  // working answer a contradiction.
  const membership = spec.components.examples.MembershipList.value.insights_access_group_memberships["42"];
  const bodies: [string, Record<string, unknown>][] = [
    [
      "no count and no meta",
      {
        results: [{ key: "insights_access_group_memberships", id: "42" }],
        insights_access_group_memberships: { "42": membership },
      },
    ],
    ["an empty page without the map", { count: 0, results: [] }],
    ["only results", { results: [] }],
  ];
  it.each(bodies)("a memberships page with %s is valid, and the client reads it", async (_, body) => {
    expect(valid("InsightsAccessGroupMembershipEnvelope", body)).toBe("valid");
    const fetch = async () => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    const { memberships } = await createInsightsAccessClient({ token: "t", fetch }).memberships.list();
    expect(memberships).toHaveLength((body.results as unknown[]).length);
  });

  it.each([
    [
      "no count and no meta",
      { results: [{ key: "users", id: "1" }], users: { "1": { id: "1", full_name: "A", email_address: "a@x.test" } } },
    ],
    ["an empty page without the map", { results: [] }],
  ])("a users page with %s is valid, and the client reads it", async (_, body) => {
    expect(valid("UserEnvelope", body)).toBe("valid");
    const fetch = async () => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    const { users } = await createInsightsAccessClient({ token: "t", fetch }).users.list();
    expect(users).toHaveLength(body.results.length);
  });

  it("a body without results is refused by both", async () => {
    expect(valid("InsightsAccessGroupMembershipEnvelope", { count: 0 })).toMatch(
      /must have required property 'results'/,
    );
    const fetch = async () =>
      new Response(JSON.stringify({ count: 0 }), { headers: { "content-type": "application/json" } });
    await expect(createInsightsAccessClient({ token: "t", fetch }).memberships.list()).rejects.toThrow(/results/);
  });
});

it("show_disabled covers users the Kantata team disabled; disabled_at says its null is inferred", () => {
  expect(parameter("/users", "show_disabled").description).toMatch(/Account Administrator\s+or the Kantata team/);
  const disabledAt = spec.components.schemas.AccountMembership.properties.disabled_at;
  expect(disabledAt.type).toEqual(["string", "null"]);
  expect(disabledAt.description).toMatch(/`null` while it is active/);
  expect(disabledAt.description).toMatch(/inferred/);
});

it("the title and introduction name the users operations too", () => {
  expect(spec.info.title).toMatch(/Memberships and Users/);
  expect(spec.info.description).toMatch(/users operations/);
});
