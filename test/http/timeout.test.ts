// Timeouts per attempt, and the caller's own AbortSignal.
import {
  createInsightsAccessClient,
  KantataAbortError,
  KantataConnectionError,
  KantataTimeoutError,
} from "../../src/index.js";
import { defaultTimeoutMs } from "../../src/client.js";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { errorExample, example } from "../helpers/fixtures.js";
import { startServer, type TestServer } from "../helpers/fake-kantata.js";
import { until } from "../helpers/wait.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const run = promisify(execFile);

it("defaults to a little over Kantata's own 3-minute cut", () => {
  expect(defaultTimeoutMs).toBeGreaterThan(180_000);
});

it("a server that never answers → KantataTimeoutError close to the timeout", async () => {
  server.answers = [{ hang: true }];
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, timeoutMs: 300, maxRetries: 0 });
  const started = Date.now();
  const error = await kantata.memberships.update(42, { can_edit: true }).catch((e: unknown) => e);
  const elapsed = Date.now() - started;
  expect(error).toBeInstanceOf(KantataTimeoutError);
  expect(error).toBeInstanceOf(KantataConnectionError);
  expect((error as Error).message).toBe(
    `PUT ${server.baseUrl}/insights_access_group_memberships/42: no answer within 300 ms`,
  );
  expect(elapsed).toBeGreaterThanOrEqual(290);
  expect(elapsed).toBeLessThan(5_000);
});

it("retries a timed-out PUT, and a per-call timeout overrides the client's", async () => {
  server.answers = [{ hang: true }, { hang: true }, { status: 200, body: example("MembershipUpdated") }];
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, timeoutMs: 60_000 });
  // Long enough that the answer that is not held back comes well within it on a loaded machine.
  const { membership } = await kantata.memberships.update(42, { can_edit: true }, { timeoutMs: 1_500 });
  expect(membership.id).toBe("42");
  expect(server.requests).toHaveLength(3);
});

it("starts the clock when the attempt starts, not when the client was made", async () => {
  server.answers = [{ status: 200, body: example("MembershipUpdated") }];
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, timeoutMs: 1_000, maxRetries: 0 });
  // The client is older than its timeout before the call is made.
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  await expect(kantata.memberships.update(42, { can_edit: true })).resolves.toMatchObject({ membership: { id: "42" } });
});

it("attempts that overlap each keep their own deadline", async () => {
  // The second call starts half a timeout after the first, and its answer comes only once the
  // first has timed out: a deadline shared by both would fail the second too.
  let firstFailed!: () => void;
  const after = new Promise<void>((resolve) => (firstFailed = resolve));
  server.answers = [{ hang: true }, { status: 200, body: example("MembershipUpdated"), after }];
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, timeoutMs: 2_000, maxRetries: 0 });
  const started = Date.now();
  const first = kantata.memberships.update(42, { can_edit: true }).then(
    () => [undefined, Date.now() - started] as const,
    (e: unknown) => {
      firstFailed();
      return [e, Date.now() - started] as const;
    },
  );
  await until(() => server.requests.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const second = kantata.memberships.update(42, { can_edit: true });
  const [error, elapsed] = await first;
  expect(error).toBeInstanceOf(KantataTimeoutError);
  expect(elapsed).toBeGreaterThanOrEqual(1_990);
  await expect(second).resolves.toMatchObject({ membership: { id: "42" } });
});

it("a stalled token still times out in a process with nothing else to wait for, and an idle client never holds the process open", async () => {
  // Bundled with esbuild so that it runs the package's own sources in a plain Node process.
  const dir = mkdtempSync(path.join(tmpdir(), "kantata-exit-"));
  try {
    const bundle = path.join(dir, "exit-after-calls.cjs");
    const esbuild = path.join(__dirname, "../../node_modules/.bin/esbuild");
    await run(esbuild, [
      path.join(__dirname, "../fixtures/exit-after-calls.ts"),
      "--bundle",
      "--platform=node",
      `--outfile=${bundle}`,
      "--log-level=error",
    ]);
    // The default timeout is 190 s: a process still alive after 90 s is held by an idle deadline
    // (it ends in about a second; the margin is for a busy shared machine).
    const { stdout } = await run(process.execPath, [bundle], { timeout: 90_000 });
    expect(JSON.parse(stdout)).toEqual({ error: "KantataTimeoutError", id: "42" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

it("the caller's abort surfaces as KantataAbortError, is not retried and is not a timeout", async () => {
  const controller = new AbortController();
  // The caller aborts once the server holds the request.
  server.answers = [
    () => {
      controller.abort();
      return { hang: true };
    },
  ];
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, timeoutMs: 10_000, maxRetries: 2 });
  const error = await kantata.memberships
    .update(42, { can_edit: true }, { signal: controller.signal })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KantataAbortError);
  expect(error).not.toBeInstanceOf(KantataConnectionError);
  expect((error as Error).message).toBe(
    `PUT ${server.baseUrl}/insights_access_group_memberships/42 was aborted by the caller`,
  );
  // A retry would have been sent before the call settled, and would have hung.
  expect(server.requests).toHaveLength(1);
});

it("an already aborted signal sends nothing", async () => {
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
  await expect(
    kantata.memberships.update(42, { can_edit: true }, { signal: AbortSignal.abort() }),
  ).rejects.toBeInstanceOf(KantataAbortError);
  expect(server.requests).toHaveLength(0);
});

it("an abort during the wait between attempts stops at once", async () => {
  server.answers = [{ status: 503, body: errorExample("ServiceUnavailable"), headers: { "retry-after": "30" } }];
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
  const controller = new AbortController();
  const pending = kantata.memberships
    .update(42, { can_edit: true }, { signal: controller.signal })
    .catch((e: unknown) => e);
  // Abort once the 503 is answered: the call is waiting out its Retry-After of 30 s, or about to.
  await until(() => server.requests.length === 1);
  controller.abort();
  expect(await pending).toBeInstanceOf(KantataAbortError);
  expect(server.requests).toHaveLength(1);
});
