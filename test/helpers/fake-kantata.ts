// A stateful stand-in for Kantata's memberships, with faults injected per request. The same
// model answers over real HTTP (a node:http server on 127.0.0.1) and as an in-memory
// memberships resource (no HTTP), so `move` can be tried both ways against one truth.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { apiError, KantataConnectionError, KantataTimeoutError } from "../../src/core/errors.js";
import type { MembershipsResource } from "../../src/resources/memberships.js";
import type { Membership } from "../../src/index.js";

/**
 * What goes wrong with one request: an error status before or after the write is applied; a
 * connection dropped before or after applying; a stall after applying (the client times out);
 * or a late apply (the client times out, and the write lands a little later).
 */
export type Fault =
  | { kind: "status-before" | "status-after"; status: number }
  | { kind: "drop-before" | "drop-after" | "stall-after" | "late" };

export interface Record {
  id: number;
  user_id: number;
  insights_access_group_id: number;
  can_edit: boolean;
}

type Outcome = { status: number; body?: unknown };
const lateMs = 5;

export class KantataModel {
  records = new Map<number, Record>();
  nextId = 2000;
  /** Every request, as `METHOD /path?query`, and the writes only. */
  log: string[] = [];
  writes: string[] = [];
  /** The fault for the n-th request (from 0), if any. */
  faults: (Fault | null | undefined)[] = [];
  /** A server that ignores `user_ids` (defect 4) answers every membership. */
  ignoreUserIds = false;
  /** Answer every list page as page 1 of a huge count (defect 5). */
  repeatPages = false;
  private late: Promise<void>[] = [];

  constructor(records: Record[] = []) {
    for (const record of records) this.records.set(record.id, { ...record });
  }

  /** The memberships of `userId`, as they really are. */
  of(userId: number): Record[] {
    return [...this.records.values()].filter((r) => r.user_id === userId);
  }

  /** Resolves once every late write has landed. */
  async settled(): Promise<void> {
    while (this.late.length) await this.late.shift();
  }

  nextFault(): Fault | undefined {
    return this.faults[this.log.length - 1] ?? undefined;
  }

  /** Applies one request to the model: Kantata's answer, and whether it changed anything. */
  apply(method: string, path: string, query: URLSearchParams, body: any): Outcome {
    const id = Number(path);
    const found = this.records.get(id);
    if (method === "GET" && path === "") return { status: 200, body: this.list(query) };
    if (method === "GET") return found ? { status: 200, body: envelope([found]) } : notFound;
    if (method === "DELETE") return found && this.records.delete(id) ? { status: 204 } : notFound;
    if (method === "PUT") {
      if (!found) return notFound;
      found.can_edit = body.insights_access_group_membership.can_edit;
      return { status: 200, body: envelope([found]) };
    }
    const { user_id, insights_access_group_id } = body.insights_access_group_membership;
    if (this.of(user_id).length)
      return { status: 422, body: { errors: [{ type: "validation", message: "user already has a membership" }] } };
    const record = { id: this.nextId++, user_id, insights_access_group_id, can_edit: false };
    this.records.set(record.id, record);
    return { status: 200, body: envelope([record]) };
  }

  private list(query: URLSearchParams) {
    const users = query.get("user_ids")?.split(",").map(Number);
    const all = [...this.records.values()].filter((r) => this.ignoreUserIds || !users || users.includes(r.user_id));
    const perPage = Number(query.get("per_page") ?? 20);
    const page = this.repeatPages ? 1 : Number(query.get("page") ?? 1);
    const body = envelope(all.slice((page - 1) * perPage, page * perPage));
    const count = this.repeatPages ? 1e9 : all.length;
    body.meta = { count, page_count: Math.ceil(count / perPage), page_number: page, page_size: perPage };
    body.count = count;
    return body;
  }

  /** Runs `write` later, as a write that lands after the client gave up. */
  applyLate(write: () => void): void {
    this.late.push(new Promise((resolve) => setTimeout(() => resolve(write()), lateMs)));
  }

  /** Starts the model's HTTP face on 127.0.0.1; `close` stops it. */
  async serve(): Promise<{ baseUrl: string; close(): Promise<void> }> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${port}/api/v1`,
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.closeAllConnections();
          server.close((error) => (error ? reject(error) : resolve()));
        }),
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const path = url.pathname.replace(/^\/api\/v1\/insights_access_group_memberships\/?/, "");
      const method = req.method ?? "GET";
      this.log.push(`${method} /${path}${url.search}`);
      if (method !== "GET") this.writes.push(`${method} /${path}`);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
      const run = () => this.apply(method, path, url.searchParams, body);
      const fault = this.nextFault();
      if (fault?.kind === "status-before") return send(res, errorAnswer(fault.status));
      if (fault?.kind === "drop-before") return req.socket.destroy();
      if (fault?.kind === "late") return res.on("close", () => this.applyLate(run));
      const outcome = run();
      if (fault?.kind === "status-after") return send(res, errorAnswer(fault.status));
      if (fault?.kind === "drop-after") return req.socket.destroy();
      if (fault?.kind === "stall-after") return;
      send(res, outcome);
    });
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

const notFound: Outcome = { status: 404, body: { errors: [{ type: "system", message: "not found" }] } };
const errorAnswer = (status: number): Outcome => ({
  status,
  body: { errors: [{ type: "system", message: `fault ${status}` }] },
});

function envelope(records: Record[]): any {
  const users = Object.fromEntries(
    records.map((r) => [
      String(r.user_id),
      { full_name: `User ${r.user_id}`, email_address: `user${r.user_id}@example.com` },
    ]),
  );
  return {
    users,
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
          insights_access_group_id: r.insights_access_group_id,
          insights_access_group_name: `Group ${r.insights_access_group_id}`,
          user_id: r.user_id,
        },
      ]),
    ),
  };
}

/** A record of an envelope's map, with its id from `results`, as the client returns it. */
const asMembership = (fields: object, id: string): Membership => ({ ...fields, id }) as Membership;

function send(res: ServerResponse, { status, body }: Outcome) {
  const headers: { [name: string]: string } = status === 429 || status === 503 ? { "retry-after": "0" } : {};
  if (body !== undefined) headers["content-type"] = "application/json";
  res.writeHead(status, headers);
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
