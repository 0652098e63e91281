// The error family. Every error the client throws extends KantataError, so one `instanceof`
// check covers them all; subclasses say what went wrong without parsing messages.

/** One entry of Kantata's `errors` array. */
export interface KantataErrorDetail {
  type: string;
  message: string;
  field?: string;
}

/** The base of every error this package throws. */
export class KantataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input caught before anything was sent. */
export class KantataInputError extends KantataError {
  /** The argument that was refused, such as `id` or `attributes.can_edit`. */
  declare readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

/** The request and the answer an error is about. */
export interface Exchange {
  method: string;
  path: string;
  response: Response;
}

/** The server answered with something other than success. */
export class KantataApiError extends KantataError {
  declare readonly status: number;
  /** Kantata's `errors` array; empty when the body was not Kantata's JSON. */
  declare readonly errors: KantataErrorDetail[];
  declare readonly headers: Headers;
  declare readonly response: Response;
  constructor({ method, path, response }: Exchange, errors: KantataErrorDetail[], detail?: string) {
    detail ??= errors[0]?.message ?? response.statusText;
    super(`${method} ${path} answered ${response.status}${detail ? `: ${detail}` : ""}`);
    Object.assign(this, { status: response.status, errors, headers: response.headers, response });
  }
}

/** 400: Kantata could not understand the request. */
export class BadRequestError extends KantataApiError {}
/** 401: the token is missing, expired or revoked. */
export class AuthenticationError extends KantataApiError {}
/** 403: the caller may not do this (memberships change only for Account Administrators). */
export class PermissionDeniedError extends KantataApiError {}
/** 404: no such record, or the caller cannot see it. */
export class NotFoundError extends KantataApiError {}
/** 422: a value was refused; see `errors[].field`. */
export class UnprocessableEntityError extends KantataApiError {}
/** 429: over a rate limit. */
export class RateLimitError extends KantataApiError {
  /** How long the server asked to wait, when it said (`Retry-After`). */
  declare readonly retryAfterMs: number | undefined;
}
/** 503: Kantata is unavailable. */
export class ServiceUnavailableError extends KantataApiError {}
/** Any other 5xx. */
export class InternalServerError extends KantataApiError {}

/** A success status whose body is not the documented JSON. */
export class KantataResponseError extends KantataError {
  declare readonly status: number;
  declare readonly headers: Headers;
  declare readonly response: Response;
  constructor({ method, path, response }: Exchange, problem: string) {
    super(`${method} ${path} answered ${response.status} with ${problem}`);
    Object.assign(this, { status: response.status, headers: response.headers, response });
  }
}

/** Where a failed `memberships.move` left the account; see KantataMoveError. */
export type MoveState =
  "unchanged" | "moved-can-edit-unset" | "restored" | "restored-can-edit-unset" | "no-membership" | "unknown";

/**
 * `memberships.move` could not finish. `state` says where the account was left, as read back
 * after the failure (the README's "Moving a user" says what each state verified):
 * - `unchanged`: nothing was changed;
 * - `moved-can-edit-unset`: the user is in the new group, but `can_edit` is not set;
 * - `restored`: the new membership could not be made, and the old one was made again;
 * - `restored-can-edit-unset`: as `restored`, but `can_edit` could not be set back;
 * - `no-membership`: the user has **no** Insights Access Group membership;
 * - `unknown`: the account could not be read back, or a write got no answer and may still land.
 * The message names the old membership, group and `can_edit`, so nothing is lost.
 */
export class KantataMoveError extends KantataError {
  declare readonly state: MoveState;
  /** Every error met, in order: the failed step's first, then the restore's when there was one. */
  declare readonly errors: unknown[];
  constructor(state: KantataMoveError["state"], message: string, errors: unknown[]) {
    super(message, { cause: errors[0] });
    Object.assign(this, { state, errors });
  }
}

/** No answer came: the connection was refused, reset or never made. */
export class KantataConnectionError extends KantataError {}
/** No answer came within the attempt's timeout. */
export class KantataTimeoutError extends KantataConnectionError {}
/** The caller's own AbortSignal fired; nothing is retried after it. */
export class KantataAbortError extends KantataError {}

const byStatus: Record<number, typeof KantataApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

/** The KantataApiError subclass for a non-success answer, with Kantata's errors from `body`. */
export function apiError(exchange: Exchange, body: unknown, retryAfterMs?: number, detail?: string): KantataApiError {
  const list = (body as { errors?: unknown })?.errors;
  const errors = (Array.isArray(list) ? list : [])
    .filter((e) => typeof e?.type === "string" && typeof e.message === "string")
    .map(({ type, message, field }) => (typeof field === "string" ? { type, message, field } : { type, message }));
  const status = exchange.response.status;
  const error = new (byStatus[status] ?? (status > 499 ? InternalServerError : KantataApiError))(
    exchange,
    errors,
    detail,
  );
  if (error instanceof RateLimitError) Object.assign(error, { retryAfterMs });
  return error;
}
