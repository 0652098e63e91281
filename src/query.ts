// Puts query parameters on the wire the way the spec's `explode` says (the generator admits
// only `style: form`). openapi-fetch has no spec at run time and would repeat array keys
// (`a=1&a=2`), of which Rails keeps only the last; Kantata reads lists comma-joined (`a=1,2`).

/** How one parameter is written, as the generated request rules give it. */
export interface ParameterRule {
  readonly name: string;
  readonly in: string;
  readonly explode?: boolean;
}

const encode = (value: unknown) => encodeURIComponent(String(value));

/** A query serializer for openapi-fetch that follows the rules' `explode`, in the rules' order. */
export function querySerializerFor(parameters: readonly ParameterRule[]) {
  const explode = new Map(parameters.filter((p) => p.in == "query").map((p) => [p.name, p.explode ?? true]));
  return (values: Record<string, unknown>): string => {
    const parts: string[] = [];
    // Spec parameters first, in the spec's order; names the spec does not list (raw calls)
    // follow Kantata's general convention: comma lists.
    for (const name of new Set([...explode.keys(), ...Object.keys(values)])) {
      const value = values[name];
      if (value == null || (Array.isArray(value) && !value.length)) continue;
      const items = Array.isArray(value) ? value : [value];
      if (explode.get(name)) for (const item of items) parts.push(`${encode(name)}=${encode(item)}`);
      else parts.push(`${encode(name)}=${items.map(encode).join(",")}`);
    }
    return parts.join("&");
  };
}
