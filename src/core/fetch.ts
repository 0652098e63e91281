// Where the client hands a request to `fetch`. Whatever openapi-fetch and any middleware made of
// the request (middleware may return a new Request built without them), it goes out with
// redirects unfollowed, so the token stays with its origin, and, for the client's own calls,
// under the attempt's signal, so the deadline and the caller's abort still hold. The Request
// openapi-fetch built already holds both (the client's `redirect` and the call's `signal`), so
// it goes out as it is; only one a middleware put in its place is copied with them.
import type { Middleware } from "openapi-fetch";
import { KantataInputError } from "./errors.js";
import { describeValue } from "./validate.js";

/** The Requests openapi-fetch built for this package's clients, as the first middleware saw them. */
const built = new WeakSet<Request>();

/** The client's first middleware: notes the Request openapi-fetch built, before any other middleware runs. */
export const noteBuiltRequest: Middleware = {
  onRequest({ request }) {
    built.add(request);
  },
};

/** The fetch the client was given, or the built-in one (read at call time). */
export type FetchFunction = (request: Request) => Promise<Response>;

/** Sends `request` through `given` (or the built-in fetch) with `redirect: "manual"` and `signal`, if any. */
export function guardedFetch(given: FetchFunction | undefined, signal?: AbortSignal): FetchFunction {
  const init: RequestInit = signal ? { redirect: "manual", signal } : { redirect: "manual" };
  return async (request) => {
    let response: unknown;
    try {
      // The fetch (the caller's or the built-in one) gets openapi-fetch's own Request, or a copy with
      // the redirect rule and signal that a middleware's Request lacks.
      const ready = built.has(request) && request.redirect === "manual";
      const outgoing = ready ? request : new Request(request, init);
      response = await (given ?? globalThis.fetch)(outgoing);
    } catch (error) {
      // openapi-fetch reads on after a rejection that is not truthy: give it something to throw.
      if (error) throw error;
      throw new Error(`the fetch function rejected with ${describeValue(error)}`, { cause: error });
    }
    // Checked by shape, not instanceof: a polyfill's Response is a Response too.
    if (typeof (response as Response | undefined)?.status !== "number" || !(response as Response).headers) {
      throw new KantataInputError(
        "fetch",
        `resolved to ${describeValue(response)}; a fetch function must resolve to a Response`,
      );
    }
    return response as Response;
  };
}
