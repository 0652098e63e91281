import { readAll } from "../account.js";
import { canEditFlag, id, jsonFlag, UsageError, type Command } from "../command.js";
import { listing } from "../output.js";
import { userOf } from "../write-path.js";

export const list: Command = {
  usage: "list [--group ID] [--user USER …] [--email ADDRESS …] [--name TEXT] [--can-edit true|false] [--json]",
  summary: "every membership (all pages): a table on a terminal, lines on a pipe",
  flags: {
    group: { type: "string", help: "only this group" },
    user: { type: "string", multiple: true, help: "only these users (ids or email addresses)" },
    email: { type: "string", multiple: true, help: "only the users with these email addresses" },
    name: { type: "string", help: "only users of this name" },
    "can-edit": { type: "string", help: "only memberships with can_edit true, or false" },
    ...jsonFlag,
  },
  positionals: 0,
  examples: ["kantata-insights list --group 7 --can-edit true", "kantata-insights list --email ada@example.com --json"],
  async run(context) {
    const { kantata, flags, io } = context;
    const canEdit = canEditFlag(flags["can-edit"]);
    const emails = (flags.email as string[] | undefined) ?? [];
    for (const e of emails)
      if (!e.includes("@")) throw new UsageError(`--email ${JSON.stringify(e)} is not an email address`);
    const users = await Promise.all([
      ...((flags.user as string[] | undefined) ?? []).map((u) => userOf(context, u, "--user")),
      ...emails.map((e) => userOf(context, e, "--email")),
    ]);
    const params = {
      ...(flags.group !== undefined && { by_access_group_id: id(flags.group, "--group") }),
      ...(users.length && { user_ids: users }),
      ...(flags.name !== undefined && { by_user_name: String(flags.name) }),
    };
    let { memberships } = await readAll(kantata, params, {
      concurrency: context.concurrency,
      progress: (read, count) => context.progress(`reading memberships: ${read} of ${count}`),
    });
    context.progress("", true);
    // Whatever the server did with the filters, only what was asked for.
    if (users.length) memberships = memberships.filter((m) => users.includes(m.user_id));
    if (params.by_access_group_id)
      memberships = memberships.filter((m) => m.insights_access_group_id === params.by_access_group_id);
    // Kantata has no filter for can_edit: it is applied here.
    if (canEdit !== undefined) memberships = memberships.filter((m) => m.can_edit === canEdit);
    io.out(flags.json ? `${JSON.stringify(memberships)}\n` : listing(io.outIsTTY, memberships));
    return 0;
  },
};
