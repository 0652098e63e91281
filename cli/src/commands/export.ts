import { writeFileSync } from "node:fs";
import { readAll } from "../account.js";
import { who } from "../changes.js";
import { id, jsonFlag, Refusal, type Command } from "../command.js";
import { exportRows, toCsv } from "../export.js";
import { safe } from "../output.js";

export const exportCommand: Command = {
  usage: "export [--group ID] [--output FILE] [--json]",
  summary: "the account as the sheet sync reads: user_id, email, name, group_id, can_edit",
  flags: {
    group: { type: "string", help: "only this group" },
    output: { type: "string", help: "write the sheet here", default: "standard output" },
    ...jsonFlag,
  },
  positionals: 0,
  examples: ["kantata-insights export --output access.csv", "kantata-insights export --group 7 > group-7.csv"],
  async run({ kantata, flags, io, concurrency, progress }) {
    const group = flags.group === undefined ? undefined : id(flags.group, "--group");
    const { memberships } = await readAll(kantata, group === undefined ? {} : { by_access_group_id: group }, {
      concurrency,
      progress: (read, count) => progress(`reading memberships: ${read} of ${count}`),
    });
    progress("", true);
    const chosen = memberships.filter((m) => group === undefined || m.insights_access_group_id === group);
    // A sheet row without can_edit would be read back by sync as something it is not.
    const unknown = chosen.filter((m) => typeof m.can_edit !== "boolean");
    if (unknown.length) {
      const named = unknown.map((m) => `membership ${safe(m.id)} (${who({ ...m, ...m.user })})`).join(", ");
      throw new Refusal(`Kantata gave no can_edit for ${named}; no sheet was written`);
    }
    const rows = exportRows(chosen);
    const text = flags.json ? `${JSON.stringify(rows)}\n` : toCsv(rows);
    if (flags.output === undefined) io.out(text);
    else {
      writeFileSync(String(flags.output), text);
      io.err(`wrote ${rows.length} membership(s) to ${safe(flags.output)}\n`);
    }
    return 0;
  },
};
