/// <reference types="node" />
// `kantata-insights-access/testing/server`: the fake Kantata over HTTP on 127.0.0.1, for tools
// that need a URL (a command line under test, another process). The same model answers as through
// `fetch`; a dropped connection is a destroyed socket, a stall an open one.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { KantataModel, type FakeServer, type SeenRequest } from "./fake-kantata.js";
import type { FakeKantata } from "./index.js";

const flatten = (headers: IncomingHttpHeaders): SeenRequest["headers"] =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]),
  );

/**
 * Serves `fake` (what `createFakeKantata` returns, or its model) on 127.0.0.1 at a free port;
 * resolves once it listens. `close()` stops it and ends any connection still open.
 */
export async function serveFakeKantata(fake: FakeKantata | KantataModel): Promise<FakeServer> {
  const model = fake instanceof KantataModel ? fake : fake.model;
  const server = createServer((req, res) => {
    model.enter();
    // `closed` first: a late write is queued on it before `leave` can wake `settled`, which then
    // waits for that write to land too.
    const closed = new Promise((resolve) => res.on("close", resolve));
    res.on("close", () => model.leave());
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const seen = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: flatten(req.headers),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      void model.respond(seen, closed).then((reply) => {
        if ("drop" in reply) return req.socket.destroy();
        if ("hang" in reply) return;
        const send = () => {
          if (reply.statusText === undefined) res.writeHead(reply.status, reply.headers);
          else res.writeHead(reply.status, reply.statusText, reply.headers);
          res.end(reply.body);
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/api/v1`,
    origin,
    requests: model.requests,
    get answers() {
      return model.answers;
    },
    set answers(next) {
      model.answers = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
