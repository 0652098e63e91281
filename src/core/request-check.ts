// Checks one call's inputs against the generated request rules of its operation, before
// anything is sent: path values, query values given as options, unknown option keys and the
// request settings. The rules come from the spec, so no bound or enum is written here.
import type { operations } from "../../generated/openapi.js";
import { requestRules } from "../../generated/request-rules.js";
import { KantataInputError } from "./errors.js";
import { requestOptionKeys, resolveSettings, type RequestOptions, type Settings } from "./settings.js";
import { check, describeValue, idValue, type Rule } from "./validate.js";

export type OperationId = keyof typeof requestRules.operations;
/** The query of an operation, as the generated types give it. */
export type QueryOf<K extends keyof operations> = NonNullable<operations[K]["parameters"]["query"]>;

interface ParameterRule {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema: Rule;
}
interface OperationRule {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly ParameterRule[];
  readonly body?: Rule;
}

// Top-level values are marked pure, so that a bundle importing only the error classes drops the rules.
/** The rules of every operation, by operationId. */
export const operationRules: Record<OperationId, OperationRule> = /*#__PURE__*/ (() => requestRules.operations)();
/** The base URL the spec's `servers` names. */
export const specBaseUrl: string = /*#__PURE__*/ (() => requestRules.baseUrl)();

/** The rule of one path parameter or body property, looked up by where it sits. */
export const parameterRule = (operationId: OperationId, name: string): Rule =>
  operationRules[operationId].parameters.find((p) => p.name === name)!.schema;

/** A call whose inputs passed the checks: what to send and how. */
export interface CheckedCall<Q> {
  readonly method: string;
  /** The path with its parameters filled in, for messages. */
  readonly path: string;
  /** The query, in the spec's parameter order, without undefined values. */
  readonly query: Q;
  readonly settings: Settings;
  readonly signal: AbortSignal | undefined;
}

const objectRule: Rule = { type: "object" };
const knownByOperation = new Map<string, readonly string[]>();
/** The option keys an operation accepts (request options, then its query parameters), computed once. */
function knownKeys(operationId: OperationId, optionNames: OptionNames): readonly string[] {
  let known = knownByOperation.get(operationId);
  if (!known) {
    const query = operationRules[operationId].parameters.filter((p) => p.in === "query");
    known = requestOptionKeys.concat(query.map((p) => optionNames[p.name] ?? p.name));
    knownByOperation.set(operationId, known);
  }
  return known;
}

/** How callers name a query parameter when it differs from the spec's name. */
export type OptionNames = Readonly<Record<string, string>>;

/**
 * Checks `options` (query values under their option names, plus request options) and the
 * path values of `operationId`; `label` names the options object in errors.
 */
export function checkCall<K extends OperationId>(
  operationId: K,
  pathValues: Readonly<Record<string, number>>,
  options: RequestOptions,
  defaults: Settings,
  { label = "options", optionNames = {} }: { label?: string; optionNames?: OptionNames } = {},
): CheckedCall<QueryOf<K>> {
  const operation = operationRules[operationId];
  check(options, objectRule, label);
  const given = options as Record<string, unknown>;
  const query: Record<string, unknown> = {};
  const known = knownKeys(operationId, optionNames);
  for (const parameter of operation.parameters) {
    if (parameter.in === "path") {
      check(pathValues[parameter.name], parameter.schema, parameter.name);
      continue;
    }
    const name = optionNames[parameter.name] ?? parameter.name;
    // Ids in filters are read like path ids: a number or a string of digits.
    const value = idValue(given[name], parameter.schema);
    if (value !== undefined || parameter.required) check(value, parameter.schema, `${label}.${name}`);
    if (value !== undefined) query[parameter.name] = value;
  }
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      throw new KantataInputError(label, `has unknown key ${JSON.stringify(key)}; allowed: ${known.join(", ")}`);
    }
  }
  const settings = resolveSettings(given, defaults, `${label}.`);
  const { signal } = options;
  if (signal !== undefined && typeof signal?.addEventListener !== "function") {
    throw new KantataInputError(`${label}.signal`, `got ${describeValue(signal)}; expected an AbortSignal`);
  }
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => String(pathValues[name]));
  // The query was checked value by value against the same spec the generated type comes from.
  return { method: operation.method, path, query: query as QueryOf<K>, settings, signal };
}

/** The rule of the property `name` of an operation's JSON body, where its attributes sit. */
export const bodyRule = (operationId: OperationId, name: string): Rule =>
  operationRules[operationId].body!.properties![name]!;
