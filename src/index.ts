// The package's public surface.
export { createInsightsAccessClient, defaultBaseUrl, defaultTimeoutMs } from "./client.js";
export type { ClientOptions, InsightsAccessClient } from "./client.js";
export {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  KantataAbortError,
  KantataApiError,
  KantataConnectionError,
  KantataError,
  KantataInputError,
  KantataMoveError,
  KantataResponseError,
  KantataTimeoutError,
  KantataTokenError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
} from "./core/errors.js";
export type { Exchange, KantataErrorDetail, KantataStatusError, MoveState } from "./core/errors.js";
export { retryAfterMs } from "./core/retry.js";
export type { Logger, LogDetails, LogLevel } from "./core/log.js";
export type { RetryOptions } from "./core/retry.js";
export type { RequestOptions } from "./core/settings.js";
export type {
  Id,
  Include,
  InsightsAccessGroupMembership,
  InsightsAccessGroupMembershipEnvelope,
  ListAllParams,
  ListFilters,
  ListParams,
  Membership,
  Memberships,
  MembershipShape,
  MembershipAttributes,
  AtLeastOne,
  MembershipPage,
  MembershipResult,
  Meta,
  MoveOptions,
  MoveResult,
  NewMembership,
  OptionalField,
  QueryOf,
  ReadOptions,
  User,
} from "./resources/types.js";
export type {
  AccountMembership,
  AccountUser,
  AccountUserShape,
  EmailLookup,
  UserEnvelope,
  UserInclude,
  UserListFilters,
  UserListParams,
  UserOptionalField,
  UserPage,
  UserReadOptions,
  UserResult,
  Users,
} from "./resources/user-types.js";
export type { components, operations, paths } from "../generated/openapi.js";
