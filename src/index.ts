// The package's public surface.
export { createInsightsAccessClient, defaultBaseUrl, defaultTimeoutMs } from "./client.js";
export type { InsightsAccessClient } from "./client.js";
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
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
} from "./errors.js";
export type { KantataErrorDetail } from "./errors.js";
export type { RetryOptions } from "./retry.js";
export type {
  ClientOptions,
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
  RequestOptions,
  User,
} from "./types.js";
export type { components, operations, paths } from "../generated/openapi.js";
