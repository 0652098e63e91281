// Reads Kantata's response envelope. Records are found through `results` (in order), never by
// taking a map's first value: maps may also hold side-loaded records nobody asked for. Map
// lookups use own properties only, so keys like `__proto__` cannot reach Object.prototype.
import type { components } from "../generated/openapi.js";

export type Envelope = components["schemas"]["InsightsAccessGroupMembershipEnvelope"];
type Record_ = Record<string, unknown>;

const isObject = (value: unknown): value is Record_ =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Parses a success body; returns a reason instead of throwing when it is not an envelope. */
export function parseEnvelope(text: string | undefined): Envelope | string {
  if (!text) return "an empty body where Kantata's JSON envelope was expected";
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `a body that is not JSON (starts ${JSON.stringify(text.slice(0, 30))})`;
  }
  if (!isObject(body)) return "JSON that is not an object";
  const results = body.results;
  if (!Array.isArray(results) || !results.every((r) => isObject(r) && typeof r.key === "string" && typeof r.id === "string")) {
    return "no valid `results` array of {key, id}";
  }
  const maps = body.insights_access_group_memberships;
  if (!isObject(maps)) return "no `insights_access_group_memberships` object";
  if (body.users !== undefined && !isObject(body.users)) return "a `users` value that is not an object";
  return body as Envelope;
}

/** The own entry `key` of `map`, when it is an object. */
export function ownRecord(map: unknown, key: string): Record_ | undefined {
  if (!isObject(map) || !Object.hasOwn(map, key)) return undefined;
  const value = map[key];
  return isObject(value) ? value : undefined;
}

export const membershipsKey = "insights_access_group_memberships";

/**
 * The memberships the answer is about, in `results` order, each with its id and, when
 * `withUser`, its user from `users`. Returns a reason when one cannot be found.
 */
export function membershipsOf(envelope: Envelope, withUser: boolean): Record_[] | string {
  const found: Record_[] = [];
  for (const { key, id } of envelope.results) {
    if (key !== membershipsKey) continue;
    const record = ownRecord(envelope.insights_access_group_memberships, id);
    if (!record) return `\`results\` names membership ${JSON.stringify(id)} but the map has no such record`;
    const membership: Record_ = { ...record, id };
    if (withUser) {
      const user = ownRecord(envelope.users, String(record.user_id));
      if (!user) return `include=user was asked for, but \`users\` has no user ${JSON.stringify(String(record.user_id))}`;
      membership.user = user;
    }
    found.push(membership);
  }
  return found;
}
