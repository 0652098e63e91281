// The logger option: each attempt (debug) with its method, URL, status and time, each retry with
// its delay (warn), each outcome (info, error); levels filter; and neither the token, nor a
// header, nor a byte of a body is ever logged, even when the server echoes the token.
import { createInsightsAccessClient, KantataInputError, type LogDetails } from "../../src/index.js";
import { errorExample, example } from "../helpers/fixtures.js";
import { startServer, type TestServer } from "../helpers/fake-kantata.js";

const token = "secret-token-0123456789abcdef";
let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

type Line = { level: string; message: string; details: LogDetails };
function recorder() {
  const lines: Line[] = [];
  const at = (level: string) => (message: string, details: LogDetails) => lines.push({ level, message, details });
  return { lines, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}

it("logs each attempt, the retry with its delay, and the outcome; method, URL, status, attempt and time", async () => {
  const { lines, logger } = recorder();
  server.answers = [
    { status: 503, body: errorExample("ServiceUnavailable"), headers: { "retry-after": "0" } },
    { status: 200, body: example("MembershipUpdated") },
  ];
  const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl, logger, logLevel: "debug" });
  await kantata.memberships.update(42, { can_edit: false });
  const url = `${server.baseUrl}/insights_access_group_memberships/42`;
  expect(lines.map((l) => [l.level, l.message])).toEqual([
    ["debug", `[kantata-insights-access] PUT ${url} attempt 1: 503`],
    ["warn", `[kantata-insights-access] PUT ${url} 503; retrying in 0 ms (retry 1 of 2)`],
    ["debug", `[kantata-insights-access] PUT ${url} attempt 2: 200`],
    ["info", `[kantata-insights-access] PUT ${url} 200`],
  ]);
  expect(lines[1]!.details).toMatchObject({
    method: "PUT",
    url,
    status: 503,
    attempt: 1,
    delayMs: 0,
    error: "ServiceUnavailableError",
  });
  expect(lines[3]!.details).toMatchObject({ status: 200, attempt: 2 });
  for (const line of lines) expect(line.details.elapsedMs).toBeGreaterThanOrEqual(0);
});

it("a call that fails for good is logged at error; a connection that gives no answer is named", async () => {
  const { lines, logger } = recorder();
  server.answers = [{ status: 404, body: errorExample("NotFound") }];
  const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl, logger, logLevel: "warn" });
  await expect(kantata.memberships.get(43)).rejects.toThrow();
  expect(lines.map((l) => [l.level, l.message])).toEqual([
    [
      "error",
      `[kantata-insights-access] GET ${server.baseUrl}/insights_access_group_memberships/43 failed: 404 NotFoundError`,
    ],
  ]);

  lines.length = 0;
  const refused = createInsightsAccessClient({ token, baseUrl: "http://127.0.0.1:9/api/v1", logger, maxRetries: 0 });
  await expect(refused.memberships.get(1)).rejects.toThrow();
  expect(lines.map((l) => l.message)).toEqual([
    "[kantata-insights-access] GET http://127.0.0.1:9/api/v1/insights_access_group_memberships/1 failed: KantataConnectionError",
  ]);
});

it("the query (which can hold email addresses), the token and bodies are never logged, even when echoed", async () => {
  const { lines, logger } = recorder();
  const echo = { errors: [{ type: token, message: `bad token ${token} for grace@example.com` }] };
  server.answers = [
    { status: 503, body: echo, headers: { "retry-after": "0", "x-echo": `Bearer ${token}` } },
    { status: 401, body: echo },
  ];
  const kantata = createInsightsAccessClient({ token, baseUrl: server.baseUrl, logger, logLevel: "debug" });
  await expect(kantata.users.findByEmails(["grace@example.com"])).rejects.toThrow();
  expect(lines.length).toBeGreaterThanOrEqual(3);
  const text = JSON.stringify(lines);
  for (const secret of [token, "grace@example.com", "bad token", "Bearer", "by_email_addresses"])
    expect(text).not.toContain(secret);
});

it("levels filter, logLevel alone logs to console, and nothing is logged by default", async () => {
  const { lines, logger } = recorder();
  server.answers = [{ status: 200, body: example("MembershipUpdated") }];
  await createInsightsAccessClient({ token, baseUrl: server.baseUrl, logger }).memberships.get(42);
  expect(lines.map((l) => l.level)).toEqual(["info"]);

  const info = jest.spyOn(console, "info").mockImplementation(() => {});
  const debug = jest.spyOn(console, "debug").mockImplementation(() => {});
  try {
    await createInsightsAccessClient({ token, baseUrl: server.baseUrl }).memberships.get(42);
    expect(info).not.toHaveBeenCalled();
    await createInsightsAccessClient({ token, baseUrl: server.baseUrl, logLevel: "info" }).memberships.get(42);
    expect(info).toHaveBeenCalledTimes(1);
    expect(debug).not.toHaveBeenCalled();
  } finally {
    info.mockRestore();
    debug.mockRestore();
  }
});

it.each([
  [{ logLevel: "verbose" }, 'logLevel: got "verbose"; expected one of debug, info, warn, error, off'],
  [{ logger: { info() {} } }, "logger: expected an object with debug, info, warn and error functions, such as console"],
])("refuses %p before anything is sent", (extra, message) => {
  expect(() => createInsightsAccessClient({ token, ...(extra as object) })).toThrow(
    new KantataInputError(message.split(": ")[0]!, message.slice(message.indexOf(": ") + 2)),
  );
});
