// `kantata-insights-access/testing`: a fake Kantata for consumers' own tests, with no network.
// Pass its `fetch` to `createInsightsAccessClient({ fetch })`; no server, no port.
//
//   const fake = createFakeKantata({ memberships: [{ id: 42, user_id: 1001, insights_access_group_id: 7, can_edit: false }] });
//   const kantata = createInsightsAccessClient({ token: "t", baseUrl: fake.baseUrl, fetch: fake.fetch });
//   fake.fail({ kind: "status-before", status: 503 });   // the next request meets a 503
import {
  KantataModel,
  type Fault,
  type FakeGroup,
  type FakeOptions,
  type FakeUser,
  type Record,
  type SeenRequest,
} from "./fake-kantata.js";

export { KantataModel } from "./fake-kantata.js";
export type {
  Fault,
  FakeGroup,
  FakeOptions,
  FakeServer,
  FakeUser,
  Record as FakeMembership,
  Reply,
  SeenRequest,
} from "./fake-kantata.js";

/** What the fake account starts with. */
export interface FakeKantataInit {
  /** The memberships: `id`, `user_id`, `insights_access_group_id`, `can_edit`. */
  memberships?: readonly Record[];
  /** The users, beside those the fake derives from an id (`User <id>`, `user<id>@example.com`). User 1, an Account Administrator, is the token's by default. */
  users?: readonly FakeUser[];
  /** The groups, for `insights_access_group_name`; another group is named `Group <id>`. */
  groups?: readonly FakeGroup[];
  /** How the fake misbehaves (latency, string ids, ignored filters, a rate limit, a required token, …). */
  options?: FakeOptions;
}

/** A fake Kantata account, answering as Kantata does. */
export interface FakeKantata {
  /** A fetch function that answers from the fake: pass it to `createInsightsAccessClient({ fetch })`. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** `https://kantata.fake/api/v1`: a base URL the fake answers (it is never looked up). */
  readonly baseUrl: string;
  /** The memberships as they are now, by id: what a test asserts on after the code under test ran. */
  readonly records: Map<number, Record>;
  /** The users the fake was told of, by id. */
  readonly users: Map<number, FakeUser>;
  /** The groups the fake was told of, by id. */
  readonly groups: Map<number, FakeGroup>;
  /** Every request, in order: method, path with query, headers (lowercase names), body. */
  readonly requests: SeenRequest[];
  /** The misbehaviour options; change them between calls (`fake.options.ignoreFilters = true`). */
  readonly options: FakeOptions;
  /**
   * The next request (or the next that `match` takes) meets `fault`; each call queues one fault
   * for one request. A fault is an error status before or after a write applies (with
   * `headers: { "retry-after": "2" }` for a Retry-After), a connection dropped before or after it
   * applies, a stall, a late write, or a delay: `fail({ kind: "drop-after" }, (r) => r.method === "PUT")`.
   */
  fail(fault: Fault, match?: (request: SeenRequest) => boolean): void;
  /** Back to the account it started with: memberships, users and groups; requests, faults and options cleared. */
  reset(): void;
  /** The model underneath, for `kantata-insights-access/testing/server` and for finer control. */
  readonly model: KantataModel;
}

/** The base URL the fake answers through `fetch`. */
export const fakeBaseUrl = "https://kantata.fake/api/v1";

/** A fake Kantata account holding `init`'s memberships, users and groups. */
export function createFakeKantata(init: FakeKantataInit = {}): FakeKantata {
  const model = new KantataModel([], { ...init.options });
  const admin = { ...model.users.get(1)! };
  const start = () => {
    model.records.clear();
    for (const record of init.memberships ?? []) model.records.set(record.id, { ...record });
    model.users.clear();
    model.users.set(1, { ...admin });
    for (const user of init.users ?? []) model.users.set(user.id, { ...user });
    model.groups.clear();
    for (const group of init.groups ?? []) model.groups.set(group.id, { ...group });
    model.requests.length = 0;
    model.log.length = 0;
    model.writes.length = 0;
    model.pending.length = 0;
    model.faults = [];
  };
  start();
  return {
    fetch: model.fetch,
    baseUrl: fakeBaseUrl,
    records: model.records,
    users: model.users,
    groups: model.groups,
    requests: model.requests,
    get options() {
      return model.options;
    },
    fail: (fault, match) => void model.pending.push({ fault, match }),
    reset() {
      start();
      for (const key of Object.keys(model.options)) delete model.options[key as keyof FakeOptions];
      Object.assign(model.options, init.options);
    },
    model,
  };
}
