// Reads the sheet `sync` works from: CSV with the columns group_id and can_edit, and user_id or
// email (or both, which must agree), in any order and any case; other columns (export's `name`)
// are ignored. A user named on several lines is judged against the account (plan.ts). The
// whole file is checked before anything is sent; where a sheet is ambiguous (a column named
// twice) it is refused rather than read one way or the other.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { unneutralise } from "./export.js";
import { parseId } from "./ids.js";

/** One wanted row of the sheet. */
export interface Row {
  line: number;
  /** The user's id, from `user_id`, or once `email` has been looked up (0 until then). */
  user: number;
  /** The user's address, from `email`: looked up before planning. */
  email?: string;
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

const columns = ["user_id", "email", "group_id", "can_edit"] as const;

/**
 * Standard input to its end. Read as a stream: a pipe from another process may be non-blocking,
 * where a synchronous read fails with EAGAIN before the writer has written.
 */
async function readStream(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads `file` (`-` for standard input, read as a stream to its end) and checks every row. */
export async function readSheet(file: string, readStdin: () => Promise<Buffer | string> = readStream): Promise<Sheet> {
  const name = file === "-" ? "standard input" : file;
  const fail = (problem: string): Sheet => ({ rows: [], problems: [problem], ignored: [] });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    const text = file === "-" ? await readStdin() : readFileSync(file);
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
  const missing = ["group_id", "can_edit"].filter((c) => !names.includes(c));
  if (!names.includes("user_id") && !names.includes("email")) missing.unshift("user_id or email");
  if (missing.length) {
    const expected = "user_id and/or email, group_id, can_edit";
    return fail(`${name}: the header lacks ${missing.join(", ")} (it has ${header.join(",")}); expected ${expected}`);
  }
  if (!body.length) return fail(`${name}: no rows under the header; nothing to do`);
  const at = Object.fromEntries(columns.map((c) => [c, names.indexOf(c)])) as Record<(typeof columns)[number], number>;
  const problems: string[] = [];
  const rows: Row[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    const id = (column: "user_id" | "group_id") => {
      const parsed = parseId(record[at[column]] ?? "");
      if (typeof parsed === "string") problems.push(`line ${line}: ${column} ${parsed}`);
      return typeof parsed === "number" ? parsed : NaN;
    };
    const email = at.email >= 0 ? unneutralise(record[at.email] ?? "") : "";
    const user = at.user_id >= 0 && (record[at.user_id] || !email) ? id("user_id") : 0;
    const group = id("group_id");
    if (email && !email.includes("@"))
      problems.push(`line ${line}: email ${JSON.stringify(email)} is not an email address`);
    const flag = (record[at.can_edit] ?? "").toLowerCase();
    if (flag !== "true" && flag !== "false") {
      problems.push(`line ${line}: can_edit ${JSON.stringify(record[at.can_edit] ?? "")} is not true or false`);
    }
    rows.push({ line, user, ...(email && { email }), group, canEdit: flag === "true" });
  }
  // `name` and `group_name` are export's columns for the people reading the sheet: read by no one,
  // and not worth a word.
  const ignored = header.filter((_, i) => ![...columns, "name", "group_name"].includes(names[i]!));
  return { rows, problems, ignored };
}
