#!/usr/bin/env node
// kantata-insights: see `kantata-insights --help` and the README's "Command line".
import { runCli } from "../dist/esm/src/cli/kantata-insights.js";

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTTY: Boolean(process.stderr.isTTY),
});
