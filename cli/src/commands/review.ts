import { readFileSync, writeFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Refusal, UsageError, type Command } from "../command.js";
import { safe } from "../output.js";
import { describeMe, whoAmI } from "../people.js";
import { takeReview, type Snapshot } from "../review.js";
import { toCsv, toHtml, toMarkdown } from "../review-render.js";

const formats = ["html", "md", "csv", "json"] as const;
type Format = (typeof formats)[number];

/** The previous review, held to the published schema; a UsageError naming the flag when it is not one. */
function readPrevious(path: string, schema: Record<string, any>): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? "not JSON";
    throw new UsageError(`--since ${path} cannot be read (${why}); give a review written with --format json`);
  }
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema(schema, "output");
  const validate = ajv.compile({ $ref: "output#/$defs/review_snapshot" });
  if (validate(value)) return value as Snapshot;
  const [first] = validate.errors ?? [];
  throw new UsageError(
    `--since ${path} is not a review written with --format json: ${first?.instancePath || "it"} ${first?.message}`,
  );
}

export const review: Command = {
  usage:
    "review [--format html|md|csv|json] [--output FILE] [--since PREVIOUS.json] [--stale-days N] [--concurrency N]",
  summary: "the access review auditors ask for: who sees all data, findings, changes; read-only",
  flags: {
    format: { type: "string", help: "html, md (Markdown), csv (a row per person and group), json", default: "html" },
    output: { type: "string", help: "write the review here", default: "standard output" },
    since: { type: "string", help: "the previous review's JSON: what changed since, and can_edit granted since" },
    "stale-days": { type: "string", help: "flag members with no activity in this many days", default: "90" },
    concurrency: { type: "string", help: "pages read at a time, 1 to 32", default: "4" },
  },
  positionals: 0,
  examples: [
    "kantata-insights review --output review.html",
    "kantata-insights review --format json --output 2026-Q4.json --since 2026-Q3.json",
  ],
  async run({ kantata, flags, io, concurrency, progress, origin }) {
    const format = String(flags.format ?? "html") as Format;
    if (!formats.includes(format))
      throw new UsageError(`--format must be one of ${formats.join(", ")} (got ${JSON.stringify(flags.format)})`);
    const staleText = String(flags["stale-days"] ?? "90");
    if (!/^\d{1,5}$/.test(staleText) || Number(staleText) < 1)
      throw new UsageError(`--stale-days must be a whole number of days from 1 (got ${JSON.stringify(staleText)})`);
    const previous = flags.since === undefined ? undefined : readPrevious(String(flags.since), io.loadSchema());
    if (previous && previous.base_url !== origin.base_url) {
      throw new Refusal(
        `--since ${safe(flags.since)} is a review of ${safe(previous.base_url)}, not of ${safe(origin.base_url)}; nothing was read`,
      );
    }
    const me = await whoAmI(kantata);
    if (!me.is_administrator) {
      throw new Refusal(
        `KANTATA_TOKEN belongs to ${describeMe(me)}; an access review needs an Account Administrator's token, since only they see every membership and user`,
      );
    }
    const snapshot = await takeReview(kantata, {
      actingUser: { id: me.id, name: me.full_name, email: me.email_address },
      baseUrl: origin.base_url,
      staleDays: Number(staleText),
      concurrency,
      previous,
      progress,
    });
    progress("", true);
    const text =
      format === "json"
        ? `${JSON.stringify(snapshot, null, 2)}\n`
        : format === "csv"
          ? toCsv(snapshot)
          : format === "md"
            ? toMarkdown(snapshot)
            : toHtml(snapshot);
    if (flags.output === undefined) io.out(text);
    else {
      writeFileSync(String(flags.output), text);
      io.err(
        `wrote the review of ${snapshot.members.length} membership(s) and ${snapshot.administrators.length} Account Administrator(s) to ${safe(flags.output)}\n`,
      );
    }
    return 0;
  },
};
