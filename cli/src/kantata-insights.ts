/// <reference types="node" />
// `kantata-insights`: the command line for Account Administrators, built on the library's
// public API only (no second HTTP path). The token comes from KANTATA_TOKEN alone, never a flag,
// so it stays out of shell history. A command that changes the account treats it as a database:
// it checks the token is an administrator's, plans, confirms before harm, journals each change
// ahead of writing it, applies, reads back what it could not see, stops cleanly on a signal,
// and leaves a way back (`undo`). Exit codes, the same in every command (`exitCodes` below): 0
// done; 1 a change failed or something asked for was skipped; 2 bad usage, or refused before any
// change; 3 could not authenticate or reach Kantata; 4 a dry run with --exit-code has changes.
//
// This file parses the command line, prints help, listens for signals and makes the client;
// each command is a file in `commands/`, and what the writing commands share is `write-path.ts`.
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  createInsightsAccessClient,
  defaultBaseUrl,
  KantataError,
  KantataInputError,
  type InsightsAccessClient,
} from "kantata-insights-access";
import type { Stop } from "./apply.js";
import {
  flagsOf,
  id,
  Inconsistent,
  Refusal,
  timeoutMs,
  TokenUnchecked,
  UsageError,
  type Command,
  type Context,
  type Flags,
  type Io,
  type Signal,
} from "./command.js";
import { commands } from "./commands/index.js";
import { closest, didYouMean } from "./suggest.js";
import { createThrottle } from "./throttle.js";
import { defaultJournalPath, Journal, JournalError } from "./journal.js";
import { safe } from "./output.js";

export type { Io } from "./command.js";

const exitCodes =
  "Exit codes: 0 done, or nothing to do; 1 a change failed, or a line or user was skipped;\n" +
  "2 bad usage, or refused before any change; 3 could not authenticate or reach Kantata;\n" +
  "4 a dry run with --exit-code has changes to make; 130/143 stopped by SIGINT/SIGTERM.";

const helpText = () =>
  `kantata-insights: change who may see and edit classic Insights, from the command line.\n\n` +
  `Usage: kantata-insights COMMAND [options]\n\n${Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
    .join("\n")}\n\n` +
  `KANTATA_TOKEN (required) is the OAuth 2 token; KANTATA_BASE_URL (optional) another https host.\n` +
  `A USER is a user id or an email address. kantata-insights COMMAND --help shows one command.\n${exitCodes}\n`;

/** `text` in lines of at most 100 columns, the later ones indented under the first. */
function wrap(text: string): string[] {
  const lines = [""];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (lines[last]!.length + word.length + 1 > 100) lines.push(`      ${word}`);
    else lines[last] = lines[last] ? `${lines[last]} ${word}` : word;
  }
  return lines;
}

/** One command's help: usage, what it does, each flag with its default, two examples, exit codes (≤ 100 columns). */
function commandHelp(name: string, command: Command): string {
  const flags = Object.entries(flagsOf(command)).map(([flag, f]) => {
    const left = `  --${flag}${f.type === "string" ? " VALUE" : ""}`.padEnd(24);
    return `${left}${f.help}${f.default ? ` (default: ${f.default})` : ""}`;
  });
  const usage = command.writes ? `${command.usage} [--yes] [--journal FILE] [--no-journal]` : command.usage;
  return [
    ...wrap(`usage: kantata-insights ${usage} [--timeout SECONDS]`),
    command.summary,
    "",
    "Options:",
    ...flags,
    "  --help                show this help",
    "",
    "Examples:",
    ...command.examples.map((e) => `  ${e}`),
    "",
    ...(command.notes ? [...command.notes, ""] : []),
    exitCodes,
    "",
  ].join("\n");
}

/**
 * The retry policy of a run is the library's own: a request is sent again after a 429, a 5xx or
 * no answer (POST only after a 429) up to four times, after the server's Retry-After or the
 * library's backoff (about 0.5, 1, 2 and 4 s: some 7 s in all, so that a few seconds of 429s,
 * as a busy server gives, are ridden out); a Retry-After over a minute is given up on at once.
 * The throttle paces every worker around it.
 */
export const retries = { maxRetries: 4, maxRetryAfterMs: 60_000 };

/** The client for a run: KANTATA_TOKEN and KANTATA_BASE_URL checked, named in any refusal. */
function client(io: Io, timeout: number, concurrency: number, debug: boolean): InsightsAccessClient {
  const throttle = createThrottle(concurrency, retries.maxRetryAfterMs);
  try {
    return createInsightsAccessClient({
      token: io.env.KANTATA_TOKEN!,
      ...(io.env.KANTATA_BASE_URL ? { baseUrl: io.env.KANTATA_BASE_URL } : {}),
      timeoutMs: timeout,
      ...retries,
      fetch: debug ? traced(throttle.fetch, io.err) : throttle.fetch,
    });
  } catch (error) {
    if (error instanceof KantataInputError && error.argument === "token")
      throw new UsageError(`KANTATA_TOKEN ${error.message.replace(/^token: /, "")}. Nothing was sent.`);
    if (error instanceof KantataInputError && error.argument === "baseUrl")
      throw new UsageError(`KANTATA_BASE_URL ${error.message.replace(/^baseUrl: /, "")}. Nothing was sent.`);
    throw error;
  }
}

/** Node's parser's complaint, in the command line's words: the flag, what is wrong, the closest known flag. */
function parseError(error: Error & { code?: string }, name: string, allowed: string[]): string {
  const flag = /'(-[^' ]*)/.exec(error.message)?.[1] ?? "";
  const shown = safe(flag);
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return `${name} has no flag ${shown}.${didYouMean(closest(flag, allowed))}`;
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /argument missing/.test(error.message)
      ? `${shown} needs a value: ${shown} VALUE`
      : `${shown} takes no value: give ${shown} alone`;
  }
  return safe(error.message);
}

/**
 * `--debug` (or KANTATA_DEBUG=1): each request as it ends, on stderr: method, path, the names of
 * its query parameters (their values can be people's addresses), status, attempt and time. Never
 * the token (a header) or a body.
 */
function traced(send: (request: Request) => Promise<Response>, err: (text: string) => void) {
  const attempts = new Map<string, number>();
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const query = [...new Set(url.searchParams.keys())].join("&");
    const what = `${request.method} ${url.pathname}${query ? `?${query}` : ""}`;
    const key = `${request.method} ${request.url}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const started = Date.now();
    const line = (result: string) =>
      err(`debug: ${safe(what)} → ${result} (attempt ${attempt}, ${Date.now() - started} ms)\n`);
    try {
      const response = await send(request);
      line(
        `${response.status}${response.headers.has("retry-after") ? `, Retry-After ${safe(response.headers.get("retry-after"))}` : ""}`,
      );
      return response;
    } catch (error) {
      line(`no answer: ${safe((error as Error).name)}`);
      throw error;
    }
  };
}

/** Listens for SIGINT and SIGTERM: the first stops new changes, the second stops at once. */
function stopper(io: Io) {
  let soft = false;
  let signal: Signal | undefined;
  let hardStop!: () => void;
  const hard = new Promise<void>((resolve) => (hardStop = resolve));
  const on = (received: Signal) => () => {
    if (soft) {
      io.err(`\n${received} again: stopping now; changes in flight are journaled as interrupted.\n`);
      return hardStop();
    }
    soft = true;
    signal = received;
    io.err(`\n${received}: no new change will start; finishing those in flight (${received} again stops at once).\n`);
  };
  const handlers = { SIGINT: on("SIGINT"), SIGTERM: on("SIGTERM") };
  for (const [name, handler] of Object.entries(handlers)) io.signals?.on(name as Signal, handler);
  return {
    stop: {
      get soft() {
        return soft;
      },
      hard,
    } satisfies Stop,
    /** 130 or 143 once a signal came; undefined otherwise. */
    code: () => (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : undefined),
    dispose: () => {
      for (const [name, handler] of Object.entries(handlers)) io.signals?.off(name as Signal, handler);
    },
  };
}

/** Runs one command line; resolves to the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") return (io.out(`kantata-insights ${io.version ?? "unknown"}\n`), 0);
  if (name === undefined || name === "--help" || name === "-h" || name === "help")
    return (io.out(helpText()), name === undefined ? 2 : 0);
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const known = Object.keys(commands).join(", ");
    const guess = didYouMean(closest(name, Object.keys(commands)).map((c) => JSON.stringify(c)));
    return (io.err(`unknown command ${JSON.stringify(safe(name))}.${guess}\ncommands: ${known}\n`), 2);
  }
  const flagSpecs = flagsOf(command);
  const options = Object.fromEntries(
    Object.entries(flagSpecs).map(([flag, f]) => [flag, { type: f.type, ...(f.multiple && { multiple: true }) }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const allowed = ["--help", ...Object.keys(flagSpecs).map((o) => `--${o}`)];
    const why = parseError(error as Error & { code?: string }, name, allowed);
    return (
      io.err(`${why}\nallowed for ${name}: ${allowed.join(", ")}\nusage: kantata-insights ${command.usage}\n`),
      2
    );
  }
  if (parsed.values.help) return (io.out(commandHelp(name, command)), 0);
  const usage = (text: string) => (io.err(`${safe(text)}\nusage: kantata-insights ${command.usage}\n`), 2);
  if (parsed.positionals.length !== command.positionals) {
    return usage(`${name} takes ${command.positionals} argument(s), got ${parsed.positionals.length}`);
  }
  if (!io.env.KANTATA_TOKEN) {
    return (
      io.err("KANTATA_TOKEN is not set: it is the OAuth 2 token (never given as a flag). Nothing was sent.\n"),
      2
    );
  }
  const flags = parsed.values as Flags;
  // Only a command that changes the account stops cleanly; any other ends at a signal as usual.
  const signals = stopper(command.writes ? io : { ...io, signals: undefined });
  let journal: Journal | undefined;
  try {
    const timeout = flags.timeout === undefined ? 30_000 : timeoutMs(flags.timeout);
    const concurrency = flags.concurrency === undefined ? 4 : id(flags.concurrency, "--concurrency");
    if (concurrency > 32) throw new UsageError(`--concurrency must be from 1 to 32 (got ${concurrency})`);
    if (flags["exit-code"] && !flags["dry-run"]) throw new UsageError("--exit-code goes with --dry-run");
    if (flags.journal !== undefined && flags["no-journal"])
      throw new UsageError("--journal and --no-journal contradict each other");
    const kantata = client(io, timeout, concurrency, Boolean(flags.debug) || io.env.KANTATA_DEBUG === "1");
    let line = "";
    const context: Context = {
      kantata,
      args: parsed.positionals,
      flags,
      io,
      stop: signals.stop,
      concurrency,
      origin: {
        command: argv.map((a) => safe(a)).join(" "),
        base_url: (io.env.KANTATA_BASE_URL || defaultBaseUrl).replace(/\/+$/, ""),
      },
      journal: () => {
        if (!command.writes || flags["no-journal"]) return undefined;
        const path = flags.journal ?? join(io.cwd ?? ".", defaultJournalPath());
        journal ??= Journal.open(String(path));
        return journal;
      },
      progress: (text, final) => {
        if (!io.errIsTTY || (final && !line)) return;
        line = text;
        io.err(final ? "\r\u001b[2K" : `\r\u001b[2K${text}`);
      },
    };
    const code = await command.run(context);
    return signals.code() ?? code;
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    if (error instanceof Refusal) return (io.err(`${safe(error.message)}.\n`), 2);
    if (error instanceof TokenUnchecked || error instanceof Inconsistent)
      return (io.err(`${safe(error.message)}.\n`), 3);
    if (error instanceof JournalError) {
      // Opening it is the first thing a writing command does; a write that fails later stops the run.
      const after = journal ? "The run stopped; changes in flight may be missing from it." : "Nothing was sent.";
      return (io.err(`${safe(error.message)}. ${after}\n`), journal ? 1 : 2);
    }
    if (error instanceof KantataError) {
      // Thrown before any change (a change's own failure is its outcome): bad input, or Kantata
      // refusing the token, failing or out of reach.
      const refused = error instanceof KantataInputError;
      return (io.err(`${error.name}: ${safe(error.message)}\n`), refused ? 2 : (signals.code() ?? 3));
    }
    throw error;
  } finally {
    signals.dispose();
    journal?.close();
  }
}
