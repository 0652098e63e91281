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
  KantataMoveError,
  KantataResponseError,
  KantataTimeoutError,
} from "./errors.js";
import { querySerializerFor, type ParameterRule } from "./query.js";
import { backoffMs, isRetryable, retryAfterMs, sleep } from "./retry.js";
import { checkBaseUrl, tokenReader } from "./security.js";
import { attemptSignal } from "./timeout.js";
import type {
  ClientOptions,
  Include,
  ListParams,
  Membership,
  MembershipAttributes,
  MembershipPage,
  MembershipResult,
  MoveOptions,
  MoveResult,
  NewMembership,
  OptionalField,
  ReadOptions,
  RequestOptions,
} from "./types.js";
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
const requestKeys = ["signal", ...Object.keys(settingRules)];
// Query parameters keep Kantata's names in options, except `optional_fields`, which reads
// `optionalFields` (the name the first release gave it).
const optionName = (name: string) => (name == "optional_fields" ? "optionalFields" : name);

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

  /**
   * Checks a call's inputs against the operation's rules, sends it with retries and timeouts,
   * and resolves to the success's body text. `options` holds the query values under their
   * option names (`optionalFields` for `optional_fields`) and the request settings; `label`
   * names it in errors.
   */
  async function send(operationId: OperationId, path: Record<string, unknown>, body: unknown, options: RequestOptions, label = "options") {
    const op = operationRules[operationId];
    check(options, { type: "object" }, label);
    const given = options as Record<string, unknown>;
    const query: Record<string, unknown> = {};
    const known = [...requestKeys];
    for (const p of op.parameters) {
      const name = optionName(p.name);
      const value = p.in == "path" ? path[p.name] : given[name];
      if (p.in == "query") known.push(name);
      if (value !== undefined || p.required) check(value, p.schema, p.in == "path" ? name : `${label}.${name}`);
      if (p.in == "query" && value !== undefined) query[p.name] = value;
    }
    const unknown = Object.keys(given).find((key) => !known.includes(key));
    if (unknown) throw new KantataInputError(label, `has unknown key ${JSON.stringify(unknown)}; allowed: ${known.join(", ")}`);
    if (op.body) check(body, op.body, "body");
    const { maxRetries, maxRetryAfterMs, timeoutMs } = settings(given, clientSettings, `${label}.`);
    const { signal } = options;
    if (signal !== undefined && typeof signal?.addEventListener != "function") {
      throw new KantataInputError(`${label}.signal`, `got ${show(signal)}; expected an AbortSignal`);
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

  type Read = ReadOptions<Include, OptionalField>;
  const withUser = (options: Read) => options?.include?.includes("user") ?? false;

  /** One membership call: checks, sends, and reads the membership the answer is about (`id`, or the first one). */
  async function one(operationId: OperationId, id: number | undefined, body: unknown, options: Read) {
    const { text, exchange } = await send(operationId, id === undefined ? {} : { id }, body, options);
    const read = readMemberships(text, withUser(options));
    if (typeof read == "string") throw new KantataResponseError(exchange, read);
    const membership = id === undefined ? read.memberships[0] : read.memberships.find((m) => m.id == String(id));
    if (!membership) throw new KantataResponseError(exchange, `no membership ${id === undefined ? "" : `${id} `}in \`results\``);
    return { membership, data: read.envelope, response: exchange.response } as MembershipResult<any>;
  }

  const idRule = operationRules.getInsightsAccessGroupMembership.parameters.find((p) => p.name == "id")!.schema;
  const attributesRule = (operationId: OperationId) => operationRules[operationId].body!.properties!.insights_access_group_membership!;

  const memberships = {
    /**
     * One page of memberships, in `results` order.
     *
     * @param params filters (`by_access_group_id`, `by_user_name`, `user_ids`, `only`), `order`,
     *   `page` and `per_page` (1 to 200), `include`, `optionalFields`, and request options
     */
    async list<const I extends Include = never, const F extends OptionalField = never>(
      params: ListParams<I, F> = {},
    ): Promise<MembershipPage<Membership<I, F>>> {
      const { text, exchange } = await send("listInsightsAccessGroupMemberships", {}, undefined, params, "params");
      const read = readMemberships(text, withUser(params));
      if (typeof read == "string") throw new KantataResponseError(exchange, read);
      return { memberships: read.memberships as any, meta: read.envelope.meta, data: read.envelope, response: exchange.response };
    },

    /**
     * Every membership the query matches, page after page (from `params.page`, default 1,
     * until `meta.page_count`), as an async iterable.
     */
    async *iterate<const I extends Include = never, const F extends OptionalField = never>(
      params: ListParams<I, F> = {},
    ): AsyncGenerator<Membership<I, F>, void, undefined> {
      for (let page = params?.page ?? 1; ; page++) {
        const { memberships: found, meta } = await memberships.list<I, F>({ ...params, page });
        yield* found;
        if (!found.length || page >= (meta?.page_count ?? page)) return;
      }
    },

    /** Every membership the query matches, across all pages, as one array. */
    async listAll<const I extends Include = never, const F extends OptionalField = never>(params: ListParams<I, F> = {}): Promise<Membership<I, F>[]> {
      const all: Membership<I, F>[] = [];
      for await (const membership of memberships.iterate<I, F>(params)) all.push(membership);
      return all;
    },

    /** One membership by id (a number or a string of digits). */
    async get<const I extends Include = never, const F extends OptionalField = never>(
      id: number | string,
      options: ReadOptions<I, F> = {},
    ): Promise<MembershipResult<Membership<I, F>>> {
      return one("getInsightsAccessGroupMembership", checkId(id, idRule), undefined, options as Read);
    },

    /**
     * Adds a user to a classic Insights Access Group (Account Administrators only). Not
     * retried on 5xx or lost connections: a POST might have been applied.
     */
    async create<const I extends Include = never, const F extends OptionalField = never>(
      attributes: NewMembership,
      options: ReadOptions<I, F> = {},
    ): Promise<MembershipResult<Membership<I, F>>> {
      check(attributes, attributesRule("createInsightsAccessGroupMembership"), "attributes");
      return one("createInsightsAccessGroupMembership", undefined, { insights_access_group_membership: attributes }, options as Read);
    },

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
      const memberId = checkId(id, idRule);
      check(attributes, attributesRule("updateInsightsAccessGroupMembership"), "attributes");
      return one("updateInsightsAccessGroupMembership", memberId, { insights_access_group_membership: attributes }, options as Read);
    },

    /** Removes a user from their group (Account Administrators only); resolves to undefined on 204. */
    async delete(id: number | string, options: RequestOptions = {}): Promise<undefined> {
      await send("deleteInsightsAccessGroupMembership", { id: checkId(id, idRule) }, undefined, options);
      return undefined;
    },

    /**
     * Moves a user to another classic Insights Access Group, the way Kantata requires: find
     * the user's membership, delete it, create the new one, and keep `can_edit` (or set
     * `options.can_edit`). If the new membership cannot be made, the old one is made again;
     * the KantataMoveError says what happened and in what state the account is.
     */
    async move<const I extends Include = never, const F extends OptionalField = never>(
      userId: number | string,
      toGroupId: number | string,
      options: MoveOptions<I, F> = {},
    ): Promise<MoveResult<Membership<I, F>>> {
      const user = checkId(userId, attributesRule("createInsightsAccessGroupMembership").properties!.user_id!, "userId");
      const group = checkId(toGroupId, attributesRule("createInsightsAccessGroupMembership").properties!.insights_access_group_id!, "toGroupId");
      const moveKeys = ["can_edit", "include", "optionalFields", ...requestKeys];
      check(options, { type: "object", additionalProperties: false, properties: Object.fromEntries(moveKeys.map((k) => [k, {}])) }, "options");
      const { can_edit: canEdit, include, optionalFields, ...request } = options;
      if (canEdit !== undefined) check(canEdit, attributesRule("updateInsightsAccessGroupMembership").properties!.can_edit!, "options.can_edit");
      const read = { ...request, include, optionalFields } as Read;
      const moving = `moving user ${user} to group ${group}`;
      const fail = (state: KantataMoveError["state"], what: string, errors: unknown[]) =>
        new KantataMoveError(state, `${moving}: ${what}${errors.map((e) => ` [${e instanceof Error ? e.message : String(e)}]`).join("")}`, errors);
      const lookup = () => memberships.listAll({ ...read, user_ids: [user] });

      let found: Membership[];
      try {
        found = await lookup();
      } catch (error) {
        throw fail("unchanged", "could not look up the user's membership; nothing was changed", [error]);
      }
      if (found.length != 1) {
        throw fail("unchanged", `the user has ${found.length} Insights Access Group memberships, not one; nothing was changed`, []);
      }
      const previous = found[0]!;
      const was = `membership ${previous.id} in group ${previous.insights_access_group_id}, can_edit ${previous.can_edit}`;
      const keep = canEdit ?? previous.can_edit ?? false;
      /** Sets can_edit on `membership` when it differs from `wanted`. */
      const finish = async (membership: Membership, wanted: boolean) =>
        membership.can_edit == wanted ? membership : (await memberships.update(membership.id, { can_edit: wanted }, read)).membership;

      if (previous.insights_access_group_id == group) {
        return { membership: await finish(previous, keep), previous: undefined, moved: false } as MoveResult<any>;
      }
      try {
        await memberships.delete(previous.id, request);
      } catch (error) {
        throw fail("unchanged", `could not delete ${was}; nothing was changed`, [error]);
      }

      const errors: unknown[] = [];
      /**
       * Creates the user's membership in `groupId`. A POST that failed may still have been
       * applied, so after a failure the user's memberships are read again: resolves to the
       * membership, or to undefined when the user verifiably has none.
       */
      const join = async (groupId: number) => {
        try {
          return (await memberships.create({ user_id: user, insights_access_group_id: groupId }, read)).membership;
        } catch (error) {
          errors.push(error);
        }
        let now: Membership[];
        try {
          now = await lookup();
        } catch (error) {
          errors.push(error);
          throw fail("unknown", `creating a membership in group ${groupId} failed and the user's memberships could not be read back; check user ${user} (it was ${was})`, errors);
        }
        if (now.length > 1 || (now[0] && now[0].insights_access_group_id != groupId)) {
          throw fail("unknown", `the user now has memberships ${now.map((m) => m.id).join(", ")}; check user ${user} (it was ${was})`, errors);
        }
        return now[0];
      };

      const made = await join(group);
      if (made) {
        try {
          return { membership: await finish(made, keep), previous, moved: true } as MoveResult<any>;
        } catch (error) {
          throw fail("moved-can-edit-unset", `the user is in group ${group} as membership ${made.id}, but can_edit could not be set to ${keep}`, [...errors, error]);
        }
      }
      const restored = await join(previous.insights_access_group_id!);
      if (!restored) {
        throw fail("no-membership", `creating the new membership failed, and so did making the old one again: the user now has NO Insights Access Group membership (it was ${was})`, errors);
      }
      let back: Membership;
      try {
        back = await finish(restored, previous.can_edit ?? false);
      } catch (error) {
        throw fail("restored-can-edit-unset", `creating the new membership failed; the old group was joined again as membership ${restored.id}, but can_edit could not be set back to ${previous.can_edit}`, [...errors, error]);
      }
      throw fail("restored", `creating the new membership failed; the old one was made again as membership ${back.id} in group ${previous.insights_access_group_id} with can_edit ${back.can_edit}`, errors);
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
