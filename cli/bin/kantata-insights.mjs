#!/usr/bin/env node
// kantata-insights: see `kantata-insights --help` and cli/README.md.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { runCli } from "../dist/kantata-insights.js";

const require = createRequire(import.meta.url);
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTTY: Boolean(process.stderr.isTTY),
  // The spec of the library this command talks through, as JSON written when it was built.
  loadSpec: () => JSON.parse(readFileSync(require.resolve("kantata-insights-access/openapi.json"), "utf8")),
});
