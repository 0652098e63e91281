// The error family. Every error the client throws extends KantataError, so one `instanceof`
// check covers them all; subclasses say what went wrong without parsing messages. These are
// ordinary classes: the package ships one ES-module implementation, which `require()` loads
// too, so there is one class object per error in a process. Each class writes its name out,
// because minifiers rename classes.

import type { components } from "../../generated/openapi.js";

/** One entry of Kantata's `errors` array, as the spec describes it (`type` may be missing). */
export type KantataErrorDetail = components["schemas"]["Error"];

/** The base of every error this package throws. */
export class KantataError extends Error {
  override name = "KantataError";
}

/**
 * Sets an answer's fields on an error. `response` and `headers` are not enumerable, so that
 * util.inspect and console.log show the stack and the fields worth reading, not undici's internals.
 */
function setAnswer(error: KantataError, url: string, response: Response, fields?: object): void {
  Object.assign(error, { status: response.status, url }, fields);
  Object.defineProperties(error, { headers: { value: response.headers }, response: { value: response } });
}

/** Bad input caught before anything was sent. */
export class KantataInputError extends KantataError {
  override name = "KantataInputError";
  /** The argument that was refused, such as `id` or `attributes.can_edit`. */
  declare readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

/** The token function failed, or returned something that cannot be sent as a token; nothing was sent. */
export class KantataTokenError extends KantataError {
  override name = "KantataTokenError";
}

/** The request and the answer an error is about. */
export interface Exchange {
  method: string;
  /** The request's URL: origin and path, without the query. */
  url: string;
  response: Response;
  /** Scrubs the client's tokens from text the server sent. */
  redact?: (text: string) => string;
}

const keep = (text: string) => text;

/**
 * The server answered with something other than success. Each subclass carries its status as a
 * literal type (`NotFoundError`'s is `404`); `KantataStatusError` is their union, which
 * `switch (e.status)` narrows.
 */
export class KantataApiError extends KantataError {
  override name = "KantataApiError";
  declare readonly status: number;
  declare readonly url: string;
  /** Kantata's `errors` array; empty when the body was not Kantata's JSON. */
  declare readonly errors: KantataErrorDetail[];
  declare readonly headers: Headers;
  declare readonly response: Response;
  /**
   * `errors` and `detail` (what the message says after the status) are taken as they are:
   * `apiError`, which the client throws through, picks the detail and scrubs both (and the
   * response) of the client's tokens.
   */
  constructor({ method, url, response }: Exchange, errors: KantataErrorDetail[], detail?: string) {
    super(`${method} ${url} answered ${response.status}${detail ? `: ${detail}` : ""}`);
    setAnswer(this, url, response, { errors });
  }
}

/** 400: Kantata could not understand the request. */
export class BadRequestError extends KantataApiError {
  override name = "BadRequestError";
  declare readonly status: 400;
}
/** 401: the token is missing, expired or revoked. */
export class AuthenticationError extends KantataApiError {
  override name = "AuthenticationError";
  declare readonly status: 401;
}
/** 403: the caller may not do this (memberships change only for Account Administrators). */
export class PermissionDeniedError extends KantataApiError {
  override name = "PermissionDeniedError";
  declare readonly status: 403;
}
/** 404: no such record, or the caller cannot see it. */
export class NotFoundError extends KantataApiError {
  override name = "NotFoundError";
  declare readonly status: 404;
}
/** 422: a value was refused; see `errors[].field`. */
export class UnprocessableEntityError extends KantataApiError {
  override name = "UnprocessableEntityError";
  declare readonly status: 422;
}
/** 429: over a rate limit. */
export class RateLimitError extends KantataApiError {
  override name = "RateLimitError";
  declare readonly status: 429;
  /** How long the server asked to wait, when it said (`Retry-After`). */
  declare readonly retryAfterMs: number | undefined;
}
/** 503: Kantata is unavailable. */
export class ServiceUnavailableError extends KantataApiError {
  override name = "ServiceUnavailableError";
  declare readonly status: 503;
}
/** Any other 5xx. */
export class InternalServerError extends KantataApiError {
  override name = "InternalServerError";
}

/**
 * Every error for a status Kantata documents, each with its status as a literal type: inside
 * `switch (e.status)`, `case 429:` is a `RateLimitError` with its `retryAfterMs`. An undocumented
 * status is an `InternalServerError` (5xx) or a plain `KantataApiError`, checked with `instanceof`.
 */
export type KantataStatusError =
  | BadRequestError
  | AuthenticationError
  | PermissionDeniedError
  | NotFoundError
  | UnprocessableEntityError
  | RateLimitError
  | ServiceUnavailableError;

/** A success status whose body is not the documented answer. */
export class KantataResponseError extends KantataError {
  override name = "KantataResponseError";
  declare readonly status: number;
  declare readonly url: string;
  declare readonly headers: Headers;
  declare readonly response: Response;
  constructor({ method, url, response, redact = keep }: Exchange, problem: string) {
    super(`${method} ${url} answered ${response.status} with ${redact(problem)}`);
    setAnswer(this, url, response);
  }
}

/** Where a failed `memberships.move` left the account; see KantataMoveError. */
export type MoveState =
  "unchanged" | "moved-can-edit-unset" | "restored" | "restored-can-edit-unset" | "no-membership" | "unknown";

/**
 * `memberships.move` could not finish. `state` says where the account was left, as read back
 * after the failure (docs/moving.md says what each state verified):
 * - `unchanged`: nothing was changed;
 * - `moved-can-edit-unset`: the user is in the new group, but `can_edit` is not set;
 * - `restored`: the new membership could not be made, and the old one was made again;
 * - `restored-can-edit-unset`: as `restored`, but `can_edit` could not be set back;
 * - `no-membership`: the user has **no** Insights Access Group membership;
 * - `unknown`: the account could not be read back, or a write got no answer and may still land.
 * The message names the old membership, group and `can_edit`, so nothing is lost.
 */
export class KantataMoveError extends KantataError {
  override name = "KantataMoveError";
  declare readonly state: MoveState;
  /** Every error met, in order: each failed step's, then each read-back's. */
  declare readonly errors: KantataError[];
  constructor(state: MoveState, message: string, errors: KantataError[]) {
    super(message, { cause: errors[0] });
    Object.assign(this, { state, errors });
  }
}

/** No answer came: the connection was refused, reset or never made. */
export class KantataConnectionError extends KantataError {
  override name = "KantataConnectionError";
}
/** No answer came within the attempt's timeout. */
export class KantataTimeoutError extends KantataConnectionError {
  override name = "KantataTimeoutError";
}
/** The caller's own AbortSignal fired; nothing is retried after it. */
export class KantataAbortError extends KantataError {
  override name = "KantataAbortError";
}

const byStatus: Record<number, typeof KantataApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

/**
 * The KantataApiError subclass for a non-success answer, with Kantata's errors from `body`,
 * each scrubbed of the client's tokens.
 */
export function apiError(exchange: Exchange, body: unknown, retryAfterMs?: number, detail?: string): KantataApiError {
  const list = (body as { errors?: unknown })?.errors;
  const redact = exchange.redact ?? keep;
  // Kantata's Error schema requires neither key: an entry with a message keeps it, with or without a type.
  const errors = (Array.isArray(list) ? list : [])
    .filter((e) => typeof e?.message === "string")
    .map(({ type, message, field }) => ({
      ...(typeof type === "string" && { type: redact(type) }),
      message: redact(message),
      ...(typeof field === "string" && { field: redact(field) }),
    }));
  const status = exchange.response.status;
  const error = new (byStatus[status] ?? (status > 499 ? InternalServerError : KantataApiError))(
    exchange,
    errors,
    detail ?? errors[0]?.message ?? redact(exchange.response.statusText),
  );
  if (error instanceof RateLimitError) Object.assign(error, { retryAfterMs });
  return error;
}
