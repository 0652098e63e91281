// Reads the sheet `sync` works from: CSV with the columns user_id, group_id and can_edit, in
// any order and any case. The whole file is checked before anything is sent; where a sheet is
// ambiguous (a column named twice) it is refused rather than read one way or the other.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { parseId } from "./ids.js";

/** One wanted row of the sheet. */
export interface Row {
  line: number;
  user: number;
  group: number;
  canEdit: boolean;
}

export interface Sheet {
  rows: Row[];
  /** Every problem, each with its line; any problem means nothing is sent. */
  problems: string[];
  /** Columns the sheet has that `sync` does not read (a name column kept for people, say). */
  ignored: string[];
}

const columns = ["user_id", "group_id", "can_edit"] as const;

/** Reads `file` (`-` for standard input) and checks every row. */
export function readSheet(file: string, readStdin: () => Buffer | string = () => readFileSync(0)): Sheet {
  const name = file === "-" ? "standard input" : file;
  const fail = (problem: string): Sheet => ({ rows: [], problems: [problem], ignored: [] });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    const text = file === "-" ? readStdin() : readFileSync(file);
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (error) {
    return fail(`${name}: ${(error as Error).message}`);
  }
  const header = records[0]?.record;
  const body = records.slice(1);
  if (!header) return fail(`${name}: no rows; expected a header (${columns.join(",")}) and one row per user`);
  const names = header.map((h) => h.toLowerCase());
  for (const [i, h] of names.entries()) {
    const first = names.indexOf(h);
    if (first !== i) {
      return fail(
        `${name}: the header names ${JSON.stringify(header[i])} twice (columns ${first + 1} and ${i + 1}); a sheet must name each column once`,
      );
    }
  }
  const missing = columns.filter((c) => !names.includes(c));
  if (missing.length) {
    return fail(
      `${name}: the header lacks ${missing.join(", ")} (it has ${header.join(",")}); expected ${columns.join(",")}`,
    );
  }
  if (!body.length) return fail(`${name}: no rows under the header; nothing to do`);
  const at = Object.fromEntries(columns.map((c) => [c, names.indexOf(c)])) as Record<(typeof columns)[number], number>;
  const problems: string[] = [];
  const rows: Row[] = [];
  const seen = new Map<number, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const id = (column: "user_id" | "group_id") => {
      const parsed = parseId(record[at[column]] ?? "");
      if (typeof parsed === "string") problems.push(`line ${line}: ${column} ${parsed}`);
      return typeof parsed === "number" ? parsed : NaN;
    };
    const [user, group] = [id("user_id"), id("group_id")];
    const flag = (record[at.can_edit] ?? "").toLowerCase();
    if (flag !== "true" && flag !== "false") {
      problems.push(`line ${line}: can_edit ${JSON.stringify(record[at.can_edit] ?? "")} is not true or false`);
    }
    if (seen.has(user)) {
      problems.push(`line ${line}: user ${user} is already on line ${seen.get(user)}; a user belongs to one group`);
    }
    if (!Number.isNaN(user)) seen.set(user, line);
    rows.push({ line, user, group, canEdit: flag === "true" });
  }
  const ignored = header.filter((_, i) => !columns.includes(names[i] as (typeof columns)[number]));
  return { rows, problems, ignored };
}
