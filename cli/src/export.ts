// `export`: the account as the sheet `sync` reads. A text cell that a spreadsheet would read as a
// formula (beginning with =, +, -, @, a tab or a carriage return) is written with a leading
// apostrophe, as OWASP advises against CSV injection; `sync` takes the apostrophe off again.
import type { Membership } from "kantata-insights-access";

export const exportColumns = ["user_id", "email", "name", "group_id", "group_name", "can_edit"] as const;

const risky = /^[=+\-@\t\r]/;
/** A text cell made safe to open in a spreadsheet. */
export const neutralise = (text: string): string => (risky.test(text) ? `'${text}` : text);
/** A cell as `export` wrote it, read back: the apostrophe it added taken off. */
export const unneutralise = (text: string): string => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
const field = (value: unknown): string => {
  const text = String(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The rows of the sheet, one per membership, with the values as Kantata has them (`--json` prints these). */
export const exportRows = (memberships: readonly Membership<"user">[]) =>
  memberships.map((m) => ({
    user_id: m.user_id,
    email: m.user.email_address ?? "",
    name: m.user.full_name ?? "",
    group_id: m.insights_access_group_id,
    group_name: m.insights_access_group_name ?? "",
    can_edit: m.can_edit,
  }));

/** The sheet as CSV text: text cells neutralised for spreadsheets, which only CSV is opened in. */
export const toCsv = (rows: ReturnType<typeof exportRows>): string =>
  [
    exportColumns.join(","),
    ...rows.map((r) => exportColumns.map((c) => field(typeof r[c] === "string" ? neutralise(r[c]) : r[c])).join(",")),
  ].join("\n") + "\n";
