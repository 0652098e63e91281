// The memberships resource's public types, all derived from the generated spec types: nothing here restates a field,
// an enum value or a requirement that openapi/ defines.
import type { components } from "../../generated/openapi.js";
import type { QueryOf } from "../core/request-check.js";
import type { RequestOptions } from "../core/settings.js";

export type { QueryOf } from "../core/request-check.js";

export type InsightsAccessGroupMembership = components["schemas"]["InsightsAccessGroupMembership"];
export type User = components["schemas"]["User"];
/** The whole response envelope of a membership request. */
export type InsightsAccessGroupMembershipEnvelope = components["schemas"]["InsightsAccessGroupMembershipEnvelope"];
/** What `memberships.update` may change. */
export type MembershipAttributes =
  components["schemas"]["InsightsAccessGroupMembershipUpdate"]["insights_access_group_membership"];
/**
 * `T` with at least one of its fields given: the spec's `minProperties: 1` on an update (an
 * empty one changes nothing), which its generated type cannot say.
 */
export type AtLeastOne<T> = { [K in keyof T]-?: Required<Pick<T, K>> & Partial<Omit<T, K>> }[keyof T];
/** Who joins which group, for `memberships.create`. */
export type NewMembership =
  components["schemas"]["InsightsAccessGroupMembershipCreate"]["insights_access_group_membership"];
/** The envelope's paging figures. */
export type Meta = components["schemas"]["Meta"];

/** An id: a number, or a string of digits (as Kantata's answers carry ids). */
export type Id = number | string;

/**
 * The filters, order and paging of `memberships.list`, with Kantata's names. Ids may be numbers
 * or strings of digits, as everywhere the client takes an id.
 */
export type ListFilters = Omit<
  QueryOf<"listInsightsAccessGroupMemberships">,
  "include" | "optional_fields" | "by_access_group_id" | "user_ids" | "only"
> & {
  /** Only memberships of this Insights Access Group. */
  by_access_group_id?: Id;
  /** Only memberships of these users. */
  user_ids?: readonly Id[];
  /** Only these memberships. */
  only?: readonly Id[];
};

/** An association that can be side-loaded with `include`. */
export type Include = NonNullable<QueryOf<"updateInsightsAccessGroupMembership">["include"]>[number];
/** A field Kantata returns only when asked for through `optional_fields`. */
export type OptionalField = NonNullable<QueryOf<"updateInsightsAccessGroupMembership">["optional_fields"]>[number];

/**
 * A membership as the client returns it: the record, its id from `results`, the optional
 * fields that were asked for (`F`), and the user when `include` had `"user"` (`I`).
 */
export type Membership<I extends Include = never, F extends OptionalField = never> = {
  [K in keyof MembershipShape<I, F>]: MembershipShape<I, F>[K];
} & {};

/** The parts a `Membership` is made of, before they are flattened into one object type. */
export type MembershipShape<I extends Include, F extends OptionalField> = Omit<
  InsightsAccessGroupMembership,
  OptionalField
> & {
  /** The membership's id, a string as in `results[].id`. */
  id: string;
} & { [K in F]-?: NonNullable<InsightsAccessGroupMembership[K]> } & ("user" extends I ? { user: User } : unknown);

/**
 * Per-call options of operations that return records (memberships or users): `I` is what may be
 * side-loaded, `F` the optional fields the resource offers.
 */
export interface ReadOptions<I extends string, F extends string> extends RequestOptions {
  /** Associations to side-load; sent comma-joined as `include=…`. */
  include?: readonly I[];
  /** Optional fields to return; sent comma-joined as `optional_fields=…`. */
  optionalFields?: readonly F[];
}

/** The parameters of `memberships.list`, `iterate` and `listAll`: filters, paging, reads and request options in one object. */
export type ListParams<I extends Include, F extends OptionalField> = ListFilters & ReadOptions<I, F>;

/** What `memberships.list` resolves to: one page. */
export interface MembershipPage<M> {
  /** This page's memberships, in `results` order. */
  memberships: M[];
  /** Paging figures for the whole query; `page_count` tells when to stop. */
  meta: Meta | undefined;
  data: InsightsAccessGroupMembershipEnvelope;
  response: Response;
}

/** Options of `memberships.move`. */
export interface MoveOptions<I extends Include, F extends OptionalField> extends ReadOptions<I, F> {
  /** `can_edit` for the new membership; by default the old membership's value is kept. */
  can_edit?: boolean;
}

/** What `memberships.move` resolves to. */
export interface MoveResult<M> {
  /** The new membership, in the target group. */
  membership: M;
  /** The membership that was deleted, as it was; undefined when the user already was in the target group. */
  previous: Membership | undefined;
  /** False when the user already was in the target group and nothing changed. */
  moved: boolean;
}

/** What a single-membership call resolves to. */
export interface MembershipResult<M> {
  membership: M;
  /** The whole typed response envelope. */
  data: InsightsAccessGroupMembershipEnvelope;
  response: Response;
}

/** `listAll`'s parameters: those of `list`, and how many pages to read at a time. */
export type ListAllParams<I extends Include, F extends OptionalField> = ListParams<I, F> & {
  /** Pages read at a time after the first (1 to 16, default 4). */
  concurrency?: number;
};

/** Kantata's Insights Access Group Memberships, as `client.memberships` offers them. */
export interface Memberships {
  /**
   * One page of memberships, in `results` order.
   *
   * @param params - filters (`by_access_group_id`, `by_user_name`, `user_ids`, `only`), `order`,
   *   `page` and `per_page` (1 to 200), `include`, `optionalFields`, and request options
   */
  list<const I extends Include = never, const F extends OptionalField = never>(
    params?: ListParams<I, F>,
  ): Promise<MembershipPage<Membership<I, F>>>;

  /**
   * Every membership the query matches, page after page (from `params.page`, default 1, until
   * `meta.page_count`), as an async iterable. Without a `per_page` of the caller's, it asks for
   * 200 a page, the spec's maximum. A page is read only when the loop reaches it.
   */
  iterate<const I extends Include = never, const F extends OptionalField = never>(
    params?: ListParams<I, F>,
  ): AsyncGenerator<Membership<I, F>, void, undefined>;

  /**
   * Every membership the query matches, across all pages, as one array in `results` order. Once
   * the first page has said how many pages there are, the rest are read `concurrency` at a time;
   * the first page that fails aborts the others and rejects the call with its error.
   */
  listAll<const I extends Include = never, const F extends OptionalField = never>(
    params?: ListAllParams<I, F>,
  ): Promise<Membership<I, F>[]>;

  /** One membership by id (a number or a string of digits). */
  get<const I extends Include = never, const F extends OptionalField = never>(
    id: Id,
    options?: ReadOptions<I, F>,
  ): Promise<MembershipResult<Membership<I, F>>>;

  /**
   * Adds a user to a classic Insights Access Group (Account Administrators only). Not retried on
   * 5xx or lost connections: a POST might have been applied.
   */
  create<const I extends Include = never, const F extends OptionalField = never>(
    newMembership: NewMembership,
    options?: ReadOptions<I, F>,
  ): Promise<MembershipResult<Membership<I, F>>>;

  /**
   * Grants or revokes a member's right to create and edit classic Insights dashboards and
   * reports (Account Administrators only). `can_edit: true` opens all account data to the
   * member; Kantata may take up to 15 minutes to apply the change.
   *
   * @param id - the membership's id, as a number or a string of digits
   * @param changes - what to change, such as `{ can_edit: false }`
   * @param options - `include: ["user"]` side-loads the user; `optionalFields` asks for extra fields
   */
  update<const I extends Include = never, const F extends OptionalField = never>(
    id: Id,
    changes: AtLeastOne<MembershipAttributes>,
    options?: ReadOptions<I, F>,
  ): Promise<MembershipResult<Membership<I, F>>>;

  /** Removes a user from their group (Account Administrators only); resolves to undefined on 204. */
  delete(id: Id, options?: RequestOptions): Promise<undefined>;

  /**
   * Moves a user to another classic Insights Access Group, the way Kantata requires: find the
   * user's membership, delete it, create the new one, and keep `can_edit` (or set
   * `options.can_edit`). When a step fails, the KantataMoveError says what happened and in what
   * state the account is.
   */
  move<const I extends Include = never, const F extends OptionalField = never>(
    userId: Id,
    toGroupId: Id,
    options?: MoveOptions<I, F>,
  ): Promise<MoveResult<Membership<I, F>>>;
}

/** The memberships resource without `move`: what `move` is built on. */
export type MembershipsResource = Omit<Memberships, "move">;
