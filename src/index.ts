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
export type { KantataErrorDetail, MoveState } from "./core/errors.js";
export type { RetryOptions } from "./core/retry.js";
export type { RequestOptions } from "./core/settings.js";
export type {
  Include,
  InsightsAccessGroupMembership,
  InsightsAccessGroupMembershipEnvelope,
  ListFilters,
  ListParams,
  Membership,
  MembershipAttributes,
  MembershipPage,
  MembershipResult,
  Meta,
  MoveOptions,
  MoveResult,
  NewMembership,
  OptionalField,
  ReadOptions,
  User,
} from "./resources/types.js";
export type { components, operations, paths } from "../generated/openapi.js";
