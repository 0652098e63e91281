// Reads Kantata's response envelope. Records are found through `results` (in order), never by
// taking a map's first value: maps may also hold side-loaded records nobody asked for. Map
// lookups use own properties only, so keys like `__proto__` cannot reach Object.prototype.
import type { components } from "../generated/openapi.js";

export type Envelope = components["schemas"]["InsightsAccessGroupMembershipEnvelope"];
type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => !!value && typeof value == "object" && !Array.isArray(value);

/** The own entry `key` of `map`, when it is an object. */
export const ownRecord = (map: unknown, key: string): Fields | undefined =>
  isObject(map) && Object.hasOwn(map, key) && isObject(map[key]) ? (map[key] as Fields) : undefined;

/**
 * Parses a success body and returns the memberships it is about, in `results` order, each
 * with its id and, when `withUser`, its user from `users`. Returns a reason instead when
 * the body is not that.
 */
export function readMemberships(text: string | undefined, withUser: boolean): { envelope: Envelope; memberships: Fields[] } | string {
  let body: any; // JSON of unknown shape, checked below before anything is read from it
  try {
    body = JSON.parse(text || "");
  } catch {
    return text ? `a body that is not JSON (starts ${JSON.stringify(text.slice(0, 30))})` : "an empty body";
  }
  const map = body?.insights_access_group_memberships;
  if (!isObject(body) || !Array.isArray(body.results) || !isObject(map)) {
    return "JSON that is not Kantata's envelope of `results` and `insights_access_group_memberships`";
  }
  const memberships: Fields[] = [];
  for (const entry of body.results) {
    if (entry?.key != "insights_access_group_memberships") continue;
    const id = String(entry.id);
    const record = ownRecord(map, id);
    if (!record) return `\`results\` naming membership ${JSON.stringify(id)}, which the map lacks`;
    const user = withUser && ownRecord(body.users, String(record.user_id));
    if (user === undefined) return `no user ${JSON.stringify(String(record.user_id))} in \`users\`, though include=user was asked for`;
    memberships.push({ ...record, id, ...(user && { user }) });
  }
  return { envelope: body as Envelope, memberships };
}
