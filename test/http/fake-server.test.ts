// The fake Kantata served over HTTP (`kantata-insights-access/testing/server`): what a test that
// waits on it relies on.
import { createInsightsAccessClient } from "../../src/index.js";
import { KantataModel } from "../helpers/fake-kantata.js";
import { until } from "../helpers/wait.js";

it("settled() waits for a write that lands after its client gave up, though it began waiting before the client left", async () => {
  const model = new KantataModel([{ id: 1, user_id: 1001, insights_access_group_id: 7, can_edit: false }]);
  const server = await model.serve();
  try {
    model.faults = [{ kind: "late" }];
    const controller = new AbortController();
    const kantata = createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, maxRetries: 0 });
    const sent = kantata.memberships.update(1, { can_edit: true }, { signal: controller.signal }).catch((e) => e);
    // The fake holds the write; whoever waits for it to settle is waiting when the client leaves.
    await until(() => model.writes.length === 1);
    const settled = model.settled();
    controller.abort();
    await sent;
    await settled;
    expect(model.records.get(1)!.can_edit).toBe(true);
  } finally {
    await server.close();
  }
});
