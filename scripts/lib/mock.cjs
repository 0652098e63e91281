// Starts Prism on 127.0.0.1 as a mock Kantata that answers from the bundled spec's examples
// and checks every request against the spec. Offline; nothing is downloaded.
const { spawn } = require("node:child_process");
const { createServer } = require("node:net");
const { binPath } = require("./tools.cjs");

/** How long Prism may take to say it listens before the start counts as hung. */
const startWithinMs = 120_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the mock; resolves to { baseUrl, stop() } once it listens. Prism takes the port itself,
 * a moment after the probe let it go: when another server took it in between, it starts again
 * on another (three tries).
 *
 * Prism listens in about 1.5 s (2 s of CPU). The deadline only stops a start that hangs: on a
 * shared machine that is busy, a start has taken more than 30 s without printing a line (a CI
 * run, while the tests' workers compiled), so it is two minutes.
 */
async function startMock(spec = "generated/openapi.yaml", tries = 3) {
  try {
    return await startOnce(spec);
  } catch (error) {
    if (tries <= 1 || !/EADDRINUSE/.test(error.message)) throw error;
    return startMock(spec, tries - 1);
  }
}

async function startOnce(spec) {
  const port = await freePort();
  const child = spawn(process.execPath, [binPath("prism"), "mock", spec, "-h", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const collect = (chunk) => (log += chunk);
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the mock did not start within ${startWithinMs / 1000} s:\n${log}`)),
      startWithinMs,
    );
    const ready = () => {
      if (!/Prism is listening/.test(log)) return;
      clearTimeout(timer);
      child.stdout.off("data", ready);
      resolve();
    };
    child.stdout.on("data", ready);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock exited with ${code}:\n${log}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop, log: () => log };
}
module.exports = { startMock, startWithinMs };
