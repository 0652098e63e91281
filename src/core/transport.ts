// The attempt loop every request goes through: start the attempt's clock, make the typed
// openapi-fetch call, turn what came back into a result or an error, decide whether to try
// again, wait. Each decision is a named function; nothing here knows what resource it sends.
import {
  apiError,
  KantataAbortError,
  KantataConnectionError,
  KantataError,
  KantataTimeoutError,
  type Exchange,
} from "./errors.js";
import type { FetchFunction } from "./fetch.js";
import type { Log } from "./log.js";
import { backoffMs, isRetryable, retryAfterMs, sleep } from "./retry.js";
import { scrubResponse, type TokenKeeper } from "./security.js";
import type { Settings } from "./settings.js";
import { attemptSignal, settleBy } from "./timeout.js";

/** What one openapi-fetch call resolves to, read as text. */
export interface Answer {
  data?: string;
  error?: unknown;
  response: Response;
}

/** What each attempt's openapi-fetch call is made with: the attempt's signal, and the fetch that holds to it. */
export interface AttemptInit {
  signal: AbortSignal;
  fetch: FetchFunction;
}

/** One attempt: the typed openapi-fetch call, made with the attempt's signal and fetch. */
export type Attempt = (init: AttemptInit) => Promise<Answer>;

/** What the loop needs to know of a call: how it is named in errors, and its policy. */
export interface CallPolicy {
  readonly method: string;
  /** The request's URL, origin and path, for messages. */
  readonly url: string;
  readonly settings: Settings;
  /** The caller's signal, followed (not listened to) by each attempt and wait. */
  readonly signal: AbortSignal | undefined;
  readonly keeper: TokenKeeper;
  /** The fetch for one attempt: redirects unfollowed, under the attempt's signal. */
  readonly fetchFor: (signal: AbortSignal) => FetchFunction;
  /** Where attempts, retries and outcomes are logged; undefined when nothing is. */
  readonly log?: Log | undefined;
}

/** A success: the body text and the exchange it came in. */
export interface Success {
  text: string | undefined;
  exchange: Exchange;
}

type Outcome = { answer: Answer; failure?: undefined } | { answer?: undefined; failure: KantataError };

const isSuccess = (status: number) => status >= 200 && status < 300;

/** Makes one attempt under its own deadline; an error that is the caller's abort is thrown. */
async function attemptOnce(call: CallPolicy, attempt: Attempt): Promise<Outcome> {
  const deadline = attemptSignal(call.settings.timeoutMs, call.signal);
  try {
    const { signal } = deadline;
    return { answer: await settleBy(attempt({ signal, fetch: call.fetchFor(signal) }), signal) };
  } catch (error) {
    if (call.signal?.aborted) throw abortError(call);
    // The token reader's own errors say what went wrong; they are not connection trouble.
    if (error instanceof KantataError) throw error;
    return { failure: noAnswerError(call, error, deadline.timedOut()) };
  } finally {
    deadline.done();
  }
}

const abortError = (call: CallPolicy) =>
  new KantataAbortError(`${call.method} ${call.url} was aborted by the caller`, { cause: call.signal?.reason });

/** The error for an attempt that got no answer: timed out, or the connection failed. */
function noAnswerError(call: CallPolicy, error: unknown, timedOut: boolean): KantataError {
  const where = `${call.method} ${call.url}`;
  if (timedOut) return new KantataTimeoutError(`${where}: no answer within ${call.settings.timeoutMs} ms`);
  return new KantataConnectionError(`${where}: no answer (${call.keeper.redact(causeOf(error))})`, { cause: error });
}

/** Why a connection failed, in words: the cause's code or message, or "connection closed". */
function causeOf(error: unknown): string {
  const words = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);
  const found = error as { cause?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown } | null;
  return (
    words(found?.cause?.code) ??
    words(found?.code) ??
    words(found?.cause?.message) ??
    words(found?.message) ??
    "connection closed"
  );
}

/**
 * Why an answer must fail at once whatever the retry budget, or undefined: a redirect (never
 * followed, so the token stays with its origin) or a Retry-After longer than allowed.
 */
function finalReason(call: CallPolicy, response: Response, waitMs: number | undefined): string | undefined {
  if (response.status < 400 && response.headers.has("location")) {
    return "redirects are not followed, so the token stays with the configured origin";
  }
  const { maxRetryAfterMs } = call.settings;
  if (isRetryable(call.method, response.status) && waitMs !== undefined && waitMs > maxRetryAfterMs) {
    return `Retry-After asks for ${waitMs} ms, over maxRetryAfterMs (${maxRetryAfterMs} ms)`;
  }
  return undefined;
}

/** Whether the loop tries again after attempt number `retry` (from 0) ended with `status` (0: no answer). */
export const shouldRetry = (call: CallPolicy, status: number, retry: number): boolean =>
  retry < call.settings.maxRetries && isRetryable(call.method, status);

/** How long to wait before the next attempt: what the server asked for, or the backoff. */
export const retryDelayMs = (retry: number, retryAfter: number | undefined): number => retryAfter ?? backoffMs(retry);

/** Sends one call with retries and per-attempt timeouts; resolves to the success, or throws a KantataError. */
export async function send(call: CallPolicy, attempt: Attempt): Promise<Success> {
  const { method, url, keeper, log } = call;
  const started = Date.now();
  /** What a log line is about: the attempt `n` (from 1), its status, the time since `since`. */
  const details = (n: number, status: number, since: number, error?: KantataError) => ({
    method,
    url,
    status,
    attempt: n,
    elapsedMs: Date.now() - since,
    ...(error && { error: error.name }),
  });
  for (let retry = 0; ; retry++) {
    if (call.signal?.aborted) throw abortError(call);
    const tried = Date.now();
    const { answer, failure } = await attemptOnce(call, attempt).catch((error: KantataError) => {
      log?.("error", `${method} ${url} failed: ${error.name}`, details(retry + 1, 0, started, error));
      throw error;
    });
    const exchange = answer && { method, url, response: scrubResponse(answer.response, keeper), redact: keeper.redact };
    const status = exchange?.response.status ?? 0;
    log?.(
      "debug",
      `${method} ${url} attempt ${retry + 1}: ${status || failure!.name}`,
      details(retry + 1, status, tried),
    );
    // A server that echoes the token into a record does not hand it to the caller either.
    if (exchange && isSuccess(status)) {
      log?.("info", `${method} ${url} ${status}`, details(retry + 1, status, started));
      return { text: answer.data && keeper.redact(answer.data), exchange };
    }
    const waitMs = exchange && retryAfterMs(exchange.response.headers);
    const reason = exchange && finalReason(call, exchange.response, waitMs);
    const error = exchange ? apiError(exchange, answer.error, waitMs, reason) : failure!;
    if (reason !== undefined || !shouldRetry(call, status, retry)) {
      log?.(
        "error",
        `${method} ${url} failed: ${status ? `${status} ` : ""}${error.name}`,
        details(retry + 1, status, started, error),
      );
      throw error;
    }
    const delayMs = retryDelayMs(retry, waitMs);
    log?.(
      "warn",
      `${method} ${url} ${status || error.name}; retrying in ${delayMs} ms (retry ${retry + 1} of ${call.settings.maxRetries})`,
      {
        ...details(retry + 1, status, started, error),
        delayMs,
      },
    );
    const wait = call.signal && AbortSignal.any([call.signal]);
    await sleep(delayMs, wait).catch(() => Promise.reject(abortError(call)));
  }
}

/** What the resources send through: the base URL, the token keeper, the client's default settings and fetch. */
export interface Transport {
  readonly baseUrl: string;
  readonly keeper: TokenKeeper;
  readonly settings: Settings;
  readonly fetchFor: (signal: AbortSignal) => FetchFunction;
  readonly log?: Log | undefined;
}
