/// <reference types="node" />
// `kantata-insights verify`: holds the library's bundled spec (read as JSON, written when the
// library is built) against a user's real Kantata, with read-only requests made through the
// library's own client. Every answer is checked with a JSON Schema 2020-12 validator (Ajv)
// against the response the spec documents for its status; fields and headers the spec does not
// describe are findings. Exit 0 only when every planned check ran and passed; 1 when an answer
// contradicts the spec; 2 when the checks could not all run. Nothing printed holds the token.
import { Ajv2020 } from "ajv/dist/2020.js";
import formats, { type FormatsPlugin } from "ajv-formats";
import { AuthenticationError, createInsightsAccessClient, type InsightsAccessClient } from "kantata-insights-access";
import { safe } from "./output.js";
import { checkExchange, type CheckResult, type Json, type Seen } from "./verify-judge.js";

/** The most of an answer's body the check reads. */
export const maxBodyBytes = 10 * 1024 * 1024;
class TooLarge extends Error {}

/** The read-only checks that need a membership to take their values from. */
function dependentChecks(kantata: InsightsAccessClient, first: Json) {
  const list = "/insights_access_group_memberships";
  const one = "/insights_access_group_memberships/{id}";
  const m = kantata.memberships;
  const read = {
    include: ["user"] as "user"[],
    optionalFields: ["user_name", "account_permission"] as ("user_name" | "account_permission")[],
  };
  const checks: [string, string, () => Promise<unknown>][] = [
    ["filter by_access_group_id", list, () => m.list({ by_access_group_id: first.insights_access_group_id })],
    ["filter user_ids", list, () => m.list({ user_ids: [first.user_id] })],
  ];
  if (typeof first.user?.full_name === "string") {
    checks.push(["filter by_user_name", list, () => m.list({ by_user_name: first.user.full_name })]);
  }
  checks.push(["filter only", list, () => m.list({ only: [first.id] })]);
  checks.push(["get one membership by id", one, () => m.get(first.id, read)]);
  return checks;
}

/** Reads a body, refusing one over the cap before it is all in memory. */
async function readCapped(response: Response): Promise<string> {
  if (Number(response.headers.get("content-length") ?? 0) > maxBodyBytes) throw new TooLarge();
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel();
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A client whose fetch records every exchange and refuses anything but GET. */
function recordingClient(env: Record<string, string | undefined>, seen: Seen[], timeoutMs: number) {
  // Only GET ever leaves this fetch: the check can change nothing, whatever goes wrong.
  const recordingFetch = async (request: Request) => {
    if (request.method !== "GET") throw new Error(`refusing to send ${request.method}: verify only reads`);
    const response = await fetch(request);
    const text = await readCapped(response);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    seen.push({ method: request.method, url: request.url, status: response.status, headers, body });
    // The body is read: the client gets the same answer, built again from what was read.
    const { status, statusText } = response;
    return new Response(status === 204 || status === 304 ? null : text, {
      status,
      statusText,
      headers: response.headers,
    });
  };
  return createInsightsAccessClient({
    token: env.KANTATA_TOKEN!,
    ...(env.KANTATA_BASE_URL ? { baseUrl: env.KANTATA_BASE_URL } : {}),
    fetch: recordingFetch,
    maxRetries: 0,
    timeoutMs,
  });
}

/** Runs every check, each judged on the exchange it made; a 401 or a body over the cap throws. */
async function runChecks(
  kantata: InsightsAccessClient,
  judge: (name: string, path: string, seen: Seen) => CheckResult,
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
    // The client reports the recording fetch's refusal as a connection that gave no answer.
    if ((failure as { cause?: unknown } | undefined)?.cause instanceof TooLarge) throw new TooLarge();
    if (failure instanceof AuthenticationError || !exchange) throw failure;
    const result = judge(name, path, exchange);
    // A documented success the client could not read (a record `results` names is missing, say).
    if (failure && result.passed) {
      result.passed = false;
      result.violations.push({
        location: "body",
        expected: "the documented envelope",
        got: (failure as Error).message,
      });
    }
    results.push(result);
    return value;
  };
  const list = "/insights_access_group_memberships";
  const firstPage = (await run("first page, include=user, both optional fields", list, () =>
    kantata.memberships.list({ include: ["user"], optionalFields: ["user_name", "account_permission"] }),
  )) as { memberships?: Json[] } | undefined;
  await run("order created_at:desc", list, () => kantata.memberships.list({ order: "created_at:desc" }));
  await run("order created_at:asc", list, () => kantata.memberships.list({ order: "created_at:asc" }));
  await run("paging: page 2 of per_page 1", list, () => kantata.memberships.list({ page: 2, per_page: 1 }));
  const first = firstPage?.memberships?.[0];
  const dependent = first ? dependentChecks(kantata, first) : [];
  for (const [name, path, call] of dependent) await run(name, path, call);
  // The users operations the command line depends on: who the token is, users by address and by id.
  const me = (await run("who the token is: users/me, include=account_membership", "/users/me", () =>
    kantata.users.me({ include: ["account_membership"] }),
  )) as { user?: Json } | undefined;
  await run("users with Insights access: show_users_in_insights_groups", "/users", () =>
    kantata.users.list({ on_my_account: true, show_users_in_insights_groups: true }),
  );
  const user = me?.user;
  if (user) {
    await run("users by email: by_email_addresses", "/users", () =>
      kantata.users.list({ on_my_account: true, by_email_addresses: [String(user.email_address)] }),
    );
    await run("one user by id", "/users/{id}", () => kantata.users.get(String(user.id)));
  }
  const planned = 13;
  return { results, planned, notRun: planned - results.length };
}

/** The report a person reads: each check, what differed, the findings, and the verdict. */
function printReport(results: CheckResult[], verdict: string, out: (line: string) => void) {
  for (const r of results) {
    out(`\n${r.violations.length ? "FAIL" : r.passed ? "pass" : "----"}  ${r.check}  (${r.request} → ${r.status})`);
    for (const v of r.violations) out(`      ${v.location}: expected ${v.expected}; got ${v.got}`);
    for (const f of r.findings) out(`      finding: ${f}`);
  }
  out(`\nVerdict: ${verdict}`);
  if (results.some((r) => r.violations.length || r.findings.length)) {
    out(
      "To report a difference, open an issue with this report; the fix is a change to openapi/, reviewed with `npm run spec:diff`.",
    );
  }
}

/** Runs the checks; resolves to the exit code (0 every check ran and passed, 1 a violation, 2 not all could run). */
export async function verifyLive(options: {
  env: Record<string, string | undefined>;
  /** One JSON document instead of the report for a person. */
  json: boolean;
  /** The most one request may take; default 30 s. */
  timeoutMs?: number;
  /** The bundled OpenAPI document, as JSON. */
  spec: Json;
  out: (line: string) => void;
}): Promise<number> {
  const { env, spec, json } = options;
  const token = env.KANTATA_TOKEN;
  // Whatever a server echoes (a header, a field), the token never reaches the terminal or a report.
  const out = (line: string) => options.out(token && token.length >= 8 ? line.split(token).join("[redacted]") : line);
  if (!token) {
    out("KANTATA_TOKEN is not set: it is the OAuth 2 token to read memberships with. Nothing was sent.");
    return 2;
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: its plugin is the module's `default` export.
  const addFormats = ((formats as unknown as { default?: FormatsPlugin }).default ?? formats) as FormatsPlugin;
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: "kantata" });
  const seen: Seen[] = [];
  let kantata: InsightsAccessClient;
  try {
    kantata = recordingClient(env, seen, options.timeoutMs ?? 30_000);
  } catch (error) {
    out(`cannot start: ${safe((error as Error).message)}`);
    return 2;
  }
  if (!json) {
    out(
      `Checking ${safe(env.KANTATA_BASE_URL ?? "the Kantata API")} against the spec. Read-only: only GET requests are sent; nothing is changed.`,
    );
  }
  let run: Awaited<ReturnType<typeof runChecks>>;
  try {
    run = await runChecks(kantata, (name, path, exchange) => checkExchange(spec, ajv, name, path, exchange), seen);
  } catch (error) {
    const why =
      error instanceof AuthenticationError
        ? "Kantata refused the token (401): check KANTATA_TOKEN"
        : error instanceof TooLarge
          ? `an answer was over ${maxBodyBytes / 1024 / 1024} MB, which the check refuses to read`
          : `could not reach Kantata: ${safe((error as Error)?.message ?? error)}`;
    out(json ? JSON.stringify({ verdict: "could not run", reason: why }) : `${why}. Nothing was changed.`);
    // 3: could not authenticate or reach Kantata; 2: an answer refused as too large.
    return error instanceof TooLarge ? 2 : 3;
  }
  const { results, planned, notRun } = run;
  const violations = results.reduce((n, r) => n + r.violations.length, 0);
  const findings = results.reduce((n, r) => n + r.findings.length, 0);
  const unpassed = results.filter((r) => !r.passed).length;
  const code = violations ? 1 : unpassed || notRun ? 2 : 0;
  const verdict =
    code === 1
      ? `the spec does NOT hold: ${violations} violation(s)`
      : code === 2
        ? `not verified: ${planned - notRun} of ${planned} checks ran, ${unpassed} did not get a documented success`
        : "the spec holds";
  const line = `${verdict}; ${findings} finding(s) the spec does not describe.`;
  if (json) out(JSON.stringify({ verdict, planned, ran: planned - notRun, violations, findings, results }));
  else
    printReport(
      results,
      notRun
        ? `${line} ${notRun} check(s) could not run: they take their values from a membership or from the token's user.`
        : line,
      out,
    );
  return code;
}
