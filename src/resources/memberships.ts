// The Insights Access Group Memberships resource: each operation checks its arguments, makes
// one typed openapi-fetch call with a literal path through the core's attempt loop, and reads
// the envelope. A path, parameter or body that disagrees with generated/openapi.ts fails tsc.
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { paginate } from "../core/paginate.js";
import { bodyRule, checkCall, parameterRule, type OperationId, type QueryOf } from "../core/request-check.js";
import type { RequestOptions } from "../core/settings.js";
import { send, type Answer, type Success, type Transport } from "../core/transport.js";
import { KantataInputError, KantataResponseError } from "../core/errors.js";
import { check, checkId } from "../core/validate.js";
import { readOne, readPage } from "./envelope.js";
import { moveMembership } from "./memberships-move.js";
import type {
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
} from "./types.js";

const list = "listInsightsAccessGroupMemberships";
const create = "createInsightsAccessGroupMembership";
const update = "updateInsightsAccessGroupMembership";
const attributes = "insights_access_group_membership";
const idRule = /*#__PURE__*/ parameterRule("getInsightsAccessGroupMembership", "id");
// Query parameters keep Kantata's names in options, except `optional_fields`, which reads
// `optionalFields` (the name the first release gave it).
const optionNames = { optional_fields: "optionalFields" };

type Read = ReadOptions<Include, OptionalField>;
const withUser = (options: Read | undefined) => options?.include?.includes("user") ?? false;

/**
 * Checks the membership fields given to `create` or `update` against the body rule, and says
 * how to call it when they came wrapped the way they go on the wire.
 */
function checkAttributes(operationId: typeof create | typeof update, value: unknown, call: string): void {
  if (value && typeof value === "object" && Object.hasOwn(value, attributes)) {
    const why = `has the key "${attributes}", which the client adds itself; pass the fields alone: ${call}`;
    throw new KantataInputError("attributes", why);
  }
  check(value, bodyRule(operationId, attributes), "attributes");
}

/** Checks a call's options and path values, then sends it: `attempt` makes the typed call. */
type Run = <K extends OperationId>(
  operationId: K,
  path: Record<string, number>,
  options: RequestOptions,
  attempt: (query: QueryOf<K>, signal: AbortSignal) => Promise<Answer>,
  label?: string,
) => Promise<Success>;

/** Reads page after page of a list: without a `per_page` of the caller's, 200 a page (the spec's maximum). */
function pageReader<I extends Include, F extends OptionalField>(
  sendList: (params: ListParams<Include, OptionalField>) => Promise<Success>,
  params: ListParams<I, F>,
) {
  const perPage = params?.per_page ?? Number(parameterRule(list, "per_page").maximum);
  const readAt = async (page: number) => {
    const answer = await sendList({ ...params, page, per_page: perPage });
    const { memberships: items, meta } = readPage<Membership<I, F>>(answer, withUser(params));
    return { items, meta, exchange: answer.exchange };
  };
  return { readAt, first: params?.page ?? 1, perPage };
}

/** The read operations: one page, every page (as an async iterable or an array), one membership. */
function readOperations(api: Client<paths>, run: Run) {
  const sendList = (params: ListParams<Include, OptionalField>) =>
    run(
      list,
      {},
      params,
      (query, signal) => api.GET("/insights_access_group_memberships", { params: { query }, parseAs: "text", signal }),
      "params",
    );

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
      return readPage<Membership<I, F>>(await sendList(params), withUser(params));
    },

    /**
     * Every membership the query matches, page after page (from `params.page`, default 1,
     * until `meta.page_count`), as an async iterable. Without a `per_page` of the caller's,
     * it asks for the most a page may hold (the spec's maximum, 200), so that fewer requests
     * walk the same records.
     */
    iterate<const I extends Include = never, const F extends OptionalField = never>(
      params: ListParams<I, F> = {},
    ): AsyncGenerator<Membership<I, F>, void, undefined> {
      const { readAt, first, perPage } = pageReader<I, F>(sendList, params);
      return paginate(readAt, first, perPage);
    },

    /**
     * Every membership the query matches, across all pages, as one array in `results` order.
     * Once the first page has told how many pages there are, the rest are fetched
     * `concurrency` at a time (1 to 16, default 4).
     */
    async listAll<const I extends Include = never, const F extends OptionalField = never>(
      params: ListParams<I, F> & { concurrency?: number } = {},
    ): Promise<Membership<I, F>[]> {
      const { concurrency = 4, ...rest } = params ?? {};
      check(concurrency, { type: "integer", minimum: 1, maximum: 16 }, "params.concurrency");
      const { readAt, first, perPage } = pageReader<I, F>(sendList, rest as ListParams<I, F>);
      const all: Membership<I, F>[] = [];
      for await (const membership of paginate(readAt, first, perPage, concurrency)) all.push(membership);
      return all;
    },

    /** One membership by id (a number or a string of digits). */
    async get<const I extends Include = never, const F extends OptionalField = never>(
      id: number | string,
      options: ReadOptions<I, F> = {},
    ): Promise<MembershipResult<Membership<I, F>>> {
      const memberId = checkId(id, idRule);
      const answer = await run("getInsightsAccessGroupMembership", { id: memberId }, options, (query, signal) =>
        api.GET("/insights_access_group_memberships/{id}", {
          params: { path: { id: memberId }, query },
          parseAs: "text",
          signal,
        }),
      );
      return readOne(answer, memberId, withUser(options));
    },
  };
  return memberships;
}

/** The write operations: create, update, delete. */
function writeOperations(api: Client<paths>, run: Run) {
  return {
    /**
     * Adds a user to a classic Insights Access Group (Account Administrators only). Not
     * retried on 5xx or lost connections: a POST might have been applied.
     */
    async create<const I extends Include = never, const F extends OptionalField = never>(
      newMembership: NewMembership,
      options: ReadOptions<I, F> = {},
    ): Promise<MembershipResult<Membership<I, F>>> {
      checkAttributes(create, newMembership, "create({ user_id, insights_access_group_id })");
      const body = { insights_access_group_membership: newMembership };
      const answer = await run(create, {}, options, (query, signal) =>
        api.POST("/insights_access_group_memberships", { params: { query }, body, parseAs: "text", signal }),
      );
      return readOne(answer, undefined, withUser(options));
    },

    /**
     * Grants or revokes a member's right to create and edit classic Insights dashboards and
     * reports. Only Account Administrators may call it; Kantata may take up to 15 minutes
     * to apply the change. `can_edit: true` opens all account data to the member.
     *
     * @param id the membership's id, as a number or a string of digits
     * @param changes what to change, such as `{ can_edit: false }`
     * @param options `include: ["user"]` side-loads the user; `optionalFields` asks for extra fields
     */
    async update<const I extends Include = never, const F extends OptionalField = never>(
      id: number | string,
      changes: MembershipAttributes,
      options: ReadOptions<I, F> = {},
    ): Promise<MembershipResult<Membership<I, F>>> {
      const memberId = checkId(id, idRule);
      checkAttributes(update, changes, "update(id, { can_edit })");
      const body = { insights_access_group_membership: changes };
      const answer = await run(update, { id: memberId }, options, (query, signal) =>
        api.PUT("/insights_access_group_memberships/{id}", {
          params: { path: { id: memberId }, query },
          body,
          parseAs: "text",
          signal,
        }),
      );
      return readOne(answer, memberId, withUser(options));
    },

    /** Removes a user from their group (Account Administrators only); resolves to undefined on 204. */
    async delete(id: number | string, options: RequestOptions = {}): Promise<undefined> {
      const memberId = checkId(id, idRule);
      const { exchange } = await run("deleteInsightsAccessGroupMembership", { id: memberId }, options, (_, signal) =>
        api.DELETE("/insights_access_group_memberships/{id}", {
          params: { path: { id: memberId } },
          parseAs: "text",
          signal,
        }),
      );
      // The documented answer is 204 No Content; a 200 page (a proxy's login form) is not a deletion.
      if (exchange.response.status !== 204) {
        const type = exchange.response.headers.get("content-type") ?? "no content type";
        throw new KantataResponseError(exchange, `a body (${type}) where 204 No Content was expected`);
      }
      return undefined;
    },
  };
}

/** The memberships resource, sending through `api` and the core's `transport`. */
export function createMemberships(api: Client<paths>, transport: Transport) {
  const { baseUrl, keeper, settings } = transport;
  const run: Run = (operationId, path, options, attempt, label) => {
    const call = checkCall(operationId, path, options, settings, { label, optionNames });
    return send({ ...call, url: baseUrl + call.path, keeper }, (signal) => attempt(call.query, signal));
  };
  const memberships = { ...readOperations(api, run), ...writeOperations(api, run) };

  return {
    ...memberships,
    /**
     * Moves a user to another classic Insights Access Group, the way Kantata requires: find
     * the user's membership, delete it, create the new one, and keep `can_edit` (or set
     * `options.can_edit`). When a step fails, the KantataMoveError says what happened and in
     * what state the account is; see the README's "Moving a user".
     */
    move<const I extends Include = never, const F extends OptionalField = never>(
      userId: number | string,
      toGroupId: number | string,
      options: MoveOptions<I, F> = {},
    ): Promise<MoveResult<Membership<I, F>>> {
      return moveMembership<I, F>(memberships, userId, toGroupId, options);
    },
  };
}

/** The memberships resource without `move`: what `move` is built on. */
export type MembershipsResource = Omit<ReturnType<typeof createMemberships>, "move">;
