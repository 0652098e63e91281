// A scripted Kantata stand-in: a node:http server on 127.0.0.1 that records every request
// and answers from a queue. Tests start it in beforeEach/it and always close it.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  /** The reason phrase, when not Node's default for the status. */
  statusText?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** Never answer: the request hangs until the client gives up. */
  hang?: boolean;
  /** Drop the connection without answering. */
  destroy?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface TestServer {
  baseUrl: string;
  origin: string;
  requests: SeenRequest[];
  /** Answers to give, in order; the last one repeats. */
  answers: Answer[];
  close(): Promise<void>;
}

export async function startServer(answers: Answer[] = []): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const state = { answers };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const answer = (state.answers.length > 1 ? state.answers.shift() : state.answers[0]) ?? { status: 500 };
      if (answer.hang) return;
      if (answer.destroy) return req.socket.destroy();
      const send = () => {
        const text =
          typeof answer.body === "string" ? answer.body : answer.body === undefined ? "" : JSON.stringify(answer.body);
        const headers = {
          ...(typeof answer.body === "object" ? { "content-type": "application/json" } : {}),
          ...answer.headers,
        };
        if (answer.statusText === undefined) res.writeHead(answer.status ?? 200, headers);
        else res.writeHead(answer.status ?? 200, answer.statusText, headers);
        res.end(text);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/api/v1`,
    origin,
    requests,
    get answers() {
      return state.answers;
    },
    set answers(next: Answer[]) {
      state.answers = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
