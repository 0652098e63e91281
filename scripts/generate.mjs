#!/usr/bin/env node
// Regenerates everything in generated/ from openapi/: the bundled spec, the TypeScript
// types and the runtime rules the client checks input against.
//   node scripts/generate.mjs           write generated/ and say which files changed
//   node scripts/generate.mjs --check   write nothing; exit 1 if generated/ is stale
// Paths are relative to the current directory, so a test can run it on a copy of the spec.
// The spec is bundled with redocly's library in-process (the CLI takes a second to start).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import path from "node:path";
import { bundle as redoclyBundle, loadConfig, stringifyYaml } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";

const outDir = "generated";
const banner = "generated from openapi/ by scripts/generate.mjs: do not edit, run `npm run generate`";

// The order `redocly bundle` writes an OpenAPI 3 document's top-level keys in; other keys follow.
const topLevelOrder = [
  "openapi",
  "info",
  "jsonSchemaDialect",
  "servers",
  "security",
  "tags",
  "externalDocs",
  "paths",
  "webhooks",
  "x-webhooks",
  "components",
];

/**
 * Bundles the multi-file spec with redocly's own library (what `redocly bundle kantata` runs,
 * without starting its CLI): the document, and with `dereference` every $ref replaced. Throws
 * naming each reference or error that kept it from bundling.
 */
async function bundle(dereference) {
  const config = await loadConfig({ configPath: "redocly.yaml" });
  const { bundle: result, problems } = await redoclyBundle({
    ref: config.apis?.kantata?.root ?? "openapi/openapi.yaml",
    config,
    dereference,
  });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length) {
    const where = (p) => p.location?.[0]?.pointer ?? "";
    throw new Error(`redocly bundle failed:\n${errors.map((p) => `  ${p.message} ${where(p)}`).join("\n")}`);
  }
  return result.parsed;
}

/** The bundled document as YAML, its top-level keys in redocly's order. */
function toYaml(document) {
  const keys = [
    ...topLevelOrder.filter((k) => k in document),
    ...Object.keys(document).filter((k) => !topLevelOrder.includes(k)),
  ];
  return stringifyYaml(Object.fromEntries(keys.map((k) => [k, document[k]])), { noRefs: true, lineWidth: -1 });
}

// The JSON Schema keywords the client's input checks understand (src/core/validate.ts), and the
// ones that carry no rule. Any other keyword in a request schema stops generation, so a
// rule the client cannot check is never silently dropped.
// `default` is kept as information (the client reads per_page's), never checked.
const ruleKeywords = new Set([
  "type",
  "format",
  "enum",
  "minimum",
  "maximum",
  "items",
  "uniqueItems",
  "maxItems",
  "properties",
  "required",
  "additionalProperties",
  "minProperties",
  "default",
]);
const notRules = new Set([
  "description",
  "example",
  "examples",
  "title",
  "deprecated",
  "readOnly",
  "writeOnly",
  "nullable",
]);
const ruleTypes = new Set(["integer", "boolean", "string", "array", "object"]);

/** Keeps only what a request check needs: no descriptions, no examples. */
function ruleOf(schema, where) {
  const rule = {};
  for (const [key, value] of Object.entries(schema)) {
    if (notRules.has(key) || key.startsWith("x-")) continue;
    if (!ruleKeywords.has(key) || (key === "type" && !ruleTypes.has(value))) {
      throw new Error(
        `${where} uses ${key}: ${JSON.stringify(value)}, which src/core/validate.ts does not check; teach it first`,
      );
    }
    if (key === "properties") {
      rule.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ruleOf(v, `${where}.${k}`)]));
    } else if (key === "items" || (key === "additionalProperties" && typeof value === "object")) {
      rule[key] = ruleOf(value, `${where}.${key}`);
    } else {
      rule[key] = value;
    }
  }
  return rule;
}

/**
 * The client writes path parameters `simple` and query parameters `form`, with every array
 * comma-joined (openapi-fetch's `array: { style: "form", explode: false }`). Refuses any
 * parameter the spec asks to be written otherwise.
 */
function checkStyle(p, where) {
  const refuse = (why) => new Error(`${where} ${p.name}: ${why}; the client cannot write it (see src/client.ts)`);
  if (p.in !== "query" && p.in !== "path") throw refuse(`parameters in ${p.in} are not supported`);
  const style = p.style ?? (p.in === "query" ? "form" : "simple");
  if (style !== (p.in === "query" ? "form" : "simple")) throw refuse(`style ${style} is not supported`);
  const explode = p.explode ?? style === "form";
  const type = p.schema?.type;
  if (p.in === "query" && type === "array" && explode) throw refuse("an array with explode: true (repeated keys)");
  if (type === "object") throw refuse("an object parameter");
}

/** The request side of every operation, keyed by operationId, from the dereferenced bundle. */
function requestRules(spec) {
  const operations = {};
  for (const [pathName, item] of Object.entries(spec.paths)) {
    for (const method of ["get", "put", "post", "delete", "patch"]) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${pathName}`;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => {
        checkStyle(p, where);
        return {
          name: p.name,
          in: p.in,
          ...(p.required ? { required: true } : {}),
          schema: ruleOf(p.schema, `${where} ${p.name}`),
        };
      });
      const body = operation.requestBody?.content?.["application/json"];
      operations[operation.operationId] = {
        method: method.toUpperCase(),
        path: pathName,
        parameters,
        ...(body ? { body: ruleOf(body.schema, `${where} body`) } : {}),
      };
    }
  }
  return { baseUrl: spec.servers[0].url, operations };
}

async function render() {
  const [document, dereferenced] = await Promise.all([bundle(false), bundle(true)]);
  const bundled = toYaml(document);
  const types = astToString(await openapiTS(structuredClone(document), { alphabetize: false }));
  const rules = JSON.stringify(requestRules(dereferenced), null, 2);
  return {
    "openapi.yaml": `# ${banner}\n${bundled}`,
    "openapi.ts": `// ${banner}\n\n${types}`,
    "request-rules.ts":
      `// ${banner}\n// The request side of every operation: what src/core/validate.ts checks\n` +
      `// before src/core/request-check.ts lets a call go.\n\n` +
      `export const requestRules = ${rules} as const;\n`,
  };
}

const check = process.argv.includes("--check");
const files = await render();
const changed = Object.entries(files).filter(([name, text]) => {
  const file = path.join(outDir, name);
  return !existsSync(file) || readFileSync(file, "utf8") !== text;
});

if (check) {
  if (changed.length > 0) {
    console.error(
      `generated/ is stale; run \`npm run generate\`. Differs: ${changed.map(([n]) => `${outDir}/${n}`).join(", ")}`,
    );
    process.exit(1);
  }
  console.log(`generated/ is up to date (${Object.keys(files).length} files).`);
} else {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of changed) writeFileSync(path.join(outDir, name), text);
  console.log(changed.length ? `wrote ${changed.map(([n]) => `${outDir}/${n}`).join(", ")}` : "generated/ unchanged");
}
