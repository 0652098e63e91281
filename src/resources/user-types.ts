// The users resource's public types, all derived from the generated spec types: nothing here
// restates a field, an enum value or a requirement that openapi/ defines.
import type { components } from "../../generated/openapi.js";
import type { Id, QueryOf, ReadOptions, User } from "./types.js";

/** A user's membership of the account: whether they are an Account Administrator, their permission. */
export type AccountMembership = components["schemas"]["AccountMembership"];
/** The whole response envelope of a users request. */
export type UserEnvelope = components["schemas"]["UserEnvelope"];
/** An association of a user that can be side-loaded with `include`. */
export type UserInclude = NonNullable<QueryOf<"listUsers">["include"]>[number];
/** A field of a user Kantata returns only when asked for through `optional_fields`. */
export type UserOptionalField = NonNullable<QueryOf<"listUsers">["optional_fields"]>[number];

/**
 * A user as the users resource returns it: the record with its id, the optional fields that were
 * asked for (`F`), and its account membership when `include` had `"account_membership"` (`I`).
 */
export type AccountUser<I extends UserInclude = never, F extends UserOptionalField = never> = {
  [K in keyof AccountUserShape<I, F>]: AccountUserShape<I, F>[K];
} & {};

/** The parts an `AccountUser` is made of, before they are flattened into one object type. */
export type AccountUserShape<I extends UserInclude, F extends UserOptionalField> = Omit<
  User,
  UserOptionalField | "id"
> & {
  /** The user's id, a string as in `results[].id`. */
  id: string;
} & { [K in F]-?: NonNullable<User[K]> } & ("account_membership" extends I
    ? { account_membership_id: string; account_membership: AccountMembership }
    : unknown);

/** Per-call options of operations that return users: the read options, with the users' own includes and fields. */
export type UserReadOptions<I extends UserInclude, F extends UserOptionalField> = ReadOptions<I, F>;

/** The filters, order and paging of `users.list`, with Kantata's names; ids as numbers or strings of digits. */
export type UserListFilters = Omit<QueryOf<"listUsers">, "include" | "optional_fields" | "only"> & {
  /** Only these users. */
  only?: readonly Id[];
};

/** The parameters of `users.list` and `users.listAll`. */
export type UserListParams<I extends UserInclude, F extends UserOptionalField> = UserListFilters &
  UserReadOptions<I, F>;

/** What `users.list` resolves to: one page. */
export interface UserPage<U> {
  /** This page's users, in `results` order. */
  users: U[];
  meta: UserEnvelope["meta"];
  data: UserEnvelope;
  response: Response;
}

/** What a single-user call resolves to. */
export interface UserResult<U> {
  user: U;
  data: UserEnvelope;
  response: Response;
}

/** What `users.findByEmails` resolves to. */
export interface EmailLookup<U> {
  /** Every address asked for that matched, in lower case, with the users it matched (more than one is ambiguous). */
  byEmail: Map<string, U[]>;
  /** The addresses that matched no user of the account, as they were given. */
  unknown: string[];
}

/** Kantata's users, read-only, as `client.users` offers them. */
export interface Users {
  /** The user the token belongs to; with `include: ["account_membership"]`, whether they are an Account Administrator. */
  me<const I extends UserInclude = never, const F extends UserOptionalField = never>(
    options?: UserReadOptions<I, F>,
  ): Promise<UserResult<AccountUser<I, F>>>;

  /** One user by id (a number or a string of digits). */
  get<const I extends UserInclude = never, const F extends UserOptionalField = never>(
    id: Id,
    options?: UserReadOptions<I, F>,
  ): Promise<UserResult<AccountUser<I, F>>>;

  /** One page of users, in `results` order; `on_my_account: true` for every user of the account. */
  list<const I extends UserInclude = never, const F extends UserOptionalField = never>(
    params?: UserListParams<I, F>,
  ): Promise<UserPage<AccountUser<I, F>>>;

  /** Every user the query matches, across all pages, in `results` order (200 a page unless `per_page` says otherwise). */
  listAll<const I extends UserInclude = never, const F extends UserOptionalField = never>(
    params?: UserListParams<I, F>,
  ): Promise<AccountUser<I, F>[]>;

  /**
   * The users of the account with these email addresses, asked for as given (trimmed, and each
   * once whatever its case: Kantata matches exactly) as many at a time as one request may carry
   * (the spec's limit, 200), and matched to the answers without regard to case; the addresses
   * that matched nobody are listed apart.
   */
  findByEmails<const I extends UserInclude = never, const F extends UserOptionalField = never>(
    emails: readonly string[],
    options?: UserReadOptions<I, F> & { show_disabled?: boolean },
  ): Promise<EmailLookup<AccountUser<I, F>>>;
}
