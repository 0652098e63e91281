// One attempt's deadline, merged with the caller's own AbortSignal. The clock starts when
// the attempt starts, and the two causes stay distinguishable: a timeout may be retried,
// a caller's abort never is. The caller's signal is followed through AbortSignal.any, which
// adds no listener to it, so many calls can share one signal without a listener-leak warning.
//
// Attempts do not each start a timer. Attempts with the same timeout expire in the order they
// began, so each timeout length keeps its pending attempts in one insertion-ordered Set and a
// single timer set for the earliest deadline; starting and finishing an attempt is a Set add
// and delete. The timer holds the process open only while an attempt of its length is pending.

export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** True once the deadline, not the caller, ended the attempt. */
  timedOut(): boolean;
  /** Stops the clock; call it when the attempt has settled. */
  done(): void;
}

interface Pending {
  readonly at: number;
  readonly controller: AbortController;
  timedOut: boolean;
}

interface Queue {
  readonly pending: Set<Pending>;
  timer?: ReturnType<typeof setTimeout>;
}

const queues = new Map<number, Queue>();

/** Aborts every attempt of `queue` whose deadline has passed, and sets the timer for the next one. */
function expire(queue: Queue, timeoutMs: number): void {
  const now = performance.now();
  for (const entry of queue.pending) {
    if (entry.at > now) {
      queue.timer = setTimeout(expire, Math.ceil(entry.at - now), queue, timeoutMs);
      return;
    }
    queue.pending.delete(entry);
    entry.timedOut = true;
    entry.controller.abort();
  }
  queue.timer = undefined;
  queues.delete(timeoutMs);
}

export function attemptSignal(timeoutMs: number, callerSignal?: AbortSignal): AttemptSignal {
  let queue = queues.get(timeoutMs);
  if (!queue) queues.set(timeoutMs, (queue = { pending: new Set() }));
  const entry: Pending = { at: performance.now() + timeoutMs, controller: new AbortController(), timedOut: false };
  const { pending } = queue;
  pending.add(entry);
  if (!queue.timer) queue.timer = setTimeout(expire, timeoutMs, queue, timeoutMs);
  else if (pending.size === 1) queue.timer.ref();
  const { signal } = entry.controller;
  return {
    signal: callerSignal ? AbortSignal.any([callerSignal, signal]) : signal,
    timedOut: () => entry.timedOut,
    done: () => {
      // An idle timer must not keep the process alive until the deadline of an attempt that is over.
      if (pending.delete(entry) && !pending.size) queue.timer?.unref();
    },
  };
}
