// What the client tells a logger: each attempt (debug), each call that succeeded (info), each
// retry with its delay (warn) and each call that failed for good (error). Messages carry the
// method, the URL without its query (which can hold email addresses), the status, the attempt
// and the time; never the token, a header or a body.
import { KantataInputError } from "./errors.js";
import { describeValue } from "./validate.js";

/** A level, from the most to the least said; `off` (the default) says nothing. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";
const logLevels: readonly LogLevel[] = /*#__PURE__*/ ["debug", "info", "warn", "error", "off"];

/** Where the client logs: `console` fits, as do pino's and winston's loggers. */
export interface Logger {
  debug(message: string, details: LogDetails): void;
  info(message: string, details: LogDetails): void;
  warn(message: string, details: LogDetails): void;
  error(message: string, details: LogDetails): void;
}

/** What each line is about, for a structured logger. */
export interface LogDetails {
  method: string;
  /** Origin and path, without the query. */
  url: string;
  /** The HTTP status, or 0 when no answer came. */
  status: number;
  /** The attempt, from 1. */
  attempt: number;
  /** Since the attempt began (debug) or the call began (the others), in ms. */
  elapsedMs: number;
  /** The wait before the next attempt, on a retry. */
  delayMs?: number;
  /** The error's class name, when the attempt or call failed. */
  error?: string;
}

/** Logs at `level` and above, or nothing. */
export type Log = (level: Exclude<LogLevel, "off">, message: string, details: LogDetails) => void;

/** Checks `logger` and `logLevel` and gives the function the transport logs through, or undefined for `off`. */
export function makeLog(logger: unknown, logLevel: unknown): Log | undefined {
  if (logLevel !== undefined && !logLevels.includes(logLevel as LogLevel)) {
    throw new KantataInputError("logLevel", `got ${describeValue(logLevel)}; expected one of ${logLevels.join(", ")}`);
  }
  const methods = ["debug", "info", "warn", "error"] as const;
  if (logger !== undefined && methods.some((m) => typeof (logger as Record<string, unknown>)?.[m] !== "function")) {
    throw new KantataInputError(
      "logger",
      "expected an object with debug, info, warn and error functions, such as console",
    );
  }
  const level = (logLevel ?? (logger ? "info" : "off")) as LogLevel;
  if (level === "off") return undefined;
  const target = (logger ?? console) as Logger;
  const from = logLevels.indexOf(level);
  return (at, message, details) => {
    if (logLevels.indexOf(at) >= from) target[at](`[kantata-insights-access] ${message}`, details);
  };
}
