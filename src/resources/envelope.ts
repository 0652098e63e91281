// Reads Kantata's response envelope. Records are found through `results` (in order), never by
// taking a map's first value: maps may also hold side-loaded records nobody asked for. Map
// lookups use own properties only, so keys like `__proto__` cannot reach Object.prototype.
import type { components } from "../../generated/openapi.js";
import { KantataResponseError } from "../core/errors.js";
import type { Success } from "../core/transport.js";

export type Envelope = components["schemas"]["InsightsAccessGroupMembershipEnvelope"];
type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => !!value && typeof value === "object" && !Array.isArray(value);

/** The own entry `key` of `map`, when it is an object. */
export const ownRecord = (map: unknown, key: string): Fields | undefined =>
  isObject(map) && Object.hasOwn(map, key) && isObject(map[key]) ? (map[key] as Fields) : undefined;

/**
 * Parses a success body and returns the memberships it is about, in `results` order, each
 * with its id and, when `withUser`, its user from `users`. Returns a reason instead when
 * the body is not that.
 */
export function readMemberships(
  text: string | undefined,
  withUser: boolean,
): { envelope: Envelope; memberships: Fields[] } | string {
  let body: unknown;
  try {
    body = JSON.parse(text || "");
  } catch {
    return text ? `a body that is not JSON (starts ${JSON.stringify(text.slice(0, 30))})` : "an empty body";
  }
  if (!isObject(body) || !Array.isArray(body.results)) return "JSON without Kantata's `results` list";
  // Kantata's own description requires none of the envelope's keys: an empty page may leave the map out.
  const map =
    body.results.length === 0 ? (body.insights_access_group_memberships ?? {}) : body.insights_access_group_memberships;
  if (!isObject(map)) return "`results` without the `insights_access_group_memberships` map they name";
  const memberships: Fields[] = [];
  for (const entry of body.results as unknown[]) {
    if (!isObject(entry) || entry.key !== "insights_access_group_memberships") continue;
    const id = String(entry.id);
    const record = ownRecord(map, id);
    if (!record) return `\`results\` naming membership ${JSON.stringify(id)}, which the map lacks`;
    const user = withUser && ownRecord(body.users, String(record.user_id));
    if (user === undefined) {
      return `no user ${JSON.stringify(String(record.user_id))} in \`users\`, though include=user was asked for`;
    }
    memberships.push({ ...record, id, ...(user && { user }) });
  }
  // The envelope's shape was checked above as far as the client reads it.
  return { envelope: body as Envelope, memberships };
}

const inspectCustom = /*#__PURE__*/ Symbol.for("nodejs.util.inspect.custom");

/**
 * Gives a result a compact util.inspect / console.log view: its fields, with the Response shown
 * as its status and URL rather than undici's internals (the Response itself stays on the object).
 */
const compactView = <T extends { response: Response }>(result: T): T =>
  Object.defineProperty(result, inspectCustom, { value: inspectResult });

function inspectResult(
  this: { response: Response },
  _depth: number,
  options: object,
  inspect: (value: unknown, options: object) => string,
) {
  const { response, ...fields } = this;
  return inspect({ ...fields, response: `Response ${response.status} ${response.url}` }, options);
}

/** Reads the answer's memberships, or throws KantataResponseError when the body is not the envelope. */
function readEnvelope({ text, exchange }: Success, withUser: boolean) {
  const read = readMemberships(text, withUser);
  if (typeof read === "string") throw new KantataResponseError(exchange, read);
  return { ...read, response: exchange.response };
}

/**
 * The membership a single-record answer is about (`id`, or the first in `results` when the
 * id is not known yet, as after a create), typed as the caller asked for it (`M`).
 */
export function readOne<M>(answer: Success, id: number | undefined, withUser: boolean) {
  const { envelope, memberships, response } = readEnvelope(answer, withUser);
  const membership = id === undefined ? memberships[0] : memberships.find((m) => m.id === String(id));
  if (!membership) {
    throw new KantataResponseError(answer.exchange, `no membership ${id === undefined ? "" : `${id} `}in \`results\``);
  }
  // `membership` holds what `M` promises: readMemberships added the id and the asked-for user.
  return compactView({ membership: membership as M, data: envelope, response });
}

/** One page of a list answer, typed as the caller asked for it (`M`). */
export function readPage<M>(answer: Success, withUser: boolean) {
  const { envelope, memberships, response } = readEnvelope(answer, withUser);
  return compactView({ memberships: memberships as M[], meta: envelope.meta, data: envelope, response });
}
