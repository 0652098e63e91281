// One attempt's deadline, merged with the caller's own AbortSignal: a plain AbortController
// and setTimeout per attempt, combined with the caller's signal through AbortSignal.any (as ky
// and openai-node do). The two causes stay distinguishable: a timeout may be retried, a
// caller's abort never is. AbortSignal.any adds no listener to the caller's signal, so many
// calls can share one signal without a listener-leak warning.

export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** True once the deadline, not the caller, ended the attempt. */
  timedOut(): boolean;
  /** Stops the clock; call it when the attempt has settled. */
  done(): void;
}

export function attemptSignal(timeoutMs: number, callerSignal?: AbortSignal): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  return {
    signal: callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal,
    timedOut: () => timedOut,
    done: () => clearTimeout(timer),
  };
}

/**
 * `promise`, or a rejection with `signal`'s reason as soon as it aborts, whichever comes first.
 * An attempt is bound this way as well as through the request's signal: a fetch may ignore the
 * signal, and undici links a copied Request's signal to its parent only weakly.
 */
export function settleBy<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}
