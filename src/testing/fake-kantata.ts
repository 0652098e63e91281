// A fake Kantata: a stateful model of the Insights Access Group Memberships and users
// resources, answering as Kantata does (its envelope, pagination, include and optional_fields,
// filters, 404 and 422), with faults injected per request. It answers a `Request` with a
// `Response` (`fetch`), with no server and no port; `kantata-insights-access/testing/server`
// serves the same model over HTTP on 127.0.0.1. Options make it misbehave the ways real servers
// do (latency, string ids, ignored filters, echoed headers, rate limits), and a script of answers
// lets a test of one client policy say exactly what the next answers are. This is the fake the
// project's own tests use.
import { apiError, KantataConnectionError, KantataTimeoutError } from "../core/errors.js";
import type { Membership, MembershipsResource } from "../resources/types.js";

/**
 * What goes wrong with one request: an error status before or after the write is applied; a
 * connection dropped before or after applying; a stall after applying (the client times out);
 * a late apply (the client times out, and the write lands a little later); or an answer that
 * comes only after `delayMs`.
 */
export type Fault =
  | {
      kind: "status-before" | "status-after";
      status: number;
      headers?: { [name: string]: string };
      /** Kantata's error message in the answer; default `fault <status>`. */
      message?: string;
    }
  | { kind: "drop-before" | "drop-after" | "stall-after" | "late" }
  | { kind: "delay"; delayMs: number };

/** A membership as the fake holds it. */
export interface Record {
  id: number;
  user_id: number;
  insights_access_group_id: number;
  can_edit: boolean;
}

/** One request as the fake saw it. */
export interface SeenRequest {
  method: string;
  /** The request target, with the base path and query: `/api/v1/insights_access_group_memberships?…`. */
  url: string;
  /** The headers, by lowercase name. */
  headers: { [name: string]: string | undefined };
  body: string;
}

/** How the fake answers one request: a response (after `delayMs`), a dropped connection, or nothing. */
export type Reply =
  | { status: number; statusText?: string; headers: { [name: string]: string }; body: string; delayMs?: number }
  | { drop: true }
  | { hang: true };

/** A scripted answer, given instead of the model's. */
export interface Answer {
  status?: number;
  /** The reason phrase, when not Node's default for the status. */
  statusText?: string;
  headers?: { [name: string]: string };
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** Never answer: the request hangs until the client gives up. */
  hang?: boolean;
  /** Drop the connection without answering. */
  destroy?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answer only once this settles (an event of the test's, such as another call failing). */
  after?: Promise<unknown>;
}

/** A scripted answer, or a function of the request that gives one. */
export type Scripted = Answer | ((request: SeenRequest) => Answer);

/** How the fake misbehaves, all off by default. */
export interface FakeOptions {
  /** Wait this long before every answer of the model (not of a script). */
  latencyMs?: number;
  /** Send `user_id` and `insights_access_group_id` as strings, as Kantata's response format allows. */
  stringIds?: boolean;
  /** Ignore the list filters `user_ids`, `by_access_group_id` and `only`: answer every membership. */
  ignoreFilters?: boolean;
  /** Headers added to every answer of the model (a server that echoes the credential, say). */
  echoHeaders?: { [name: string]: string };
  /** When set, any other `Authorization` than `Bearer <token>` gets Kantata's 401. */
  token?: string;
  /** Changes each JSON answer body of the model before it is sent. */
  rewrite?: (body: any, request: { method: string; path: string }) => void;
  /**
   * Allows this many requests a second (every request counts, reads of users too, as under
   * Kantata's general limits), answering 429 beyond it before doing anything, with a
   * Retry-After when `retryAfter` is set. The limiter's shape: a token bucket that holds a
   * second's worth (the default), a fixed one-second window, or a window sliding over the last
   * second. `busyMs`: every request of the first this many milliseconds is answered 429 (a burst
   * of refusals, as an overloaded server gives), whatever the limit.
   */
  rateLimit?: { perSecond: number; retryAfter: boolean; shape?: "bucket" | "fixed" | "sliding"; busyMs?: number };
  /** Answers every write with this status before applying it (a token that may read but not write). */
  refuseWrites?: 401 | 403;
  /** Honours only the first this many addresses of `by_email_addresses` (a server that cuts a long filter short). */
  emailFilterLimit?: number;
  /** Answers `GET /users/me` with this status (Kantata failing the token check). */
  meStatus?: number;
  /** More tokens the fake accepts, each the token of a user (by id): `GET /users/me` answers that user. */
  tokens?: { [token: string]: number };
}

/** A user of the fake account; users it was not told of are derived from their id. */
export interface FakeUser {
  id: number;
  full_name: string;
  email_address: string;
  is_administrator: boolean;
  permission: string;
  disabled?: boolean;
  /** The account the user is on (default 1): \`on_my_account=true\` lists only the caller's account's users. */
  account?: number;
  /** When the user was last active (ISO 8601); sent with `optional_fields=last_site_activity`, never when unset. */
  last_site_activity?: string;
}

/** The HTTP face of the fake (`serveFakeKantata`), as a test holds it. */
export interface FakeServer {
  /** `http://127.0.0.1:PORT/api/v1` */
  baseUrl: string;
  origin: string;
  requests: SeenRequest[];
  /** Scripted answers, in order; the last one repeats. Only used when the fake is scripted. */
  answers: Scripted[];
  close(): Promise<void>;
}

type Outcome = { status: number; body?: unknown; headers?: { [name: string]: string } };
/** A group of the fake account, for `insights_access_group_name`. */
export interface FakeGroup {
  id: number;
  name: string;
}
const lateMs = 5;
const basePath = "/api/v1/insights_access_group_memberships";

export class KantataModel {
  records = new Map<number, Record>();
  /** The account's users, by id, beside those derived from an id; user 1 is the administrator a token belongs to by default. */
  users = new Map<number, FakeUser>([
    [
      1,
      {
        ...accountUser(1),
        full_name: "Ada Admin",
        email_address: "admin@example.com",
        is_administrator: true,
        permission: "administrator",
      },
    ],
  ]);
  /** The account's groups, by id; a group it was not told of is named `Group <id>`. */
  groups = new Map<number, FakeGroup>();
  nextId = 2000;
  /** Every request, as `METHOD /path?query` (the path after the resource's), and the writes only. */
  log: string[] = [];
  writes: string[] = [];
  /** Every HTTP request in full. */
  requests: SeenRequest[] = [];
  /** The fault for the n-th request (from 0), if any. */
  faults: (Fault | null | undefined)[] = [];
  /** Faults waiting for a request, one each, in order (`fail`): the first whose `match` takes it; users' requests too. */
  pending: { fault: Fault; match?: ((request: SeenRequest) => boolean) | undefined }[] = [];
  /** A server that ignores `user_ids` answers every membership to a lookup by user. */
  ignoreUserIds = false;
  /** Answer every list page as page 1 of a huge count. */
  repeatPages = false;
  /** Requests answered by the model, and those answered 429 by the rate limit. */
  served = 0;
  rateLimited = 0;
  private bucket = { tokens: 0, at: 0 };
  /** The fixed window's second and its count; the sliding window's admissions of the last second. */
  private window = { start: 0, count: 0 };
  private admitted: number[] = [];
  private readonly started = Date.now();
  /** Called as each write arrives, before it is applied: where a test sends a signal, or kills a run. */
  onWrite: ((count: number) => void) | undefined;
  /**
   * Tokens of clients that were killed: their later requests are refused (401) unapplied, so that
   * a run abandoned in-process ends at once rather than retrying into the void.
   */
  severed = new Set<string>();
  /** When true, every HTTP request is answered from `answers` (a test of one client policy). */
  scripted = false;
  answers: Scripted[] = [];
  private late: Promise<void>[] = [];
  /** Requests whose connection is still open, and who waits for there to be none. */
  private open = 0;
  private idle: (() => void)[] = [];

  constructor(
    records: Record[] = [],
    readonly options: FakeOptions = {},
  ) {
    for (const record of records) this.records.set(record.id, { ...record });
    this.bucket = { tokens: options.rateLimit?.perSecond ?? 0, at: Date.now() };
  }

  /** Whether the rate limit lets one more request through now; the wait until it would, when not. */
  private admit(): { ok: true } | { ok: false; waitMs: number } {
    const limit = this.options.rateLimit;
    if (!limit) return { ok: true };
    const now = Date.now();
    const busyUntil = this.started + (limit.busyMs ?? 0);
    if (now < busyUntil) return { ok: false, waitMs: busyUntil - now };
    if (limit.shape === "fixed") {
      const window = Math.floor(now / 1000);
      if (this.window.start !== window) this.window = { start: window, count: 0 };
      if (this.window.count < limit.perSecond) return (this.window.count++, { ok: true });
      return { ok: false, waitMs: (window + 1) * 1000 - now };
    }
    if (limit.shape === "sliding") {
      while (this.admitted.length && this.admitted[0]! <= now - 1000) this.admitted.shift();
      if (this.admitted.length < limit.perSecond) return (this.admitted.push(now), { ok: true });
      return { ok: false, waitMs: this.admitted[0]! + 1000 - now };
    }
    const tokens = Math.min(limit.perSecond, this.bucket.tokens + ((now - this.bucket.at) / 1000) * limit.perSecond);
    this.bucket = { tokens, at: now };
    if (tokens >= 1) {
      this.bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: ((1 - tokens) / limit.perSecond) * 1000 };
  }

  /** The 429 that the rate limit answers now (Kantata's limits cover every request), if it does. */
  private limited(): Outcome | undefined {
    const admitted = this.admit();
    if (admitted.ok) return undefined;
    this.rateLimited++;
    const wait: { [name: string]: string } = this.options.rateLimit?.retryAfter
      ? { "retry-after": String(Math.ceil(admitted.waitMs / 1000)) }
      : {};
    return { status: 429, body: { errors: [{ type: "system", message: "rate limited" }] }, headers: wait };
  }

  /** The memberships of `userId`, as they really are. */
  of(userId: number): Record[] {
    return [...this.records.values()].filter((r) => r.user_id === userId);
  }

  /** Resolves once every request has closed (answered, dropped or given up by its client) and every late write has landed. */
  async settled(): Promise<void> {
    while (this.open > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    while (this.late.length) await this.late.shift();
  }

  /** The fault this request meets: its number's in `faults`, or the first waiting one it matches. */
  nextFault(request?: SeenRequest): Fault | undefined {
    return this.faults[this.log.length - 1] ?? this.waiting(request);
  }

  private waiting(request: SeenRequest | undefined): Fault | undefined {
    const i = this.pending.findIndex(({ match }) => !match || (request !== undefined && match(request)));
    return i < 0 ? undefined : this.pending.splice(i, 1)[0]!.fault;
  }

  /** A request has begun; `leave` when its connection closes. `settled` waits for none to be open. */
  enter(): void {
    this.open++;
  }
  leave(): void {
    if (--this.open === 0) for (const wake of this.idle.splice(0)) wake();
  }

  /** Applies one request to the model: Kantata's answer, and whether it changed anything. */
  apply(method: string, path: string, query: URLSearchParams, body: any): Outcome {
    const id = Number(path);
    const found = this.records.get(id);
    const view = (records: Record[]) => this.envelope(records, query);
    if (method === "GET" && path === "") return { status: 200, body: this.list(query) };
    if (method === "GET") return found ? { status: 200, body: view([found]) } : notFound;
    if (method === "DELETE") return found && this.records.delete(id) ? { status: 204 } : notFound;
    if (method === "PUT") {
      if (!found) return notFound;
      found.can_edit = body.insights_access_group_membership.can_edit;
      return { status: 200, body: view([found]) };
    }
    const { user_id, insights_access_group_id } = body.insights_access_group_membership;
    if (this.of(user_id).length)
      return { status: 422, body: { errors: [{ type: "validation", message: "user already has a membership" }] } };
    const record = { id: this.nextId++, user_id, insights_access_group_id, can_edit: false };
    this.records.set(record.id, record);
    return { status: 200, body: view([record]) };
  }

  private list(query: URLSearchParams) {
    const numbers = (name: string) => query.get(name)?.split(",").map(Number);
    const [users, only] = [numbers("user_ids"), numbers("only")];
    const group = query.has("by_access_group_id") ? Number(query.get("by_access_group_id")) : undefined;
    const name = query.get("by_user_name");
    const ignore = this.options.ignoreFilters;
    const all = [...this.records.values()].filter(
      (r) =>
        (ignore || this.ignoreUserIds || !users || users.includes(r.user_id)) &&
        (ignore || !only || only.includes(r.id)) &&
        (ignore || group === undefined || r.insights_access_group_id === group) &&
        (name === null || this.user(r.user_id).full_name === name),
    );
    const perPage = Number(query.get("per_page") ?? 20);
    const page = this.repeatPages ? 1 : Number(query.get("page") ?? 1);
    const body = this.envelope(all.slice((page - 1) * perPage, page * perPage), query);
    const count = this.repeatPages ? 1e9 : all.length;
    body.meta = { count, page_count: Math.ceil(count / perPage), page_number: page, page_size: perPage };
    body.count = count;
    return body;
  }

  /** Kantata's envelope of `records`, with the users and optional fields the query asked for. */
  private envelope(records: Record[], query: URLSearchParams): any {
    const id = (value: number) => (this.options.stringIds ? String(value) : value);
    const fields = query.get("optional_fields")?.split(",") ?? [];
    const withUsers = query.get("include")?.split(",").includes("user");
    return {
      count: records.length,
      meta: { count: records.length, page_count: 1, page_number: 1, page_size: 20 },
      results: records.map((r) => ({ key: "insights_access_group_memberships", id: String(r.id) })),
      insights_access_group_memberships: Object.fromEntries(
        records.map((r) => [
          String(r.id),
          {
            can_edit: r.can_edit,
            created_at: "2026-11-26T09:45:00Z",
            updated_at: "2026-11-26T09:45:00Z",
            insights_access_group_id: id(r.insights_access_group_id),
            insights_access_group_name:
              this.groups.get(r.insights_access_group_id)?.name ?? `Group ${r.insights_access_group_id}`,
            user_id: id(r.user_id),
            ...(fields.includes("user_name") && { user_name: this.user(r.user_id).full_name }),
            ...(fields.includes("account_permission") && { account_permission: "administrator" }),
          },
        ]),
      ),
      ...(withUsers && {
        users: Object.fromEntries(records.map((r) => [String(r.user_id), userRecord(this.user(r.user_id))])),
      }),
    };
  }

  /** Runs `write` later, as a write that lands after the client gave up. */
  applyLate(write: () => void): void {
    this.late.push(new Promise((resolve) => setTimeout(() => resolve(write()), lateMs)));
  }

  /**
   * Answers one request. `closed` settles when the client gives up on it: a late write lands
   * then. Every request is recorded; a scripted fake answers from `answers`.
   */
  async respond(seen: SeenRequest, closed: Promise<unknown>): Promise<Reply> {
    this.requests.push(seen);
    if (this.scripted) return this.answerFromScript(seen);
    const { method, body: text } = seen;
    const url = new URL(seen.url, "http://x");
    // For a bench in another process: what this fake has served.
    if (url.pathname === "/__stats") {
      const stats = { served: this.served, rateLimited: this.rateLimited, writes: this.writes.length };
      return this.reply(method, "", { status: 200, body: stats }, 0);
    }
    if (this.severed.has(bearer(seen) ?? "")) return this.reply(method, "", unauthorized, 0);
    this.served++;
    if (url.pathname.startsWith("/api/v1/users")) return this.handleUsers(seen, url);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length).replace(/^\//, "") : null;
    this.log.push(`${method} /${path ?? url.pathname}${url.search}`);
    if (method !== "GET") {
      this.writes.push(`${method} /${path}`);
      this.onWrite?.(this.writes.length);
    }
    const reply = (outcome: Outcome, delayMs = 0) => this.reply(method, path ?? "", outcome, delayMs);
    if (this.caller(seen) === null) return reply(unauthorized);
    if (path === null) return reply(notFound);
    const limited = this.limited();
    if (limited) return reply(limited);
    const run = () => this.apply(method, path, url.searchParams, text ? JSON.parse(text) : undefined);
    if (method !== "GET" && this.options.refuseWrites) return reply(errorAnswer(this.options.refuseWrites));
    const fault = this.nextFault(seen);
    if (fault?.kind === "status-before") return reply(errorAnswer(fault.status, fault.headers, fault.message));
    if (fault?.kind === "drop-before") return { drop: true };
    if (fault?.kind === "late") {
      void closed.then(() => this.applyLate(run));
      return { hang: true };
    }
    const outcome = run();
    if (fault?.kind === "status-after") return reply(errorAnswer(fault.status, fault.headers, fault.message));
    if (fault?.kind === "drop-after") return { drop: true };
    if (fault?.kind === "stall-after") return { hang: true };
    return reply(outcome, fault?.kind === "delay" ? fault.delayMs : 0);
  }

  /**
   * The fake as a fetch function: no server, no port. A dropped connection rejects as undici's
   * fetch does (a TypeError whose cause has the code ECONNRESET); a stall waits for the request's
   * signal.
   */
  readonly fetch = async (request: Request): Promise<Response> => {
    this.enter();
    try {
      const signal = request.signal;
      const closed = new Promise<void>((resolve) =>
        signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      const url = new URL(request.url);
      const headers: SeenRequest["headers"] = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      const seen = { method: request.method, url: url.pathname + url.search, headers, body: await request.text() };
      const reply = await this.respond(seen, closed);
      const gaveUp = () => signal.reason ?? new DOMException("This operation was aborted", "AbortError");
      if ("drop" in reply) {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("other side closed"), { code: "ECONNRESET" }),
        });
      }
      if ("hang" in reply) {
        await closed;
        throw gaveUp();
      }
      if (reply.delayMs) {
        const waited = await Promise.race([
          new Promise((resolve) => setTimeout(resolve, reply.delayMs, true)),
          closed.then(() => false),
        ]);
        if (!waited) throw gaveUp();
      }
      const empty = reply.status === 204 || reply.status === 304;
      return new Response(empty ? null : reply.body, {
        status: reply.status,
        ...(reply.statusText !== undefined && { statusText: reply.statusText }),
        headers: reply.headers,
      });
    } finally {
      this.leave();
    }
  };

  /** The user whose token a request carries: null for a token the fake does not accept. */
  private caller(seen: SeenRequest): number | null {
    const { token, tokens = {} } = this.options;
    const given = bearer(seen);
    if (given !== undefined && Object.hasOwn(tokens, given)) return tokens[given]!;
    if (token !== undefined && given !== token) return null;
    return 1;
  }

  /** A user as the fake knows them: told of, or derived from the id. */
  user(id: number): FakeUser {
    return this.users.get(id) ?? accountUser(id);
  }

  /** `GET /users`, `/users/me` and `/users/{id}`: read-only, never faulted (but for `meStatus`), never in `log`. */
  private handleUsers(seen: SeenRequest, url: URL): Reply {
    const reply = (outcome: Outcome, delayMs = 0) => this.reply("GET", "users", outcome, delayMs);
    const me = this.caller(seen);
    if (me === null) return reply(unauthorized);
    const limited = this.limited();
    if (limited) return reply(limited);
    if (seen.method !== "GET") return reply(notFound);
    const fault = this.waiting(seen);
    if (fault?.kind === "status-before" || fault?.kind === "status-after")
      return reply(errorAnswer(fault.status, fault.headers, fault.message));
    if (fault?.kind === "drop-before" || fault?.kind === "drop-after") return { drop: true };
    if (fault?.kind === "stall-after" || fault?.kind === "late") return { hang: true };
    const delayMs = fault?.kind === "delay" ? fault.delayMs : 0;
    const query = url.searchParams;
    const rest = url.pathname.slice("/api/v1/users".length).replace(/^\//, "");
    const { meStatus } = this.options;
    if (rest === "me" && meStatus) {
      return reply({ status: meStatus, body: { errors: [{ type: "system", message: `fault ${meStatus}` }] } });
    }
    if (rest === "me" || /^\d+$/.test(rest)) {
      const id = rest === "me" ? me : Number(rest);
      if (rest !== "me" && !this.users.has(id) && !this.knows(id)) return reply(notFound);
      return reply({ status: 200, body: this.userEnvelope([this.user(id)], query) }, delayMs);
    }
    if (rest !== "") return reply(notFound);
    const list = (name: string) =>
      query
        .get(name)
        ?.split(",")
        .map((v) => v.toLowerCase());
    const emails = (
      list("by_email_addresses") ?? (query.has("by_email_address") ? list("by_email_address") : undefined)
    )?.slice(0, this.options.emailFilterLimit);
    const only = list("only")?.map(Number);
    const name = query.get("by_full_name")?.toLowerCase();
    const members = new Set([...this.records.values()].map((r) => r.user_id));
    const ids = new Set([...this.users.keys(), ...members]);
    const all = [...ids]
      .map((id) => this.user(id))
      .filter(
        (u) =>
          (!emails || emails.includes(u.email_address.toLowerCase())) &&
          (!only || only.includes(u.id)) &&
          (!name || u.full_name.toLowerCase().includes(name)) &&
          (query.get("show_disabled") === "true" || !u.disabled) &&
          (query.get("show_users_in_insights_groups") !== "true" || members.has(u.id)) &&
          (query.get("on_my_account") !== "true" || (u.account ?? 1) === (this.user(me).account ?? 1)),
      )
      .sort((a, b) => a.full_name.localeCompare(b.full_name) || a.id - b.id);
    const perPage = Number(query.get("per_page") ?? 20);
    const page = Number(query.get("page") ?? 1);
    const body = this.userEnvelope(all.slice((page - 1) * perPage, page * perPage), query);
    body.count = all.length;
    body.meta = {
      count: all.length,
      page_count: Math.ceil(all.length / perPage),
      page_number: page,
      page_size: perPage,
    };
    return reply({ status: 200, body }, delayMs);
  }

  /** Whether the account has a user with this id (told of, or holding a membership). */
  private knows(id: number): boolean {
    return [...this.records.values()].some((r) => r.user_id === id);
  }

  /** Kantata's users envelope, with account memberships when `include=account_membership`. */
  private userEnvelope(users: FakeUser[], query: URLSearchParams): any {
    const withMemberships = query.get("include")?.split(",").includes("account_membership");
    const fields = query.get("optional_fields")?.split(",") ?? [];
    const record = (user: FakeUser) => ({
      id: String(user.id),
      ...userRecord(user),
      ...(fields.includes("last_site_activity") &&
        user.last_site_activity !== undefined && { last_site_activity: user.last_site_activity }),
      ...(withMemberships && { account_membership_id: String(5000 + user.id) }),
    });
    return {
      count: users.length,
      meta: { count: users.length, page_count: 1, page_number: 1, page_size: 20 },
      results: users.map((u) => ({ key: "users", id: String(u.id) })),
      users: Object.fromEntries(users.map((u) => [String(u.id), record(u)])),
      ...(withMemberships && {
        account_memberships: Object.fromEntries(
          users.map((u) => [
            String(5000 + u.id),
            {
              is_administrator: u.is_administrator,
              permission: u.permission,
              disabled_at: u.disabled ? "2026-11-01T00:00:00Z" : null,
            },
          ]),
        ),
      }),
    };
  }

  /** The reply for `outcome`, after the fake's latency and `delayMs`. */
  private reply(method: string, path: string, { status, body, headers: extra }: Outcome, delayMs: number): Reply {
    if (body !== undefined && status < 300) this.options.rewrite?.(body, { method, path });
    const headers: { [name: string]: string } = {
      ...((status === 429 && !this.options.rateLimit) || status === 503 ? { "retry-after": "0" } : {}),
      ...this.options.echoHeaders,
      ...extra,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    const wait = (this.options.latencyMs ?? 0) + delayMs;
    return {
      status,
      headers,
      body: body === undefined ? "" : JSON.stringify(body),
      ...(wait > 0 && { delayMs: wait }),
    };
  }

  private async answerFromScript(seen: SeenRequest): Promise<Reply> {
    const next = (this.answers.length > 1 ? this.answers.shift() : this.answers[0]) ?? { status: 500 };
    const answer = typeof next === "function" ? next(seen) : next;
    if (answer.hang) return { hang: true };
    if (answer.destroy) return { drop: true };
    if (answer.after)
      await answer.after.then(
        () => {},
        () => {},
      );
    const { body } = answer;
    return {
      status: answer.status ?? 200,
      ...(answer.statusText !== undefined && { statusText: answer.statusText }),
      headers: { ...(typeof body === "object" ? { "content-type": "application/json" } : {}), ...answer.headers },
      body: typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body),
      ...(answer.delayMs && { delayMs: answer.delayMs }),
    };
  }

  /** The model as an in-memory memberships resource: a fault becomes the error the client would throw. */
  resource(): MembershipsResource {
    const call = async (method: string, path: string, query: URLSearchParams, body?: unknown) => {
      this.log.push(`${method} /${path}${query.size ? `?${query}` : ""}`);
      if (method !== "GET") this.writes.push(`${method} /${path}`);
      const fault = this.nextFault();
      const run = () => this.apply(method, path, query, body);
      const where = { method, url: `https://fake.test/api/v1/insights_access_group_memberships/${path}` };
      const failWith = (outcome: Outcome) => {
        const response = new Response(JSON.stringify(outcome.body ?? {}), { status: outcome.status });
        return apiError({ ...where, response }, outcome.body, undefined);
      };
      if (fault?.kind === "status-before") throw failWith(errorAnswer(fault.status));
      if (fault?.kind === "drop-before") throw new KantataConnectionError("no answer (ECONNRESET)");
      if (fault?.kind === "late") {
        this.applyLate(run);
        throw new KantataTimeoutError("no answer within 50 ms");
      }
      const outcome = run();
      if (fault?.kind === "status-after") throw failWith(errorAnswer(fault.status));
      if (fault?.kind === "drop-after") throw new KantataConnectionError("no answer (ECONNRESET)");
      if (fault?.kind === "stall-after") throw new KantataTimeoutError("no answer within 50 ms");
      if (outcome.status >= 400) throw failWith(outcome);
      return outcome.body as { results: { id: string }[]; insights_access_group_memberships: { [id: string]: Record } };
    };
    const one = (body: Awaited<ReturnType<typeof call>>) => {
      const id = body.results[0]!.id;
      return {
        membership: asMembership(body.insights_access_group_memberships[id]!, id),
        data: body as never,
        response: new Response(),
      };
    };
    const listAll = async (params: { user_ids?: number[] }) => {
      const body = await call(
        "GET",
        "",
        new URLSearchParams(params.user_ids ? { user_ids: params.user_ids.join(","), per_page: "200" } : {}),
      );
      return body.results.map(({ id }) => asMembership(body.insights_access_group_memberships[id]!, id));
    };
    const fake = {
      listAll,
      async delete(id: number | string) {
        await call("DELETE", String(id), new URLSearchParams());
        return undefined;
      },
      async create(attributes: unknown) {
        return one(await call("POST", "", new URLSearchParams(), { insights_access_group_membership: attributes }));
      },
      async update(id: number | string, changes: unknown) {
        return one(await call("PUT", String(id), new URLSearchParams(), { insights_access_group_membership: changes }));
      },
    };
    // move uses only these four methods; the others are not part of what it may call.
    return fake as unknown as MembershipsResource;
  }
}

/** The token a request carries, if any. */
const bearer = (seen: SeenRequest) => /^Bearer (.+)$/.exec(seen.headers.authorization ?? "")?.[1];

/** A user of the account the fake derives from an id: not an administrator. */
const accountUser = (id: number): FakeUser => ({
  id,
  full_name: `User ${id}`,
  email_address: `user${id}@example.com`,
  is_administrator: false,
  permission: "collaborator",
});

/** A user as Kantata side-loads them onto memberships (`include=user`). */
const userRecord = ({ full_name, email_address }: FakeUser) => ({
  full_name,
  email_address,
  headline: "Analyst",
  photo_path: "https://app.mavenlink.com/images/avatar.png",
});

const notFound: Outcome = { status: 404, body: { errors: [{ type: "system", message: "not found" }] } };
const unauthorized: Outcome = {
  status: 401,
  body: { errors: [{ type: "oauth", message: "Invalid OAuth 2 Request" }] },
};
const errorAnswer = (status: number, headers?: { [name: string]: string }, message = `fault ${status}`): Outcome => ({
  status,
  body: { errors: [{ type: "system", message }] },
  ...(headers && { headers }),
});

/** A record of an envelope's map, with its id from `results`, as the client returns it. */
const asMembership = (fields: object, id: string): Membership => ({ ...fields, id }) as Membership;
