import { jsonFlag, type Command } from "../command.js";
import { setCanEdit } from "../write-path.js";

export const grant: Command = {
  usage: "grant USER",
  summary: "set can_edit true on the user's membership (USER: an id or an email address)",
  flags: { ...jsonFlag },
  positionals: 1,
  writes: true,
  examples: ["kantata-insights grant 1001", "kantata-insights grant ada@example.com --yes"],
  run: setCanEdit(true),
};
