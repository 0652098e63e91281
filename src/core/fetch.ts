// Where the client hands a request to `fetch`. Whatever openapi-fetch and any middleware made of
// the request (middleware may return a new Request built without them), it goes out with
// redirects unfollowed, so the token stays with its origin, and, for the client's own calls,
// under the attempt's signal, so the deadline and the caller's abort still hold.
import { KantataInputError } from "./errors.js";
import { describeValue } from "./validate.js";

/** The fetch the client was given, or the built-in one (read at call time). */
export type FetchFunction = (request: Request) => Promise<Response>;

/** Sends `request` through `given` (or the built-in fetch) with `redirect: "manual"` and `signal`, if any. */
export function guardedFetch(given: FetchFunction | undefined, signal?: AbortSignal): FetchFunction {
  const init: RequestInit = signal ? { redirect: "manual", signal } : { redirect: "manual" };
  return async (request) => {
    let response: unknown;
    try {
      // The built-in fetch copies its input into a new Request anyway; a fetch of the caller's gets one.
      response = given ? await given(new Request(request, init)) : await globalThis.fetch(request, init);
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
