// The shared fake Kantata in a process of its own, for the bench (so the server's work does not
// share the measured event loop). Bundled by scripts/lib/fake-process.mjs. MEMBERSHIPS=N puts N
// memberships in group 7 (membership 42 always exists), DELAY_MS=N answers after N ms. Prints
// its base URL on the first line, and exits when its parent goes.
import { KantataModel } from "./fake-kantata.js";

const total = Math.max(Number(process.env.MEMBERSHIPS ?? 2), 1);
const records = Array.from({ length: total }, (_, i) => ({
  id: i === 0 ? 42 : 100 + i,
  user_id: 1001 + i,
  insights_access_group_id: 7,
  can_edit: false,
}));
const model = new KantataModel(records, { latencyMs: Number(process.env.DELAY_MS ?? 0) });
// The bench sends many requests; the model need not remember them.
model.requests = { push: () => 0 } as never;
model.log = { push: () => 0, length: 0 } as never;
void model.serve().then((server) => {
  console.log(server.baseUrl);
  process.on("disconnect", () => void server.close().then(() => process.exit(0)));
});
