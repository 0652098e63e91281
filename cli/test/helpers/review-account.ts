// The fake account the review's tests, its browser test and its screenshot read: two groups, an
// editor, a member inactive for 200 days with a hostile name, a disabled member, and an Account
// Administrator in no group.
import type { KantataModel } from "../../../test/helpers/fake-kantata.js";
import { member } from "./harness.js";

export const hostileName = "<img src=x onerror=alert(1)> | pipes |";
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

export function fillReviewAccount(model: KantataModel): void {
  const user = (id: number, fields: object) => model.users.set(id, { ...model.user(id), ...fields });
  user(1, { last_site_activity: daysAgo(1) });
  user(1001, { full_name: "Ada Editor", email_address: "ada@example.com", last_site_activity: daysAgo(3) });
  user(1002, { full_name: hostileName, email_address: "grace@example.com", last_site_activity: daysAgo(200) });
  user(1003, { full_name: "Dis Abled", email_address: "dis@example.com", disabled: true });
  user(1004, {
    full_name: "Bo Admin",
    email_address: "bo@example.com",
    is_administrator: true,
    permission: "administrator",
  });
  model.groups.set(7, { id: 7, name: "Reports Viewers" });
  model.groups.set(8, { id: 8, name: "Finance" });
  for (const r of [member(42, 1001, 7, true), member(43, 1002, 7), member(44, 1003, 8)]) model.records.set(r.id, r);
}
