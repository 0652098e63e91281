// Where the token may go and how it is read. The token lives only in a closure: it is never
// stored on an object, so no error, log line or util.inspect of the client can show it.
import { KantataError, KantataInputError } from "./errors.js";
import { show } from "./validate.js";

const loopbackHosts = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Checks that `baseUrl` is https (or plain http on a loopback host) and carries no credentials. */
export function checkBaseUrl(baseUrl: unknown): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new KantataInputError("baseUrl", `got ${show(baseUrl)}; expected an absolute https URL`);
  }
  if (typeof baseUrl !== "string") throw new KantataInputError("baseUrl", `got ${show(baseUrl)}; expected a string`);
  if (url.username || url.password) {
    throw new KantataInputError("baseUrl", "must not carry credentials; pass the token as `token`");
  }
  if (url.search || url.hash) throw new KantataInputError("baseUrl", "must not have a query or a fragment");
  const local = loopbackHosts.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new KantataInputError(
      "baseUrl",
      `uses ${url.protocol.replace(":", "")} on ${url.hostname}; expected https (plain http only for localhost, 127.0.0.0/8 or [::1])`,
    );
  }
  return baseUrl.replace(/\/+$/, "");
}

type TokenSource = string | (() => string | Promise<string>);

/** Checks the `token` option and returns a function that reads the current token. */
export function tokenReader(token: unknown): () => Promise<string> {
  const valid = (value: unknown): value is string =>
    typeof value === "string" && value.length > 0 && !/[\r\n\0]/.test(value);
  if (typeof token === "function") {
    const source = token as Exclude<TokenSource, string>;
    return async () => {
      let value: unknown;
      try {
        value = await source();
      } catch (cause) {
        throw new KantataError("the token function failed", { cause });
      }
      if (!valid(value)) throw new KantataInputError("token", "the token function returned something other than a non-empty one-line string");
      return value;
    };
  }
  if (!valid(token)) {
    throw new KantataInputError("token", "expected a non-empty one-line string, or a function that returns one");
  }
  return () => Promise.resolve(token);
}
