#!/usr/bin/env node
// The speed and memory budget, measured so that a shared machine gives the same verdict run
// after run: the ways are interleaved in many small blocks, in random order, against the
// shared fake Kantata in a child process, and each verdict is the median of the per-block ratios
// with a 95% interval. Writes reports/bench.json; exits 1 when the upper end of a ratio's
// interval is over its bound. Run with `npm run bench` (which builds first and exposes gc).
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import createClient from "openapi-fetch";
import { createInsightsAccessClient, defaultTimeoutMs } from "kantata-insights-access";
import { startFakeProcess as startServer } from "./lib/fake-process.mjs";

const blocks = Number(process.env.BENCH_BLOCKS ?? 150);
const perBlock = 20;
// Bounds on the upper end of each ratio's 95% interval: a few microseconds a call do not matter
// against Kantata's round trip, but a client that costs a fifth more than the raw call does. The
// peer is raw openapi-fetch as a consumer calls it (the answer parsed as JSON, its default), given
// the same deadline as the client's (its timeout as a signal), since undici pays for a signal on
// every request; the raw calls without one, reading the answer as text, are references.
const targets = { updateOverDeadlineRaw: 1.2, listOverDeadlineRaw: 1.2, heapGrowthBytes: 1024 * 1024 };

const token = "bench-token-0123456789";
const server = await startServer();
const { baseUrl } = server;
const raw = createClient({ baseUrl, querySerializer: { array: { style: "form", explode: false } } });
const kantata = createInsightsAccessClient({ token, baseUrl });
// The command line's way: a fetch of the caller's, which gets openapi-fetch's own Request.
const withFetch = createInsightsAccessClient({ token, baseUrl, fetch: (request) => fetch(request) });
const deadline = () => AbortSignal.timeout(defaultTimeoutMs);
const headers = { Authorization: `Bearer ${token}` };
const body = { insights_access_group_membership: { can_edit: false } };
const path = "/insights_access_group_memberships/{id}";
const ways = {
  "plain fetch(url, init) PUT": async () => {
    const response = await fetch(`${baseUrl}/insights_access_group_memberships/42`, {
      method: "PUT",
      headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    await response.text();
  },
  "raw openapi-fetch PUT": () => raw.PUT(path, { params: { path: { id: 42 } }, body, headers }),
  "raw openapi-fetch PUT, same deadline": () =>
    raw.PUT(path, { params: { path: { id: 42 } }, body, headers, signal: deadline() }),
  "memberships.update()": () => kantata.memberships.update(42, { can_edit: false }),
  "update(), caller's fetch": () => withFetch.memberships.update(42, { can_edit: false }),
  "raw openapi-fetch GET list": () =>
    raw.GET("/insights_access_group_memberships", {
      params: { query: { by_access_group_id: 7 } },
      headers,
      parseAs: "text",
    }),
  // As a consumer of raw openapi-fetch calls it: the answer parsed as JSON (its default), as list() must.
  "raw openapi-fetch GET list, same deadline": () =>
    raw.GET("/insights_access_group_memberships", {
      params: { query: { by_access_group_id: 7 } },
      headers,
      signal: deadline(),
    }),
  "memberships.list()": () => kantata.memberships.list({ by_access_group_id: 7 }),
  "list(), caller's fetch": () => withFetch.memberships.list({ by_access_group_id: 7 }),
  // No target: the least any client that can time out an attempt and reads the answer must do
  // (undici pays for the AbortSignal on every request), so `list()` can be read against it.
  "fetch GET + timeout + JSON.parse": async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 190_000);
    const response = await fetch(`${baseUrl}/insights_access_group_memberships?by_access_group_id=7`, {
      headers,
      signal: controller.signal,
    });
    JSON.parse(await response.text());
    clearTimeout(timer);
  },
};
const names = Object.keys(ways);

/** µs per call of `way` over one block. */
async function block(way) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < perBlock; i++) await ways[way]();
  return Number(process.hrtime.bigint() - start) / 1000 / perBlock;
}

const shuffle = (list) =>
  list
    .map((v) => [Math.random(), v])
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** The median of `values` with a distribution-free 95% interval (order statistics of the binomial). */
function medianWithInterval(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const half = (1.96 * Math.sqrt(n)) / 2;
  return {
    median: sorted[Math.floor(n / 2)],
    low: sorted[Math.max(0, Math.floor(n / 2 - half))],
    high: sorted[Math.min(n - 1, Math.ceil(n / 2 + half))],
  };
}

for (const name of names) for (let i = 0; i < 50; i++) await ways[name](); // warm up every way
const times = Object.fromEntries(names.map((n) => [n, []]));
for (let b = 0; b < blocks; b++) for (const name of shuffle(names)) times[name].push(await block(name));
const ratio = (a, b) => medianWithInterval(times[a].map((t, i) => t / times[b][i]));
const verdicts = {
  updateOverDeadlineRaw: ratio("memberships.update()", "raw openapi-fetch PUT, same deadline"),
  listOverDeadlineRaw: ratio("memberships.list()", "raw openapi-fetch GET list, same deadline"),
};
/** Figures without a target, to read the others by. */
const references = {
  updateOverRaw: ratio("memberships.update()", "raw openapi-fetch PUT"),
  listOverRawGet: ratio("memberships.list()", "raw openapi-fetch GET list"),
  updateWithFetchOverDeadlineRaw: ratio("update(), caller's fetch", "raw openapi-fetch PUT, same deadline"),
  listWithFetchOverDeadlineRaw: ratio("list(), caller's fetch", "raw openapi-fetch GET list, same deadline"),
  updateOverPlain: ratio("memberships.update()", "plain fetch(url, init) PUT"),
  listOverTimedFetch: ratio("memberships.list()", "fetch GET + timeout + JSON.parse"),
  timedFetchOverRawGet: ratio("fetch GET + timeout + JSON.parse", "raw openapi-fetch GET list"),
};

/**
 * Heap growth over 20 000 update() calls, after forced collections on both sides. Between
 * collections the event loop turns, so that FinalizationRegistry callbacks (undici registers
 * one per request signal) run and what they release is counted as released.
 */
async function heapGrowth() {
  const collect = async () => {
    for (let i = 0; i < 4; i++) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return process.memoryUsage().heapUsed;
  };
  for (let i = 0; i < 2_000; i++) await kantata.memberships.update(42, { can_edit: false });
  const before = await collect();
  for (let i = 0; i < 20_000; i++) await kantata.memberships.update(42, { can_edit: false });
  return (await collect()) - before;
}
const growth = globalThis.gc ? await heapGrowth() : undefined;
server.stop();

/** listAll over 2 000 memberships from a server that takes 20 ms an answer, against a sequential loop at per_page=20. */
async function scaling() {
  const slow = await startServer({ MEMBERSHIPS: "2000", DELAY_MS: "20" });
  try {
    const client = createInsightsAccessClient({ token, baseUrl: slow.baseUrl });
    let started = performance.now();
    const all = await client.memberships.listAll();
    const listAllMs = performance.now() - started;
    const listAllRequests = Math.ceil(all.length / 200);
    started = performance.now();
    let requests = 0;
    for (let page = 1; ; page++) {
      requests++;
      const { memberships, meta } = await client.memberships.list({ page, per_page: 20 });
      if (!memberships.length || page >= (meta?.page_count ?? page)) break;
    }
    return {
      memberships: all.length,
      listAll: { requests: listAllRequests, ms: Math.round(listAllMs) },
      loopAt20: { requests, ms: Math.round(performance.now() - started) },
    };
  } finally {
    slow.stop();
  }
}
const scale = await scaling();

const missed = [];
for (const [name, v] of Object.entries(verdicts))
  if (v.high > targets[name])
    missed.push(
      `${name} ${v.median.toFixed(3)}× (95% ${v.low.toFixed(3)}–${v.high.toFixed(3)}) over its target ${targets[name]}×`,
    );
if (growth !== undefined && growth > targets.heapGrowthBytes)
  missed.push(`heap grew ${(growth / 1048576).toFixed(2)} MiB over 20 000 calls`);

const perCall = Object.fromEntries(names.map((n) => [n, Number(median(times[n]).toFixed(1))]));
const report = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`,
  blocks,
  callsPerBlock: perBlock,
  microsecondsPerCall: perCall,
  ratios: Object.fromEntries(
    Object.entries(verdicts).map(([k, v]) => [
      k,
      { median: +v.median.toFixed(3), low: +v.low.toFixed(3), high: +v.high.toFixed(3), target: targets[k] },
    ]),
  ),
  references: Object.fromEntries(
    Object.entries(references).map(([k, v]) => [
      k,
      { median: +v.median.toFixed(3), low: +v.low.toFixed(3), high: +v.high.toFixed(3) },
    ]),
  ),
  heapGrowthBytes: growth ?? null,
  scaling: scale,
  missed,
};
mkdirSync("reports", { recursive: true });
writeFileSync("reports/bench.json", `${JSON.stringify(report, null, 2)}\n`);
console.log(`${report.machine}; ${blocks} blocks of ${perBlock} calls per way, interleaved in random order`);
for (const [name, us] of Object.entries(perCall)) console.log(`  ${name.padEnd(42)} ${us} µs per call`);
for (const [name, v] of Object.entries(report.ratios))
  console.log(`  ${name.padEnd(30)} ${v.median}× (95% ${v.low}–${v.high}); target ≤ ${v.target}×`);
for (const [name, v] of Object.entries(report.references))
  console.log(`  ${name.padEnd(30)} ${v.median}× (95% ${v.low}–${v.high}); no target`);
console.log(
  `  heap growth over 20 000 update() calls: ${growth === undefined ? "not measured (run with --expose-gc)" : `${(growth / 1048576).toFixed(2)} MiB (target ≤ 1 MiB)`}`,
);
console.log(
  `  listAll over ${scale.memberships}: ${scale.listAll.requests} requests, ${scale.listAll.ms} ms; a loop at per_page=20: ${scale.loopAt20.requests} requests, ${scale.loopAt20.ms} ms`,
);
console.log(missed.length ? `MISSED: ${missed.join("; ")}` : "All targets met (reports/bench.json).");
process.exitCode = missed.length ? 1 : 0;
