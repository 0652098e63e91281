// The shared fake Kantata in a process of its own, for the benches (so the server's work does not
// share the measured event loop). Bundled by scripts/lib/fake-process.mjs. FAKE_SETUP names a JSON
// file `{ records, options }` (the memberships, and the fake's options such as latencyMs and
// rateLimit); without it, MEMBERSHIPS=N puts N memberships in group 7 (membership 42 always
// exists) and DELAY_MS=N answers after N ms. Prints its base URL on the first line, and exits
// when its parent goes. GET /__stats tells what it served.
import { readFileSync } from "node:fs";
import { KantataModel, type FakeOptions, type Record } from "./fake-kantata.js";

function setup(): { records: Record[]; options: FakeOptions } {
  if (process.env.FAKE_SETUP) return JSON.parse(readFileSync(process.env.FAKE_SETUP, "utf8"));
  const total = Math.max(Number(process.env.MEMBERSHIPS ?? 2), 1);
  const records = Array.from({ length: total }, (_, i) => ({
    id: i === 0 ? 42 : 100 + i,
    user_id: 1001 + i,
    insights_access_group_id: 7,
    can_edit: false,
  }));
  return { records, options: { latencyMs: Number(process.env.DELAY_MS ?? 0) } };
}

const { records, options } = setup();
const model = new KantataModel(records, options);
// The benches send many requests; the model need not remember each.
model.requests = { push: () => 0 } as never;
model.log = { push: () => 0, length: 0 } as never;
void model.serve().then((server) => {
  console.log(server.baseUrl);
  process.on("disconnect", () => void server.close().then(() => process.exit(0)));
});
