// No drift between the fake Kantata (`kantata-insights-access/testing`) and the spec: every
// answer the fake gives to every operation, success or error, is validated with Ajv against
// the response the bundled spec documents for its path, method and status.
import { Ajv2020 } from "ajv/dist/2020.js";
import { createInsightsAccessClient } from "../../src/index.js";
import { createFakeKantata } from "../../src/testing/index.js";
import { bundledSpec as spec } from "../helpers/fixtures.js";

const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema(spec, "spec");
const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** The spec's path template for a request path. */
function template(path: string): string {
  const rest = path.replace(/^\/api\/v1/, "");
  const found = Object.keys(spec.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(rest));
  if (!found) throw new Error(`no path of the spec matches ${rest}`);
  return found;
}

/** The JSON pointer of the schema the spec documents for this answer, or a reason there is none. */
function schemaPointer(method: string, path: string, status: number): string {
  const operation = spec.paths[template(path)][method.toLowerCase()];
  const response = operation.responses[String(status)];
  if (!response) return `undocumented status ${status}`;
  const pointer = response.$ref
    ? response.$ref.slice(1)
    : `/paths/${escape(template(path))}/${method.toLowerCase()}/responses/${status}`;
  return `${pointer}/content/application~1json/schema`;
}

type Seen = { method: string; path: string; status: number; body: string };

function setup() {
  const fake = createFakeKantata({
    memberships: [
      { id: 42, user_id: 1001, insights_access_group_id: 7, can_edit: false },
      { id: 43, user_id: 1002, insights_access_group_id: 7, can_edit: true },
      { id: 44, user_id: 1003, insights_access_group_id: 8, can_edit: false },
    ],
    users: [
      {
        id: 1002,
        full_name: "Grace Hopper",
        email_address: "Grace@Example.com",
        is_administrator: false,
        permission: "reports_viewer",
      },
      {
        id: 1009,
        full_name: "Gone Person",
        email_address: "gone@example.com",
        is_administrator: false,
        permission: "collaborator",
        disabled: true,
      },
    ],
    groups: [{ id: 7, name: "Reports Viewers" }],
  });
  const seen: Seen[] = [];
  const fetch = async (request: Request) => {
    const response = await fake.fetch(request);
    const path = new URL(request.url).pathname;
    seen.push({ method: request.method, path, status: response.status, body: await response.clone().text() });
    return response;
  };
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: fake.baseUrl, fetch, maxRetries: 0 });
  return { fake, seen, kantata };
}

it("every answer the fake gives, to every operation, holds to the spec", async () => {
  const { fake, seen, kantata } = setup();
  const m = kantata.memberships;
  const settle = (p: Promise<unknown>) => p.catch(() => undefined);
  await m.list();
  await m.list({ include: ["user"], optionalFields: ["user_name", "account_permission"], per_page: 2, page: 2 });
  await m.list({ by_access_group_id: 7, user_ids: [1001], only: [42], order: "created_at:desc" });
  await m.listAll({ per_page: 1 });
  await m.get(42, { include: ["user"] });
  await settle(m.get(999));
  const { membership } = await m.create({ user_id: 1005, insights_access_group_id: 8 }, { include: ["user"] });
  await settle(m.create({ user_id: 1001, insights_access_group_id: 8 }));
  await m.update(membership.id, { can_edit: true }, { optionalFields: ["user_name"] });
  await settle(m.update(999, { can_edit: true }));
  await m.delete(membership.id);
  await settle(m.delete(999));
  await kantata.users.me({ include: ["account_membership"], optionalFields: ["city"] });
  await kantata.users.get(1002, { include: ["account_membership"] });
  await settle(kantata.users.get(4242));
  await kantata.users.list({ on_my_account: true, show_disabled: true, include: ["account_membership"] });
  await kantata.users.list({ on_my_account: true, show_users_in_insights_groups: true, per_page: 1, page: 2 });
  await kantata.users.findByEmails(["grace@example.com", "nobody@example.com"]);
  // Faults: each answer a fault gives is one the spec documents too.
  fake.fail({ kind: "status-before", status: 503 });
  await settle(m.list());
  fake.fail({ kind: "status-before", status: 429, headers: { "retry-after": "1" } });
  await settle(m.update(42, { can_edit: true }));
  fake.fail({ kind: "status-after", status: 422 });
  await settle(m.update(42, { can_edit: true }));
  fake.fail({ kind: "status-before", status: 403 });
  await settle(kantata.users.me());
  fake.options.token = "another";
  await settle(m.list());
  await settle(kantata.users.me());

  const statuses = new Set(seen.map((s) => s.status));
  expect([...statuses].sort()).toEqual([200, 204, 401, 403, 404, 422, 429, 503]);
  const problems: string[] = [];
  for (const answer of seen) {
    const where = `${answer.method} ${answer.path} ${answer.status}`;
    const pointer = schemaPointer(answer.method, answer.path, answer.status);
    if (!pointer.startsWith("/")) {
      problems.push(`${where}: ${pointer}`);
      continue;
    }
    if (answer.status === 204) {
      if (answer.body !== "") problems.push(`${where}: a body on 204`);
      continue;
    }
    if (!ajv.validate({ $ref: `spec#${pointer}` }, JSON.parse(answer.body)))
      problems.push(`${where}: ${ajv.errorsText(ajv.errors)}`);
  }
  console.log(`${seen.length} answers of the fake checked against the spec`);
  expect(problems).toEqual([]);
});

it("the check can fail: an answer with can_edit as a string is caught", async () => {
  const { fake, seen, kantata } = setup();
  fake.options.rewrite = (body) => {
    for (const r of Object.values<any>(body.insights_access_group_memberships ?? {})) r.can_edit = "true";
  };
  await kantata.memberships.list().catch(() => undefined);
  const [answer] = seen;
  expect(ajv.validate({ $ref: `spec#${schemaPointer("GET", answer!.path, 200)}` }, JSON.parse(answer!.body))).toBe(
    false,
  );
  expect(ajv.errorsText(ajv.errors)).toContain("must be boolean");
});
