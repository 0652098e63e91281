// With the built-in fetch, openapi-fetch would build a Request that undici's fetch() then
// copies again (about 75 µs for a PUT with a body). Instead the client hands openapi-fetch a
// light stand-in, which keeps the URL and the init as they are, and fetch() gets exactly
// those: the same bytes on the wire, without the copy. A `fetch` option of the caller's still
// receives a real Request, and so does middleware of the caller's: once `raw.use()` has added
// some, the client builds real Requests again (middleware may clone one, or return a new one).

/** The `Request` class and `fetch` to give openapi-fetch, and the switch back to real Requests. */
export interface DirectTransport {
  readonly Request: typeof Request;
  readonly fetch: (request: Request) => Promise<Response>;
  /** From now on, build real Requests (the caller has added middleware). */
  useRealRequests(): void;
}

/** A transport over the built-in fetch for one client. */
export function directTransport(): DirectTransport {
  let real = false;
  /** What openapi-fetch (and the client's own middleware) read of a request: URL, method, headers, body, signal. */
  class DirectRequest {
    declare readonly url: string;
    declare readonly method: string;
    declare readonly headers: Headers;
    declare readonly body: BodyInit | null | undefined;
    declare readonly signal: AbortSignal | undefined;
    declare readonly redirect: RequestRedirect | undefined;
    constructor(url: string, init: RequestInit) {
      // A constructor that returns an object yields that object: a real Request when asked for.
      if (real) return new Request(url, init) as unknown as DirectRequest;
      this.url = url;
      this.method = init.method ?? "GET";
      // openapi-fetch hands over a Headers of its own making; anything else is copied into one.
      this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
      this.body = init.body;
      this.signal = init.signal ?? undefined;
      this.redirect = init.redirect;
    }
    /**
     * openapi-fetch takes what middleware returns when it is "a Request": a real one. (Only the
     * caller's middleware returns one, and once there is some, every request is real.)
     */
    static [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof Request;
    }
  }
  const fetch = (request: DirectRequest | Request): Promise<Response> =>
    request instanceof Request
      ? globalThis.fetch(request)
      : globalThis.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: request.signal,
          redirect: request.redirect,
        });
  return {
    Request: DirectRequest as unknown as typeof Request,
    fetch: fetch as (request: Request) => Promise<Response>,
    useRealRequests: () => {
      real = true;
    },
  };
}
