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

const kinds = /*#__PURE__*/ Symbol.for("kantata-insights-access.error-kinds");
const inspectCustom = /*#__PURE__*/ Symbol.for("nodejs.util.inspect.custom");
type Inspect = (value: unknown, options?: object) => string;

/** The base of every error this package throws. */
export class KantataError extends Error {
  /** The class's name, written out so that it survives minification. */
  static readonly errorName: string = "KantataError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const names: string[] = [];
    for (let c = new.target as { errorName?: string } | null; c?.errorName; c = Object.getPrototypeOf(c)) {
      if (names[names.length - 1] !== c.errorName) names.push(c.errorName);
    }
    Object.defineProperty(this, kinds, { value: names });
    this.name = names[0]!;
  }

  /** True for errors of this class from any copy of the package (CommonJS and ES module builds alike). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const names = (value as { [kinds]?: unknown } | null)?.[kinds];
    return Array.isArray(names) && names.includes(this.errorName);
  }

  /** What util.inspect and console.log show: the stack and the fields worth reading, not the Response's internals. */
  [inspectCustom](_depth: number, options: object, inspect: Inspect): string {
    const { status, url, errors, state } = this as { status?: number; url?: string; errors?: unknown; state?: string };
    const fields = Object.fromEntries(
      Object.entries({ status, url, state, errors }).filter(([, v]) => v !== undefined),
    );
    return Object.keys(fields).length ? `${this.stack} ${inspect(fields, options)}` : `${this.stack}`;
  }
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
  constructor({ method, url, response, redact = keep }: Exchange, errors: KantataErrorDetail[], detail?: string) {
    errors = errors.map((e) => ({
      ...e,
      message: redact(e.message),
      ...(e.field === undefined ? {} : { field: redact(e.field) }),
    }));
    detail ??= errors[0]?.message ?? redact(response.statusText);
    super(`${method} ${url} answered ${response.status}${detail ? `: ${detail}` : ""}`);
    Object.assign(this, { status: response.status, url, errors, headers: response.headers, response });
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
    Object.assign(this, { status: response.status, url, headers: response.headers, response });
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
