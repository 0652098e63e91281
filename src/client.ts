// The client: openapi-fetch typed with the generated `paths`, plus the policies each call
// goes through (input checks, auth, timeout, retries, error mapping) and the envelope read.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { requestRules } from "../generated/request-rules.js";
import { readMemberships } from "./envelope.js";
import {
  apiError,
  KantataAbortError,
  KantataConnectionError,
  KantataError,
  KantataInputError,
  KantataResponseError,
  KantataTimeoutError,
} from "./errors.js";
import { querySerializerFor, type ParameterRule } from "./query.js";
import { backoffMs, isRetryable, retryAfterMs, sleep } from "./retry.js";
import { checkBaseUrl, tokenReader } from "./security.js";
import { attemptSignal } from "./timeout.js";
import type { ClientOptions, Include, Membership, MembershipAttributes, MembershipResult, OptionalField, ReadOptions, RequestOptions } from "./types.js";
import { check, checkId, show, type Rule } from "./validate.js";

type OperationId = keyof typeof requestRules.operations;
interface OperationRule {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly (ParameterRule & { readonly required?: boolean; readonly schema: Rule })[];
  readonly body?: Rule;
}

/** The default per-attempt timeout: a little over the 3 minutes after which Kantata itself gives up. */
export const defaultTimeoutMs = 190_000;
/** Kantata's production API, from the spec's `servers`. */
export const defaultBaseUrl: string = requestRules.baseUrl;

const operationRules: Record<OperationId, OperationRule> = requestRules.operations;
// `raw` calls write every query parameter the spec defines as the spec says, whatever the operation.
const rawSerializer = querySerializerFor(Object.values(operationRules).flatMap((op) => op.parameters));
const serializers = new Map(Object.values(operationRules).map((op) => [op, querySerializerFor(op.parameters)]));

// The policy settings, their defaults and their bounds; each can be set per client and per call.
const settingRules = {
  maxRetries: [2, 0, 10],
  maxRetryAfterMs: [60_000, 0, 2 ** 31 - 1],
  timeoutMs: [defaultTimeoutMs, 1, 2 ** 31 - 1],
} as const;
type Settings = Record<keyof typeof settingRules, number>;

function settings(given: Record<string, unknown>, base: Settings | undefined, where: string): Settings {
  const out = {} as Settings;
  for (const [name, [fallback, minimum, maximum]] of Object.entries(settingRules) as [keyof Settings, readonly number[]][]) {
    const value = given[name];
    if (value !== undefined) check(value, { type: "integer", minimum, maximum }, where + name);
    out[name] = (value as number) ?? base?.[name] ?? fallback;
  }
  return out;
}

/**
 * Creates a typed client for Kantata's Insights Access Group Memberships.
 *
 * @example
 * const kantata = createInsightsAccessClient({ token: process.env.KANTATA_TOKEN! });
 * const { membership } = await kantata.memberships.update(42, { can_edit: false });
 */
export function createInsightsAccessClient(options: ClientOptions) {
  if (!options || typeof options != "object") throw new KantataInputError("options", "expected an object with a token");
  const readToken = tokenReader(options.token);
  const baseUrl = checkBaseUrl(options.baseUrl ?? defaultBaseUrl);
  const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  if (typeof fetch != "function") throw new KantataInputError("fetch", `got ${show(fetch)}; expected a fetch function`);
  const clientSettings = settings(options as {}, undefined, "");

  // Redirects are never followed: one to another origin would carry the token there.
  const transport = { baseUrl, fetch, redirect: "manual" as const };
  const internal = createClient(transport) as Client<any>;
  const raw = createClient<paths>({ ...transport, querySerializer: rawSerializer });
  raw.use({
    async onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${await readToken()}`);
    },
  });

  /** Checks a call's inputs against the operation's rules, sends it with retries and timeouts, and resolves to the success's body text. */
  async function send(
    operationId: OperationId,
    path: Record<string, unknown>,
    query: Record<string, unknown>,
    body: unknown,
    callOptions: RequestOptions,
  ) {
    const op = operationRules[operationId];
    check(callOptions, { type: "object" }, "options");
    for (const p of op.parameters) {
      const [values, where] = p.in == "path" ? [path, ""] : [query, "options."];
      if (values[p.name] !== undefined || p.required) check(values[p.name], p.schema, where + (p.name == "optional_fields" ? "optionalFields" : p.name));
    }
    if (op.body) check(body, op.body, "body");
    const { maxRetries, maxRetryAfterMs, timeoutMs } = settings(callOptions as {}, clientSettings, "options.");
    const { signal } = callOptions;
    if (signal !== undefined && typeof signal?.addEventListener != "function") {
      throw new KantataInputError("options.signal", `got ${show(signal)}; expected an AbortSignal`);
    }
    const concretePath = op.path.replace(/\{(\w+)\}/g, (_, name) => String(path[name]));
    const where = `${op.method} ${concretePath}`;
    const aborted = () => new KantataAbortError(`${where} was aborted by the caller`, { cause: signal?.reason });

    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw aborted();
      const token = await readToken();
      const deadline = attemptSignal(timeoutMs, signal);
      let answer: { data?: unknown; error?: unknown; response: Response } | undefined;
      let failure!: KantataError;
      try {
        answer = await internal.request(op.method as "get", op.path, {
          params: { path, query },
          body,
          parseAs: "text",
          querySerializer: serializers.get(op),
          headers: { Authorization: `Bearer ${token}` },
          signal: deadline.signal,
        });
      } catch (error: any) {
        if (signal?.aborted) throw aborted();
        failure = deadline.timedOut()
          ? new KantataTimeoutError(`${where}: no answer within ${timeoutMs} ms`)
          : new KantataConnectionError(`${where}: no answer (${error?.cause?.code ?? error?.cause?.message ?? error?.message})`, { cause: error });
      } finally {
        deadline.done();
      }
      const status = answer?.response.status ?? 0;
      const exchange = { method: op.method, path: concretePath, response: answer?.response as Response };
      if (status > 199 && status < 300) return { text: answer!.data as string | undefined, exchange };
      const wait = answer && retryAfterMs(answer.response.headers);
      if (answer) {
        const tooLong = isRetryable(op.method, status) && wait! > maxRetryAfterMs && `Retry-After asks for ${wait} ms, over maxRetryAfterMs (${maxRetryAfterMs} ms)`;
        const redirect = status < 400 && answer.response.headers.has("location") && "redirects are not followed, so the token stays with the configured origin";
        failure = apiError(exchange, answer.error, wait, redirect || tooLong || undefined);
        if (redirect || tooLong) throw failure;
      }
      if (retry >= maxRetries || !isRetryable(op.method, status)) throw failure;
      await sleep(wait ?? backoffMs(retry), signal).catch(() => Promise.reject(aborted()));
    }
  }

  /** Reads the one membership `id` that an answer is about. */
  function oneMembership({ text, exchange }: Awaited<ReturnType<typeof send>>, id: number, withUser: boolean) {
    const read = readMemberships(text, withUser);
    if (typeof read == "string") throw new KantataResponseError(exchange, read);
    const membership = read.memberships.find((m) => m.id == String(id));
    if (!membership) throw new KantataResponseError(exchange, `no membership ${id} in \`results\``);
    return { membership, data: read.envelope, response: exchange.response };
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
      const memberId = checkId(id, op.parameters[0]!.schema);
      check(attributes, op.body!.properties!.insights_access_group_membership!, "attributes");
      const sent = await send(
        "updateInsightsAccessGroupMembership",
        { id: memberId },
        { include: options?.include, optional_fields: options?.optionalFields },
        { insights_access_group_membership: attributes },
        options,
      );
      return oneMembership(sent, memberId, options.include?.includes("user" as I) ?? false) as any;
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
