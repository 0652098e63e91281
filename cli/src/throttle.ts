// One throttle shared by every worker of a run, at the fetch the client sends through: it paces,
// and leaves retrying to the library (one retry policy: the client sends a 429'd request again
// after its Retry-After, up to its maxRetries, and gives up at once on a Retry-After over
// maxRetryAfterMs). On a 429 every worker slows down: the concurrency halves, requests are paced
// at a little under the rate that just succeeded, and nothing is sent until the server's
// Retry-After (read by the library's own reader), or without one an exponential backoff, has
// passed. Then it ramps up again. A request whose wait would be longer than the client allows is
// answered at once, as the server would, with a 429 that says how long is left.
import { retryAfterMs } from "kantata-insights-access";

/** The fetch the client is given, and what the throttle saw (for the summary). */
export interface Throttle {
  fetch: (request: Request) => Promise<Response>;
  stats: { requests: number; rateLimited: number };
}

export function createThrottle(
  maxConcurrency: number,
  /** The longest pause a request may wait here before it is answered 429 at once: the client's maxRetryAfterMs. */
  maxWaitMs: number,
  send: (request: Request) => Promise<Response> = fetch,
): Throttle {
  const stats = { requests: 0, rateLimited: 0 };
  // A slow start, as TCP's, paced by the clock: two requests at a time first, and twice as many
  // once the limit has held requests back for 50 ms while they succeed, until the first 429
  // shows where the server's limit is (or the concurrency asked for is reached). Against a slow
  // server that is full speed within a few round trips; against a fast one with a low limit,
  // few requests are in flight when the first 429 comes (each of them would be answered 429 too).
  let limit = Math.min(2, maxConcurrency);
  /** Since when the limit has held requests back (undefined: it has not since it last grew). */
  let heldSince: number | undefined;
  let active = 0;
  let pausedUntil = 0;
  /** Requests a second, once a 429 has shown the server's rate; Infinity until then. */
  let rate = Infinity;
  let nextStart = 0;
  let strikes = 0;
  let lastCut = 0;
  let streak = 0;
  /** When each request, and each success, of the last second came. */
  const sent: number[] = [];
  const successes: number[] = [];
  const wakers = new Set<() => void>();

  /**
   * Waits for a free slot, the end of any pause, and the pacing interval. Resolves to true when
   * the request may go; false when its signal aborted first; a number (the ms left) when the
   * pause is longer than a request may wait.
   */
  async function acquire(signal: AbortSignal): Promise<boolean | number> {
    for (;;) {
      if (signal.aborted) return false;
      const now = Date.now();
      if (pausedUntil - now > maxWaitMs) return pausedUntil - now;
      const start = Math.max(pausedUntil, Number.isFinite(rate) ? nextStart : 0);
      if (active < limit && start <= now) {
        active++;
        if (active === limit) heldSince ??= now;
        if (Number.isFinite(rate)) nextStart = Math.max(now, nextStart) + 1000 / rate;
        sent.push(now);
        while (sent[0]! < now - 1000) sent.shift();
        return true;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          wakers.delete(wake);
          signal.removeEventListener("abort", wake);
          resolve();
        };
        const timer = start > now ? setTimeout(wake, start - now) : undefined;
        wakers.add(wake);
        signal.addEventListener("abort", wake, { once: true });
      });
    }
  }

  function release() {
    active--;
    for (const wake of [...wakers]) wake();
  }

  /** Adapts to one answer: a 429 slows every worker down; a run of successes speeds them up again. */
  function onAnswer(response: Response, sentAt: number) {
    const now = Date.now();
    if (response.status !== 429) {
      successes.push(now);
      while (successes[0]! < now - 1000) successes.shift();
      strikes = 0;
      // Additive increase: about one more request a second every ten seconds.
      if (Number.isFinite(rate)) rate += 0.1 / rate;
      if (!lastCut && heldSince !== undefined && now - heldSince >= 50) {
        limit = Math.min(maxConcurrency, limit * 2);
        heldSince = undefined;
      } else if (++streak >= 20) {
        streak = 0;
        limit = Math.min(maxConcurrency, limit + 1);
      }
      return;
    }
    stats.rateLimited++;
    streak = 0;
    const asked = retryAfterMs(response.headers);
    if (asked !== undefined) pausedUntil = Math.max(pausedUntil, now + asked);
    // One cut per episode: the answers to requests sent before the last cut say nothing new.
    if (sentAt < lastCut) return;
    const previousCut = lastCut;
    lastCut = now;
    // Without a Retry-After, back off exponentially over consecutive episodes.
    if (asked === undefined) pausedUntil = Math.max(pausedUntil, now + Math.min(250 * 2 ** strikes, 8000));
    strikes++;
    limit = Math.max(1, Math.floor(limit / 2));
    while (sent.length && sent[0]! < now - 1000) sent.shift();
    // Paced only when the 429 came at a real rate; a lone 429 at a trickle is waited out, not
    // learnt. So is one that follows the last cut's pause: the few requests sent since then met a
    // limit still full from before it, whatever their pace.
    if (sent.filter((t) => t > previousCut).length < 3) return;
    // First, a little under what the server let through in the last second: a window limiter's
    // limit, or a token bucket's rate once its burst is spent. After that, 15% under the pace
    // that failed, or that, whichever is faster: a pause in the last second lowers the count.
    // Either is under the failed pace (no more can be let through than was sent).
    const letThrough = successes.filter((t) => t >= now - 1000).length;
    // Next to nothing let through: a server refusing everything for a while (busy, not a rate),
    // which the pause waits out; a pace learnt from it would be a trickle long after it passed.
    if (letThrough < 3) return;
    rate = Math.max(1, letThrough * 0.9, Number.isFinite(rate) ? rate * 0.85 : 0);
  }

  return {
    stats,
    async fetch(request) {
      const admitted = await acquire(request.signal);
      if (admitted === false) {
        return new Response(null, {
          status: 429,
          statusText: "Too Many Requests (not sent: rate-limited past the deadline)",
        });
      }
      if (typeof admitted === "number") {
        // What the server said, said again without asking it: the client gives up on this at once.
        return new Response(null, {
          status: 429,
          statusText: "Too Many Requests (not sent: the server's Retry-After is longer than the client waits)",
          headers: { "retry-after": String(Math.ceil(admitted / 1000)) },
        });
      }
      stats.requests++;
      const sentAt = Date.now();
      let response: Response;
      try {
        response = await send(request);
      } finally {
        release();
      }
      onAnswer(response, sentAt);
      return response;
    },
  };
}
