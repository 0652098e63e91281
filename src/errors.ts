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
  /** The argument that was refused, such as `id` or `body.can_edit`. */
  readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

/** What KantataApiError and KantataResponseError know about the answer. */
interface AnswerFacts {
  method: string;
  path: string;
  response: Response;
}

/** The server answered with something other than success. */
export class KantataApiError extends KantataError {
  readonly status: number;
  /** Kantata's `errors` array; empty when the body was not Kantata's JSON. */
  readonly errors: KantataErrorDetail[];
  readonly headers: Headers;
  readonly response: Response;
  constructor(facts: AnswerFacts, errors: KantataErrorDetail[], note?: string) {
    const detail = note ?? errors[0]?.message ?? facts.response.statusText;
    super(`${facts.method} ${facts.path} answered ${facts.response.status}${detail ? `: ${detail}` : ""}`);
    this.status = facts.response.status;
    this.errors = errors;
    this.headers = facts.response.headers;
    this.response = facts.response;
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
  readonly retryAfterMs: number | undefined;
  constructor(facts: AnswerFacts, errors: KantataErrorDetail[], retryAfterMs: number | undefined, note?: string) {
    super(facts, errors, note);
    this.retryAfterMs = retryAfterMs;
  }
}
/** 503: Kantata is unavailable. */
export class ServiceUnavailableError extends KantataApiError {}
/** Any other 5xx. */
export class InternalServerError extends KantataApiError {}

/** A success status whose body is not the documented JSON. */
export class KantataResponseError extends KantataError {
  readonly status: number;
  readonly headers: Headers;
  readonly response: Response;
  constructor(facts: AnswerFacts, problem: string, options?: { cause?: unknown }) {
    super(`${facts.method} ${facts.path} answered ${facts.response.status} with ${problem}`, options);
    this.status = facts.response.status;
    this.headers = facts.response.headers;
    this.response = facts.response;
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
  503: ServiceUnavailableError,
};

/** Reads Kantata's `errors` array out of a body of unknown shape; [] when there is none. */
export function errorDetails(body: unknown): KantataErrorDetail[] {
  const list = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is KantataErrorDetail => typeof e?.type === "string" && typeof e?.message === "string")
    .map((e) => ({ type: e.type, message: e.message, ...(typeof e.field === "string" ? { field: e.field } : {}) }));
}

/** The KantataApiError subclass for a non-success answer. */
export function apiError(facts: AnswerFacts, body: unknown, retryAfterMs?: number, note?: string): KantataApiError {
  const errors = errorDetails(body);
  const status = facts.response.status;
  if (status === 429) return new RateLimitError(facts, errors, retryAfterMs, note);
  const ErrorClass = byStatus[status] ?? (status >= 500 ? InternalServerError : KantataApiError);
  return new ErrorClass(facts, errors, note);
}
