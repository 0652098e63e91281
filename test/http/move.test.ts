// memberships.move: find, delete, create (and set can_edit), and what happens when a step fails.
import {
  createInsightsAccessClient,
  KantataInputError,
  KantataMoveError,
  PermissionDeniedError,
  UnprocessableEntityError,
} from "../../src/index.js";
import { errorExample, example } from "../helpers/fixtures.js";
import { startServer, type Answer, type TestServer } from "../helpers/fake-kantata.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const kantata = () => createInsightsAccessClient({ token: "t", baseUrl: server.baseUrl, maxRetries: 0 });
const calls = () =>
  server.requests.map((r) => `${r.method} ${r.url.replace(/^\/api\/v1\/insights_access_group_memberships/, "")}`);

/** An envelope answer holding these memberships. */
function memberships(...records: { id: number; group: number; canEdit: boolean }[]): Answer {
  const base = example("MembershipCreated").insights_access_group_memberships["57"];
  const body = example("MembershipList");
  body.results = records.map(({ id }) => ({ key: "insights_access_group_memberships", id: String(id) }));
  body.insights_access_group_memberships = Object.fromEntries(
    records.map(({ id, group, canEdit }) => [
      String(id),
      { ...base, user_id: 1001, insights_access_group_id: group, can_edit: canEdit },
    ]),
  );
  body.meta = { count: records.length, page_count: 1, page_number: 1, page_size: 20 };
  body.count = records.length;
  return { status: 200, body };
}
const deleted: Answer = { status: 204 };
const refused: Answer = { status: 422, body: errorExample("UnprocessableEntity") };
const lookup = "GET ?user_ids=1001&page=1&per_page=200";

it("deletes the old membership, creates the new one and keeps can_edit", async () => {
  server.answers = [
    memberships({ id: 42, group: 7, canEdit: true }),
    deleted,
    memberships({ id: 57, group: 8, canEdit: false }),
    memberships({ id: 57, group: 8, canEdit: true }),
  ];
  const result = await kantata().memberships.move(1001, 8);
  expect(calls()).toEqual([lookup, "DELETE /42", "POST ", "PUT /57"]);
  expect(JSON.parse(server.requests[2]!.body)).toEqual({
    insights_access_group_membership: { user_id: 1001, insights_access_group_id: 8 },
  });
  expect(JSON.parse(server.requests[3]!.body)).toEqual({ insights_access_group_membership: { can_edit: true } });
  expect(result.moved).toBe(true);
  expect(result.membership).toMatchObject({ id: "57", insights_access_group_id: 8, can_edit: true });
  expect(result.previous).toMatchObject({ id: "42", insights_access_group_id: 7, can_edit: true });
});

it("sets can_edit as told, with no extra update when the new membership already has it", async () => {
  server.answers = [
    memberships({ id: 42, group: 7, canEdit: true }),
    deleted,
    memberships({ id: 57, group: 8, canEdit: false }),
  ];
  const { membership } = await kantata().memberships.move("1001", "8", { can_edit: false });
  expect(calls()).toEqual([lookup, "DELETE /42", "POST "]);
  expect(membership.can_edit).toBe(false);
});

it("changes nothing when the user already is in the target group", async () => {
  server.answers = [memberships({ id: 42, group: 8, canEdit: false })];
  const result = await kantata().memberships.move(1001, 8);
  expect(calls()).toEqual([lookup]);
  expect(result).toMatchObject({ moved: false, previous: undefined, membership: { id: "42" } });
});

it("when the create fails, makes the old membership again and says so", async () => {
  server.answers = [
    memberships({ id: 42, group: 7, canEdit: true }),
    deleted,
    refused,
    memberships(),
    memberships({ id: 58, group: 7, canEdit: false }),
    memberships({ id: 58, group: 7, canEdit: true }),
  ];
  const error = (await kantata()
    .memberships.move(1001, 8)
    .catch((e: unknown) => e)) as KantataMoveError;
  expect(calls()).toEqual([lookup, "DELETE /42", "POST ", lookup, "POST ", "PUT /58"]);
  expect(JSON.parse(server.requests[4]!.body)).toEqual({
    insights_access_group_membership: { user_id: 1001, insights_access_group_id: 7 },
  });
  expect(error).toBeInstanceOf(KantataMoveError);
  expect(error.state).toBe("restored");
  expect(error.message).toContain(
    "moving user 1001 to group 8: creating the new membership failed; the old one was made again as membership 58 in group 7 with can_edit true",
  );
  expect(error.message).toContain(errorExample("UnprocessableEntity").errors[0]!.message);
  expect(error.errors[0]).toBeInstanceOf(UnprocessableEntityError);
});

it("when the create and the restore both fail, the error describes both and the state the user is in", async () => {
  server.answers = [
    memberships({ id: 42, group: 7, canEdit: true }),
    deleted,
    refused,
    memberships(),
    { status: 503, body: errorExample("ServiceUnavailable") },
    memberships(),
  ];
  const error = (await kantata()
    .memberships.move(1001, 8)
    .catch((e: unknown) => e)) as KantataMoveError;
  expect(calls()).toEqual([lookup, "DELETE /42", "POST ", lookup, "POST ", lookup]);
  expect(error).toBeInstanceOf(KantataMoveError);
  expect(error.state).toBe("no-membership");
  expect(error.message).toMatch(
    /the user now has NO Insights Access Group membership \(it was membership 42 in group 7, can_edit true\)/,
  );
  expect(error.message).toContain("answered 422");
  expect(error.message).toContain("answered 503");
  expect(error.errors).toHaveLength(2);
});

it("when the user lands in the new group but can_edit cannot be set, says exactly that", async () => {
  server.answers = [
    memberships({ id: 42, group: 7, canEdit: true }),
    deleted,
    memberships({ id: 57, group: 8, canEdit: false }),
    refused,
    memberships({ id: 57, group: 8, canEdit: false }),
  ];
  const error = (await kantata()
    .memberships.move(1001, 8)
    .catch((e: unknown) => e)) as KantataMoveError;
  expect(calls()).toEqual([lookup, "DELETE /42", "POST ", "PUT /57", lookup]);
  expect(error.state).toBe("moved-can-edit-unset");
  expect(error.message).toContain("the user is in group 8 as membership 57, but can_edit could not be set to true");
});

it("a create that failed but was applied counts as done: the user's memberships are read back", async () => {
  server.answers = [
    memberships({ id: 42, group: 7, canEdit: true }),
    deleted,
    { status: 503, body: errorExample("ServiceUnavailable") },
    memberships({ id: 57, group: 8, canEdit: true }),
  ];
  const result = await kantata().memberships.move(1001, 8);
  expect(calls()).toEqual([lookup, "DELETE /42", "POST ", lookup]);
  expect(result).toMatchObject({
    moved: true,
    membership: { id: "57", insights_access_group_id: 8 },
    previous: { id: "42" },
  });
});

it("when the create fails and the memberships cannot be read back, says the state is unknown and what it was", async () => {
  server.answers = [memberships({ id: 42, group: 7, canEdit: true }), deleted, refused, { status: 500, body: "oops" }];
  const error = (await kantata()
    .memberships.move(1001, 8)
    .catch((e: unknown) => e)) as KantataMoveError;
  expect(calls()).toEqual([lookup, "DELETE /42", "POST ", lookup]);
  expect(error.state).toBe("unknown");
  expect(error.message).toContain("check user 1001 (it was membership 42 in group 7, can_edit true)");
  expect(error.errors).toHaveLength(2);
});

it("when the old group is joined again but can_edit cannot be set back, says so", async () => {
  server.answers = [
    memberships({ id: 42, group: 7, canEdit: true }),
    deleted,
    refused,
    memberships(),
    memberships({ id: 58, group: 7, canEdit: false }),
    refused,
    memberships({ id: 58, group: 7, canEdit: false }),
  ];
  const error = (await kantata()
    .memberships.move(1001, 8)
    .catch((e: unknown) => e)) as KantataMoveError;
  expect(calls()).toEqual([lookup, "DELETE /42", "POST ", lookup, "POST ", "PUT /58", lookup]);
  expect(error.state).toBe("restored-can-edit-unset");
  expect(error.message).toContain(
    "the old group was joined again as membership 58, but can_edit could not be set back to true",
  );
});

it("when the delete fails, nothing has changed", async () => {
  server.answers = [
    memberships({ id: 42, group: 7, canEdit: true }),
    { status: 403, body: errorExample("Forbidden") },
    memberships({ id: 42, group: 7, canEdit: true }),
  ];
  const error = (await kantata()
    .memberships.move(1001, 8)
    .catch((e: unknown) => e)) as KantataMoveError;
  // The membership was read back: still there, unchanged, so nothing was changed.
  expect(calls()).toEqual([lookup, "DELETE /42", lookup]);
  expect(error.state).toBe("unchanged");
  expect(error.errors[0]).toBeInstanceOf(PermissionDeniedError);
});

it("refuses to move a user with no membership", async () => {
  server.answers = [memberships()];
  const error = (await kantata()
    .memberships.move(1001, 8)
    .catch((e: unknown) => e)) as KantataMoveError;
  expect(calls()).toEqual([lookup]);
  expect(error.state).toBe("unchanged");
  expect(error.message).toBe(
    "moving user 1001 to group 8: the user has 0 Insights Access Group memberships, not one; nothing was changed",
  );
});

it.each([
  [["x", 8, {}], 'userId: got "x"'],
  [[1001, 0, {}], "toGroupId: got 0"],
  [[1001, 8, { canEdit: true }], 'options: has unknown key "canEdit"'],
  [[1001, 8, { can_edit: "yes" }], 'options.can_edit: got "yes"'],
])("refuses bad input %p before sending", async (args, message) => {
  const error = await (kantata().memberships.move as (...a: unknown[]) => Promise<unknown>)(...args).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KantataInputError);
  expect((error as Error).message).toContain(message);
  expect(server.requests).toHaveLength(0);
});
