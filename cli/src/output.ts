// What reaches a person's terminal. Every value that came from Kantata or from a sheet is
// escaped before it is printed: a control character could otherwise set a window title, clear
// the screen, or forge a line of the summary. JSON output needs none of this: it is exact JSON.
import type { Membership } from "kantata-insights-access";

/** `text` with every control character written as an escape (`\u001b`, `\n`, `\t`, `\u0085` …). */
export const safe = (value: unknown): string =>
  String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === "\n"
      ? "\\n"
      : c === "\r"
        ? "\\r"
        : c === "\t"
          ? "\\t"
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

/** A plain-text table, every cell escaped; no colour, so it pipes cleanly. */
export function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => safe(c ?? "")));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const listingHeader = ["membership", "user", "name", "email", "group", "group name", "can_edit"];
const listingRow = (m: Membership<"user">) => [
  m.id,
  m.user_id,
  m.user.full_name ?? "",
  m.user.email_address ?? "",
  m.insights_access_group_id,
  m.insights_access_group_name ?? "",
  // A field Kantata left out is shown as missing, never as `undefined`.
  typeof m.can_edit === "boolean" ? m.can_edit : "unknown",
];

/** Memberships for a person: an aligned table on a terminal, tab-separated lines (with a header) on a pipe. */
export const listing = (terminal: boolean | undefined, memberships: Membership<"user">[]): string =>
  terminal
    ? `${table(listingHeader, memberships.map(listingRow))}\n`
    : [listingHeader, ...memberships.map(listingRow)].map((r) => r.map((c) => safe(c)).join("\t")).join("\n") + "\n";
