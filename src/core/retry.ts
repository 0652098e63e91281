// When to try again and how long to wait first. Retrying is safe for idempotent methods;
// a POST is retried only on 429, which Kantata sends before doing anything.

export interface RetryOptions {
  /** Retries after the first attempt, 0 to 10; 0 turns retrying off. Default 2. */
  maxRetries?: number;
  /** A `Retry-After` longer than this fails at once with RateLimitError. Default 60 000 ms. */
  maxRetryAfterMs?: number;
}

/** Whether an answer with `status` (or no answer, `0`) may be retried. */
export const isRetryable = (method: string, status: number): boolean =>
  status === 429 || (method !== "POST" && method !== "PATCH" && [0, 502, 503, 504].includes(status));

/**
 * The wait an answer's `Retry-After` header asks for, in ms (seconds or an HTTP date), or
 * undefined when it is absent or unreadable: what the client's retries honour, for a caller
 * that paces its own requests.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return;
  const at = /^\d+(\.\d+)?$/.test(value) ? now + Number(value) * 1000 : Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round(at - now));
}

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s … capped at 8 s. */
export const backoffMs = (retry: number, random = Math.random): number =>
  Math.round(Math.min(500 * 2 ** retry, 8000) * (0.75 + 0.25 * random()));

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    if (signal?.aborted) stop();
    signal?.addEventListener("abort", stop, { once: true });
  });
