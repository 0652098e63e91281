#!/usr/bin/env node
// `npm test`: the build and the static gates side by side, one per core, each an npm script;
// then the fast tests (`npm run test:fast`, jest), even when a gate failed, so that one run shows
// everything. Prints one line per gate with its time, the output of any that fail, and the
// tests' own output. The longest gates start first; what reads the build waits for it.
// (Running the tests beside the gates saves nothing: on two cores both are bound by the CPU.)
//   node scripts/test.mjs            everything
//   node scripts/test.mjs NAME …     only these gates (and the build they read), no tests
// Exit 1 when anything fails.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";

/** Each gate, the longest first, with the gates it needs to have passed. */
const gates = {
  build: [],
  lint: [],
  typecheck: [],
  "format:check": [],
  "check:generated": [],
  "check:api": ["build"],
  "lint:workflows": [],
  "lint:spec": [],
  "check:size": ["build"],
  "release:dry": [],
};
const asked = process.argv.slice(2);
const chosen = Object.keys(gates).filter(
  (name) => !asked.length || asked.includes(name) || asked.some((a) => gates[a]?.includes(name)),
);

/** Runs one npm script, quietly unless `shown`; resolves to its exit code, output and time. */
function run(name, shown = false) {
  const started = Date.now();
  return new Promise((resolve) => {
    const stdio = shown ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"];
    const child = spawn("npm", ["run", "-s", name], { stdio });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ name, code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const waiting = [...chosen];
const finished = new Map();
const results = [];
/** Workers waiting for a gate to finish, woken when one does. */
const sleepers = new Set();
const wake = () => {
  for (const resolve of sleepers) resolve();
  sleepers.clear();
};
/** The next gate whose needs have all passed; null when one failed (it is skipped); undefined when none is ready yet. */
function next() {
  for (const [i, name] of waiting.entries()) {
    const needs = gates[name].filter((n) => chosen.includes(n));
    if (needs.some((n) => finished.has(n) && finished.get(n) !== 0)) {
      waiting.splice(i, 1);
      console.log(`skip ${name} (needs ${needs.join(", ")})`);
      return null;
    }
    if (needs.every((n) => finished.get(n) === 0)) return waiting.splice(i, 1)[0];
  }
  return undefined;
}
const worker = async () => {
  while (waiting.length) {
    const name = next();
    if (name === null) continue;
    if (name === undefined) {
      await new Promise((resolve) => sleepers.add(resolve));
      continue;
    }
    const result = await run(name);
    console.log(`${result.code === 0 ? "ok  " : "FAIL"} ${name} (${result.seconds.toFixed(1)} s)`);
    results.push(result);
    finished.set(name, result.code);
    wake();
  }
  wake();
};
await Promise.all(Array.from({ length: availableParallelism() }, worker));
if (!asked.length && finished.get("build") === 0) {
  const tests = await run("test:fast", true);
  console.log(`${tests.code === 0 ? "ok  " : "FAIL"} test:fast (${tests.seconds.toFixed(1)} s)`);
  results.push(tests);
}
const failed = results.filter((r) => r.code !== 0);
for (const { name, output } of failed) if (output) console.error(`\n── ${name} ──\n${output.trim()}`);
console.log(failed.length ? `FAILED: ${failed.map((f) => f.name).join(", ")}` : `${results.length} steps pass`);
process.exitCode = failed.length ? 1 : 0;
