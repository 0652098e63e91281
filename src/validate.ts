// Input checks driven by the spec's own schemas (generated/request-rules.ts), so an
// allowed value or a bound is written once, in openapi/, and nowhere else.
import { KantataInputError } from "./errors.js";

/** The subset of JSON Schema that the generated request rules use. */
export interface Rule {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly items?: Rule;
  readonly uniqueItems?: boolean;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: { readonly [name: string]: Rule };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Rule;
}

const integerRange: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** A short, safe rendering of a refused value for an error message. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

function describeNumber(rule: Rule): string {
  const [low, high] = integerRange[rule.format ?? ""] ?? [-Infinity, Infinity];
  const min = Math.max(rule.minimum ?? -Infinity, low);
  const max = Math.min(rule.maximum ?? Infinity, high);
  const kind = rule.type === "integer" ? "an integer" : "a number";
  if (min > -Infinity && max < Infinity) return `${kind} from ${min} to ${max}`;
  if (min > -Infinity) return `${kind} of at least ${min}`;
  if (max < Infinity) return `${kind} of at most ${max}`;
  return kind;
}

/** Why `value` breaks `rule`, or undefined when it does not. */
function problem(value: unknown, rule: Rule, where: string): [string, string] | undefined {
  if (rule.enum && !rule.enum.includes(value)) {
    return [where, `got ${show(value)}; allowed: ${list(rule.enum)}`];
  }
  switch (rule.type) {
    case "integer":
    case "number": {
      const ok = typeof value === "number" && Number.isFinite(value) && (rule.type === "number" || Number.isInteger(value));
      const [low, high] = integerRange[rule.format ?? ""] ?? [-Infinity, Infinity];
      if (!ok || value < Math.max(rule.minimum ?? -Infinity, low) || value > Math.min(rule.maximum ?? Infinity, high)) {
        return [where, `got ${show(value)}; expected ${describeNumber(rule)}`];
      }
      return undefined;
    }
    case "boolean":
      return typeof value === "boolean" ? undefined : [where, `got ${show(value)}; expected true or false`];
    case "string":
      if (typeof value !== "string") return [where, `got ${show(value)}; expected a string`];
      if (value.length < (rule.minLength ?? 0) || value.length > (rule.maxLength ?? Infinity)) {
        return [where, `got ${show(value)}; expected ${rule.minLength ?? 0} to ${rule.maxLength ?? "any number of"} characters`];
      }
      if (rule.pattern !== undefined && !new RegExp(rule.pattern, "u").test(value)) {
        return [where, `got ${show(value)}; expected a string matching /${rule.pattern}/`];
      }
      return undefined;
    case "array": {
      if (!Array.isArray(value)) return [where, `got ${show(value)}; expected an array`];
      if (value.length < (rule.minItems ?? 0) || value.length > (rule.maxItems ?? Infinity)) {
        return [where, `got ${value.length} items; expected ${rule.minItems ?? 0} to ${rule.maxItems ?? "any number of"}`];
      }
      if (rule.uniqueItems && new Set(value).size !== value.length) {
        return [where, "lists a value twice; each value may appear once"];
      }
      for (let i = 0; i < value.length; i++) {
        const found = rule.items && problem(value[i], rule.items, `${where}[${i}]`);
        if (found) return found;
      }
      return undefined;
    }
    case "object": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return [where, `got ${show(value)}; expected an object`];
      }
      const properties = rule.properties ?? {};
      for (const name of rule.required ?? []) {
        if (!Object.hasOwn(value, name) || (value as Record<string, unknown>)[name] === undefined) {
          return [`${where}.${name}`, "is required"];
        }
      }
      for (const [name, item] of Object.entries(value)) {
        if (item === undefined) continue;
        const own = Object.hasOwn(properties, name) ? properties[name] : undefined;
        const extra = rule.additionalProperties;
        if (!own && extra === false) {
          return [where, `has unknown key ${JSON.stringify(name)}; allowed: ${list(Object.keys(properties))}`];
        }
        const itemRule = own ?? (typeof extra === "object" ? extra : undefined);
        const found = itemRule && problem(item, itemRule, `${where}.${name}`);
        if (found) return found;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Throws KantataInputError, naming `where`, when `value` breaks `rule`. */
export function check(value: unknown, rule: Rule, where: string): void {
  const found = problem(value, rule, where);
  if (found) throw new KantataInputError(found[0], found[1]);
}

/**
 * Turns an id given as a number or a decimal string into the number the spec's rule allows.
 * Ids come back from Kantata as strings (`results[].id`), so both forms are accepted.
 */
export function checkId(value: unknown, rule: Rule, where = "id"): number {
  const id = typeof value === "string" && /^[0-9]{1,16}$/.test(value) ? Number(value) : value;
  if (typeof value === "string" && id === value) {
    throw new KantataInputError(where, `got ${show(value)}; expected ${describeNumber(rule)}, as a number or a string of digits`);
  }
  check(id, rule, where);
  return id as number;
}
