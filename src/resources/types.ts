// The memberships resource's public types, all derived from the generated spec types: nothing here restates a field,
// an enum value or a requirement that openapi/ defines.
import type { components, operations } from "../../generated/openapi.js";
import type { RequestOptions } from "../core/settings.js";

export type InsightsAccessGroupMembership = components["schemas"]["InsightsAccessGroupMembership"];
export type User = components["schemas"]["User"];
/** The whole response envelope of a membership request. */
export type InsightsAccessGroupMembershipEnvelope = components["schemas"]["InsightsAccessGroupMembershipEnvelope"];
/** What `memberships.update` may change. */
export type MembershipAttributes =
  components["schemas"]["InsightsAccessGroupMembershipUpdate"]["insights_access_group_membership"];
/** Who joins which group, for `memberships.create`. */
export type NewMembership =
  components["schemas"]["InsightsAccessGroupMembershipCreate"]["insights_access_group_membership"];
/** The envelope's paging figures. */
export type Meta = components["schemas"]["Meta"];

type ListQuery = NonNullable<operations["listInsightsAccessGroupMemberships"]["parameters"]["query"]>;
/** The filters, order and paging of `memberships.list`, with Kantata's names. */
export type ListFilters = Omit<ListQuery, "include" | "optional_fields">;

type UpdateQuery = NonNullable<operations["updateInsightsAccessGroupMembership"]["parameters"]["query"]>;
/** An association that can be side-loaded with `include`. */
export type Include = NonNullable<UpdateQuery["include"]>[number];
/** A field Kantata returns only when asked for through `optional_fields`. */
export type OptionalField = NonNullable<UpdateQuery["optional_fields"]>[number];

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * A membership as the client returns it: the record, its id from `results`, the optional
 * fields that were asked for (`F`), and the user when `include` had `"user"` (`I`).
 */
export type Membership<I extends Include = never, F extends OptionalField = never> = Simplify<
  Omit<InsightsAccessGroupMembership, OptionalField> & {
    /** The membership's id, a string as in `results[].id`. */
    id: string;
  } & { [K in F]-?: NonNullable<InsightsAccessGroupMembership[K]> } & ("user" extends I ? { user: User } : unknown)
>;

/** Per-call options of operations that return memberships. */
export interface ReadOptions<I extends Include, F extends OptionalField> extends RequestOptions {
  /** Associations to side-load; sent as `include=user`. */
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
