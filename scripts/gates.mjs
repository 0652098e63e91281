#!/usr/bin/env node
// The static gates of `npm test`, side by side: each one is an npm script that reads the tree
// and needs no server. Prints one line per gate with its time, and the output of any that fail.
//   node scripts/gates.mjs            every gate
//   node scripts/gates.mjs NAME …     only these npm scripts
// Exit 1 when a gate fails. `npm run build` comes first: size-limit and check:api read dist/.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";

const gates = [
  "format:check",
  "lint:spec",
  "lint:workflows",
  "check:generated",
  "release:dry",
  "typecheck",
  "check:size",
  "check:api",
];
const chosen = process.argv.length > 2 ? process.argv.slice(2) : gates;

/** Runs one npm script quietly; resolves to its exit code, output and time. */
function run(name) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "-s", name], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ name, code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const queue = [...chosen];
const results = [];
const worker = async () => {
  for (let name = queue.shift(); name; name = queue.shift()) {
    const result = await run(name);
    console.log(`${result.code === 0 ? "ok  " : "FAIL"} ${name} (${result.seconds.toFixed(1)} s)`);
    results.push(result);
  }
};
await Promise.all(Array.from({ length: Math.min(3, availableParallelism() + 1) }, worker));
const failed = results.filter((r) => r.code !== 0);
for (const { name, output } of failed) console.error(`\n── ${name} ──\n${output.trim()}`);
console.log(failed.length ? `${failed.length} gate(s) failed` : `${results.length} gates pass`);
process.exitCode = failed.length ? 1 : 0;
