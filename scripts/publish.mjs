#!/usr/bin/env node
// Publishes the packed tarballs of a release (release.yml's publishing job, which installs
// nothing): each one whose name@version is not on the registry yet, with provenance, scripts off,
// and the dist-tag its version calls for (`next` for a prerelease such as 1.0.0-rc.1, `latest`
// otherwise). A re-run after a half-finished release skips what was published and publishes the
// rest. Refuses an npm older than 11.5.1 (trusted publishing).
//   node scripts/publish.mjs DIR            publish every DIR/*.tgz
//   node scripts/publish.mjs DIR --dry-run  say what would be done
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import release from "./lib/release.cjs";

const { publishAll } = release;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [dir, flag] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node scripts/publish.mjs DIR [--dry-run]");
    process.exit(2);
  }
  const tarballs = readdirSync(dir)
    .filter((f) => f.endsWith(".tgz"))
    .sort()
    .map((f) => path.join(dir, f));
  if (!tarballs.length) {
    console.error(`${dir} holds no .tgz to publish`);
    process.exit(1);
  }
  const npm = (args) => execFileSync("npm", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  // The package.json inside the tarball: what npm publishes is what was packed and tested.
  const manifest = (tarball) =>
    JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
  try {
    for (const line of publishAll(tarballs, { npm, manifest }, { dryRun: flag === "--dry-run" })) console.log(line);
  } catch (error) {
    console.error(`publish: ${error.message}${error.stderr ? `\n${error.stderr}` : ""}`);
    process.exit(1);
  }
}
