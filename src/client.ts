// Checks the client options and wires the pieces: one openapi-fetch client typed with the
// spec's `paths`, the auth middleware on it, and the resources that send through the core.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { guardedFetch, noteBuiltRequest } from "./core/fetch.js";
import { KantataInputError } from "./core/errors.js";
import { makeLog, type Logger, type LogLevel } from "./core/log.js";
import { specBaseUrl } from "./core/request-check.js";
import type { RetryOptions } from "./core/retry.js";
import { authMiddleware, checkBaseUrl, tokenKeeper } from "./core/security.js";
import { resolveSettings, settingNames } from "./core/settings.js";
import { describeValue } from "./core/validate.js";
import { createMemberships } from "./resources/memberships.js";
import type { Memberships } from "./resources/types.js";
import type { Users } from "./resources/user-types.js";
import { createUsers } from "./resources/users.js";

export { defaultTimeoutMs } from "./core/settings.js";
/** Kantata's production API, from the spec's `servers`. */
export const defaultBaseUrl: string = specBaseUrl;

/** Options of `createInsightsAccessClient`. */
export interface ClientOptions extends RetryOptions {
  /** An OAuth 2 access token, or a function that returns one (tokens rotate). */
  token: string | (() => string | Promise<string>);
  /** Default `https://api.mavenlink.com/api/v1`. Must be https, except on loopback hosts. */
  baseUrl?: string;
  /** A fetch implementation; default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Per-attempt timeout in ms. Default 190 000: just over Kantata's own 3-minute cut. */
  timeoutMs?: number;
  /**
   * Where to log each attempt (debug), success (info), retry with its delay (warn) and failure
   * (error): method, URL without its query, status, attempt and time; never the token or a body.
   * Default `console` when `logLevel` is set.
   */
  logger?: Logger;
  /** The least level logged. Default `"info"` with a `logger`, otherwise `"off"`. */
  logLevel?: LogLevel;
}

const optionNames = /*#__PURE__*/ ["token", "baseUrl", "fetch", "logger", "logLevel"].concat(settingNames);

/** How many letters to insert, delete or change to turn `a` into `b` (Levenshtein). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** Refuses a key that is not a client option, naming the option nearest to it by edit distance. */
function refuseUnknownOptions(options: object): void {
  const unknown = Object.keys(options).find((key) => !optionNames.includes(key));
  if (unknown === undefined) return;
  const far = (name: string) => distance(unknown.toLowerCase(), name.toLowerCase());
  const nearest = optionNames.reduce((best, name) => (far(name) < far(best) ? name : best));
  const meant = far(nearest) <= Math.max(3, unknown.length / 2) ? nearest : undefined;
  const hint = meant ? ` (did you mean ${JSON.stringify(meant)}?)` : "";
  throw new KantataInputError(
    "options",
    `has unknown key ${JSON.stringify(unknown)}${hint}; allowed: ${optionNames.join(", ")}`,
  );
}

/**
 * Creates a typed client for Kantata's Insights Access Group Memberships.
 *
 * @example
 * const kantata = createInsightsAccessClient({ token: process.env.KANTATA_TOKEN! });
 * const { membership } = await kantata.memberships.update(42, { can_edit: false });
 */
export function createInsightsAccessClient(options: ClientOptions): InsightsAccessClient {
  if (!options || typeof options !== "object") {
    throw new KantataInputError("options", "expected an object with a token");
  }
  refuseUnknownOptions(options);
  const keeper = tokenKeeper(options.token);
  const baseUrl = checkBaseUrl(options.baseUrl ?? defaultBaseUrl);
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new KantataInputError("fetch", `got ${describeValue(options.fetch)}; expected a fetch function`);
  }
  const settings = resolveSettings({ ...options }, undefined, "");
  const log = makeLog(options.logger, options.logLevel);

  const api = createClient<paths>({
    baseUrl,
    // `raw` calls go through this; the client's own calls pass the attempt's signal too.
    fetch: guardedFetch(options.fetch),
    // Redirects are never followed: one to another origin would carry the token there.
    redirect: "manual",
    // Kantata reads lists comma-joined (`include=user`, `user_ids=1,2`); the generator
    // refuses any query parameter this style cannot write.
    querySerializer: { array: { style: "form", explode: false } },
  });
  // `raw` and the client's own calls share these: the first notes the Request openapi-fetch
  // built, so that it goes out without a copy; the second puts the token on every attempt.
  api.use(noteBuiltRequest, authMiddleware(keeper));

  const transport = {
    baseUrl,
    keeper,
    settings,
    fetchFor: (signal: AbortSignal) => guardedFetch(options.fetch, signal),
    log,
  };
  return { memberships: createMemberships(api, transport), users: createUsers(api, transport), raw: api };
}

/**
 * The client `createInsightsAccessClient` returns. Written out (not inferred) so that the
 * declarations name openapi-fetch's `Client` type itself, which every module resolution finds.
 */
export interface InsightsAccessClient {
  /** Kantata's Insights Access Group Memberships. */
  memberships: Memberships;
  /** Kantata's users, read-only: who the token belongs to, and users by id, page or email address. */
  users: Users;
  /** The underlying openapi-fetch client, typed with the spec's `paths`; sends the token, no retries. */
  raw: Client<paths>;
}
