// Bad input is refused with KantataInputError before anything is sent, by rules that come
// from the spec.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInsightsAccessClient, KantataInputError } from "../../src/index.js";
import { startServer, type TestServer } from "../helpers/fake-kantata.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

async function refusal(
  call: (kantata: ReturnType<typeof createInsightsAccessClient>) => Promise<unknown>,
): Promise<KantataInputError> {
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
  const error = await call(kantata).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KantataInputError);
  expect(server.requests).toHaveLength(0);
  return error as KantataInputError;
}

describe("id", () => {
  it.each([
    0,
    -1,
    1.5,
    NaN,
    Infinity,
    2147483648,
    "1/../2",
    "42abc",
    " 42",
    "",
    "1e3",
    "0x2A",
    null,
    undefined,
    {},
    [42],
    true,
  ])("refuses %p", async (id) => {
    const error = await refusal((k) => k.memberships.update(id as never, { can_edit: true }));
    expect(error.argument).toBe("id");
    expect(error.message).toMatch(/^id: got .+; expected an integer from 1 to 2147483647/);
  });

  it("names what was given and what is allowed", async () => {
    expect((await refusal((k) => k.memberships.update(0, { can_edit: true }))).message).toBe(
      "id: got 0; expected an integer from 1 to 2147483647, as a number or a string of digits",
    );
    expect((await refusal((k) => k.memberships.update("42abc", { can_edit: true }))).message).toBe(
      'id: got "42abc"; expected an integer from 1 to 2147483647, as a number or a string of digits',
    );
  });

  it.each([1, 2147483647, "7", "2147483647"])("accepts %p", async (id) => {
    server.answers = [{ status: 404, body: { errors: [] } }];
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    await kantata.memberships.update(id, { can_edit: true }).catch(() => undefined);
    expect(server.requests[0]!.url).toBe(`/api/v1/insights_access_group_memberships/${id}`);
  });
});

describe("attributes", () => {
  it.each([
    [{ canEdit: true }, 'attributes: has unknown key "canEdit"; allowed: "can_edit"'],
    [{ can_edit: "yes" }, 'attributes.can_edit: got "yes"; expected true or false'],
    [{ can_edit: 1 }, "attributes.can_edit: got 1; expected true or false"],
    [null, "attributes: got an empty value; expected an object"],
    [[true], "attributes: got an array; expected an object"],
    ["can_edit", 'attributes: got "can_edit"; expected an object'],
  ])("refuses %p", async (attributes, message) => {
    expect((await refusal((k) => k.memberships.update(42, attributes as never))).message).toBe(message);
  });
});

describe("options", () => {
  it.each([
    [{ include: ["users"] }, 'options.include[0]: got "users"; allowed: "user"'],
    [{ include: "user" }, 'options.include: got "user"; expected an array'],
    [
      { optionalFields: ["user_name", "full_name"] },
      'options.optionalFields[1]: got "full_name"; allowed: "user_name", "account_permission"',
    ],
    [
      { optionalFields: ["user_name", "user_name"] },
      "options.optionalFields: lists a value twice; each value may appear once",
    ],
    [null, "options: got an empty value; expected an object"],
    [{ maxRetries: -1 }, "options.maxRetries: got -1; expected an integer from 0 to 10"],
    [{ timeoutMs: 0 }, "options.timeoutMs: got 0; expected an integer from 1 to 2147483647"],
    [{ signal: "stop" }, 'options.signal: got "stop"; expected an AbortSignal'],
  ])("refuses %p", async (options, message) => {
    expect((await refusal((k) => k.memberships.update(42, { can_edit: true }, options as never))).message).toBe(
      message,
    );
  });
});

const tokenRule = "expected a non-empty string of visible ASCII characters, or a function that returns one";

describe("client options", () => {
  const make = (options: unknown) => () => createInsightsAccessClient(options as never);
  it.each([
    [{}, `token: got no value; ${tokenRule}`],
    [{ token: "" }, `token: got an empty string; ${tokenRule}`],
    [{ token: "a\r\nX-Evil: 1" }, `token: got a string with a line break; ${tokenRule}`],
    [{ token: "t", maxRetries: 1.5 }, "maxRetries: got 1.5; expected an integer from 0 to 10"],
    [{ token: "t", fetch: "fetch" }, 'fetch: got "fetch"; expected a fetch function'],
  ])("refuses %p", (options, message) => {
    expect(make(options)).toThrow(
      new KantataInputError(message.split(": ")[0]!, message.slice(message.indexOf(": ") + 2)),
    );
  });

  it("refuses a token function's bad value when the call is made, sending nothing", async () => {
    const error = await refusal(() =>
      createInsightsAccessClient({ token: () => "", baseUrl: server.baseUrl }).memberships.update(42, {
        can_edit: true,
      }),
    );
    expect(error.argument).toBe("token");
  });
});

describe("rules come from the spec", () => {
  const root = path.resolve(__dirname, "../..");
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), "kantata-rules-"));
    for (const entry of ["openapi", "generated", "redocly.yaml"])
      cpSync(path.join(root, entry), path.join(work, entry), { recursive: true });
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("a changed bound and enum in openapi/ change what the client accepts", async () => {
    const edit = (file: string, from: RegExp, to: string) => {
      const full = path.join(work, "openapi/components/parameters", file);
      writeFileSync(full, readFileSync(full, "utf8").replace(from, to));
    };
    edit("MembershipId.yaml", /minimum: 1$/m, "minimum: 1\n  maximum: 1000");
    edit("OptionalFields.yaml", /- account_permission$/m, "- account_role");
    execFileSync(process.execPath, [path.join(root, "scripts/generate.mjs")], { cwd: work, stdio: "pipe" });

    const rulesModule = require.resolve("../../generated/request-rules");
    const changed = path.join(work, "generated/request-rules.ts");
    let client!: typeof import("../../src/index.js");
    jest.isolateModules(() => {
      jest.doMock(rulesModule, () => jest.requireActual(changed));
      client = require("../../src/index");
    });
    const kantata = client.createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    const refused = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (e: Error) => e.message,
      );
    expect(await refused(kantata.memberships.update(1001, { can_edit: true }))).toBe(
      "id: got 1001; expected an integer from 1 to 1000, as a number or a string of digits",
    );
    expect(
      await refused(
        kantata.memberships.update(7, { can_edit: true }, { optionalFields: ["account_permission" as never] }),
      ),
    ).toBe('options.optionalFields[0]: got "account_permission"; allowed: "user_name", "account_role"');
    expect(server.requests).toHaveLength(0);
    jest.dontMock(rulesModule);
  });
});
