import { jsonFlag, timeoutMs, type Command } from "../command.js";

export const verify: Command = {
  usage: "verify [--json]",
  summary: "check the spec against your Kantata, read-only",
  flags: { ...jsonFlag },
  positionals: 0,
  examples: ["kantata-insights verify", "kantata-insights verify --json > verify.json"],
  async run({ flags, io }) {
    // The live check reads with its own recording client and reports on stdout; it alone needs Ajv.
    const { verifyLive } = await import("../verify-live.js");
    return verifyLive({
      env: io.env,
      json: Boolean(flags.json),
      ...(flags.timeout !== undefined && { timeoutMs: timeoutMs(flags.timeout) }),
      spec: io.loadSpec(),
      out: (line) => io.out(`${line}\n`),
    });
  },
};
