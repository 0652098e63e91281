// Starts the shared fake Kantata (test/helpers/fake-kantata.ts) in a child process: bundles
// its entry with esbuild into a temporary file, forks it, and reads its base URL. For the bench,
// which is plain JavaScript and must not measure the server's work on its own event loop.
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";

const entry = new URL("../../test/helpers/serve-fake.ts", import.meta.url);

/** Resolves to `{ baseUrl, stop() }` once the fake listens; `env` sets MEMBERSHIPS and DELAY_MS. */
export async function startFakeProcess(env = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "kantata-fake-"));
  const outfile = path.join(dir, "fake.cjs");
  await build({ entryPoints: [entry.pathname], bundle: true, platform: "node", outfile, logLevel: "error" });
  const child = fork(outfile, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const [line] = await once(child.stdout, "data");
  return {
    baseUrl: String(line).trim(),
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
