#!/usr/bin/env node
// Compiles the library (src/ and generated/) once, as ES modules with declarations, into dist/
// (`require()` loads it too, on Node 20.19 and later), and writes dist/openapi.json, the
// bundled spec as JSON, for tools that check it at run time (the command line's `verify`)
// without a YAML parser.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { parse } from "yaml";
import tools from "./lib/tools.cjs";
const { run } = tools;

rmSync("dist", { recursive: true, force: true });
run("tsc", ["-p", "tsconfig.build.json"]);
writeFileSync("dist/package.json", `${JSON.stringify({ type: "module" })}\n`);
writeFileSync("dist/openapi.json", JSON.stringify(parse(readFileSync("generated/openapi.yaml", "utf8"))));
console.log("built dist/ (ES modules with declarations) and dist/openapi.json");
