#!/usr/bin/env node
// Builds site/index.html, the API reference, with Redoc from the bundled spec: one
// self-contained page (Redoc inlined, telemetry off in redocly.yaml) that loads nothing from
// any host when it is opened. Two touches make sure of that: Redoc's attribution logo, which
// it would fetch from Redocly's CDN, is inlined, and a Content-Security-Policy lets the page
// load only what it carries itself.
import { readFileSync, writeFileSync } from "node:fs";
import tools from "./lib/tools.cjs";

const { run } = tools;
const output = "site/index.html";
run("redocly", [
  "build-docs",
  "generated/openapi.yaml",
  "--output",
  output,
  "--inlineBundle",
  "--title",
  "Kantata Insights Access Group Memberships and Users API",
]);

const logo = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12">Redocly</text></svg>',
)}`;
const policy =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; worker-src blob:";
let html = readFileSync(output, "utf8");
const external = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g;
if (!external.test(html)) throw new Error("Redoc no longer references its CDN logo: review scripts/docs.mjs");
html = html
  .replace(external, logo)
  .replace("<head>", `<head>\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`);
writeFileSync(output, html);
console.log(`wrote ${output} from generated/openapi.yaml`);
