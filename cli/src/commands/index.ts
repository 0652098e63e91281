// Every command, in the order the help lists them.
import type { Command } from "../command.js";
import { add } from "./add.js";
import { apply } from "./apply.js";
import { grant } from "./grant.js";
import { exportCommand } from "./export.js";
import { list } from "./list.js";
import { move } from "./move.js";
import { remove } from "./remove.js";
import { review } from "./review.js";
import { revoke } from "./revoke.js";
import { show } from "./show.js";
import { sync } from "./sync.js";
import { undo } from "./undo.js";
import { verify } from "./verify.js";
import { whoami } from "./whoami.js";

export const commands: Readonly<Record<string, Command>> = {
  whoami,
  list,
  show,
  export: exportCommand,
  grant,
  revoke,
  add,
  remove,
  move,
  sync,
  apply,
  undo,
  review,
  verify,
};
