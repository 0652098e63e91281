#!/usr/bin/env node
// The command line's speed, as an administrator feels it: whole `kantata-insights sync` runs of
// the built command against the shared fake Kantata in a child process, held to the floor the
// server sets. Three figures, written to reports/bench-cli.json:
//   1. 600 changes at --concurrency 16, 40 ms a request: within 1.15× the latency floor
//      (requests × 40 ms / 16), the command's start-up (Node and its modules, measured by
//      `--version`) set apart, since no request floor accounts for it;
//   2. planning 2 000 rows reads its pages concurrently: under half the time of reading them
//      one at a time (start-up set apart);
//   3. 150 changes against a fake allowing 10 requests a second (429 beyond it), for each of three
//      limiter shapes (a token bucket, a fixed one-second window, a sliding one-second window),
//      with and without Retry-After: within 1.15× the rate floor (requests / 10 a second), at
//      most 5% of the requests answered 429, and no change given up;
//   4. recovery from a burst: 20 changes against a server that answers everything 429 for its
//      first 3 s, with and without Retry-After, end within 4 s (the longest backoff step of the
//      run's retry policy) of the same run without the burst plus the 3 s;
//   5. `review` of 2 000 members in 5 groups at --concurrency 16, 40 ms a request: within 1.2×
//      the floor of the pages it must read (who the token is, then the three listings' first
//      pages at once, then the rest 16 at a time), start-up set apart; its peak memory reported
//      (REVIEW_CONCURRENCY=4 measures it at the command's default concurrency instead).
// Exit 1 when a figure is out of bounds. Run with `npm run bench:cli` (which builds first);
// `node scripts/bench-cli.mjs NAME` runs only the figures whose names start with NAME
// (apply, plan, bucket, fixed, sliding, burst, review).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startFakeProcess } from "./lib/fake-process.mjs";

const bin = new URL("../cli/bin/kantata-insights.mjs", import.meta.url).pathname;
const token = "bench-token-0123456789";
const work = mkdtempSync(path.join(os.tmpdir(), "kantata-bench-cli-"));

/** A fake account and a sheet: `kinds` says what each user's row changes. */
function scenario(name, users, kinds) {
  const records = [];
  const rows = ["user_id,group_id,can_edit"];
  for (let i = 0; i < users; i++) {
    const user = 10_000 + i;
    const kind = kinds[i % kinds.length];
    if (kind !== "add") records.push({ id: 1 + i, user_id: user, insights_access_group_id: 7, can_edit: false });
    const row = { add: [7, false], "set-can-edit": [7, true], move: [8, false], none: [7, false] }[kind];
    rows.push(`${user},${row[0]},${row[1]}`);
  }
  const sheet = path.join(work, `${name}.csv`);
  writeFileSync(sheet, `${rows.join("\n")}\n`);
  return { records, sheet };
}

/**
 * Runs `sync` (or `command`, given) against a fresh fake; resolves to the wall time, what the
 * fake served, the summary, and the command's peak resident memory (VmHWM, polled).
 */
async function run(name, { users, kinds, options, args, records: given, command }) {
  const { records: made, sheet } = scenario(name, users, kinds);
  const records = given ?? made;
  const setup = path.join(work, `${name}.json`);
  writeFileSync(setup, JSON.stringify({ records, options }));
  const fake = await startFakeProcess({ FAKE_SETUP: setup });
  try {
    const started = performance.now();
    const { code, out, peakMb } = await new Promise((resolve) => {
      const argv = command ?? ["sync", sheet, "--yes", "--no-journal", ...args];
      const child = spawn(process.execPath, [bin, ...argv], {
        env: { PATH: process.env.PATH, KANTATA_TOKEN: token, KANTATA_BASE_URL: fake.baseUrl },
        stdio: ["ignore", "pipe", "ignore"],
      });
      let text = "";
      child.stdout.on("data", (chunk) => (text += chunk));
      const peak = () => {
        try {
          const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
          if (kb) peakKb = Math.max(peakKb, Number(kb));
        } catch {}
      };
      let peakKb = 0;
      const poll = setInterval(peak, 20);
      child.on("exit", () => clearInterval(poll));
      child.on("close", (exit) => resolve({ code: exit, out: text, peakMb: Math.round(peakKb / 1024) }));
    });
    const ms = performance.now() - started;
    const stats = await (await fetch(`${new URL(fake.baseUrl).origin}/__stats`)).json();
    return { ms: Math.round(ms), code, summary: out.split("\n")[0].slice(0, 100), peakMb, ...stats };
  } finally {
    fake.stop();
  }
}

/** The command's start-up (Node, its modules), which no request floor accounts for: the median of three `--version` runs. */
async function startup() {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await new Promise((resolve) =>
      spawn(process.execPath, [bin, "--version"], { stdio: "ignore" }).on("close", resolve),
    );
    times.push(performance.now() - started);
  }
  return Math.round(times.sort((a, b) => a - b)[1]);
}
const startMs = await startup();

const results = { startupMs: startMs };
const want = (name) => !process.argv[2] || name.startsWith(process.argv[2]);
const missed = [];
const bound = (name, value, limit, what) => {
  const ok = value <= limit;
  if (!ok) missed.push(`${name}: ${what} ${value} over ${limit}`);
  return ok;
};

// 1. Applying at concurrency 16 with 40 ms a request.
if (want("apply")) {
  const latency = 40;
  const r = await run("apply", {
    users: 600,
    kinds: ["set-can-edit", "move", "add"],
    options: { latencyMs: latency },
    args: ["--concurrency", "16"],
  });
  const floor = (r.served * latency) / 16;
  results.apply600 = { ...r, floorMs: Math.round(floor), ratio: +((r.ms - startMs) / floor).toFixed(3), bound: 1.15 };
  bound("apply600", results.apply600.ratio, 1.15, "ratio to the latency floor");
  if (r.code !== 0) missed.push(`apply600 exited ${r.code}: ${r.summary}`);
}

// 2. Planning 2 000 rows (a dry run): its lookups go out concurrently.
if (want("plan")) {
  const latency = 40;
  const r = await run("plan2000", {
    users: 2000,
    kinds: ["set-can-edit"],
    options: { latencyMs: latency },
    args: ["--concurrency", "16", "--dry-run"],
  });
  const planning = r.ms - startMs;
  const sequential = r.served * latency;
  results.plan2000 = {
    ...r,
    planningMs: planning,
    floorMs: Math.ceil(r.served / 16) * latency,
    sequentialMs: sequential,
    ratio: +(planning / sequential).toFixed(3),
    bound: "under half the time of reading its pages one at a time",
  };
  bound("plan2000", results.plan2000.ratio, 0.5, "planning time as a share of the sequential reading time");
}

// 3. 150 changes against 10 requests a second, for each limiter shape, with and without Retry-After.
for (const shape of ["bucket", "fixed", "sliding"])
  for (const retryAfter of [true, false]) {
    const name = `${shape}${retryAfter ? "WithRetryAfter" : "WithoutRetryAfter"}`;
    if (!want(name)) continue;
    const r = await run(name, {
      users: 150,
      kinds: ["set-can-edit"],
      options: { rateLimit: { perSecond: 10, retryAfter, shape } },
      args: ["--concurrency", "16"],
    });
    const accepted = r.served - r.rateLimited;
    const floor = (accepted / 10) * 1000;
    const share = r.rateLimited / r.served;
    results[name] = {
      ...r,
      floorMs: Math.round(floor),
      ratio: +(r.ms / floor).toFixed(3),
      rateLimitedShare: +share.toFixed(3),
      bound: "ratio ≤ 1.15, 429 share ≤ 0.05, all applied",
    };
    bound(name, results[name].ratio, 1.15, "ratio to the rate floor");
    bound(name, +share.toFixed(3), 0.05, "share of requests answered 429");
    if (!/^150 of 150 change\(s\) applied/.test(r.summary)) missed.push(`${name}: ${r.summary}`);
  }

// 4. Recovery from 3 s of 429s at the start: against the same 20 changes without them.
if (want("burst")) {
  const changes = { users: 20, kinds: ["set-can-edit"], args: ["--concurrency", "4"] };
  const calm = await run("calm", { ...changes, options: { rateLimit: { perSecond: 1000, retryAfter: false } } });
  for (const retryAfter of [true, false]) {
    const name = `burst${retryAfter ? "WithRetryAfter" : "WithoutRetryAfter"}`;
    const busyMs = 3000;
    const r = await run(name, {
      ...changes,
      options: { rateLimit: { perSecond: 1000, retryAfter, busyMs } },
    });
    const late = r.ms - calm.ms - busyMs;
    results[name] = { ...r, floorMs: calm.ms + busyMs, ratio: +(r.ms / (calm.ms + busyMs)).toFixed(3), lateMs: late };
    bound(name, late, 4000, "ms later than the calm run plus the burst");
    if (!/^20 of 20 change\(s\) applied/.test(r.summary)) missed.push(`${name}: ${r.summary}`);
  }
}

// 5. The access review of 2 000 members in 5 groups: once with no latency, which measures the
// command's own work on the records (parsing, checking, joining, writing 6 000 records' worth),
// which no request floor accounts for, as start-up is set apart; then at 40 ms a request.
if (want("review")) {
  const latency = 40;
  const concurrency = Number(process.env.REVIEW_CONCURRENCY ?? 16);
  const records = Array.from({ length: 2000 }, (_, i) => ({
    id: 1 + i,
    user_id: 10_000 + i,
    insights_access_group_id: 7 + (i % 5),
    can_edit: i % 7 === 0,
  }));
  const review = (name, latencyMs) =>
    run(name, {
      users: 0,
      kinds: ["none"],
      records,
      options: { latencyMs },
      command: ["review", "--format", "json", "--concurrency", String(concurrency)],
    });
  const work0 = await review("review2000NoLatency", 0);
  const r = await review("review2000", latency);
  const workMs = Math.max(0, work0.ms - startMs);
  // Who the token is; the three listings' first pages at once; then the other pages, 16 at a time.
  const rounds = 2 + Math.ceil((r.served - 4) / concurrency);
  const floor = rounds * latency;
  results.review2000 = {
    ...r,
    summary: `exit ${r.code}, peak memory ${r.peakMb} MB, its own work ${workMs} ms (measured with no latency), ${((r.ms - startMs) / floor).toFixed(2)}× the floor with it`,
    workMs,
    floorMs: floor,
    ratio: +((r.ms - startMs - workMs) / floor).toFixed(3),
    bound: 1.2,
  };
  bound(
    "review2000",
    results.review2000.ratio,
    1.2,
    "ratio to the floor of its pages (start-up and own work set apart)",
  );
  if (r.code !== 0 || work0.code !== 0) missed.push(`review2000 exited ${r.code}`);
}

rmSync(work, { recursive: true, force: true });
const report = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  results,
  missed,
};
mkdirSync("reports", { recursive: true });
writeFileSync("reports/bench-cli.json", `${JSON.stringify(report, null, 2)}\n`);
console.log(report.machine);
console.log(`  start-up of the command (median of 3 --version runs): ${startMs} ms`);
for (const [name, r] of Object.entries(results)) {
  if (typeof r !== "object") continue;
  const extra = r.rateLimitedShare !== undefined ? `, ${r.rateLimited} of ${r.served} answered 429` : "";
  console.log(
    `  ${name.padEnd(30)} ${r.ms} ms, floor ${r.floorMs} ms (${r.ratio}×), ${r.served} requests${extra}; ${r.summary}`,
  );
}
console.log(missed.length ? `MISSED: ${missed.join("; ")}` : "All bounds met (reports/bench-cli.json).");
process.exitCode = missed.length ? 1 : 0;
