// The Insights Access Group Memberships resource: each operation checks its arguments, makes
// one typed openapi-fetch call with a literal path through the core's attempt loop, and reads
// the envelope. A path, parameter or body that disagrees with generated/openapi.ts fails tsc.
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { paginate } from "../core/paginate.js";
import { bodyRule, parameterRule } from "../core/request-check.js";
import type { Success, Transport } from "../core/transport.js";
import { KantataInputError, KantataResponseError } from "../core/errors.js";
import { check, checkId } from "../core/validate.js";
import { collect, listSender, pageReader, runner, type Run } from "./call.js";
import { readOne as readOneRecord, readPage as readRecordPage, type EnvelopeShape } from "./envelope.js";
import { moveMembership } from "./memberships-move.js";
import type {
  InsightsAccessGroupMembershipEnvelope,
  Include,
  ListParams,
  Memberships,
  MembershipsResource,
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

type Envelope = InsightsAccessGroupMembershipEnvelope;
const shape = (withUser: boolean): EnvelopeShape => ({
  key: "insights_access_group_memberships",
  noun: "membership",
  ...(withUser && { sideLoad: { map: "users", field: "user_id", as: "user" } }),
});
const readOne = <M>(answer: Success, id: number | undefined, withUser: boolean) =>
  readOneRecord<M, Envelope, "membership">(answer, shape(withUser), id, "membership");
const readPage = <M>(answer: Success, withUser: boolean) =>
  readRecordPage<M, Envelope, "memberships">(answer, shape(withUser), "memberships");

/**
 * Every membership of a list, page after page (200 a page unless `per_page` says otherwise),
 * `concurrency` pages at a time; `M` is the record type the caller's signature gives.
 */
const walk = <M extends { readonly id: string }>(
  sendList: (params: ListParams<Include, OptionalField>) => Promise<Success>,
  params: ListParams<Include, OptionalField>,
  concurrency?: number,
): AsyncGenerator<M, void, undefined> => {
  const maxPerPage = Number(parameterRule(list, "per_page").maximum);
  const { readAt, first, perPage } = pageReader(sendList, params, maxPerPage, (answer) => {
    const { memberships: items, meta } = readPage<M>(answer, withUser(params));
    return { items, meta };
  });
  return paginate(readAt, first, perPage, concurrency);
};

/** The read operations: one page, every page (as an async iterable or an array), one membership. */
function readOperations(api: Client<paths>, run: Run): Pick<Memberships, "list" | "iterate" | "listAll" | "get"> {
  const sendList = listSender<typeof list, ListParams<Include, OptionalField>>(run, list, (query, init) =>
    api.GET("/insights_access_group_memberships", { params: { query }, parseAs: "text", ...init }),
  );

  return {
    async list(params = {}) {
      return readPage(await sendList(params), withUser(params));
    },

    iterate(params = {}) {
      return walk(sendList, params);
    },

    async listAll(params = {}) {
      const { concurrency = 4, ...rest } = params ?? {};
      check(concurrency, { type: "integer", minimum: 1, maximum: 16 }, "params.concurrency");
      return collect(walk(sendList, rest, concurrency));
    },

    async get(id, options = {}) {
      const memberId = checkId(id, idRule);
      const answer = await run("getInsightsAccessGroupMembership", { id: memberId }, options, (query, init) =>
        api.GET("/insights_access_group_memberships/{id}", {
          params: { path: { id: memberId }, query },
          parseAs: "text",
          ...init,
        }),
      );
      return readOne(answer, memberId, withUser(options));
    },
  };
}

/** The write operations: create, update, delete. */
function writeOperations(api: Client<paths>, run: Run): Pick<Memberships, "create" | "update" | "delete"> {
  return {
    async create(newMembership, options = {}) {
      checkAttributes(create, newMembership, "create({ user_id, insights_access_group_id })");
      const body = { insights_access_group_membership: newMembership };
      const answer = await run(create, {}, options, (query, init) =>
        api.POST("/insights_access_group_memberships", { params: { query }, body, parseAs: "text", ...init }),
      );
      return readOne(answer, undefined, withUser(options));
    },

    async update(id, changes, options = {}) {
      const memberId = checkId(id, idRule);
      checkAttributes(update, changes, "update(id, { can_edit })");
      const body = { insights_access_group_membership: changes };
      const answer = await run(update, { id: memberId }, options, (query, init) =>
        api.PUT("/insights_access_group_memberships/{id}", {
          params: { path: { id: memberId }, query },
          body,
          parseAs: "text",
          ...init,
        }),
      );
      return readOne(answer, memberId, withUser(options));
    },

    async delete(id, options = {}) {
      const memberId = checkId(id, idRule);
      const { exchange } = await run("deleteInsightsAccessGroupMembership", { id: memberId }, options, (_, init) =>
        api.DELETE("/insights_access_group_memberships/{id}", {
          params: { path: { id: memberId } },
          parseAs: "text",
          ...init,
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
export function createMemberships(api: Client<paths>, transport: Transport): Memberships {
  const run = runner(transport, optionNames);
  const memberships: MembershipsResource = { ...readOperations(api, run), ...writeOperations(api, run) };
  return {
    ...memberships,
    move: (userId, toGroupId, options = {}) => moveMembership(memberships, userId, toGroupId, options),
  };
}
