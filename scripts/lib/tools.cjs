// Where the pipeline's tools live, and a way to run them: shared by every script and by tests.
// CommonJS so that jest (which runs tests as CommonJS) can load it too.
const { execFile, execFileSync } = require("node:child_process");
const path = require("node:path");

/** The checkout the scripts belong to (its node_modules is used even when cwd is elsewhere). */
const packageRoot = path.resolve(__dirname, "../..");

const bins = {
  redocly: "node_modules/@redocly/cli/bin/cli.js",
  prism: "node_modules/@stoplight/prism-cli/dist/index.js",
  tsc: "node_modules/typescript/bin/tsc",
};

/** Absolute path of a tool's entry script. */
function binPath(name) {
  return path.join(packageRoot, bins[name]);
}

// Drops redocly's boxed Node-version banner; keeps what the tool said about the problem.
const clean = (output) => output.replace(/^.*[║╔╚].*\n/gm, "").trim();

/** Runs a tool with this Node; throws with its output on failure, returns its stdout. */
function run(name, args, options = {}) {
  try {
    return execFileSync(process.execPath, [binPath(name), ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      ...options,
    });
  } catch (error) {
    throw new Error(`${name} ${args.join(" ")} failed:\n${clean(`${error.stdout ?? ""}${error.stderr ?? ""}`)}`);
  }
}

/** Like `run`, but without blocking, so that several tools can run at once. */
function runAsync(name, args, options = {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
    execFile(
      process.execPath,
      [binPath(name), ...args],
      { encoding: "utf8", env, maxBuffer: 64 << 20, ...options },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        reject(new Error(`${name} ${args.join(" ")} failed:\n${clean(`${stdout}${stderr}`)}`));
      },
    );
  });
}

module.exports = { packageRoot, binPath, run, runAsync };
