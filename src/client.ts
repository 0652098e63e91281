// Checks the client options and wires the pieces: one openapi-fetch client typed with the
// spec's `paths`, the auth middleware on it, and the resources that send through the core.
import createClient from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { KantataInputError } from "./core/errors.js";
import { specBaseUrl } from "./core/request-check.js";
import type { RetryOptions } from "./core/retry.js";
import { authMiddleware, checkBaseUrl, tokenReader } from "./core/security.js";
import { resolveSettings } from "./core/settings.js";
import { describeValue } from "./core/validate.js";
import { createMemberships } from "./resources/memberships.js";

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
}

/**
 * Creates a typed client for Kantata's Insights Access Group Memberships.
 *
 * @example
 * const kantata = createInsightsAccessClient({ token: process.env.KANTATA_TOKEN! });
 * const { membership } = await kantata.memberships.update(42, { can_edit: false });
 */
export function createInsightsAccessClient(options: ClientOptions) {
  if (!options || typeof options !== "object") {
    throw new KantataInputError("options", "expected an object with a token");
  }
  const readToken = tokenReader(options.token);
  const baseUrl = checkBaseUrl(options.baseUrl ?? defaultBaseUrl);
  const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  if (typeof fetch !== "function") {
    throw new KantataInputError("fetch", `got ${describeValue(fetch)}; expected a fetch function`);
  }
  const settings = resolveSettings({ ...options }, undefined, "");

  const api = createClient<paths>({
    baseUrl,
    fetch,
    // Redirects are never followed: one to another origin would carry the token there.
    redirect: "manual",
    // Kantata reads lists comma-joined (`include=user`, `user_ids=1,2`); the generator
    // refuses any query parameter this style cannot write.
    querySerializer: { array: { style: "form", explode: false } },
  });
  api.use(authMiddleware(readToken));

  return {
    memberships: createMemberships(api, settings),
    /** The underlying openapi-fetch client, typed with the spec's `paths`; sends the token, no retries. */
    raw: api,
  };
}

/** The client `createInsightsAccessClient` returns. */
export type InsightsAccessClient = ReturnType<typeof createInsightsAccessClient>;
