/// <reference types="node" />
// `kantata-insights verify`: holds the library's bundled spec (read as JSON, written when the
// library is built) against a user's real Kantata with read-only requests made through the
// library's own client. Every
// answer is checked with a JSON Schema 2020-12 validator (Ajv) against the spec; fields,
// statuses and headers the spec does not describe are findings, not failures. Built on the
// public API only (`../index.js`), like any other tool.
import { Ajv2020 } from "ajv/dist/2020.js";
import formats, { type FormatsPlugin } from "ajv-formats";
import {
  AuthenticationError,
  createInsightsAccessClient,
  KantataApiError,
  KantataError,
  type InsightsAccessClient,
} from "kantata-insights-access";

type Json = Record<string, any>;
/** One exchange as the recording fetch saw it. */
interface Seen {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}
/** What one check found. */
export interface CheckResult {
  check: string;
  request: string;
  status: number | undefined;
  violations: { location: string; expected: string; got: string }[];
  findings: string[];
}

/** Headers every HTTP server sends; not worth reporting as undocumented. */
const ordinaryHeaders = new Set(
  "connection content-encoding content-length content-type date etag keep-alive server transfer-encoding vary cache-control x-request-id x-runtime strict-transport-security".split(
    " ",
  ),
);

/** The kind of a JSON value, as a finding reports it. */
const kindOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** Resolves a local `$ref` of the spec. */
const resolve = (spec: Json, node: Json): Json =>
  node?.$ref
    ? resolve(
        spec,
        node.$ref
          .slice(2)
          .split("/")
          .reduce((at: Json, key: string) => at[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec),
      )
    : node;

/** Fields in `value` that `schema` does not describe, as `location: kind (example)`. */
function undocumented(spec: Json, schema: Json | undefined, value: unknown, location: string, out: string[]): void {
  schema = schema && resolve(spec, schema);
  if (!schema || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => undocumented(spec, schema!.items, item, `${location}[${i}]`, out));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const known =
      schema.properties?.[key] ??
      (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
    if (known) undocumented(spec, known, item, `${location}.${key}`, out);
    else
      out.push(`undocumented field ${location}.${key}: ${kindOf(item)} (e.g. ${JSON.stringify(item)?.slice(0, 40)})`);
  }
}

/** Checks one exchange against the operation it belongs to in the spec. */
function checkExchange(
  spec: Json,
  ajv: InstanceType<typeof Ajv2020>,
  check: string,
  path: string,
  seen: Seen,
): CheckResult {
  const operation = spec.paths[path].get;
  const result: CheckResult = { check, request: `GET ${seen.url}`, status: seen.status, violations: [], findings: [] };
  const documented = operation.responses[String(seen.status)];
  if (!documented) {
    result.findings.push(`undocumented status ${seen.status}`);
    return result;
  }
  const response = resolve(spec, documented);
  const documentedHeaders = new Set(Object.keys(response.headers ?? {}).map((h) => h.toLowerCase()));
  for (const [name, value] of Object.entries(seen.headers)) {
    if (!ordinaryHeaders.has(name) && !documentedHeaders.has(name))
      result.findings.push(`undocumented header ${name}: ${value}`);
  }
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) return result;
  const pointer = `kantata#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}/get/responses/${seen.status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer)!;
  if (!validate(seen.body)) {
    for (const error of validate.errors ?? []) {
      const at = `body${error.instancePath.replace(/\//g, ".")}`;
      const got = error.keyword === "required" ? "missing" : JSON.stringify(valueAt(seen.body, error.instancePath));
      const expected =
        error.keyword === "required" ? `required ${error.params.missingProperty}` : (error.message ?? error.keyword);
      result.violations.push({
        location: error.keyword === "required" ? `${at}.${error.params.missingProperty}` : at,
        expected,
        got,
      });
    }
  }
  undocumented(spec, schema, seen.body, "body", result.findings);
  return result;
}

const valueAt = (body: unknown, pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .reduce((at: any, key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], body);

/** The read-only checks: each a name, the spec path, and the call through the client. */
function plan(kantata: InsightsAccessClient, first: Json | undefined) {
  const list = "/insights_access_group_memberships";
  const one = "/insights_access_group_memberships/{id}";
  const m = kantata.memberships;
  const read = {
    include: ["user"] as "user"[],
    optionalFields: ["user_name", "account_permission"] as ("user_name" | "account_permission")[],
  };
  const checks: [string, string, () => Promise<unknown>][] = [
    ["order created_at:desc", list, () => m.list({ order: "created_at:desc" })],
  ];
  checks.push(["order created_at:asc", list, () => m.list({ order: "created_at:asc" })]);
  checks.push(["paging: page 2 of per_page 1", list, () => m.list({ page: 2, per_page: 1 })]);
  if (!first) return checks;
  const group = Number(first.insights_access_group_id);
  const user = Number(first.user_id);
  if (group > 0) checks.push(["filter by_access_group_id", list, () => m.list({ by_access_group_id: group })]);
  if (user > 0) checks.push(["filter user_ids", list, () => m.list({ user_ids: [user] })]);
  if (typeof first.user?.full_name === "string") {
    checks.push(["filter by_user_name", list, () => m.list({ by_user_name: first.user.full_name })]);
  }
  checks.push(["filter only", list, () => m.list({ only: [Number(first.id)] })]);
  checks.push(["get one membership by id", one, () => m.get(first.id, read)]);
  return checks;
}

/** A client whose fetch records every exchange and refuses anything but GET. */
function recordingClient(env: Record<string, string | undefined>, seen: Seen[]) {
  // Only GET ever leaves this fetch: the check can change nothing, whatever goes wrong.
  const recordingFetch = async (request: Request) => {
    if (request.method !== "GET") throw new Error(`refusing to send ${request.method}: verify:live only reads`);
    const response = await fetch(request);
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    seen.push({ method: request.method, url: request.url, status: response.status, headers, body });
    return response;
  };
  return createInsightsAccessClient({
    token: env.KANTATA_TOKEN!,
    ...(env.KANTATA_BASE_URL ? { baseUrl: env.KANTATA_BASE_URL } : {}),
    fetch: recordingFetch,
    maxRetries: 1,
    timeoutMs: 30_000,
  });
}

/** Runs every check, each judged on the exchange it made; a 401 or no answer at all throws. */
async function runChecks(
  kantata: InsightsAccessClient,
  check: (name: string, path: string, seen: Seen) => CheckResult,
  seen: Seen[],
) {
  const results: CheckResult[] = [];
  const run = async (name: string, path: string, call: () => Promise<unknown>) => {
    const before = seen.length;
    let failure: unknown;
    let value: unknown;
    try {
      value = await call();
    } catch (error) {
      failure = error;
    }
    const exchange = seen[before];
    if (failure instanceof AuthenticationError || !exchange) throw failure;
    const result = check(name, path, exchange);
    if (failure instanceof KantataError && !(failure instanceof KantataApiError) && !result.violations.length) {
      result.violations.push({ location: "body", expected: "the documented envelope", got: failure.message });
    }
    results.push(result);
    return value;
  };
  const firstPage = (await run(
    "first page, include=user, both optional fields",
    "/insights_access_group_memberships",
    () => kantata.memberships.list({ include: ["user"], optionalFields: ["user_name", "account_permission"] }),
  )) as { memberships?: Json[] } | undefined;
  for (const [name, path, call] of plan(kantata, firstPage?.memberships?.[0])) await run(name, path, call);
  return results;
}

/** The report a person reads: each check, what differed, the findings, and the verdict. */
function printReport(
  results: CheckResult[],
  verdict: string,
  findings: number,
  violations: number,
  out: (line: string) => void,
) {
  for (const r of results) {
    out(`\n${r.violations.length ? "FAIL" : "pass"}  ${r.check}  (${r.request} → ${r.status})`);
    for (const v of r.violations) out(`      ${v.location}: expected ${v.expected}; got ${v.got}`);
    for (const f of r.findings) out(`      finding: ${f}`);
  }
  out(`\nVerdict: ${verdict}; ${findings} finding(s) the spec does not describe.`);
  if (violations || findings) {
    out(
      "To report a difference, open an issue with this report; the fix is a change to openapi/, reviewed with `npm run spec:diff`.",
    );
  }
}

/** Runs the checks; resolves to the exit code (0 the spec holds, 1 a violation, 2 could not run). */
export async function verifyLive(options: {
  env: Record<string, string | undefined>;
  argv: string[];
  /** The bundled OpenAPI document, as JSON. */
  spec: Json;
  out: (line: string) => void;
}): Promise<number> {
  const { env, out } = options;
  const json = options.argv.includes("--json");
  const unknown = options.argv.find((arg) => arg !== "--json");
  if (unknown !== undefined) {
    out(`unknown argument ${JSON.stringify(unknown)}; usage: kantata-insights verify [--json]`);
    return 2;
  }
  if (!env.KANTATA_TOKEN) {
    out("KANTATA_TOKEN is not set: it is the OAuth 2 token to read memberships with. Nothing was sent.");
    return 2;
  }
  const { spec } = options;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: its plugin is the module's `default` export.
  const addFormats = ((formats as unknown as { default?: FormatsPlugin }).default ?? formats) as FormatsPlugin;
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: "kantata" });
  const seen: Seen[] = [];
  let kantata: InsightsAccessClient;
  try {
    kantata = recordingClient(env, seen);
  } catch (error) {
    out(`cannot start: ${(error as Error).message}`);
    return 2;
  }
  if (!json)
    out(
      `Checking ${env.KANTATA_BASE_URL ?? "the Kantata API"} against the spec. Read-only: only GET requests are sent; nothing is changed.`,
    );
  let results: CheckResult[];
  try {
    results = await runChecks(kantata, (name, path, exchange) => checkExchange(spec, ajv, name, path, exchange), seen);
  } catch (error) {
    const why =
      error instanceof AuthenticationError
        ? "Kantata refused the token (401): check KANTATA_TOKEN"
        : `could not reach Kantata: ${(error as Error)?.message ?? error}`;
    out(json ? JSON.stringify({ verdict: "could not run", reason: why }) : `${why}. Nothing was changed.`);
    return 2;
  }
  const violations = results.reduce((n, r) => n + r.violations.length, 0);
  const findings = results.reduce((n, r) => n + r.findings.length, 0);
  const verdict = violations ? `the spec does NOT hold: ${violations} violation(s)` : "the spec holds";
  if (json) out(JSON.stringify({ verdict, violations, findings, results }));
  else printReport(results, verdict, findings, violations, out);
  return violations ? 1 : 0;
}
