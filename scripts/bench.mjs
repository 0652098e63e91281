#!/usr/bin/env node
// The speed and memory budget: the same PUT three ways against a node:http server on
// 127.0.0.1, plain fetch, raw openapi-fetch and memberships.update() from the built package.
// Prints µs per call and the ratios, writes reports/bench.json, and checks heap growth over
// 20 000 update() calls. Exit 1 when a target is missed. Run with `npm run bench`.
import { createServer } from "node:http";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { parse } from "yaml";
import { createInsightsAccessClient } from "kantata-insights-access";

const targets = { updateOverRaw: 1.1, heapGrowthBytes: 1024 * 1024 };
const rounds = 3;
const spec = parse(readFileSync("generated/openapi.yaml", "utf8"));
const answer = JSON.stringify(spec.components.examples.MembershipUpdated.value);

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(answer));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;
const token = "bench-token";
const attributes = { can_edit: false };

const raw = createClient({ baseUrl });
const kantata = createInsightsAccessClient({ token, baseUrl });
const ways = {
  "plain fetch": async () => {
    const response = await fetch(`${baseUrl}/insights_access_group_memberships/42`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ insights_access_group_membership: attributes }),
    });
    await response.json();
  },
  "raw openapi-fetch PUT": async () => {
    await raw.PUT("/insights_access_group_memberships/{id}", {
      params: { path: { id: 42 } },
      headers: { Authorization: `Bearer ${token}` },
      body: { insights_access_group_membership: attributes },
    });
  },
  "memberships.update()": async () => {
    await kantata.memberships.update(42, attributes);
  },
};

// Several rounds in turn, so a noisy neighbour slows every way alike; the median counts.
const samples = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  for (const [name, fn] of Object.entries(ways)) bench.add(name, fn);
  await bench.run();
  for (const task of bench.tasks) samples[task.name].push(task.result.latency.mean * 1000);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const micros = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));

// Heap: after a warm-up, 20 000 more calls must leave the collected heap where it was.
globalThis.gc?.();
for (let i = 0; i < 2000; i++) await ways["memberships.update()"]();
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
for (let i = 0; i < 20_000; i++) await ways["memberships.update()"]();
await new Promise((resolve) => setTimeout(resolve, 100));
globalThis.gc?.();
const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
server.close();

const updateOverRaw = micros["memberships.update()"] / micros["raw openapi-fetch PUT"];
const result = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  },
  microsecondsPerCall: Object.fromEntries(Object.entries(micros).map(([k, v]) => [k, Number(v.toFixed(1))])),
  ratios: {
    "raw openapi-fetch / plain fetch": Number((micros["raw openapi-fetch PUT"] / micros["plain fetch"]).toFixed(3)),
    "memberships.update() / raw openapi-fetch": Number(updateOverRaw.toFixed(3)),
    "memberships.update() / plain fetch": Number((micros["memberships.update()"] / micros["plain fetch"]).toFixed(3)),
  },
  heap: { calls: 20_000, growthBytes: heapGrowth, gcExposed: typeof globalThis.gc === "function" },
  targets,
};
result.passed = updateOverRaw <= targets.updateOverRaw && heapGrowth <= targets.heapGrowthBytes;

for (const [name, value] of Object.entries(result.microsecondsPerCall))
  console.log(`${name.padEnd(24)} ${value.toFixed(1).padStart(8)} µs/call`);
for (const [name, value] of Object.entries(result.ratios)) console.log(`${name.padEnd(42)} ${value.toFixed(3)}×`);
console.log(
  `heap after 20 000 update() calls: ${(heapGrowth / 1024).toFixed(0)} KiB growth (budget ${targets.heapGrowthBytes / 1024} KiB)`,
);
console.log(
  `update()/raw ${updateOverRaw.toFixed(3)}× (budget ${targets.updateOverRaw}×): ${result.passed ? "within budget" : "OVER BUDGET"}`,
);
mkdirSync("reports", { recursive: true });
writeFileSync("reports/bench.json", `${JSON.stringify(result, null, 2)}\n`);
console.log("wrote reports/bench.json");
if (!result.heap.gcExposed) console.warn("run with node --expose-gc (npm run bench does) for a meaningful heap figure");
process.exitCode = result.passed ? 0 : 1;
