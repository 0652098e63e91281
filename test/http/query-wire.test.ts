// Walks every query parameter of the bundled spec and checks that the client writes it the
// way the spec's style/explode say (Kantata reads lists comma-joined; Rails would keep only
// the last of repeated keys).
import { createInsightsAccessClient } from "../../src/index.js";
import { bundledSpec, example } from "../helpers/fixtures.js";
import { startServer, type TestServer } from "../helpers/fake-kantata.js";

interface Parameter {
  name: string;
  in: string;
  style?: string;
  explode?: boolean;
  schema: { type: string; items?: { enum?: string[]; type?: string }; enum?: unknown[]; example?: unknown };
  example?: unknown;
}

const resolve = (node: any): any =>
  node?.$ref
    ? resolve(
        node.$ref
          .slice(2)
          .split("/")
          .reduce((at: any, k: string) => at[k], bundledSpec),
      )
    : node;

const queryCases: [string, string, string, Parameter][] = [];
for (const [path, item] of Object.entries<any>(bundledSpec.paths)) {
  for (const method of ["get", "put", "post", "delete"]) {
    if (!item[method]) continue;
    for (const p of [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map(resolve) as Parameter[]) {
      if (p.in === "query") queryCases.push([`${method.toUpperCase()} ${path} ${p.name}`, method, path, p]);
    }
  }
}

/** A value the spec allows, and how the spec says it goes on the wire, worked out here independently. */
function sampleAndWire(p: Parameter): [unknown, string] {
  const explode = p.explode ?? (p.style ?? "form") === "form";
  if (p.schema.type === "array") {
    const values = p.schema.items?.enum ?? (p.example as unknown[]) ?? [1, 2];
    // Each value percent-encoded (`@` is %40); the comma between them is the separator.
    const encoded = values.map((v) => encodeURIComponent(String(v)));
    return [values, explode ? encoded.map((v) => `${p.name}=${v}`).join("&") : `${p.name}=${encoded.join(",")}`];
  }
  const value = p.schema.enum?.[0] ?? p.example ?? p.schema.example ?? 1;
  return [value, `${p.name}=${encodeURIComponent(String(value))}`];
}

let server: TestServer;
beforeEach(async () => {
  server = await startServer([{ status: 200, body: example("MembershipUpdated") }]);
});
afterEach(() => server.close());

it("finds query parameters to check in the spec", () => {
  expect(queryCases.map(([name]) => name)).toEqual(
    expect.arrayContaining([
      "PUT /insights_access_group_memberships/{id} include",
      "PUT /insights_access_group_memberships/{id} optional_fields",
    ]),
  );
});

it.each(queryCases)("%s goes on the wire as the spec says", async (_, method, path, parameter) => {
  expect(parameter.style ?? "form").toBe("form");
  const [value, wire] = sampleAndWire(parameter);
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
  await kantata.raw.request(
    method as "put",
    path as never,
    {
      params: { path: { id: 42 }, query: { [parameter.name]: value } },
      ...(method === "put" || method === "post" ? { body: {} } : {}),
    } as never,
  );
  const url = new URL(server.requests[0]!.url, server.origin);
  expect(url.search).toBe(`?${wire}`);
});

it("memberships.update writes include and optional_fields in the spec's form", async () => {
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
  const wires = ["include", "optional_fields"].map(
    (name) => sampleAndWire(queryCases.find(([, m, , p]) => m === "put" && p.name === name)![3])[1],
  );
  await kantata.memberships.update(
    42,
    { can_edit: true },
    { include: ["user"], optionalFields: ["user_name", "account_permission"] },
  );
  expect(new URL(server.requests[0]!.url, server.origin).search).toBe(`?${wires.join("&")}`);
});
