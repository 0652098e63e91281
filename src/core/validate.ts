// Input checks driven by the spec's own schemas (generated/request-rules.ts), so an
// allowed value or a bound is written once, in openapi/, and nowhere else. It reads the
// keywords scripts/generate.mjs lets through; the generator refuses any other.
import { KantataInputError } from "./errors.js";

/** The subset of JSON Schema that the generated request rules use. */
export interface Rule {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: Rule;
  readonly uniqueItems?: boolean;
  readonly maxItems?: number;
  readonly properties?: { readonly [name: string]: Rule };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Rule;
  readonly minProperties?: number;
  /** Not checked: the value the server assumes when the parameter is left out. */
  readonly default?: unknown;
}

/** A short, safe rendering of a refused value for an error message. */
export const describeValue = (value: unknown): string =>
  value === undefined
    ? "no value"
    : value === null
      ? "an empty value"
      : typeof value === "string"
        ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
        : value && typeof value === "object"
          ? Array.isArray(value)
            ? "an array"
            : "an object"
          : typeof value === "function"
            ? "a function"
            : typeof value === "bigint"
              ? `${value}n`
              : String(value);

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** How a refusal starts: what came. Only a refusal renders the value. */
const got = (value: unknown) => `got ${describeValue(value)}; `;

/** Why `value` breaks `rule`, as [where, what], or undefined when it does not. */
function problem(value: any, rule: Rule, where: string): [string, string] | undefined {
  if (rule.enum && !rule.enum.includes(value)) return [where, `${got(value)}allowed: ${list(rule.enum)}`];
  switch (rule.type) {
    case "integer": {
      const cap = rule.format === "int32" ? 2 ** 31 : Number.MAX_SAFE_INTEGER;
      const low = Math.max(rule.minimum ?? -cap, -cap);
      const high = Math.min(rule.maximum ?? cap, cap - (rule.format === "int32" ? 1 : 0));
      if (!Number.isInteger(value) || value < low || value > high)
        return [where, `${got(value)}expected an integer from ${low} to ${high}`];
      return;
    }
    case "boolean":
      return typeof value === "boolean" ? undefined : [where, `${got(value)}expected true or false`];
    case "string":
      return typeof value === "string" ? undefined : [where, `${got(value)}expected a string`];
    case "array":
      if (!Array.isArray(value)) return [where, `${got(value)}expected an array`];
      if (rule.maxItems !== undefined && value.length > rule.maxItems)
        return [where, `has ${value.length} items; at most ${rule.maxItems} go in one request`];
      if (rule.uniqueItems && new Set(value).size < value.length)
        return [where, "lists a value twice; each value may appear once"];
      for (let i = 0; i < value.length; i++) {
        const found = problem(value[i], rule.items ?? {}, `${where}[${i}]`);
        if (found) return found;
      }
      return;
    case "object": {
      if (!value || typeof value !== "object" || Array.isArray(value))
        return [where, `${got(value)}expected an object`];
      const keys = Object.keys(value);
      for (const name of keys) {
        if (ruleOf(rule, name) === false)
          return [where, `has unknown key ${JSON.stringify(name)}; allowed: ${allowed(rule)}`];
      }
      for (const name of rule.required ?? []) {
        if (!Object.hasOwn(value, name) || value[name] === undefined) return [`${where}.${name}`, "is required"];
      }
      let given = 0;
      for (const name of keys) {
        if (value[name] === undefined) continue;
        given++;
        const itemRule = ruleOf(rule, name);
        const found = typeof itemRule === "object" && problem(value[name], itemRule, `${where}.${name}`);
        if (found) return found;
      }
      if (given < (rule.minProperties ?? 0)) {
        return [
          where,
          `is empty; expected at least ${rule.minProperties} of ${allowed(rule)} (a key without a value does not count)`,
        ];
      }
      return;
    }
    case undefined:
      // A rule without a type (only an enum, say) has nothing more to check.
      return;
  }
}

/** The keys an object rule names, for messages. */
const allowed = (rule: Rule) => list(Object.keys(rule.properties ?? {}));

/** The rule of an object's property `name`: its own, or what `additionalProperties` says. */
const ruleOf = (rule: Rule, name: string) =>
  rule.properties && Object.hasOwn(rule.properties, name) ? rule.properties[name] : rule.additionalProperties;

/** Throws KantataInputError, naming `where`, when `value` breaks `rule`. */
export function check(value: unknown, rule: Rule, where: string, hint = ""): void {
  const found = problem(value, rule, where);
  if (found) throw new KantataInputError(found[0], found[1] + hint);
}

/**
 * Turns an id given as a number or a decimal string into the number the spec's rule allows.
 * Ids come back from Kantata as strings (`results[].id`), so both forms are accepted.
 */
export function checkId(value: unknown, rule: Rule, where = "id"): number {
  const id = idValue(value, rule);
  check(id, rule, where, ", as a number or a string of digits");
  return id as number;
}

/**
 * `value` with every id in it (an integer, or an array of integers, by `rule`) given as a string
 * of digits turned into its number; anything else as it came, for the check to judge.
 */
export function idValue(value: unknown, rule: Rule): unknown {
  const digits = (item: unknown) => (typeof item === "string" && /^\d{1,16}$/.test(item) ? Number(item) : item);
  if (rule.type === "integer") return digits(value);
  if (rule.type === "array" && rule.items?.type === "integer" && Array.isArray(value)) return value.map(digits);
  return value;
}
