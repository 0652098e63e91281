// The core in one process, with an injected fetch and no sockets: deadlines where `setTimeout`
// returns a number (browsers, Deno, Workers, jsdom), and ordinary error classes, which a
// consumer's own subclass does not confuse with the package's.
import {
  createInsightsAccessClient,
  KantataApiError,
  KantataError,
  KantataInputError,
  KantataTimeoutError,
  NotFoundError,
  RateLimitError,
} from "../../src/index.js";
import { example } from "../helpers/fixtures.js";

const answer = () => new Response(JSON.stringify(example("MembershipUpdated")), { status: 200 });

describe("deadlines where setTimeout returns a number", () => {
  const real = { set: globalThis.setTimeout, clear: globalThis.clearTimeout };
  beforeEach(() => {
    // Timers as a browser has them: numbers, with no ref or unref.
    const timers = new Map<number, ReturnType<typeof setTimeout>>();
    let next = 1;
    globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const id = next++;
      timers.set(
        id,
        real.set(() => (timers.delete(id), callback(...args)), ms),
      );
      return id;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((id: number) => {
      real.clear(timers.get(id));
      timers.delete(id);
    }) as unknown as typeof clearTimeout;
  });
  afterEach(() => {
    globalThis.setTimeout = real.set;
    globalThis.clearTimeout = real.clear;
  });

  it("every operation works", async () => {
    const kantata = createInsightsAccessClient({
      token: "t",
      fetch: async (request) => (request.method === "DELETE" ? new Response(null, { status: 204 }) : answer()),
    });
    expect(typeof setTimeout(() => {}, 0)).toBe("number");
    await expect(kantata.memberships.update(42, { can_edit: false })).resolves.toBeDefined();
    await expect(kantata.memberships.get(42)).resolves.toBeDefined();
    await expect(kantata.memberships.delete(42)).resolves.toBeUndefined();
  });

  it("a fetch that ignores the signal altogether still ends at the deadline", async () => {
    const deaf = () => new Promise<Response>(() => {});
    const kantata = createInsightsAccessClient({ token: "t", fetch: deaf, timeoutMs: 50, maxRetries: 0 });
    await expect(kantata.memberships.get(42)).rejects.toBeInstanceOf(KantataTimeoutError);
  });

  it("a stalled answer still ends in KantataTimeoutError", async () => {
    const stalled = (request: Request) =>
      new Promise<Response>((_, reject) =>
        request.signal.addEventListener("abort", () => reject(request.signal.reason)),
      );
    const kantata = createInsightsAccessClient({ token: "t", fetch: stalled, timeoutMs: 50, maxRetries: 0 });
    await expect(kantata.memberships.get(42)).rejects.toBeInstanceOf(KantataTimeoutError);
  });
});

describe("one plain class per error", () => {
  const exchange = { method: "GET", url: "https://kantata.test/x", response: new Response(null, { status: 429 }) };
  class AppError extends KantataError {}
  class MyApiError extends KantataApiError {}

  it("a consumer's subclass matches only its own instances", () => {
    expect(new AppError("mine")).toBeInstanceOf(KantataError);
    expect(new KantataInputError("id", "bad")).not.toBeInstanceOf(AppError);
    expect(new RateLimitError(exchange, [])).not.toBeInstanceOf(AppError);
    expect(new RateLimitError(exchange, [])).not.toBeInstanceOf(MyApiError);
    expect(new MyApiError(exchange, [])).not.toBeInstanceOf(RateLimitError);
  });

  it("siblings do not match each other, and each error says its class's name", () => {
    const limited = new RateLimitError(exchange, []);
    expect(limited).toBeInstanceOf(KantataApiError);
    expect(limited).not.toBeInstanceOf(NotFoundError);
    expect(limited.name).toBe("RateLimitError");
    expect(new KantataInputError("id", "bad").name).toBe("KantataInputError");
  });
});
