// The client: openapi-fetch typed with the generated `paths`, plus the policies each call
// goes through (input checks, auth, timeout, retries, error mapping) and the envelope read.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { requestRules } from "../generated/request-rules.js";
import {
  apiError,
  KantataAbortError,
  KantataConnectionError,
  KantataError,
  KantataInputError,
  KantataResponseError,
  KantataTimeoutError,
} from "./errors.js";
import { membershipsOf, parseEnvelope } from "./envelope.js";
import { querySerializerFor } from "./query.js";
import { backoffMs, isRetryable, retryAfterMs, retryDefaults, sleep } from "./retry.js";
import { checkBaseUrl, tokenReader } from "./security.js";
import { attemptSignal } from "./timeout.js";
import type {
  ClientOptions,
  Include,
  Membership,
  MembershipAttributes,
  MembershipResult,
  OptionalField,
  ReadOptions,
  RequestOptions,
} from "./types.js";
import { check, checkId, show, type Rule } from "./validate.js";

type OperationId = keyof typeof requestRules.operations;
type OperationRule = {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly { readonly name: string; readonly in: string; readonly required: boolean; readonly style?: string; readonly explode?: boolean; readonly schema: Rule }[];
  readonly body?: { readonly required: boolean; readonly schema: Rule };
};

/** The default per-attempt timeout: a little over the 3 minutes after which Kantata itself gives up. */
export const defaultTimeoutMs = 190_000;
/** Kantata's production API, from the spec's `servers`. */
export const defaultBaseUrl: string = requestRules.baseUrl;

const operationRules = requestRules.operations as unknown as Record<OperationId, OperationRule>;
const serializers = Object.fromEntries(
  Object.entries(operationRules).map(([id, op]) => [id, querySerializerFor(op.parameters)]),
) as Record<OperationId, ReturnType<typeof querySerializerFor>>;
// `raw` calls use every query parameter the spec defines, whatever the operation.
const rawSerializer = querySerializerFor(Object.values(operationRules).flatMap((op) => op.parameters));

const optionNames: Record<string, string> = { optional_fields: "optionalFields" };

/** Checks a call's query values against the operation's parameter rules; returns the wire names. */
function checkedQuery(op: OperationRule, values: Record<string, unknown>): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if (p.in !== "query") continue;
    const value = values[p.name];
    const where = `options.${optionNames[p.name] ?? p.name}`;
    if (value === undefined) {
      if (p.required) check(undefined, { type: "object" }, where);
      continue;
    }
    check(value, p.schema, where);
    query[p.name] = value;
  }
  return query;
}

function rule(op: OperationRule, name: string): Rule {
  const found = op.parameters.find((p) => p.name === name);
  if (!found) throw new Error(`the spec has no parameter ${name} on ${op.method} ${op.path}`);
  return found.schema;
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates a typed client for Kantata's Insights Access Group Memberships.
 *
 * @example
 * const kantata = createInsightsAccessClient({ token: process.env.KANTATA_TOKEN! });
 * const { membership } = await kantata.memberships.update(42, { can_edit: false });
 */
export function createInsightsAccessClient(options: ClientOptions) {
  if (options === null || typeof options !== "object") {
    throw new KantataError("createInsightsAccessClient: expected an options object with a token");
  }
  const readToken = tokenReader(options.token);
  const baseUrl = checkBaseUrl(options.baseUrl ?? defaultBaseUrl);
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new KantataInputError("fetch", `got ${show(options.fetch)}; expected a fetch function`);
  }
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const clientDefaults = {
    maxRetries: options.maxRetries ?? retryDefaults.maxRetries,
    maxRetryAfterMs: options.maxRetryAfterMs ?? retryDefaults.maxRetryAfterMs,
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
  };
  check(clientDefaults.maxRetries, { type: "integer", minimum: 0, maximum: 10 }, "maxRetries");
  check(clientDefaults.maxRetryAfterMs, { type: "integer", minimum: 0 }, "maxRetryAfterMs");
  check(clientDefaults.timeoutMs, { type: "integer", minimum: 1, maximum: 2 ** 31 - 1 }, "timeoutMs");

  // Redirects are never followed: one to another origin would carry the token there.
  const transport = { baseUrl, fetch: fetchImpl, redirect: "manual" as const };
  const internal = createClient<paths>(transport) as unknown as Client<Record<string, never>>;
  const raw = createClient<paths>({ ...transport, querySerializer: rawSerializer });
  raw.use({
    async onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${await readToken()}`);
      return request;
    },
  });

  /** Sends one operation with retries and timeouts; resolves to a success's body text. */
  async function send(
    operationId: OperationId,
    params: { path?: Record<string, unknown>; query?: Record<string, unknown> },
    body: unknown,
    callOptions: RequestOptions,
  ): Promise<{ text: string | undefined; response: Response; path: string }> {
    const op = operationRules[operationId];
    const maxRetries = callOptions.maxRetries ?? clientDefaults.maxRetries;
    const maxRetryAfterMs = callOptions.maxRetryAfterMs ?? clientDefaults.maxRetryAfterMs;
    const timeoutMs = callOptions.timeoutMs ?? clientDefaults.timeoutMs;
    if (callOptions.maxRetries !== undefined) check(maxRetries, { type: "integer", minimum: 0, maximum: 10 }, "options.maxRetries");
    if (callOptions.maxRetryAfterMs !== undefined) check(maxRetryAfterMs, { type: "integer", minimum: 0 }, "options.maxRetryAfterMs");
    if (callOptions.timeoutMs !== undefined) check(timeoutMs, { type: "integer", minimum: 1, maximum: 2 ** 31 - 1 }, "options.timeoutMs");
    const { signal } = callOptions;
    if (signal !== undefined && !(typeof signal?.aborted === "boolean" && typeof signal.addEventListener === "function")) {
      throw new KantataInputError("options.signal", `got ${show(signal)}; expected an AbortSignal`);
    }
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => String(params.path?.[name]));
    const what = `${op.method} ${path}`;
    const aborted = () => new KantataAbortError(`${what} was aborted by the caller`, { cause: signal?.reason });
    const pause = (ms: number) => sleep(ms, signal).catch(() => Promise.reject(aborted()));

    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw aborted();
      const token = await readToken();
      const deadline = attemptSignal(timeoutMs, signal);
      let outcome: { data?: unknown; error?: unknown; response: Response };
      try {
        outcome = await internal.request(op.method.toLowerCase() as "put", op.path as never, {
          params,
          body,
          parseAs: "text",
          querySerializer: serializers[operationId],
          headers: { Authorization: `Bearer ${token}` },
          signal: deadline.signal,
        } as never);
      } catch (error) {
        if (signal?.aborted) throw aborted();
        const failure = deadline.timedOut()
          ? new KantataTimeoutError(`${what}: no answer within ${timeoutMs} ms`)
          : new KantataConnectionError(`${what}: no answer (${describeFailure(error)})`, { cause: error });
        if (retry < maxRetries && isRetryable(op.method, "connection")) {
          await pause(backoffMs(retry));
          continue;
        }
        throw failure;
      } finally {
        deadline.done();
      }

      const { response } = outcome;
      if (response.status >= 200 && response.status < 300) {
        return { text: outcome.data as string | undefined, response, path };
      }
      const facts = { method: op.method, path, response };
      const wait = retryAfterMs(response.headers);
      if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
        throw apiError(facts, outcome.error, undefined, "redirects are not followed, so the token stays with the configured origin");
      }
      if (retry < maxRetries && isRetryable(op.method, response.status)) {
        if (wait !== undefined && wait > maxRetryAfterMs) {
          throw apiError(facts, outcome.error, wait, `Retry-After asks for ${wait} ms, over maxRetryAfterMs (${maxRetryAfterMs} ms)`);
        }
        await pause(wait ?? backoffMs(retry));
        continue;
      }
      throw apiError(facts, outcome.error, wait);
    }
  }

  /** Reads the one membership an answer is about. */
  function oneMembership(sent: { text: string | undefined; response: Response; path: string }, method: string, id: number, withUser: boolean) {
    const facts = { method, path: sent.path, response: sent.response };
    const envelope = parseEnvelope(sent.text);
    if (typeof envelope === "string") throw new KantataResponseError(facts, envelope);
    const found = membershipsOf(envelope, withUser);
    if (typeof found === "string") throw new KantataResponseError(facts, found);
    const membership = found.find((m) => m.id === String(id));
    if (!membership) throw new KantataResponseError(facts, `no membership ${id} in \`results\``);
    return { membership, data: envelope, response: sent.response };
  }

  const memberships = {
    /**
     * Grants or revokes a member's right to create and edit classic Insights dashboards and
     * reports. Only Account Administrators may call it; Kantata may take up to 15 minutes
     * to apply the change. `can_edit: true` opens all account data to the member.
     *
     * @param id the membership's id, as a number or a string of digits
     * @param attributes what to change, such as `{ can_edit: false }`
     * @param options `include: ["user"]` side-loads the user; `optionalFields` asks for extra fields
     */
    async update<const I extends Include = never, const F extends OptionalField = never>(
      id: number | string,
      attributes: MembershipAttributes,
      options: ReadOptions<I, F> = {},
    ): Promise<MembershipResult<Membership<I, F>>> {
      const op = operationRules.updateInsightsAccessGroupMembership;
      const memberId = checkId(id, rule(op, "id"));
      check(options, { type: "object" }, "options");
      const body = { insights_access_group_membership: attributes };
      const bodyRule = op.body!.schema.properties!.insights_access_group_membership!;
      check(attributes, bodyRule, "attributes");
      const query = checkedQuery(op, { include: options.include, optional_fields: options.optionalFields });
      const sent = await send("updateInsightsAccessGroupMembership", { path: { id: memberId }, query }, body, options);
      const withUser = options.include?.includes("user" as I) ?? false;
      return oneMembership(sent, op.method, memberId, withUser) as unknown as MembershipResult<Membership<I, F>>;
    },
  };

  return {
    memberships,
    /** The underlying openapi-fetch client, typed with the spec's `paths`; sends the token, no retries. */
    raw,
  };
}

/** The client `createInsightsAccessClient` returns. */
export type InsightsAccessClient = ReturnType<typeof createInsightsAccessClient>;
