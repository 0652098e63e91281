// memberships.move against a stateful fake Kantata that injects faults: unit tests against the
// in-memory resource (no HTTP), a model-based property test both in memory and over HTTP, and
// one test per defect the model found. The invariant: after move settles, the account is what
// move said it is; on success the user has exactly one membership, in the target group.
import fc from "fast-check";
import { createInsightsAccessClient, KantataMoveError, KantataResponseError, type MoveState } from "../../src/index.js";
import { moveMembership } from "../../src/resources/memberships-move.js";
import { KantataModel, type Fault, type Record } from "../helpers/fake-kantata.js";
import { propertyRuns, propertyScale } from "../helpers/property-runs.js";

const user = 1001;
const start = (canEdit: boolean): Record => ({
  id: 1000,
  user_id: user,
  insights_access_group_id: 7,
  can_edit: canEdit,
});

type Settled =
  | { ok: true; membership: { id: string; insights_access_group_id?: number; can_edit?: boolean } }
  | { ok: false; error: unknown };

/**
 * Checks what move said against what the model holds: on success, one membership in the
 * target group with the expected can_edit; on KantataMoveError, the state its `state` names.
 */
function checkClaim(initial: Record, target: number, wanted: boolean, outcome: Settled, now: Record[]): void {
  if (outcome.ok) {
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ insights_access_group_id: target, can_edit: wanted });
    expect(outcome.membership).toMatchObject({
      id: String(now[0]!.id),
      insights_access_group_id: target,
      can_edit: wanted,
    });
    return;
  }
  expect(outcome.error).toBeInstanceOf(KantataMoveError);
  const { state, message } = outcome.error as KantataMoveError;
  const only = now.length === 1 ? now[0]! : undefined;
  const expected: { [S in MoveState]: () => boolean } = {
    unchanged: () =>
      !!only &&
      only.id === initial.id &&
      only.insights_access_group_id === initial.insights_access_group_id &&
      only.can_edit === initial.can_edit,
    "moved-can-edit-unset": () => !!only && only.insights_access_group_id === target && only.can_edit !== wanted,
    restored: () =>
      !!only &&
      only.id !== initial.id &&
      only.insights_access_group_id === initial.insights_access_group_id &&
      only.can_edit === initial.can_edit,
    "restored-can-edit-unset": () =>
      !!only &&
      only.insights_access_group_id === initial.insights_access_group_id &&
      only.can_edit !== initial.can_edit,
    "no-membership": () => now.length === 0,
    unknown: () => message.includes(`check user ${user}`),
  };
  if (!expected[state]())
    throw new Error(`state ${state} claimed, but the account holds ${JSON.stringify(now)}: ${message}`);
}

const faultArbitrary: fc.Arbitrary<Fault | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom("status-before" as const, "status-after" as const),
      status: fc.constantFrom(422, 500, 503),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom("drop-before" as const, "drop-after" as const, "stall-after" as const, "late" as const),
    }),
  },
);
const scenario = fc.record({
  canEdit: fc.boolean(),
  target: fc.constantFrom(7, 8, 8, 8),
  option: fc.constantFrom(undefined, true, false),
  faults: fc.array(faultArbitrary, { maxLength: 10 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function settle(promise: Promise<{ membership: Settled extends never ? never : any }>): Promise<Settled> {
  return promise.then(
    ({ membership }) => ({ ok: true as const, membership }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

async function runInMemory({ canEdit, target, option, faults }: Scenario) {
  const model = new KantataModel([
    start(canEdit),
    { id: 1100, user_id: 2002, insights_access_group_id: 8, can_edit: true },
  ]);
  model.faults = faults;
  const outcome = await settle(
    moveMembership(model.resource(), user, target, option === undefined ? {} : { can_edit: option }),
  );
  await model.settled();
  checkClaim(start(canEdit), target, option ?? canEdit, outcome, model.of(user));
  expect(model.of(2002)).toEqual([{ id: 1100, user_id: 2002, insights_access_group_id: 8, can_edit: true }]);
}

describe("move against the in-memory fake resource", () => {
  it("moves: lookup, delete, create, set can_edit", async () => {
    const model = new KantataModel([start(true)]);
    const result = await moveMembership(model.resource(), user, 8, {});
    expect(model.writes).toEqual(["DELETE /1000", "POST /", "PUT /2000"]);
    expect(result).toMatchObject({
      moved: true,
      membership: { id: "2000", insights_access_group_id: 8, can_edit: true },
      previous: { id: "1000" },
    });
  });

  it("restores the old group when the create is refused", async () => {
    const model = new KantataModel([start(false)]);
    model.faults = [null, null, { kind: "status-before", status: 422 }];
    const error = (await moveMembership(model.resource(), user, 8, {}).catch((e: unknown) => e)) as KantataMoveError;
    expect(error.state).toBe("restored");
    expect(model.of(user)).toEqual([{ id: 2000, user_id: user, insights_access_group_id: 7, can_edit: false }]);
  });

  it("leaves a user already in the target group there, setting can_edit", async () => {
    const model = new KantataModel([start(false)]);
    const result = await moveMembership(model.resource(), user, 7, { can_edit: true });
    expect(result).toMatchObject({ moved: false, membership: { id: "1000", can_edit: true } });
    expect(model.writes).toEqual(["PUT /1000"]);
  });

  const seed = 20261128;
  const numRuns = propertyRuns(1000);
  it(
    `keeps its word under ${numRuns} random fault sequences (fast-check seed ${seed})`,
    async () => {
      console.log(`move model test, in memory: ${numRuns} runs, seed ${seed}`);
      await fc.assert(fc.asyncProperty(scenario, runInMemory), { seed, numRuns });
    },
    120_000 * propertyScale,
  );
});

describe("move over HTTP against the fake Kantata", () => {
  let model: KantataModel;
  let server: Awaited<ReturnType<KantataModel["serve"]>>;
  beforeEach(async () => {
    model = new KantataModel([start(true)]);
    server = await model.serve();
  });
  afterEach(() => server.close());
  const kantata = (options = {}) =>
    // A timeout only the stalls below should meet, however loaded the machine.
    createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, timeoutMs: 1_000, ...options });
  const moveError = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e as KantataMoveError,
    );

  const seed = 1128;
  const numRuns = propertyRuns(150);
  it(
    `keeps its word under ${numRuns} random fault sequences over HTTP, no retries (fast-check seed ${seed})`,
    async () => {
      console.log(`move model test, over HTTP: ${numRuns} runs, seed ${seed}`);
      await fc.assert(
        fc.asyncProperty(scenario, async ({ canEdit, target, option, faults }) => {
          model.records = new Map([[1000, start(canEdit)]]);
          model.log = [];
          model.faults = faults;
          const outcome = await settle(
            kantata({ maxRetries: 0, timeoutMs: 60 }).memberships.move(
              user,
              target,
              option === undefined ? {} : { can_edit: option },
            ),
          );
          await model.settled();
          checkClaim(start(canEdit), target, option ?? canEdit, outcome, model.of(user));
        }),
        { seed, numRuns },
      );
    },
    120_000 * propertyScale,
  );

  it.each([
    ["drops the connection", { kind: "drop-after" } as Fault, {}],
    ["stalls past the timeout", { kind: "stall-after" } as Fault, {}],
    ["answers 503", { kind: "status-after", status: 503 } as Fault, {}],
    ["drops the connection, with no retries", { kind: "drop-after" } as Fault, { maxRetries: 0 }],
  ])(
    "a DELETE applied whose answer is lost (the server %s) is seen as applied, and the move goes on",
    async (_, fault, options) => {
      model.faults = [null, fault];
      const result = await kantata(options).memberships.move(user, 8);
      expect(result).toMatchObject({ moved: true, membership: { insights_access_group_id: 8, can_edit: true } });
      expect(model.of(user)).toEqual([{ id: 2000, user_id: user, insights_access_group_id: 8, can_edit: true }]);
    },
  );

  it("a failing can_edit PUT for a user already in the target group rejects with KantataMoveError", async () => {
    model.faults = [null, { kind: "status-before", status: 500 }];
    const error = await moveError(kantata({ maxRetries: 0 }).memberships.move(user, 7, { can_edit: false }));
    expect(error).toBeInstanceOf(KantataMoveError);
    expect(error!.state).toBe("unchanged");
    expect(model.of(user)).toEqual([start(true)]);
  });

  it("a can_edit PUT applied whose answer was lost counts as set", async () => {
    model.records = new Map([[1000, start(false)]]);
    model.faults = [null, null, null, { kind: "status-after", status: 500 }];
    const result = await kantata({ maxRetries: 0 }).memberships.move(user, 8, { can_edit: true });
    expect(result).toMatchObject({ moved: true, membership: { insights_access_group_id: 8, can_edit: true } });
    expect(model.log).toEqual(expect.arrayContaining(["PUT /2000"]));
  });

  it("a lookup that answers another user's membership is refused before anything is deleted", async () => {
    model.records = new Map([
      [1200, { id: 1200, user_id: 3003, insights_access_group_id: 7, can_edit: true }],
      [1000, start(true)],
    ]);
    model.ignoreUserIds = true;
    const error = await moveError(kantata().memberships.move(user, 8));
    expect(error!.state).toBe("unchanged");
    expect(error!.message).toContain("of user 3003");
    expect(model.writes).toEqual([]);
  });

  it("a server repeating the same page with page_count 1e9 ends in KantataResponseError, not a loop", async () => {
    model.records = new Map([
      [1000, start(true)],
      [1001, { ...start(true), id: 1001 }],
    ]);
    model.repeatPages = true;
    const error = await kantata()
      .memberships.listAll({ per_page: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KantataResponseError);
    expect((error as Error).message).toContain("page 2 holding only records already read");
    // The first page, then at most the concurrency window (4) of pages in flight: never more.
    // Once the server is closed, no page the walk had in flight can still arrive.
    await server.close();
    expect(model.log.length).toBeGreaterThanOrEqual(2);
    expect(model.log.length).toBeLessThanOrEqual(5);
    model.log = [];
    server = await model.serve();
    const walked = await kantata()
      .memberships.listAll({ per_page: 1, concurrency: 1 })
      .catch((e: unknown) => e);
    expect(walked).toBeInstanceOf(KantataResponseError);
    expect(model.log).toHaveLength(2);

    const moved = await moveError(kantata().memberships.move(user, 8));
    expect(moved!.state).toBe("unchanged");
    expect(model.writes).toEqual([]);
  });

  it("a create that lands after the client gave up makes the state unknown, never no-membership", async () => {
    model.faults = [null, null, { kind: "late" }];
    const error = await moveError(kantata({ maxRetries: 0 }).memberships.move(user, 8));
    expect(error!.state).toBe("unknown");
    expect(error!.message).toMatch(
      /creating a membership in group 8 got no answer; at \d{4}-\d\d-\d\dT[\d:.]+Z the user had no membership, but Kantata may still apply it/,
    );
    await model.settled();
    expect(model.of(user)).toEqual([{ id: 2000, user_id: user, insights_access_group_id: 8, can_edit: false }]);
  });
});
