#!/usr/bin/env node
// kantata-insights: see `kantata-insights --help` and cli/README.md.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline/promises";
import { runCli } from "../dist/kantata-insights.js";

const require = createRequire(import.meta.url);
const { version } = require("../package.json");
// A reader that closes the pipe early (`| head`) ends the output quietly: what is left to print
// is dropped, and a run that changes the account still finishes its changes and its journal.
let outClosed = false;
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
  outClosed = true;
});
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => void (outClosed || process.stdout.write(text)),
  err: (text) => process.stderr.write(text),
  errIsTTY: Boolean(process.stderr.isTTY),
  outIsTTY: Boolean(process.stdout.isTTY),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  // A confirmation is typed on the terminal; the question goes to stderr, so stdout stays data.
  ask: async (question) => {
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await terminal.question(question);
    } finally {
      terminal.close();
    }
  },
  // The spec of the library this command talks through, as JSON written when it was built.
  loadSpec: () => JSON.parse(readFileSync(require.resolve("kantata-insights-access/openapi.json"), "utf8")),
  loadSchema: () => JSON.parse(readFileSync(new URL("../output.schema.json", import.meta.url), "utf8")),
  signals: process,
  version,
});
// After a second signal, requests may still be in flight: their outcome is journaled as
// interrupted, so the process ends as soon as what it printed has been written.
process.exitCode = code;
if (code === 130 || code === 143) process.stdout.write("", () => process.exit(code));
