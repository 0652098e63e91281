#!/usr/bin/env node
// Regenerates everything in generated/ from openapi/: the bundled spec, the TypeScript
// types and the runtime rules the client checks input against.
//   node scripts/generate.mjs           write generated/ and say which files changed
//   node scripts/generate.mjs --check   write nothing; exit 1 if generated/ is stale
// Paths are relative to the current directory, so a test can run it on a copy of the spec.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";
import tools from "./lib/tools.cjs";
const { run } = tools;

const outDir = "generated";
const banner = "generated from openapi/ by scripts/generate.mjs: do not edit, run `npm run generate`";

/** Bundles the multi-file spec into one YAML document with redocly. */
function bundle() {
  const dir = mkdtempSync(path.join(tmpdir(), "kantata-bundle-"));
  try {
    const file = path.join(dir, "openapi.yaml");
    run("redocly", ["bundle", "kantata", "--output", file]);
    return readFileSync(file, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces local `#/...` references with what they point at. */
function dereference(node, document, seen = []) {
  if (Array.isArray(node)) return node.map((item) => dereference(item, document, seen));
  if (node === null || typeof node !== "object") return node;
  if (typeof node.$ref === "string") {
    if (seen.includes(node.$ref)) throw new Error(`circular $ref ${node.$ref}`);
    const target = node.$ref
      .slice(2)
      .split("/")
      .reduce((at, key) => at[key.replace(/~1/g, "/").replace(/~0/g, "~")], document);
    return dereference(target, document, [...seen, node.$ref]);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, dereference(v, document, seen)]));
}

// The JSON Schema keywords the client's input checks understand (src/validate.ts), and the
// ones that carry no rule. Any other keyword in a request schema stops generation, so a
// rule the client cannot check is never silently dropped.
const ruleKeywords = new Set(["type", "format", "enum", "minimum", "maximum", "items", "uniqueItems", "properties", "required", "additionalProperties"]);
const notRules = new Set(["description", "example", "examples", "title", "default", "deprecated", "readOnly", "writeOnly", "nullable"]);
const ruleTypes = new Set(["integer", "boolean", "string", "array", "object"]);

/** Keeps only what a request check needs: no descriptions, no examples. */
function ruleOf(schema, where) {
  const rule = {};
  for (const [key, value] of Object.entries(schema)) {
    if (notRules.has(key) || key.startsWith("x-")) continue;
    if (!ruleKeywords.has(key) || (key === "type" && !ruleTypes.has(value))) {
      throw new Error(`${where} uses ${key}: ${JSON.stringify(value)}, which src/validate.ts does not check; teach it first`);
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

/** The request side of every operation, keyed by operationId. */
function requestRules(document) {
  const spec = dereference(document, document);
  const operations = {};
  for (const [pathName, item] of Object.entries(spec.paths)) {
    for (const method of ["get", "put", "post", "delete", "patch"]) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${pathName}`;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => {
        const style = p.style ?? (p.in === "query" ? "form" : "simple");
        if (style !== (p.in === "query" ? "form" : "simple")) throw new Error(`${where} ${p.name}: style ${style} is not supported`);
        return {
          name: p.name,
          in: p.in,
          ...(p.required ? { required: true } : {}),
          ...(p.in === "query" && p.explode === false ? { explode: false } : {}),
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
  const bundled = bundle();
  const document = parse(bundled);
  const types = astToString(await openapiTS(document, { alphabetize: false }));
  const rules = JSON.stringify(requestRules(document), null, 2);
  return {
    "openapi.yaml": `# ${banner}\n${bundled}`,
    "openapi.ts": `// ${banner}\n\n${types}`,
    "request-rules.ts":
      `// ${banner}\n// The request side of every operation: what src/validate.ts checks and how\n` +
      `// src/query.ts puts each query parameter on the wire.\n\n` +
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
    console.error(`generated/ is stale; run \`npm run generate\`. Differs: ${changed.map(([n]) => `${outDir}/${n}`).join(", ")}`);
    process.exit(1);
  }
  console.log(`generated/ is up to date (${Object.keys(files).length} files).`);
} else {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of changed) writeFileSync(path.join(outDir, name), text);
  console.log(changed.length ? `wrote ${changed.map(([n]) => `${outDir}/${n}`).join(", ")}` : "generated/ unchanged");
}
