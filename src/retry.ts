// When to try again and how long to wait first. Retrying is safe for idempotent methods;
// a POST is retried only on 429, which Kantata sends before doing anything.

export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 2. */
  maxRetries?: number;
  /** A `Retry-After` longer than this fails at once with RateLimitError. Default 60 000 ms. */
  maxRetryAfterMs?: number;
}

export const retryDefaults = { maxRetries: 2, maxRetryAfterMs: 60_000 } as const;

const idempotent = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const transientStatuses = new Set([502, 503, 504]);

/** Whether an answer with `status` (or no answer, `"connection"`) may be retried. */
export function isRetryable(method: string, status: number | "connection"): boolean {
  if (status === 429) return true;
  return idempotent.has(method) && (status === "connection" || transientStatuses.has(status));
}

/** The wait a `Retry-After` header asks for, in ms, or undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s … capped at 8 s. */
export function backoffMs(retry: number, random = Math.random): number {
  const ceiling = Math.min(500 * 2 ** retry, 8_000);
  return Math.round(ceiling * (0.75 + 0.25 * random()));
}

/** Waits `ms`, or rejects with the signal's reason as soon as the caller aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}
