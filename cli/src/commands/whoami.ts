import { jsonFlag, type Command } from "../command.js";
import { describeMe, whoAmI } from "../people.js";

export const whoami: Command = {
  usage: "whoami [--json]",
  summary: "who KANTATA_TOKEN belongs to, and whether they are an Account Administrator",
  flags: { ...jsonFlag },
  positionals: 0,
  examples: ["kantata-insights whoami", "kantata-insights whoami --json"],
  async run({ kantata, flags, io }) {
    const me = await whoAmI(kantata);
    io.out(flags.json ? `${JSON.stringify(me)}\n` : `${describeMe(me)}\n`);
    return 0;
  },
};
