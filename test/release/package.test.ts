// The published package: what the tarball holds, publint and arethetypeswrong on it, and a
// consumer project that installs it and uses it from ESM, CommonJS and strict TypeScript.
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KantataModel } from "../helpers/fake-kantata.js";
import { example } from "../helpers/fixtures.js";

const root = path.resolve(__dirname, "../..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
let work: string;
let tarball: string;
let cliTarball: string;
let files: string[];

function run(command: string, args: string[], cwd = work): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: "utf8",
      stdio: "pipe",
      env: { ...process.env, npm_config_update_notifier: "false" },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "kantata-package-"));
  // `npm test` has just built both packages; run alone, this test builds them itself.
  if (process.env.KANTATA_BUILT !== "1") run("npm", ["run", "build"], root);
  const pack = (args: string[]) =>
    JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work, ...args], root))[0];
  const library = pack([]);
  files = library.files.map((f: { path: string }) => f.path).sort();
  tarball = path.join(work, library.filename);
  cliTarball = path.join(work, pack(["-w", "cli"]).filename);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("holds only what consumers need", () => {
  const allowed =
    /^(LICENSE|README\.md|CHANGELOG\.md|package\.json|generated\/(openapi\.yaml|[\w-]+\.ts)|src\/([\w-]+\/)?[\w-]+\.ts|dist\/(openapi\.json|package\.json|(src|generated)\/([\w-]+\/)?[\w-]+\.(js|d\.ts|d\.ts\.map)))$/;
  expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  for (const needed of [
    "LICENSE",
    "README.md",
    "CHANGELOG.md",
    "package.json",
    "generated/openapi.yaml",
    "src/index.ts",
    "dist/src/index.d.ts.map",
    "dist/src/index.js",
    "dist/src/index.d.ts",
    "dist/generated/openapi.d.ts",
    "dist/openapi.json",
  ]) {
    expect(files).toContain(needed);
  }
});

it("packs the command line with its LICENSE and a caret range on the library", () => {
  const listed = run("tar", ["-tzf", cliTarball], work).split("\n");
  expect(listed).toContain("package/LICENSE");
  const manifest = JSON.parse(run("tar", ["-xzOf", cliTarball, "package/package.json"], work));
  expect(manifest.dependencies["kantata-insights-access"]).toMatch(/^\^\d+\.\d+\.\d+/);
});

it("lets go-to-definition land in the sources: every declaration has a map, and every map's sources are in the tarball", () => {
  const declarations = files.filter((f) => f.endsWith(".d.ts"));
  expect(declarations.length).toBeGreaterThan(10);
  for (const declaration of declarations) {
    expect(files).toContain(`${declaration}.map`);
    const map = JSON.parse(readFileSync(path.join(root, `${declaration}.map`), "utf8"));
    for (const source of map.sources as string[]) {
      const inTarball = path.posix.normalize(path.posix.join(path.posix.dirname(declaration), source));
      expect(files).toContain(inTarball);
    }
  }
});

it("keeps every error class's name in a consumer's minified bundle", () => {
  const entry = path.join(work, "names.mjs");
  writeFileSync(
    entry,
    `import * as kantata from ${JSON.stringify(path.join(root, "dist/src/index.js"))};
const exchange = { method: "GET", url: "https://x.test/a", response: new Response(null, { status: 404 }) };
const names = {};
for (const [exported, Class] of Object.entries(kantata)) {
  if (typeof Class !== "function" || !(Class.prototype instanceof Error)) continue;
  const error = Class === kantata.KantataMoveError ? new Class("unknown", "m", []) : new Class(exchange, []);
  names[exported] = error.name;
}
console.log(JSON.stringify(names));
`,
  );
  const bundle = path.join(work, "names.bundle.mjs");
  run(path.join(root, "node_modules/.bin/esbuild"), [
    entry,
    "--bundle",
    "--minify",
    "--format=esm",
    `--outfile=${bundle}`,
    "--log-level=error",
  ]);
  expect(readFileSync(bundle, "utf8")).not.toContain("class KantataError");
  const names = JSON.parse(run(process.execPath, [bundle]));
  expect(Object.keys(names).length).toBeGreaterThanOrEqual(16);
  for (const [exported, name] of Object.entries(names)) expect(name).toBe(exported);
});

it("passes publint --strict", () => {
  expect(run(bin("publint"), ["run", tarball, "--strict"])).toContain("All good!");
});

it("passes arethetypeswrong for every JavaScript entry point, as the ES-module-only package it is", () => {
  // ./openapi.yaml and ./openapi.json are data files for tools, not modules: they have no types.
  // The esm-only profile accepts that TypeScript's node16 mode cannot `require` an ES module
  // (docs/package.md says why the package ships ES modules only).
  const out = run(bin("attw"), [
    tarball,
    "--format",
    "ascii",
    "--no-color",
    "--profile",
    "esm-only",
    "--exclude-entrypoints",
    "./openapi.yaml",
    "./openapi.json",
  ]);
  expect(out).toMatch(/node16 \(from ESM\): 🟢/);
  expect(out).toMatch(/node10: \(ignored\) 🟢/);
  expect(out).toMatch(/bundler: 🟢/);
});

/** The bytes of every file under `dir`, as a disk-usage figure a user sees. */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

describe("the command line, packed and installed with the library", () => {
  let app: string;
  let model: KantataModel;
  let server: Awaited<ReturnType<KantataModel["serve"]>>;
  const cliToken = "package-token-0123456789";

  beforeAll(async () => {
    app = path.join(work, "cli-user");
    mkdirSync(app);
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "cli-user", private: true }));
    run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", tarball, cliTarball],
      app,
    );
    model = new KantataModel([{ id: 42, user_id: 1001, insights_access_group_id: 7, can_edit: false }], {
      token: cliToken,
    });
    server = await model.serve();
  }, 120_000);
  afterAll(() => server?.close());

  /** Runs the installed command (asynchronously: the fake Kantata answers from this process). */
  const kantataInsights = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const bin = path.join(app, "node_modules/.bin/kantata-insights");
      const child = execFile(
        bin,
        args,
        { cwd: app, env: { PATH: process.env.PATH ?? "", ...env } },
        (_, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });

  it("--help lists the commands and verify; a bad command exits 2", async () => {
    const help = await kantataInsights(["--help"]);
    for (const command of ["list", "show", "grant", "revoke", "add", "remove", "move", "sync", "verify"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    expect(help.code).toBe(0);
    const bad = await kantataInsights(["lsit"]);
    expect(bad.stderr).toContain('unknown command "lsit"');
    expect(bad.code).toBe(2);
  });

  it("lists the fake Kantata's memberships, and verify finds the spec holds there", async () => {
    const env = { KANTATA_TOKEN: cliToken, KANTATA_BASE_URL: server.baseUrl };
    const list = await kantataInsights(["list", "--group", "7"], env);
    expect(list.stdout).toContain("42\t1001\tUser 1001\tuser1001@example.com\t7\tGroup 7\tfalse\n");
    expect(list.code).toBe(0);
    const verify = await kantataInsights(["verify"], env);
    expect(verify.stdout).toContain("Verdict: the spec holds");
    expect(verify.code).toBe(0);
    expect(model.writes).toEqual([]);
    // Like every command's refusal, on standard error; the report alone goes to standard output.
    const refused = await kantataInsights(["verify"], { KANTATA_TOKEN: "" });
    expect(refused.stderr).toContain("KANTATA_TOKEN is not set");
    expect(refused.stdout).toBe("");
    expect(refused.code).toBe(2);
  }, 60_000);

  it("export piped into sync is a no-op; undo reads its journal against the published schema, and only on its own account", async () => {
    const env = { KANTATA_TOKEN: cliToken, KANTATA_BASE_URL: server.baseUrl };
    const bin = path.join(app, "node_modules/.bin/kantata-insights");
    const pipe = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        "bash",
        ["-c", `"${bin}" export | "${bin}" sync - --dry-run`],
        { cwd: app, env: { PATH: process.env.PATH ?? "", ...env } },
        (_, stdout) => resolve({ code: child.exitCode, stdout }),
      );
    });
    expect(pipe).toEqual({ code: 0, stdout: "nothing to change\n" });
    const journal = path.join(app, "grant.jsonl");
    expect((await kantataInsights(["grant", "1001", "--yes", "--journal", journal], env)).code).toBe(0);
    expect(model.of(1001)[0]!.can_edit).toBe(true);
    model.options.tokens = { "package-other-account": 950 };
    model.users.set(950, { ...model.user(950), is_administrator: true, account: 2 });
    const other = await kantataInsights(["undo", journal, "--yes"], { ...env, KANTATA_TOKEN: "package-other-account" });
    expect(other.stderr).toContain("who is not a user of the account KANTATA_TOKEN belongs to");
    expect(other.code).toBe(2);
    expect(model.of(1001)[0]!.can_edit).toBe(true);
    const undo = await kantataInsights(["undo", journal, "--yes", "--no-journal"], env);
    expect(undo.stdout).toMatch(/^1 of 1 change\(s\) applied/);
    expect(undo.code).toBe(0);
    expect(model.of(1001)[0]!.can_edit).toBe(false);
  }, 60_000);
});

describe("installed into a consumer project", () => {
  let consumer: string;
  const body = JSON.stringify(example("MembershipUpdated"));
  const script = (load: string) => `${load}
const kantata = createInsightsAccessClient({
  token: "t",
  fetch: async (request) =>
    request.url.endsWith("/404")
      ? new Response(JSON.stringify({ errors: [{ type: "system", message: "gone" }] }), { status: 404 })
      : new Response(${JSON.stringify(body)}, { status: 200 }),
});
const { membership } = await kantata.memberships.update("42", { can_edit: false }, { include: ["user"] });
const error = await kantata.memberships.update(404, { can_edit: true }).catch((e) => e);
const input = await kantata.memberships.update(0, { can_edit: true }).catch((e) => e);
console.log(JSON.stringify({
  id: membership.id,
  user: membership.user.full_name,
  notFound: error instanceof NotFoundError && error instanceof KantataApiError && error instanceof KantataError,
  status: error.status,
  input: input instanceof KantataInputError && input instanceof KantataError,
}));
`;
  const expected = { id: "42", user: "Ada Lovelace", notFound: true, status: 404, input: true };

  beforeAll(() => {
    consumer = path.join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    // As a user installs it: without dev dependencies.
    run(
      "npm",
      ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", tarball],
      consumer,
    );
  }, 120_000);

  it("holds openapi-fetch and its own dependencies only: under 900 kB of node_modules and no commands", () => {
    const installed = JSON.parse(run("npm", ["ls", "--all", "--json", "--omit=dev"], consumer));
    const names = (tree: { dependencies?: Record<string, object> }): string[] =>
      Object.entries(tree.dependencies ?? {}).flatMap(([name, sub]) => [name, ...names(sub)]);
    const openapiFetch = JSON.parse(readFileSync(path.join(root, "node_modules/openapi-fetch/package.json"), "utf8"));
    expect(new Set(names(installed))).toEqual(
      new Set(["kantata-insights-access", "openapi-fetch", ...Object.keys(openapiFetch.dependencies ?? {})]),
    );
    const modules = path.join(consumer, "node_modules");
    expect(readdirSync(modules).filter((name) => name === ".bin")).toEqual([]);
    const bytes = treeBytes(modules);
    console.log(`production install: ${(bytes / 1000).toFixed(0)} kB of node_modules`);
    expect(bytes).toBeLessThan(900_000);
  });

  it("works from ESM import", () => {
    writeFileSync(
      path.join(consumer, "esm.mjs"),
      script(
        'import { createInsightsAccessClient, KantataError, KantataApiError, KantataInputError, NotFoundError } from "kantata-insights-access";',
      ),
    );
    expect(JSON.parse(run(process.execPath, ["esm.mjs"], consumer))).toEqual(expected);
  });

  it("works from CommonJS require", () => {
    writeFileSync(
      path.join(consumer, "cjs.cjs"),
      `const { createInsightsAccessClient, KantataError, KantataApiError, KantataInputError, NotFoundError } = require("kantata-insights-access");
require.resolve("kantata-insights-access/openapi.yaml");
(async () => {
${script("")}
})();`,
    );
    expect(JSON.parse(run(process.execPath, ["cjs.cjs"], consumer))).toEqual(expected);
  });

  const typescriptConsumer = `import { createInsightsAccessClient, NotFoundError, type KantataStatusError, type InsightsAccessGroupMembership, type Membership, type User, type paths, type components } from "kantata-insights-access";
import type { Client } from "openapi-fetch";

const kantata = createInsightsAccessClient({ token: () => Promise.resolve("t") });

export async function main(): Promise<string | undefined> {
  const { membership } = await kantata.memberships.update(42, { can_edit: false }, { include: ["user"], optionalFields: ["user_name"] });
  const user: User = membership.user;
  const name: string = membership.user_name;
  const plain: Membership = (await kantata.memberships.update("7", { can_edit: true })).membership;
  // @ts-expect-error can_edit is a boolean
  await kantata.memberships.update(42, { can_edit: "yes" });
  // @ts-expect-error the user was not included
  plain.user;
  // raw is openapi-fetch's client typed with the spec's paths, not \`any\`, in every module resolution.
  const raw: Client<paths> = kantata.raw;
  // @ts-expect-error not a path of the spec
  await raw.GET("/insights_access_group_membership");
  // @ts-expect-error raw is not a number
  const notANumber: number = kantata.raw;
  const record: InsightsAccessGroupMembership = {
    can_edit: true,
    created_at: "2026-11-26T09:45:00Z",
    updated_at: "2026-11-26T09:45:00Z",
    insights_access_group_id: 7,
    user_id: 1001,
  };
  // Kantata always sends these: they are not optional on a returned membership.
  const userId: number = plain.user_id;
  const status: paths["/insights_access_group_memberships/{id}"]["put"]["responses"][404] extends object ? true : false = true;
  const error: components["schemas"]["Error"] = { type: "system", message: "m" };
  // Each status class carries its status as a literal type, and the union narrows by status.
  const caught = await kantata.memberships.get(1).catch((e: unknown) => e);
  const literal: 404 | undefined = caught instanceof NotFoundError ? caught.status : undefined;
  const wait = (e: KantataStatusError) => (e.status === 429 ? e.retryAfterMs : undefined);
  return [user.full_name, name, record.can_edit, userId, status, error.type, NotFoundError.name, notANumber, literal, wait].join();
}
`;

  /** Type-checks `source` as consumer.ts in its own strict project under `options`; tsc's output ("" when clean). */
  function typeCheck(dir: string, source: string, options: object, types: object): string {
    mkdirSync(dir);
    writeFileSync(path.join(dir, "consumer.ts"), source);
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          ...options,
          ...types,
          strict: true,
          noEmit: true,
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          skipLibCheck: false,
        },
        files: ["consumer.ts"],
      }),
    );
    return run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", dir], consumer);
  }

  it.each([
    ["node16", { module: "node16", moduleResolution: "node16" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
    ["node10", { module: "commonjs", moduleResolution: "node10" }],
  ])("type-checks in a strict TypeScript consumer with moduleResolution %s", (name, options) => {
    expect(typeCheck(path.join(consumer, `ts-${name}`), typescriptConsumer, options, { types: [] })).toBe("");
  });

  // A consumer's test of its own code against the fake Kantata: through `fetch` (no server, no
  // port) and over HTTP on 127.0.0.1. Type-checked under node16, bundler and nodenext, then run.
  const testingConsumer = `import { createInsightsAccessClient } from "kantata-insights-access";
import { createFakeKantata, type FakeKantata } from "kantata-insights-access/testing";
import { serveFakeKantata } from "kantata-insights-access/testing/server";

export async function main(): Promise<string> {
  const fake: FakeKantata = createFakeKantata({
    memberships: [{ id: 42, user_id: 1001, insights_access_group_id: 7, can_edit: false }],
  });
  const kantata = createInsightsAccessClient({ token: "t", baseUrl: fake.baseUrl, fetch: fake.fetch });
  fake.fail({ kind: "status-before", status: 503 });
  const { membership } = await kantata.memberships.update(42, { can_edit: true });
  // A server that sends no meta: every page is read, until a short one (5/7 item 1).
  const many = createFakeKantata({
    memberships: Array.from({ length: 45 }, (_, i) => ({ id: 100 + i, user_id: 2000 + i, insights_access_group_id: 7, can_edit: false })),
    options: { rewrite: (body) => void delete body.meta },
  });
  // A logger sees each attempt, and never the token (5/7 item 7).
  const lines: string[] = [];
  const logger = { debug: (m: string) => void lines.push(m), info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) };
  const paged = createInsightsAccessClient({ token: "secret-token-123456", baseUrl: many.baseUrl, fetch: many.fetch, logger, logLevel: "debug" });
  const all = await paged.memberships.listAll({ per_page: 20 });
  const server = await serveFakeKantata(fake);
  try {
    const overHttp = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl });
    const { memberships } = await overHttp.memberships.list();
    return JSON.stringify({
      answered: membership.can_edit,
      stored: fake.records.get(42)?.can_edit,
      attempts: fake.requests.filter((r) => r.method === "PUT").length,
      listed: memberships.length,
      local: server.baseUrl.startsWith("http://127.0.0.1:"),
      withoutMeta: all.length,
      logged: lines.length,
      tokenLogged: lines.some((line) => line.includes("secret-token")),
    });
  } finally {
    await server.close();
  }
}
`;

  it.each([
    ["node16", { module: "node16", moduleResolution: "node16" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
  ])("imports kantata-insights-access/testing and /testing/server under moduleResolution %s", (name, options) => {
    const types = { types: ["node"], typeRoots: [path.join(root, "node_modules/@types")] };
    expect(typeCheck(path.join(consumer, `testing-${name}`), testingConsumer, options, types)).toBe("");
  });

  it("runs a consumer's test against the fake with no network, and serves it over HTTP on 127.0.0.1", () => {
    const js = testingConsumer
      .replace(/, type FakeKantata/, "")
      .replace(": Promise<string>", "")
      .replace("const fake: FakeKantata =", "const fake =")
      .replace("const lines: string[] = [];", "const lines = [];")
      .replace(/\(m: string\)/g, "(m)");
    writeFileSync(path.join(consumer, "testing.mjs"), `${js}\nconsole.log(await main());\n`);
    expect(JSON.parse(run(process.execPath, ["testing.mjs"], consumer))).toEqual({
      answered: true,
      stored: true,
      attempts: 2,
      listed: 1,
      local: true,
      withoutMeta: 45,
      logged: 6,
      tokenLogged: false,
    });
  });

  it("gives require and import the same classes in one process, and a consumer's subclass matches only its own", () => {
    writeFileSync(
      path.join(consumer, "mixed.mjs"),
      `import { createRequire } from "node:module";
import * as imported from "kantata-insights-access";
const required = createRequire(import.meta.url)("kantata-insights-access");
const { KantataError, KantataApiError, KantataInputError, NotFoundError, AuthenticationError, RateLimitError } = imported;
class AppError extends KantataError {}
class MyApiError extends KantataApiError {}
const kantata = required.createInsightsAccessClient({
  token: "t",
  fetch: async () => new Response(JSON.stringify({ errors: [{ type: "system", message: "gone" }] }), { status: 404 }),
});
const notFound = await kantata.memberships.get(42).catch((e) => e);
const input = await kantata.memberships.get(0).catch((e) => e);
const limited = new RateLimitError({ method: "GET", url: "https://x.test/a", response: new Response(null, { status: 429 }) }, []);
const exported = Object.keys(imported).filter((name) => typeof imported[name] === "function");
console.log(JSON.stringify({
  sameClasses: exported.every((name) => required[name] === imported[name]),
  notFound: notFound instanceof NotFoundError && notFound instanceof KantataApiError && notFound instanceof KantataError,
  notAuth: notFound instanceof AuthenticationError || notFound instanceof KantataInputError,
  input: input instanceof KantataInputError && input instanceof KantataError && !(input instanceof KantataApiError),
  appError: new AppError("mine") instanceof AppError && new AppError("mine") instanceof KantataError,
  packageErrorIsNotAppError: input instanceof AppError || notFound instanceof AppError || limited instanceof AppError,
  siblingsApart: limited instanceof MyApiError || new MyApiError({ method: "GET", url: "u", response: new Response() }, []) instanceof AppError,
  name: notFound.name,
}));
`,
    );
    expect(JSON.parse(run(process.execPath, ["mixed.mjs"], consumer))).toEqual({
      sameClasses: true,
      notFound: true,
      notAuth: false,
      input: true,
      appError: true,
      packageErrorIsNotAppError: false,
      siblingsApart: false,
      name: "NotFoundError",
    });
  });

  it("type-checks, under nodenext, the consumer from ES modules and CommonJS, examples/ and every README block", () => {
    // One project, as these share their options: .ts and .mts files are ES modules (the consumer
    // project says "type": "module"), .cts files are CommonJS that `require` the ES module
    // (TypeScript 5.8+). openapi-fetch ships CommonJS types too, so the CommonJS consumer names
    // the ones the library's ES module uses.
    const dir = path.join(consumer, "ts-nodenext");
    mkdirSync(dir);
    const files: Record<string, string> = {
      "consumer.ts": typescriptConsumer,
      "consumer.cts": typescriptConsumer.replace(
        'from "openapi-fetch";',
        'from "openapi-fetch" with { "resolution-mode": "import" };',
      ),
    };
    // The example test (jest) is type-checked by `npm run typecheck` and run by `npm test`.
    const examples = readdirSync(path.join(root, "examples")).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
    );
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const file of examples) files[`example-${file}`] = readFileSync(path.join(root, "examples", file), "utf8");
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    blocks.forEach((block, i) => {
      files[`readme-${i + 1}.mts`] = block;
      files[`readme-${i + 1}.cts`] = block;
    });
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          noEmit: true,
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          types: ["node"],
          typeRoots: [path.join(root, "node_modules/@types")],
          skipLibCheck: false,
        },
        files: Object.keys(files),
      }),
    );
    expect(run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", dir], consumer)).toBe("");
  });
});
