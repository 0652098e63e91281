// Where the token may go and how it is read. The token lives only in a closure: it is never
// stored on an object, so no error, log line or util.inspect of the client can show it.
import type { Middleware } from "openapi-fetch";
import { KantataError, KantataInputError } from "./errors.js";
import { describeValue } from "./validate.js";

/** Checks that `baseUrl` is https (or plain http on a loopback host) and carries no credentials. */
export function checkBaseUrl(baseUrl: unknown): string {
  const refuse = (why: string) => new KantataInputError("baseUrl", why);
  let url: URL;
  try {
    url = new URL(baseUrl as string);
  } catch {
    throw refuse(`got ${describeValue(baseUrl)}; expected an absolute https URL`);
  }
  if (url.username || url.password) throw refuse("must not carry credentials; pass the token as `token`");
  if (url.search || url.hash) throw refuse("must not have a query or a fragment");
  const loopback = /^(localhost|127(\.\d+){3}|\[::1\])$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw refuse(
      `uses ${url.protocol} on ${url.hostname}; expected https: (http: only for localhost, 127.0.0.0/8 or [::1])`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

/** Checks the `token` option and returns a function that reads the current token. */
export function tokenReader(token: unknown): () => Promise<string> {
  const valid = (value: unknown) => {
    if (typeof value !== "string" || !value || /[\r\n\0]/.test(value)) {
      throw new KantataInputError("token", "expected a non-empty one-line string, or a function that returns one");
    }
    return value;
  };
  if (typeof token !== "function") {
    valid(token);
    return async () => token as string;
  }
  return async () => {
    let value: unknown;
    try {
      value = await token();
    } catch (cause) {
      throw new KantataError("the token function failed", { cause });
    }
    return valid(value);
  };
}

/** The openapi-fetch middleware that puts the current token on every request, on every attempt. */
export const authMiddleware = (readToken: () => Promise<string>): Middleware => ({
  async onRequest({ request }) {
    request.headers.set("Authorization", `Bearer ${await readToken()}`);
  },
});
