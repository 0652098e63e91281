// The error family. Every error the client throws extends KantataError, so one `instanceof`
// check covers them all; subclasses say what went wrong without parsing messages. Each class
// writes its name out (minifiers rename classes), and `instanceof` also holds across two
// copies of the package in one process (`require` and `import`), through a registered symbol.

/** One entry of Kantata's `errors` array. */
export interface KantataErrorDetail {
  type: string;
  message: string;
  field?: string;
}

// Every class of the family, in either copy of the package, carries this registered symbol.
const family = /*#__PURE__*/ Symbol.for("kantata-insights-access");

type ErrorClass = { errorName?: string; [family]?: true } | null;

/** The base of every error this package throws. */
export class KantataError extends Error {
  /** The class's name, written out so that it survives minification. */
  static readonly errorName: string = "KantataError";
  /** Marks every class of the family, in any copy of the package: what `instanceof` looks for. */
  static readonly [family] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = (new.target as typeof KantataError).errorName;
  }

  /**
   * True for errors of this class from any copy of the package (CommonJS and ES module builds
   * alike): the value's class, or a class it extends, is of the family and has this class's name.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Error[Symbol.hasInstance].call(this, value)) return true;
    for (let c = (value as object | null)?.constructor as ErrorClass; c?.[family]; c = Object.getPrototypeOf(c)) {
      if (c.errorName === this.errorName) return true;
    }
    return false;
  }
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
  static override readonly errorName: string = "KantataInputError";
  /** The argument that was refused, such as `id` or `attributes.can_edit`. */
  declare readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

/** The token function failed, or returned something that cannot be sent as a token; nothing was sent. */
export class KantataTokenError extends KantataError {
  static override readonly errorName: string = "KantataTokenError";
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

/** The server answered with something other than success. */
export class KantataApiError extends KantataError {
  static override readonly errorName: string = "KantataApiError";
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
  static override readonly errorName: string = "BadRequestError";
}
/** 401: the token is missing, expired or revoked. */
export class AuthenticationError extends KantataApiError {
  static override readonly errorName: string = "AuthenticationError";
}
/** 403: the caller may not do this (memberships change only for Account Administrators). */
export class PermissionDeniedError extends KantataApiError {
  static override readonly errorName: string = "PermissionDeniedError";
}
/** 404: no such record, or the caller cannot see it. */
export class NotFoundError extends KantataApiError {
  static override readonly errorName: string = "NotFoundError";
}
/** 422: a value was refused; see `errors[].field`. */
export class UnprocessableEntityError extends KantataApiError {
  static override readonly errorName: string = "UnprocessableEntityError";
}
/** 429: over a rate limit. */
export class RateLimitError extends KantataApiError {
  static override readonly errorName: string = "RateLimitError";
  /** How long the server asked to wait, when it said (`Retry-After`). */
  declare readonly retryAfterMs: number | undefined;
}
/** 503: Kantata is unavailable. */
export class ServiceUnavailableError extends KantataApiError {
  static override readonly errorName: string = "ServiceUnavailableError";
}
/** Any other 5xx. */
export class InternalServerError extends KantataApiError {
  static override readonly errorName: string = "InternalServerError";
}

/** A success status whose body is not the documented answer. */
export class KantataResponseError extends KantataError {
  static override readonly errorName: string = "KantataResponseError";
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
  static override readonly errorName: string = "KantataMoveError";
  declare readonly state: MoveState;
  /** Every error met, in order: each failed step's, then each read-back's. */
  declare readonly errors: unknown[];
  constructor(state: MoveState, message: string, errors: unknown[]) {
    super(message, { cause: errors[0] });
    Object.assign(this, { state, errors });
  }
}

/** No answer came: the connection was refused, reset or never made. */
export class KantataConnectionError extends KantataError {
  static override readonly errorName: string = "KantataConnectionError";
}
/** No answer came within the attempt's timeout. */
export class KantataTimeoutError extends KantataConnectionError {
  static override readonly errorName: string = "KantataTimeoutError";
}
/** The caller's own AbortSignal fired; nothing is retried after it. */
export class KantataAbortError extends KantataError {
  static override readonly errorName: string = "KantataAbortError";
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
  const errors = (Array.isArray(list) ? list : [])
    .filter((e) => typeof e?.type === "string" && typeof e.message === "string")
    .map(({ type, message, field }) => ({
      type,
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
