// The per-request policy settings (retries, Retry-After cap, per-attempt timeout): their
// defaults and bounds, set per client and overridden per call.
import type { RetryOptions } from "./retry.js";
import { check } from "./validate.js";

/** The default per-attempt timeout: a little over the 3 minutes after which Kantata itself gives up. */
export const defaultTimeoutMs = 190_000;

const settingRules = {
  maxRetries: [2, 0, 10],
  maxRetryAfterMs: [60_000, 0, 2_147_483_647],
  timeoutMs: [defaultTimeoutMs, 1, 2_147_483_647],
} as const;

export type Settings = Record<keyof typeof settingRules, number>;
export const settingNames = /*#__PURE__*/ Object.keys(settingRules) as (keyof Settings)[];

/** Per-call options every operation takes. */
export interface RequestOptions extends RetryOptions {
  /** Per-attempt timeout in ms; the default is the client's. */
  timeoutMs?: number;
  /** Aborts the call; an aborted call is never retried. */
  signal?: AbortSignal;
}

/** The option keys every operation accepts besides its own parameters. */
export const requestOptionKeys: readonly string[] = /*#__PURE__*/ ["signal"].concat(settingNames);

/**
 * Checks the settings in `given` (naming each as `prefix` + its name) and fills the rest from
 * `base`, or from the defaults when there is no base.
 */
export function resolveSettings(given: Record<string, unknown>, base: Settings | undefined, prefix: string): Settings {
  // Most calls set none: they share the client's settings as they are.
  if (base && given.maxRetries === undefined && given.maxRetryAfterMs === undefined && given.timeoutMs === undefined)
    return base;
  const resolved = {} as Settings;
  for (const name of settingNames) {
    const [fallback, minimum, maximum] = settingRules[name];
    const value = given[name];
    if (value === undefined) {
      resolved[name] = base?.[name] ?? fallback;
    } else {
      check(value, { type: "integer", minimum, maximum }, prefix + name);
      resolved[name] = value as number;
    }
  }
  return resolved;
}
