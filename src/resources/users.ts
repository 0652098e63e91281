// Kantata's users, read-only: who the token belongs to, users by id, by page, and by email
// address. Each operation checks its arguments and makes one typed openapi-fetch call with a
// literal path through the core's attempt loop, like the memberships; nothing new in the core.
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { paginate } from "../core/paginate.js";
import { parameterRule } from "../core/request-check.js";
import type { Success, Transport } from "../core/transport.js";
import { checkId } from "../core/validate.js";
import { collect, listSender, pageReader, runner } from "./call.js";
import { readOne as readOneRecord, readPage as readRecordPage, type EnvelopeShape } from "./envelope.js";
import type { EmailLookup, UserEnvelope, UserInclude, UserListParams, UserOptionalField, Users } from "./user-types.js";

const list = "listUsers";
const idRule = /*#__PURE__*/ parameterRule("getUser", "id");
const optionNames = { optional_fields: "optionalFields" };

const shape = (options: { include?: readonly UserInclude[] } | undefined): EnvelopeShape => ({
  key: "users",
  noun: "user",
  ...(options?.include?.includes("account_membership") && {
    sideLoad: { map: "account_memberships", field: "account_membership_id", as: "account_membership" },
  }),
});
const readOne = <U>(answer: Success, id: number | undefined, options: { include?: readonly UserInclude[] }) =>
  readOneRecord<U, UserEnvelope, "user">(answer, shape(options), id, "user");
const readPage = <U>(answer: Success, options: { include?: readonly UserInclude[] }) =>
  readRecordPage<U, UserEnvelope, "users">(answer, shape(options), "users");

/** Every user of a list, page after page; `U` is the record type the caller's signature gives. */
const walk = <U extends { readonly id: string }>(
  sendList: (params: UserListParams<UserInclude, UserOptionalField>) => Promise<Success>,
  params: UserListParams<UserInclude, UserOptionalField>,
  maxPerPage: number,
): AsyncGenerator<U, void, undefined> => {
  const { readAt, first, perPage } = pageReader(sendList, params, maxPerPage, (answer) => {
    const { users: items, meta } = readPage<U>(answer, params);
    return { items, meta };
  });
  return paginate(readAt, first, perPage);
};

/**
 * The users of `emails`, by address: asked for `batch` addresses at a time, one batch after
 * another, and matched to the addresses without regard to case; `U` is the record type the
 * caller's signature gives.
 */
async function lookUp<U extends { email_address?: string | null }>(
  emails: readonly string[],
  batch: number,
  read: (addresses: string[]) => Promise<U[]>,
): Promise<EmailLookup<U>> {
  // Sent as given (trimmed): Kantata matches exactly, so a stored mixed-case address must be asked
  // for as it is. Each address once, whatever its case; answers are matched without regard to case.
  const given = new Map<string, string>();
  for (const e of emails) if (!given.has(e.trim().toLowerCase())) given.set(e.trim().toLowerCase(), e.trim());
  const wanted = [...given.values()];
  const byEmail = new Map<string, U[]>();
  for (let i = 0; i < wanted.length; i += batch) {
    const addresses = wanted.slice(i, i + batch);
    const asked = addresses.map((a) => a.toLowerCase());
    for (const user of await read(addresses)) {
      const email = String(user.email_address ?? "").toLowerCase();
      if (!asked.includes(email)) continue; // a server that ignored the filter
      byEmail.set(email, [...(byEmail.get(email) ?? []), user]);
    }
  }
  const unknown = emails.filter((e) => !byEmail.has(e.trim().toLowerCase()));
  return { byEmail, unknown };
}

/** The users resource, sending through `api` and the core's `transport`. */
export function createUsers(api: Client<paths>, transport: Transport): Users {
  const run = runner(transport, optionNames);
  const sendList = listSender<typeof list, UserListParams<UserInclude, UserOptionalField>>(run, list, (query, init) =>
    api.GET("/users", { params: { query }, parseAs: "text", ...init }),
  );
  const maxPerPage = Number(parameterRule(list, "per_page").maximum);
  const batch = Number(parameterRule(list, "by_email_addresses").maxItems);

  const users: Users = {
    async me(options = {}) {
      const answer = await run("getMyUser", {}, options, (query, init) =>
        api.GET("/users/me", { params: { query }, parseAs: "text", ...init }),
      );
      return readOne(answer, undefined, options);
    },

    async get(id, options = {}) {
      const userId = checkId(id, idRule);
      const answer = await run("getUser", { id: userId }, options, (query, init) =>
        api.GET("/users/{id}", { params: { path: { id: userId }, query }, parseAs: "text", ...init }),
      );
      return readOne(answer, userId, options);
    },

    async list(params = {}) {
      return readPage(await sendList(params), params);
    },

    async listAll(params = {}) {
      return collect(walk(sendList, params, maxPerPage));
    },

    async findByEmails(emails, options = {}) {
      return lookUp(emails, batch, (by_email_addresses) =>
        collect(walk(sendList, { ...options, on_my_account: true, by_email_addresses }, maxPerPage)),
      );
    },
  };
  return users;
}
