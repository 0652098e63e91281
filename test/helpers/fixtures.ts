// Response bodies built from the bundled spec's own examples, so fixtures cannot drift from it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export const bundledSpec = parse(readFileSync(path.join(__dirname, "../../generated/openapi.yaml"), "utf8"));

/** A deep copy of a named example from components/examples. */
export function example(name: string): Record<string, any> {
  return structuredClone(bundledSpec.components.examples[name].value);
}

/** A deep copy of an error response's example body, by component name. */
export function errorExample(name: string): { errors: { type: string; message: string; field?: string }[] } {
  return structuredClone(bundledSpec.components.responses[name].content["application/json"].example);
}
