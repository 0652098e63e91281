// What a command is, what it is given, and the few readers of command-line values every
// command shares. Each command is a file in `commands/`; `kantata-insights.ts` parses, helps,
// listens for signals and makes the client; `write-path.ts` is what the writing commands share.
import { parseId } from "./ids.js";
import type { InsightsAccessClient } from "kantata-insights-access";
import type { Stop } from "./apply.js";
import type { Journal, Origin } from "./journal.js";

export type Signal = "SIGINT" | "SIGTERM";

/** Where the command writes, and what it may know of its surroundings. */
export interface Io {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress then updates one line). */
  errIsTTY: boolean;
  /** Whether stdout is a terminal (lists are then tables). */
  outIsTTY?: boolean;
  /** Whether stdin is a terminal (a confirmation can then be typed). */
  stdinIsTTY?: boolean;
  /** Asks a question on the terminal; resolves to the line typed. */
  ask?: (question: string) => Promise<string>;
  /** The library's bundled OpenAPI document, for `verify`. */
  loadSpec: () => Record<string, any>;
  /** The command line's published schema (`output.schema.json`): undo holds each journal line to it. */
  loadSchema: () => Record<string, any>;
  /** Where SIGINT and SIGTERM arrive (the process; an emitter in tests). */
  signals?: {
    on(signal: Signal, listener: () => void): unknown;
    off(signal: Signal, listener: () => void): unknown;
  };
  /** Standard input, read to its end, for a sheet given as `-` (default: the process's, as a stream). */
  readStdin?: () => Promise<Buffer | string>;
  /** Where a journal goes when --journal is not given; default the current directory. */
  cwd?: string;
  /** This command line's version, for --version. */
  version?: string;
}

export type Flags = Record<string, string | boolean | string[] | undefined>;

export interface Flag {
  type: "string" | "boolean";
  multiple?: boolean;
  /** What the flag does, for --help. */
  help: string;
  /** Its default, for --help. */
  default?: string;
}

/** What a command gets: the client, its arguments and flags, where to write, and how to stop. */
export interface Context {
  kantata: InsightsAccessClient;
  args: string[];
  flags: Flags;
  io: Io;
  /** Opens the run's journal (before any request); undefined under --no-journal or a dry run. */
  journal: () => Journal | undefined;
  stop: Stop;
  concurrency: number;
  /** The command line and the API, for the journal's first line (with the acting user). */
  origin: Omit<Origin, "acting_user">;
  /** Writes a progress line to stderr (one updated line on a terminal). */
  progress: (text: string, final?: boolean) => void;
}

export interface Command {
  usage: string;
  summary: string;
  flags: Record<string, Flag>;
  positionals: number;
  examples: [string, string];
  /** More for --help, after the examples (sync's sample plan). */
  notes?: string[];
  /** Changes the account: checks the token first, confirms before harm, journals, stops cleanly on a signal. */
  writes?: boolean;
  run(context: Context): Promise<number>;
}

export class UsageError extends Error {}
/** The token could not be checked (Kantata failed or did not answer `GET /users/me`): exit 3, nothing sent. */
export class TokenUnchecked extends Error {}
/** Kantata's answers did not add up (a listing shorter than its count): exit 3, nothing changed. */
export class Inconsistent extends Error {}
/** A refusal before any change was made (exit 2): a non-administrator's token, an unconfirmed plan, an unknown user. */
export class Refusal extends Error {}

/** A positive whole number from the command line, or a UsageError naming what was expected. */
export function id(value: unknown, what: string): number {
  const parsed = parseId(typeof value === "string" ? value : "");
  if (typeof parsed === "string") throw new UsageError(`${what}: ${parsed}`);
  return parsed;
}

/** `--timeout SECONDS`: a positive number of seconds (fractions allowed), as whole milliseconds. */
export function timeoutMs(value: unknown): number {
  const text = String(value);
  const ms = /^\d{1,7}(\.\d{1,3})?$/.test(text) ? Math.round(Number(text) * 1000) : 0;
  if (ms < 1) {
    throw new UsageError(
      `--timeout must be a positive number of seconds, such as 30 or 0.5 (got ${JSON.stringify(text)})`,
    );
  }
  return ms;
}

/** `--can-edit true|false` (any case), or undefined when not given. */
export function canEditFlag(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  const text = String(value).toLowerCase();
  if (text !== "true" && text !== "false")
    throw new UsageError(`--can-edit must be true or false (got ${JSON.stringify(value)})`);
  return text === "true";
}

/** `--dry-run`, and `--exit-code` (4 when the dry run has changes to make, as `git diff --exit-code`). */
export const dryRunFlags: Record<string, Flag> = {
  "dry-run": { type: "boolean", help: "print the plan; change nothing" },
  "exit-code": { type: "boolean", help: "with --dry-run: exit 4 when there are changes to make" },
};

export const jsonFlag: Record<string, Flag> = {
  json: { type: "boolean", help: "one JSON document (snake_case keys)" },
};
export const timeoutFlag: Record<string, Flag> = {
  debug: { type: "boolean", help: "each request's method, path, status and time on stderr; or KANTATA_DEBUG=1" },
  timeout: { type: "string", help: "the most one request may take, in seconds (0.5 allowed)", default: "30" },
};
export const writeFlags: Record<string, Flag> = {
  yes: { type: "boolean", help: "apply removals and grants unasked (needed off a terminal)", default: "ask" },
  journal: { type: "string", help: "the write-ahead journal", default: "kantata-insights-<time>-<id>.jsonl here" },
  "no-journal": { type: "boolean", help: "write no journal" },
};

/** The command's flags, with the ones every command (or every writing command) takes. */
export const flagsOf = (command: Command): Record<string, Flag> => ({
  ...command.flags,
  ...timeoutFlag,
  ...(command.writes ? writeFlags : {}),
});
