// Reads Kantata's response envelope for any resource. Records are found through `results` (in
// order), never by taking a map's first value: maps may also hold side-loaded records nobody
// asked for. Map lookups use own properties only, so keys like `__proto__` cannot reach
// Object.prototype.
import { KantataResponseError } from "../core/errors.js";
import type { Success } from "../core/transport.js";

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => !!value && typeof value === "object" && !Array.isArray(value);

/** The own entry `key` of `map`, when it is an object. */
const ownRecord = (map: unknown, key: string): Fields | undefined =>
  isObject(map) && Object.hasOwn(map, key) && isObject(map[key]) ? (map[key] as Fields) : undefined;

/** Which records an answer is about, and the association side-loaded onto each, when asked for. */
export interface EnvelopeShape {
  /** The map (and `results[].key`) of the records: `insights_access_group_memberships`, `users`. */
  readonly key: string;
  /** What a record is called in messages. */
  readonly noun: string;
  /** The association to attach, when it was included: from `map`, by the record's `field`, as `as`. */
  readonly sideLoad?: { readonly map: string; readonly field: string; readonly as: string };
}

/**
 * Parses a success body and returns the records it is about, in `results` order, each with its
 * id and, when `shape.sideLoad` is given, its associated record. Returns a reason instead when
 * the body is not that.
 */
export function readRecords(
  text: string | undefined,
  shape: EnvelopeShape,
): { envelope: Fields; records: Fields[] } | string {
  let body: unknown;
  try {
    body = JSON.parse(text || "");
  } catch {
    return text ? `a body that is not JSON (starts ${JSON.stringify(text.slice(0, 30))})` : "an empty body";
  }
  if (!isObject(body) || !Array.isArray(body.results)) return "JSON without Kantata's `results` list";
  // Kantata's own description requires none of the envelope's keys: an empty page may leave the map out.
  const map = body.results.length === 0 ? (body[shape.key] ?? {}) : body[shape.key];
  if (!isObject(map)) return `\`results\` without the \`${shape.key}\` map they name`;
  const records: Fields[] = [];
  for (const entry of body.results as unknown[]) {
    if (!isObject(entry) || entry.key !== shape.key) continue;
    const id = String(entry.id);
    const record = ownRecord(map, id);
    if (!record) return `\`results\` naming ${shape.noun} ${JSON.stringify(id)}, which the map lacks`;
    const side = shape.sideLoad;
    const link = side && record[side.field];
    const linked = side && ownRecord(body[side.map], String(link));
    if (side && !linked) {
      const what =
        link == null
          ? `${shape.noun} ${id} has no ${side.field}`
          : `no ${side.as} ${JSON.stringify(String(link))} in \`${side.map}\``;
      return `${what}, though include=${side.as} was asked for`;
    }
    records.push({ ...record, id, ...(side && { [side.as]: linked }) });
  }
  return { envelope: body, records };
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

/** Reads the answer's records, or throws KantataResponseError when the body is not the envelope. */
function readEnvelope({ text, exchange }: Success, shape: EnvelopeShape) {
  const read = readRecords(text, shape);
  if (typeof read === "string") throw new KantataResponseError(exchange, read);
  return { ...read, response: exchange.response };
}

/**
 * The record a single-record answer is about (`id`, or the first in `results` when the id is not
 * known yet, as after a create), typed as the caller asked for it (`R`), under `name`.
 */
export function readOne<R, E, N extends string>(
  answer: Success,
  shape: EnvelopeShape,
  id: number | undefined,
  name: N,
): { [K in N]: R } & { data: E; response: Response } {
  const { envelope, records, response } = readEnvelope(answer, shape);
  const record = id === undefined ? records[0] : records.find((r) => r.id === String(id));
  if (!record) {
    throw new KantataResponseError(
      answer.exchange,
      `no ${shape.noun} ${id === undefined ? "" : `${id} `}in \`results\``,
    );
  }
  // `record` holds what `R` promises: readRecords added the id and the asked-for association.
  return compactView({ [name]: record as R, data: envelope as E, response } as { [K in N]: R } & {
    data: E;
    response: Response;
  });
}

/** One page of a list answer, typed as the caller asked for it (`R`), under `name`. */
export function readPage<R, E extends { meta?: unknown }, N extends string>(
  answer: Success,
  shape: EnvelopeShape,
  name: N,
): { [K in N]: R[] } & { meta: E["meta"]; data: E; response: Response } {
  const { envelope, records, response } = readEnvelope(answer, shape);
  const page = { [name]: records as R[], meta: (envelope as E).meta, data: envelope as E, response };
  return compactView(page as { [K in N]: R[] } & { meta: E["meta"]; data: E; response: Response });
}
