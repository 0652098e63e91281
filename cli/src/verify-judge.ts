// The judge of `kantata-insights verify`: one exchange (request, status, headers, body) held
// against the response the spec documents for its status, with a JSON Schema 2020-12 validator
// (Ajv); fields and headers the spec does not describe are findings, not violations.
import type { Ajv2020 } from "ajv/dist/2020.js";

export type Json = Record<string, any>;
/** One exchange as the recording fetch saw it. */
export interface Seen {
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
  /** Whether the answer was a documented success that holds to the spec. */
  passed: boolean;
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

export const unescape = (key: string) => key.replace(/~1/g, "/").replace(/~0/g, "~");
const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Follows a local `$ref` of the spec: the node it names and its JSON pointer. */
function resolve(spec: Json, node: Json, pointer: string): { node: Json; pointer: string } {
  if (typeof node?.$ref !== "string") return { node, pointer };
  const target = node.$ref as string;
  const found = target
    .slice(2)
    .split("/")
    .reduce((at: Json, key: string) => at?.[unescape(key)], spec);
  return resolve(spec, found, target.slice(1));
}

/** Every field in `value` that `schema` does not describe, by location with `*` for map keys and indices. */
function undocumented(spec: Json, schema: Json | undefined, value: unknown, location: string, out: Map<string, Found>) {
  schema = schema && resolve(spec, schema, "").node;
  if (!schema || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) undocumented(spec, schema.items, item, `${location}[*]`, out);
    return;
  }
  const byMap = typeof schema.additionalProperties === "object";
  // Own keys only, compared as own keys: `constructor` or `toString` in a body is a field like any other.
  for (const [key, item] of Object.entries(value)) {
    const own = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    const known = own ?? (byMap ? schema.additionalProperties : undefined);
    const at = own ? `${location}.${key}` : `${location}.*`;
    if (known) undocumented(spec, known, item, byMap && !own ? at : `${location}.${key}`, out);
    else {
      const where = `${location}.${key}`;
      const seen = out.get(where) ?? { kind: kindOf(item), example: JSON.stringify(item)?.slice(0, 40), count: 0 };
      seen.count++;
      out.set(where, seen);
    }
  }
}
interface Found {
  kind: string;
  example: string | undefined;
  count: number;
}

/** Checks one exchange against what the spec documents for its path and status. */
/** The value at a JSON pointer into a body. */
const valueAt = (body: unknown, pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .reduce((at: any, key) => at?.[unescape(key)], body);

export function checkExchange(spec: Json, ajv: Ajv2020, check: string, path: string, seen: Seen): CheckResult {
  const result: CheckResult = {
    check,
    request: `GET ${seen.url}`,
    status: seen.status,
    passed: false,
    violations: [],
    findings: [],
  };
  const operationPointer = `#/paths/${escape(path)}/get`;
  const documented = spec.paths[path].get.responses[String(seen.status)];
  if (!documented) {
    result.violations.push({
      location: "status",
      expected: `one of ${Object.keys(spec.paths[path].get.responses).join(", ")}`,
      got: String(seen.status),
    });
    return result;
  }
  const { node: response, pointer } = resolve(spec, documented, `${operationPointer}/responses/${seen.status}`);
  if (seen.status < 200 || seen.status > 299)
    result.findings.push(`answered ${seen.status}: ${response.description ?? ""}`.trim());
  const headers = new Set(Object.keys(response.headers ?? {}).map((h) => h.toLowerCase()));
  for (const [name, value] of Object.entries(seen.headers)) {
    if (!ordinaryHeaders.has(name) && !headers.has(name)) result.findings.push(`undocumented header ${name}: ${value}`);
  }
  const schema = response.content?.["application/json"]?.schema;
  if (schema) {
    const validate = ajv.getSchema(`kantata${pointer}/content/application~1json/schema`);
    if (validate && !validate(seen.body)) {
      for (const error of validate.errors ?? []) {
        const at = `body${error.instancePath.replace(/\//g, ".")}`;
        const required = error.keyword === "required";
        result.violations.push({
          location: required ? `${at}.${error.params.missingProperty}` : at,
          expected: required ? `required ${error.params.missingProperty}` : (error.message ?? error.keyword),
          got: required ? "missing" : JSON.stringify(valueAt(seen.body, error.instancePath)),
        });
      }
    }
    const fields = new Map<string, Found>();
    undocumented(spec, schema, seen.body, "body", fields);
    for (const [where, { kind, example, count }] of fields) {
      result.findings.push(
        `undocumented field ${where}: ${kind} (e.g. ${example})${count > 1 ? `, in ${count} records` : ""}`,
      );
    }
  }
  result.passed = seen.status >= 200 && seen.status <= 299 && !result.violations.length;
  return result;
}
