// Where the token may go, how it is read, and how it is kept out of everything the client
// shows. The token lives only in a closure: it is never stored on an object, so no error, log
// line or util.inspect of the client can show it; and anything a server echoes back is
// scrubbed of every token the client has sent before it reaches a message or a result.
import type { Middleware } from "openapi-fetch";
import { KantataInputError, KantataTokenError } from "./errors.js";
import { settleBy } from "./timeout.js";
import { describeValue } from "./validate.js";

/** Checks that `baseUrl` is https (or plain http on a loopback host) with no credentials, query or fragment. */
export function checkBaseUrl(baseUrl: unknown): string {
  const refuse = (why: string) => new KantataInputError("baseUrl", why);
  let url: URL;
  try {
    url = new URL(baseUrl as string);
  } catch {
    throw refuse(`got ${describeValue(baseUrl)}; expected an absolute https URL`);
  }
  if (url.username || url.password) throw refuse("must not carry credentials; pass the token as `token`");
  // A bare `?` or `#` leaves url.search and url.hash empty, yet would end up in every request URL.
  if (/[?#]/.test(baseUrl as string)) throw refuse("must not have a query or a fragment (`?` or `#`)");
  const loopback = /^(localhost|127(\.\d+){3}|\[::1\])$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw refuse(
      `uses ${url.protocol} on ${url.hostname}; expected https: (http: only for localhost, 127.0.0.0/8 or [::1])`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * Why `value` cannot be sent as a token, or undefined when it can. Says what kind of value came,
 * never the value: a token is a run of visible ASCII characters (what OAuth 2 issues).
 */
function tokenProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `got ${value == null ? describeValue(value) : typeof value}`;
  if (!value) return "got an empty string";
  if (/^bearer\s/i.test(value))
    return 'got a string starting with "Bearer "; pass the token alone, the client adds "Bearer "';
  if (/[\r\n]/.test(value)) return "got a string with a line break";
  if (/\s/.test(value)) return "got a string with white space";
  if (/[^\x21-\x7e]/.test(value))
    return "got a string with a character that cannot go into an HTTP header (only visible ASCII can)";
  return undefined;
}

const tokenRule = "expected a non-empty string of visible ASCII characters, or a function that returns one";

/** Reads the token for each request, and scrubs every token it has handed out from any text. */
export interface TokenKeeper {
  /** The current token; rejects with `signal`'s reason as soon as it aborts. */
  read(signal?: AbortSignal): Promise<string> | string;
  /** `text` with every token sent so far replaced by `[redacted]`. */
  redact(text: string): string;
}

/** Checks the `token` option and returns the keeper that reads and redacts it. */
export function tokenKeeper(token: unknown): TokenKeeper {
  // Tokens under 8 characters are placeholders (tests, demos): scrubbing one would mangle every message.
  const sent = new Set<string>();
  const remember = (value: string) => {
    if (value.length < 8) return;
    if (sent.size > 7) sent.delete(sent.values().next().value!);
    sent.add(value);
  };
  const redact = (text: string) => {
    for (const secret of sent) if (text.includes(secret)) text = text.split(secret).join("[redacted]");
    return text;
  };
  if (typeof token !== "function") {
    const problem = tokenProblem(token);
    if (problem) throw new KantataInputError("token", `${problem}; ${tokenRule}`);
    remember(token as string);
    return { read: () => token as string, redact };
  }
  const call = async () => {
    let value: unknown;
    try {
      value = await token();
    } catch (cause) {
      throw new KantataTokenError("the token function failed", { cause });
    }
    const problem = tokenProblem(value);
    if (problem)
      throw new KantataInputError(
        "token",
        `the token function returned a value that cannot be sent: ${problem}; ${tokenRule}`,
      );
    // Kept to scrub echoes; only the most recent few, so a rotating token does not grow this.
    remember(value as string);
    return value as string;
  };
  return { read: (signal) => (signal ? settleBy(call(), signal) : call()), redact };
}

/**
 * The openapi-fetch middleware that puts the current token on every request, on every
 * attempt. A fixed token is set at once, without a promise; reading a token function is
 * bounded by the attempt's signal (timeout and abort).
 */
export const authMiddleware = (keeper: TokenKeeper): Middleware => ({
  onRequest({ request }) {
    const set = (token: string) => void request.headers.set("Authorization", `Bearer ${token}`);
    const token = keeper.read(request.signal);
    return typeof token === "string" ? set(token) : token.then(set);
  },
});

/** `response`, or a copy without any token its server echoed into its status text or headers. */
export function scrubResponse(response: Response, keeper: TokenKeeper): Response {
  const echoes = (text: string) => keeper.redact(text) !== text;
  let echoed = echoes(response.statusText);
  response.headers.forEach((value) => (echoed ||= echoes(value)));
  if (!echoed) return response;
  const headers = new Headers();
  response.headers.forEach((value, name) => headers.set(name, keeper.redact(value)));
  const copy = new Response(null, { status: response.status, statusText: keeper.redact(response.statusText), headers });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}
