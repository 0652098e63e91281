// What every resource sends through: checks a call's options and path values against the
// generated rules of its operation, then sends it through the core's attempt loop, where
// `attempt` makes the typed openapi-fetch call with the attempt's signal and fetch.
import { checkCall, type OperationId, type QueryOf } from "../core/request-check.js";
import type { RequestOptions } from "../core/settings.js";
import type { Page } from "../core/paginate.js";
import { send, type Answer, type AttemptInit, type Success, type Transport } from "../core/transport.js";

/** Checks a call's options and path values, then sends it: `attempt` makes the typed call. */
export type Run = <K extends OperationId>(
  operationId: K,
  path: Record<string, number>,
  options: RequestOptions,
  attempt: (query: QueryOf<K>, init: AttemptInit) => Promise<Answer>,
  label?: string,
) => Promise<Success>;

/**
 * The `run` of a resource over `transport`. `optionNames` maps a query parameter to the option
 * that carries it, where the two names differ.
 */
export function runner(transport: Transport, optionNames: Readonly<Record<string, string>>): Run {
  const { baseUrl, keeper, settings, fetchFor, log } = transport;
  return (operationId, path, options, attempt, label) => {
    const call = checkCall(operationId, path, options, settings, { label, optionNames });
    return send({ ...call, url: baseUrl + call.path, keeper, fetchFor, log }, (init) => attempt(call.query, init));
  };
}

/**
 * Sends one page of a list operation: its parameters are checked as the call's options (named
 * `params` in refusals), and `get` makes the typed openapi-fetch call for the page's query.
 */
export const listSender =
  <K extends OperationId, P extends RequestOptions>(
    run: Run,
    operationId: K,
    get: (query: QueryOf<K>, init: AttemptInit) => Promise<Answer>,
  ) =>
  (params: P): Promise<Success> =>
    run(operationId, {}, params, get, "params");

/** Whether `value` can be followed as an AbortSignal (anything else is refused by the call's checks). */
const isSignal = (value: unknown): value is AbortSignal =>
  typeof (value as AbortSignal | undefined)?.addEventListener === "function";

/** The signal a page of a walk is read under: the walk's, and the caller's when there is one. */
const pageSignal = (given: unknown, walk: AbortSignal): unknown =>
  given === undefined ? walk : isSignal(given) ? AbortSignal.any([given, walk]) : given;

/**
 * Reads page after page of a list under the walk's signal (and the caller's): `per_page` is the
 * caller's, else `maxPerPage` (the spec's maximum). `read` takes a page's records and meta from
 * its answer.
 */
export function pageReader<P extends { page?: number; per_page?: number; signal?: unknown }, T>(
  sendList: (params: P) => Promise<Success>,
  params: P,
  maxPerPage: number,
  read: (answer: Success) => Omit<Page<T>, "exchange">,
) {
  const perPage = params.per_page ?? maxPerPage;
  const readAt = async (page: number, walk: AbortSignal): Promise<Page<T>> => {
    const signal = pageSignal(params.signal, walk) as P["signal"];
    const answer = await sendList({ ...params, page, per_page: perPage, signal });
    return { ...read(answer), exchange: answer.exchange };
  };
  return { readAt, first: params.page ?? 1, perPage };
}

/** Every item of `items`, in order: what `listAll` returns of a walk. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
