// The project's tests use the fake Kantata the package publishes (`src/testing/`), over real
// HTTP on 127.0.0.1 (`serve()`), through its `fetch`, or as an in-memory memberships resource.
import { KantataModel as Model, type FakeServer, type Scripted } from "../../src/testing/fake-kantata.js";
import { serveFakeKantata } from "../../src/testing/server.js";

export * from "../../src/testing/fake-kantata.js";

/** The model with its HTTP face: `serve()` starts it on 127.0.0.1; `close` stops it. */
export class KantataModel extends Model {
  serve(): Promise<FakeServer> {
    return serveFakeKantata(this);
  }
}

/**
 * A scripted fake: every request is recorded and answered from `answers` (the last one
 * repeats; a 500 when there is none). For tests of one client policy (retries, timeouts,
 * error mapping), where the test says exactly what the server answers.
 */
export async function startServer(answers: Scripted[] = []): Promise<FakeServer> {
  const model = new KantataModel();
  model.scripted = true;
  model.answers = answers;
  return model.serve();
}
export type TestServer = FakeServer;
