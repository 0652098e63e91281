// The Chromium the browser tests drive (Debian's chromium through playwright-core), shared by the
// docs page test and the review page test.
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * A Chromium to drive: CHROMIUM_PATH, else the first of chromium, chromium-browser and
 * google-chrome on PATH (Debian's package, Ubuntu's snap wrapper, the browser GitHub's
 * ubuntu-latest image ships).
 */
export function findBrowser(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    for (const dir of dirs) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** The flags every browser test launches with: headless, and nothing that phones home. */
export const launchArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
