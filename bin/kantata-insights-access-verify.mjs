#!/usr/bin/env node
// Holds the bundled spec against your Kantata, read-only: see the README's "Checking the spec
// against your Kantata". KANTATA_TOKEN (required), KANTATA_BASE_URL (optional), --json.
import { fileURLToPath } from "node:url";
import { verifyLive } from "../dist/esm/src/cli/verify-live.js";

const specPath = fileURLToPath(new URL("../generated/openapi.yaml", import.meta.url));
process.exitCode = await verifyLive({
  env: process.env,
  argv: process.argv.slice(2),
  specPath,
  out: (line) => console.log(line),
});
