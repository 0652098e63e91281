// Read memberships three ways: one page, every page as it comes, and every page at once.
//   KANTATA_TOKEN=… node list-and-iterate.js 7
import { createInsightsAccessClient } from "kantata-insights-access";

const group = Number(process.argv[2] ?? 7);
const kantata = createInsightsAccessClient({ token: process.env.KANTATA_TOKEN ?? "" });

// One page, with the paging figures for the whole query.
const { memberships, meta } = await kantata.memberships.list({ by_access_group_id: group, per_page: 50 });
console.log(`page 1 holds ${memberships.length} of ${meta?.count ?? "?"} memberships`);

// Every membership, a page at a time (200 a page unless per_page says otherwise): memory stays flat.
let editors = 0;
for await (const membership of kantata.memberships.iterate({ by_access_group_id: group, include: ["user"] })) {
  if (membership.can_edit) editors++;
  if (membership.can_edit) console.log(`can edit: ${membership.user.full_name} <${membership.user.email_address}>`);
}
console.log(`${editors} member(s) of group ${group} can edit`);

// Every membership in one array; after the first page, up to 4 pages are read at a time.
const all = await kantata.memberships.listAll({ user_ids: [1001, 1002], optionalFields: ["user_name"] });
for (const membership of all) console.log(`${membership.user_name}: group ${membership.insights_access_group_id}`);
