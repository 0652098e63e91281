// The published package: what the tarball holds, publint and arethetypeswrong on it, and a
// consumer project that installs it and uses it from ESM, CommonJS and strict TypeScript.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { example } from "./helpers/fixtures.js";

const root = path.resolve(__dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
let work: string;
let tarball: string;
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
  run(process.execPath, [path.join(root, "scripts/build.mjs")], root);
  const packed = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], root));
  files = packed[0].files.map((f: { path: string }) => f.path).sort();
  tarball = path.join(
    work,
    readdirSync(work).find((f) => f.endsWith(".tgz"))!,
  );
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("holds only what consumers need", () => {
  const allowed =
    /^(LICENSE|README\.md|package\.json|generated\/openapi\.yaml|bin\/kantata-insights(-access-verify)?\.mjs|dist\/(cjs|esm)\/(package\.json|(src|generated)\/([\w-]+\/)?[\w-]+\.(js|d\.ts)))$/;
  expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  for (const needed of [
    "LICENSE",
    "README.md",
    "package.json",
    "generated/openapi.yaml",
    "dist/esm/src/index.js",
    "dist/esm/src/index.d.ts",
    "dist/cjs/src/index.js",
    "dist/cjs/src/index.d.ts",
    "dist/esm/generated/openapi.d.ts",
    "dist/cjs/generated/openapi.d.ts",
  ]) {
    expect(files).toContain(needed);
  }
});

it("keeps every error class's name in a consumer's minified bundle", () => {
  const entry = path.join(work, "names.mjs");
  writeFileSync(
    entry,
    `import * as kantata from ${JSON.stringify(path.join(root, "dist/esm/src/index.js"))};
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

it("passes arethetypeswrong for every JavaScript entry point", () => {
  // ./openapi.yaml is a data file for tools, not a module, so it has no types to check.
  const out = run(bin("attw"), [tarball, "--format", "ascii", "--no-color", "--exclude-entrypoints", "./openapi.yaml"]);
  expect(out).toMatch(/node16 \(from ESM\): 🟢/);
  expect(out).toMatch(/node16 \(from CJS\): 🟢/);
  expect(out).toMatch(/bundler: 🟢/);
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
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", tarball], consumer);
  }, 120_000);

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

  const typescriptConsumer = `import { createInsightsAccessClient, NotFoundError, type InsightsAccessGroupMembership, type Membership, type User, type paths, type components } from "kantata-insights-access";
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
  const record: InsightsAccessGroupMembership = { can_edit: true };
  const status: paths["/insights_access_group_memberships/{id}"]["put"]["responses"][404] extends object ? true : false = true;
  const error: components["schemas"]["Error"] = { type: "system", message: "m" };
  return [user.full_name, name, record.can_edit, status, error.type, NotFoundError.name, notANumber].join();
}
`;

  it.each([
    ["node16", { module: "node16", moduleResolution: "node16" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
    ["node10", { module: "commonjs", moduleResolution: "node10" }],
  ])("type-checks in a strict TypeScript consumer with moduleResolution %s", (name, options) => {
    const dir = path.join(consumer, `ts-${name}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "consumer.ts"), typescriptConsumer);
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          ...options,
          strict: true,
          noEmit: true,
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          types: [],
          skipLibCheck: false,
        },
        files: ["consumer.ts"],
      }),
    );
    expect(run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", dir], consumer)).toBe("");
  });

  it("installs the kantata-insights-access-verify command, which refuses to run without a token", () => {
    const bin = path.join(consumer, "node_modules/.bin/kantata-insights-access-verify");
    const env = { ...process.env, KANTATA_TOKEN: "" };
    const result = spawnSync(bin, [], { cwd: consumer, encoding: "utf8", env });
    expect(result.stdout).toContain("KANTATA_TOKEN is not set");
    expect(result.status).toBe(2);
  });

  it("installs the kantata-insights command: --help lists the commands, a bad command exits 2", () => {
    const bin = path.join(consumer, "node_modules/.bin/kantata-insights");
    const help = spawnSync(bin, ["--help"], { cwd: consumer, encoding: "utf8" });
    for (const command of ["list", "show", "grant", "revoke", "add", "remove", "move", "sync"]) {
      expect(help.stdout).toContain(`kantata-insights`);
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    expect(help.status).toBe(0);
    const bad = spawnSync(bin, ["lsit"], { cwd: consumer, encoding: "utf8" });
    expect(bad.stderr).toContain('unknown command "lsit"');
    expect(bad.status).toBe(2);
  });

  it("keeps instanceof across require and import in one process (a client made through require, errors tested with import)", () => {
    writeFileSync(
      path.join(consumer, "mixed.mjs"),
      `import { createRequire } from "node:module";
import { NotFoundError, KantataApiError, KantataError, KantataInputError, AuthenticationError } from "kantata-insights-access";
const required = createRequire(import.meta.url)("kantata-insights-access");
const kantata = required.createInsightsAccessClient({
  token: "t",
  fetch: async () => new Response(JSON.stringify({ errors: [{ type: "system", message: "gone" }] }), { status: 404 }),
});
const notFound = await kantata.memberships.get(42).catch((e) => e);
const input = await kantata.memberships.get(0).catch((e) => e);
console.log(JSON.stringify({
  separateCopies: required.NotFoundError !== NotFoundError,
  notFound: notFound instanceof NotFoundError && notFound instanceof KantataApiError && notFound instanceof KantataError,
  notAuth: notFound instanceof AuthenticationError || notFound instanceof KantataInputError,
  input: input instanceof KantataInputError && input instanceof KantataError && !(input instanceof KantataApiError),
  name: notFound.name,
}));
`,
    );
    expect(JSON.parse(run(process.execPath, ["mixed.mjs"], consumer))).toEqual({
      separateCopies: true,
      notFound: true,
      notAuth: false,
      input: true,
      name: "NotFoundError",
    });
  });

  it("compiles every TypeScript block of the README against the installed package, as ES module and as CommonJS", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const [format, extension] of [
      ["esm", "mts"],
      ["cjs", "cts"],
    ] as const) {
      const dir = path.join(consumer, `readme-${format}`);
      mkdirSync(dir);
      const files = blocks.map((block, i) => {
        writeFileSync(path.join(dir, `block-${i + 1}.${extension}`), block);
        return `block-${i + 1}.${extension}`;
      });
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            module: "node16",
            moduleResolution: "node16",
            strict: true,
            noEmit: true,
            target: "ES2022",
            lib: ["ES2022", "DOM"],
            types: ["node"],
            typeRoots: [path.join(root, "node_modules/@types")],
          },
          files,
        }),
      );
      expect(run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", dir], consumer)).toBe("");
    }
  });
});
