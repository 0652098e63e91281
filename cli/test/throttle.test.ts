// The throttle against each shape of rate limiter, and against seconds of 429s, in virtual time
// (jest's fake clock): the figures bench:cli measures on a real clock, held here on every run
// whatever the machine's load, since no time passes but the fake clock's. Changes go through the
// run's own retry policy; the fake Kantata counts every request against the limit, as Kantata does.
import { createInsightsAccessClient } from "kantata-insights-access";
import { createFakeKantata, type FakeOptions } from "kantata-insights-access/testing";
import { retries } from "../src/kantata-insights.js";
import { createThrottle } from "../src/throttle.js";

/** Where in its second the clock starts: a fixed window's boundaries fall differently for each. */
const offsets = [0, 250, 500, 750];
/** The fake clock from `now`, and the backoff's jitter at its middle: each run is the same every time. */
function clock(now: number) {
  jest.useFakeTimers({ now, doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
  jest.spyOn(Math, "random").mockReturnValue(0.5);
}
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

const shapes = ["bucket", "fixed", "sliding"] as const;

/** `count` can_edit changes through the throttle and the run's retry policy, `workers` at a time; the virtual time they took. */
async function apply(options: FakeOptions, count: number, workers: number) {
  const memberships = Array.from({ length: count }, (_, i) => ({
    id: 1 + i,
    user_id: 1000 + i,
    insights_access_group_id: 7,
    can_edit: false,
  }));
  const fake = createFakeKantata({ memberships, options });
  const throttle = createThrottle(workers, retries.maxRetryAfterMs, fake.fetch);
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: fake.baseUrl, ...retries, fetch: throttle.fetch });
  const started = Date.now();
  const queue = [...memberships];
  const worker = async () => {
    for (let m = queue.shift(); m; m = queue.shift()) await kantata.memberships.update(m.id, { can_edit: true });
  };
  let done = false;
  const run = Promise.all(Array.from({ length: workers }, worker)).finally(() => (done = true));
  while (!done) await jest.advanceTimersByTimeAsync(5);
  await run;
  const applied = [...fake.records.values()].filter((m) => m.can_edit).length;
  return { elapsed: Date.now() - started, applied, sent: fake.requests.length, refused: fake.requests.length - count };
}

it.each(shapes.flatMap((shape) => [true, false].map((retryAfter) => [shape, retryAfter] as const)))(
  "against a %s limiter of 10 requests a second (Retry-After: %p): within 1.15x the rate floor, at most 5%% answered 429, nothing given up",
  async (shape, retryAfter) => {
    const floor = (150 / 10) * 1000;
    const seen: string[] = [];
    for (const offset of offsets) {
      clock(1_800_000_000_000 + offset);
      const { elapsed, applied, sent, refused } = await apply(
        { rateLimit: { perSecond: 10, retryAfter, shape } },
        150,
        16,
      );
      jest.useRealTimers();
      const ratio = +(elapsed / floor).toFixed(3);
      seen.push(`${ratio}x with ${refused}/${sent} answered 429`);
      expect({ offset, applied }).toEqual({ offset, applied: 150 });
      expect({ offset, share: refused / sent <= 0.05, ratio: ratio <= 1.15 }).toEqual({
        offset,
        share: true,
        ratio: true,
      });
    }
    console.log(`${shape}, Retry-After ${retryAfter}, clock started at +${offsets.join(", +")} ms: ${seen.join("; ")}`);
  },
);

it.each([true, false])(
  "3 s of 429s at the start (Retry-After: %p) are ridden out: done within 4 s of their end",
  async (retryAfter) => {
    clock(1_800_000_000_000);
    const { elapsed, applied } = await apply({ rateLimit: { perSecond: 1000, retryAfter, busyMs: 3000 } }, 20, 4);
    console.log(`3 s of 429s, Retry-After ${retryAfter}: done at ${elapsed} ms`);
    expect(applied).toBe(20);
    expect(elapsed).toBeLessThanOrEqual(3000 + 4000);
  },
);
