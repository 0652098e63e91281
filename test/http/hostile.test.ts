// Hostile servers and careless callers: a server that echoes the credential, a token function
// that stalls, tokens and base URLs that cannot work, a 200 page where a 204 belongs, many
// calls sharing one signal; and refusals that say what to fix.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import {
  createInsightsAccessClient,
  KantataAbortError,
  KantataInputError,
  KantataResponseError,
  KantataTimeoutError,
  KantataTokenError,
  AuthenticationError,
  NotFoundError,
  KantataConnectionError,
} from "../../src/index.js";
import { example } from "../helpers/fixtures.js";
import { startServer, type TestServer } from "../helpers/fake-kantata.js";

const token = "s3cr3t-T0ken-9a8b7c";
let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const client = (options = {}) =>
  createInsightsAccessClient({ token, baseUrl: server.baseUrl, maxRetries: 0, ...options });
const settle = (promise: Promise<unknown>) =>
  promise.then(
    (value) => value,
    (error: unknown) => error,
  );
/** Every way a person or a log sees a value. */
const views = (value: unknown) => [
  inspect(value, { depth: Infinity }),
  inspect(value, { depth: Infinity, showHidden: true }),
  String(value),
  JSON.stringify(value) ?? "",
  value instanceof Error ? `${value.message}\n${value.stack}` : "",
];

describe("a server that echoes the credential", () => {
  it.each([
    [
      "a 401 whose errors[0].message quotes it",
      { status: 401, body: { errors: [{ type: "oauth", message: `invalid credentials: Bearer ${token}` }] } },
    ],
    ["a reason phrase holding it", { status: 401, statusText: `Bad token ${token}`, body: "" }],
    [
      "a 200 text/plain body starting with it",
      { status: 200, headers: { "content-type": "text/plain" }, body: `${token} is not welcome here` },
    ],
    [
      "a header echoing Authorization",
      {
        status: 404,
        headers: { "x-echo-authorization": `Bearer ${token}` },
        body: { errors: [{ type: "system", message: "gone" }] },
      },
    ],
  ])("%s: the token is in no message, stack, JSON or inspect output", async (_, answer) => {
    server.answers = [answer];
    const error = await settle(client().memberships.update(42, { can_edit: true }));
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${token}`);
    for (const view of views(error)) expect(view).not.toContain(token);
    // What the server echoed is still there to read, with the token scrubbed out.
    const headers: [string, string][] = [];
    (error as { headers?: Headers }).headers?.forEach((value, name) => headers.push([name, value]));
    for (const [, value] of headers) expect(value).not.toContain(token);
    expect(`${(error as Error).message} ${JSON.stringify(headers)}`).toContain("[redacted]");
  });

  it("a success whose headers echo Authorization: the result shows no token, and its headers are scrubbed", async () => {
    server.answers = [{ status: 200, headers: { "x-echo": `Bearer ${token}` }, body: example("MembershipUpdated") }];
    const result = await client().memberships.update(42, { can_edit: false });
    for (const view of views(result)) expect(view).not.toContain(token);
    expect(result.response.headers.get("x-echo")).toBe("Bearer [redacted]");
    expect(result.response.status).toBe(200);
    expect(result.response.url).toBe(`${server.baseUrl}/insights_access_group_memberships/42`);
  });
});

describe("the caller's signal and timeoutMs cover the token function", () => {
  it("a token function that never resolves ends in KantataTimeoutError, and nothing is sent", async () => {
    const kantata = client({ token: () => new Promise<string>(() => {}), timeoutMs: 100 });
    const error = await settle(kantata.memberships.get(42));
    expect(error).toBeInstanceOf(KantataTimeoutError);
    expect(server.requests).toHaveLength(0);
  });

  it("a slow token function does not hold back the caller's abort", async () => {
    const controller = new AbortController();
    const kantata = client({
      token: () => new Promise<string>((resolve) => setTimeout(() => resolve(token), 3_000).unref()),
    });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await settle(kantata.memberships.get(42, { signal: controller.signal }));
    expect(error).toBeInstanceOf(KantataAbortError);
    // Bounded far below the token function's 3 s, so a loaded machine cannot fail it.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(0);
  });
});

describe("a token that cannot go into a header is refused before anything is sent", () => {
  it.each([
    ["tök€n", "got a string with a character that cannot go into an HTTP header"],
    ["Bearer abc", 'got a string starting with "Bearer "; pass the token alone'],
    ["abc def", "got a string with white space"],
  ])("%p", (bad, message) => {
    expect(() => client({ token: bad })).toThrow(KantataInputError);
    expect(() => client({ token: bad })).toThrow(message);
  });

  it("from a token function too: KantataInputError when the call is made, not a retried connection error", async () => {
    const error = await settle(client({ token: () => "tök€n", maxRetries: 2 }).memberships.get(42));
    expect(error).toBeInstanceOf(KantataInputError);
    expect((error as Error).message).toContain("the token function returned a value that cannot be sent");
    expect(server.requests).toHaveLength(0);
  });
});

it.each(["?", "#", "?x=1", "#top"])("a baseUrl ending in %p is refused", (suffix) => {
  expect(() => client({ baseUrl: `${server.baseUrl}${suffix}` })).toThrow(
    new KantataInputError("baseUrl", "must not have a query or a fragment (`?` or `#`)"),
  );
});

it("delete() on a 200 text/html page (a proxy's login form) rejects with KantataResponseError", async () => {
  server.answers = [{ status: 200, headers: { "content-type": "text/html" }, body: "<html>Sign in</html>" }];
  const error = await settle(client().memberships.delete(42));
  expect(error).toBeInstanceOf(KantataResponseError);
  expect((error as Error).message).toBe(
    `DELETE ${server.baseUrl}/insights_access_group_memberships/42 answered 200 with a body (text/html) where 204 No Content was expected`,
  );
});

it("twenty concurrent calls sharing one AbortSignal print no MaxListenersExceededWarning", () => {
  // Bundled with esbuild so that it runs the package's own sources in a plain Node process.
  const dir = mkdtempSync(path.join(tmpdir(), "kantata-signal-"));
  try {
    const bundle = path.join(dir, "shared-signal.cjs");
    const esbuild = path.join(__dirname, "../../node_modules/.bin/esbuild");
    execFileSync(esbuild, [
      path.join(__dirname, "../fixtures/shared-signal.ts"),
      "--bundle",
      "--platform=node",
      `--outfile=${bundle}`,
      "--log-level=error",
    ]);
    const output = execFileSync(process.execPath, [bundle], { encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({ calls: 20, warnings: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("unknown client options are refused", () => {
  it.each([
    [{ timeout: 300 }, 'has unknown key "timeout" (did you mean "timeoutMs"?)'],
    [{ retries: 0 }, 'has unknown key "retries" (did you mean "maxRetries"?)'],
    // The nearest by edit distance: not maxRetryAfterMs, which also starts with "maxRetry".
    [{ maxRetry: 1 }, 'has unknown key "maxRetry" (did you mean "maxRetries"?)'],
    [{ maxretryaftrms: 1 }, 'has unknown key "maxretryaftrms" (did you mean "maxRetryAfterMs"?)'],
    [
      { headers: {} },
      'has unknown key "headers"; allowed: token, baseUrl, fetch, logger, logLevel, maxRetries, maxRetryAfterMs, timeoutMs',
    ],
  ])("%p", (extra, message) => {
    const options = { token, ...extra };
    expect(() => createInsightsAccessClient(options)).toThrow(message);
  });
});

describe("errors name the method and the full URL", () => {
  it("a baseUrl without /api/v1 shows where the request went", async () => {
    server.answers = [{ status: 404, body: "" }];
    const error = await settle(client({ baseUrl: server.origin }).memberships.get(43));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe(
      `GET ${server.origin}/insights_access_group_memberships/43 answered 404: Not Found`,
    );
    expect((error as NotFoundError).url).toBe(`${server.origin}/insights_access_group_memberships/43`);
  });

  it("a connection error names the host", async () => {
    const closed = await startServer();
    await closed.close();
    const error = await settle(client({ baseUrl: closed.baseUrl }).memberships.get(43));
    expect(error).toBeInstanceOf(KantataConnectionError);
    expect((error as Error).message).toBe(
      `GET ${closed.baseUrl}/insights_access_group_memberships/43: no answer (ECONNREFUSED)`,
    );
  });
});

describe("token refusals say what kind of value came, never the value", () => {
  it.each([
    [undefined, "got no value"],
    ["", "got an empty string"],
    ["abc\ndef", "got a string with a line break"],
    [42, "got number"],
  ])("a token of %p", (bad, kind) => {
    expect(() => createInsightsAccessClient({ token: bad as never })).toThrow(`token: ${kind};`);
  });

  it("a token function returning undefined", async () => {
    const error = await settle(client({ token: () => undefined as never }).memberships.get(1));
    expect((error as Error).message).toContain("the token function returned a value that cannot be sent: got no value");
  });

  it("a failing token function raises KantataTokenError, with its error as the cause, and sends nothing", async () => {
    const cause = new Error("vault is sealed");
    const error = await settle(
      client({
        token: () => {
          throw cause;
        },
      }).memberships.get(1),
    );
    expect(error).toBeInstanceOf(KantataTokenError);
    expect((error as KantataTokenError).name).toBe("KantataTokenError");
    expect((error as Error).cause).toBe(cause);
    expect(server.requests).toHaveLength(0);
  });
});

it.each([[{}], [{ can_edit: undefined }]])(
  "update(43, %p) is refused: an empty update changes nothing",
  async (changes) => {
    // The type refuses both; a JavaScript caller meets the run-time check.
    const error = await settle(client().memberships.update(43, changes as never));
    expect(error).toBeInstanceOf(KantataInputError);
    expect((error as Error).message).toBe(
      'attributes: is empty; expected at least 1 of "can_edit" (a key without a value does not count)',
    );
    expect(server.requests).toHaveLength(0);
  },
);

describe("refusals that show the right call", () => {
  it("create() given the wire form says the wrapper key is not expected", async () => {
    const wrapped = { insights_access_group_membership: { user_id: 1001, insights_access_group_id: 8 } };
    const error = await settle(client().memberships.create(wrapped as never));
    expect((error as Error).message).toBe(
      'attributes: has the key "insights_access_group_membership", which the client adds itself; pass the fields alone: create({ user_id, insights_access_group_id })',
    );
    expect(server.requests).toHaveLength(0);
  });

  it("an id given as a BigInt is shown as one", async () => {
    const error = await settle(client().memberships.get(42n as never));
    expect((error as Error).message).toMatch(/^id: got 42n; /);
  });
});

describe("errors and results print compactly, with the Response still on them", () => {
  it("an error", async () => {
    server.answers = [{ status: 401, body: { errors: [{ type: "oauth", message: "Invalid OAuth 2 Request" }] } }];
    const error = (await settle(client().memberships.get(42))) as AuthenticationError;
    const shown = inspect(error);
    expect(shown).toContain(
      `AuthenticationError: GET ${server.baseUrl}/insights_access_group_memberships/42 answered 401`,
    );
    expect(shown).toContain("status: 401");
    expect(shown).toContain("Invalid OAuth 2 Request");
    expect(shown).not.toContain("Symbol(");
    expect(shown.split("\n").length).toBeLessThan(25);
    expect(error.response).toBeInstanceOf(Response);
  });

  it("a result", async () => {
    server.answers = [{ status: 200, body: example("MembershipUpdated") }];
    const result = await client().memberships.get(42);
    const shown = inspect(result);
    expect(shown).toContain(`response: 'Response 200 ${server.baseUrl}/insights_access_group_memberships/42'`);
    expect(shown).not.toContain("Symbol(");
    expect(result.response).toBeInstanceOf(Response);
  });
});
