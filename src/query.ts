// Puts query parameters on the wire the way the spec's `style`/`explode` say. openapi-fetch
// has no spec at run time and would repeat array keys (`a=1&a=2`), of which Rails keeps
// only the last; Kantata reads lists comma-joined (`a=1,2`).

/** How one query parameter is written, as the generated request rules give it. */
export interface QueryParameterRule {
  readonly name: string;
  readonly in: string;
  readonly style?: string;
  readonly explode?: boolean;
}

type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined | null;

const encode = (value: string | number | boolean) => encodeURIComponent(String(value));

/** A serializer for openapi-fetch that follows `parameters`' style and explode. */
export function querySerializerFor(parameters: readonly QueryParameterRule[]) {
  const query = parameters.filter((p) => p.in === "query");
  for (const p of query) {
    if (p.style !== "form") throw new Error(`query parameter ${p.name}: style ${p.style} is not supported`);
  }
  const known = new Set(query.map((p) => p.name));
  return (values: Record<string, unknown>): string => {
    const parts: string[] = [];
    const write = (name: string, value: QueryValue, explode: boolean) => {
      if (value === undefined || value === null) return;
      if (!Array.isArray(value)) {
        parts.push(`${encode(name)}=${encode(value as string | number | boolean)}`);
      } else if (explode) {
        for (const item of value) parts.push(`${encode(name)}=${encode(item)}`);
      } else if (value.length > 0) {
        parts.push(`${encode(name)}=${value.map(encode).join(",")}`);
      }
    };
    for (const p of query) write(p.name, values[p.name] as QueryValue, p.explode === true);
    // Keys the spec does not list (raw calls) get Kantata's general convention: comma lists.
    for (const name of Object.keys(values)) if (!known.has(name)) write(name, values[name] as QueryValue, false);
    return parts.join("&");
  };
}
