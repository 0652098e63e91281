import { jsonFlag, type Command } from "../command.js";
import { setCanEdit } from "../write-path.js";

export const revoke: Command = {
  usage: "revoke USER",
  summary: "set can_edit false on the user's membership",
  flags: { ...jsonFlag },
  positionals: 1,
  writes: true,
  examples: ["kantata-insights revoke 1001", "kantata-insights revoke ada@example.com --json"],
  run: setCanEdit(false),
};
