#!/usr/bin/env node
// Compiles src/ and generated/ twice: CommonJS into dist/cjs, ES modules into dist/esm,
// each with its own declarations and a package.json that tells Node which format it holds.
import { rmSync, writeFileSync } from "node:fs";
import tools from "./lib/tools.cjs";
const { run } = tools;

rmSync("dist", { recursive: true, force: true });
run("tsc", ["-p", "tsconfig.build.json", "--outDir", "dist/cjs"]);
run("tsc", [
  "-p",
  "tsconfig.build.json",
  "--outDir",
  "dist/esm",
  "--module",
  "es2022",
  "--moduleResolution",
  "bundler",
]);
writeFileSync("dist/cjs/package.json", `${JSON.stringify({ type: "commonjs" })}\n`);
writeFileSync("dist/esm/package.json", `${JSON.stringify({ type: "module" })}\n`);
console.log("built dist/cjs (require) and dist/esm (import), with declarations");
