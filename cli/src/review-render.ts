// The review's four faces: HTML (one self-contained file: no request, no script needed to read
// it, a chart in inline SVG, print CSS, sortable columns as an enhancement), Markdown (the same
// content, for a ticket), CSV (one row per person and group, cells guarded against formulas) and
// JSON (the snapshot `--since` reads). Every name and address is escaped for where it goes.
import { createHash } from "node:crypto";
import { neutralise } from "./export.js";
import type { Snapshot } from "./review.js";

type Cell = string | number | boolean | null;
interface Table {
  id: string;
  title: string;
  /** Why the table matters, in one sentence. */
  note: string;
  header: string[];
  rows: Cell[][];
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "never");
const when = (iso: string | null) => (iso ? iso.slice(0, 10) : "");

/** Every table of the review, in order, from the snapshot. */
export function reviewTables(s: Snapshot): Table[] {
  const byUser = new Map<number, Snapshot["members"]>();
  for (const m of s.members) byUser.set(m.user_id, [...(byUser.get(m.user_id) ?? []), m]);
  const admins = new Map(s.administrators.map((a) => [a.user_id, a]));
  const headlineIds = [...new Set([...s.members.filter((m) => m.can_edit).map((m) => m.user_id), ...admins.keys()])];
  const headline = headlineIds
    .map((id) => {
      const memberships = byUser.get(id) ?? [];
      const first = memberships[0];
      const admin = admins.get(id);
      const why = [memberships.some((m) => m.can_edit) && "can_edit", admin && "Account Administrator"]
        .filter(Boolean)
        .join(" and ");
      return [
        first?.name ?? admin!.name,
        first?.email ?? admin!.email,
        memberships.map((m) => m.group_name).join(", ") || "(none)",
        why,
        first?.permission ?? admin?.permission ?? null,
        day(first?.last_site_activity ?? admin?.last_site_activity ?? null),
        when(first?.membership_created_at ?? null),
        when(first?.membership_updated_at ?? null),
      ] as Cell[];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const person = (id: number) => {
    const m = byUser.get(id)?.[0];
    const a = admins.get(id);
    return [m?.name ?? a?.name ?? "", m?.email ?? a?.email ?? ""];
  };
  const columns = ["name", "email", "group", "can_edit", "permission", "last activity", "added", "updated"];
  const memberRow = (m: Snapshot["members"][number]): Cell[] => [
    m.name,
    m.email,
    m.group_name,
    m.can_edit,
    m.permission,
    day(m.last_site_activity),
    when(m.membership_created_at),
    when(m.membership_updated_at),
  ];
  const tables: Table[] = [
    {
      id: "all-data",
      title: "Who can see all account data",
      note: "Every can_edit holder and every Account Administrator: can_edit opens all account data through Insights.",
      header: ["name", "email", "groups", "why", "permission", "last activity", "added", "updated"],
      rows: headline,
    },
    ...s.groups.map((g) => ({
      id: `group-${g.id}`,
      title: `Group ${g.name} (${g.id}): ${g.members} member(s), ${g.editors} with can_edit`,
      note: "Everyone in this classic Insights Access Group.",
      header: columns,
      rows: s.members.filter((m) => m.group_id === g.id).map(memberRow),
    })),
    {
      id: "disabled",
      title: "Disabled users who still hold a membership",
      note: "Their account membership is disabled, but the Insights membership stands.",
      header: columns,
      rows: s.members.filter((m) => s.findings.disabled_members.includes(m.user_id)).map(memberRow),
    },
    {
      id: "stale",
      title: `No activity in ${s.stale_days} days, or never`,
      note: `Members whose last activity is before ${s.stale_days} days ago, or who were never active.`,
      header: columns,
      rows: s.members.filter((m) => s.findings.stale.includes(m.user_id)).map(memberRow),
    },
    {
      id: "new-editors",
      title: "can_edit granted since the previous review",
      note:
        s.findings.new_editors === null
          ? "Needs the previous review (--since PREVIOUS.json)."
          : "Members holding can_edit who did not hold it at the previous review.",
      header: columns,
      rows: s.members.filter((m) => s.findings.new_editors?.includes(m.user_id) && m.can_edit).map(memberRow),
    },
    {
      id: "empty-groups",
      title: "Groups with no members",
      note:
        s.findings.empty_groups === null
          ? "Needs the previous review (--since PREVIOUS.json): Kantata lists no groups, only memberships."
          : "Groups that had members at the previous review and have none now.",
      header: ["group"],
      rows: (s.findings.empty_groups ?? []).map((id) => [id]),
    },
    {
      id: "disagreements",
      title: "Where the memberships and Kantata's Insights filter disagree",
      note: "Users read through the memberships and through show_users_in_insights_groups, compared.",
      header: ["name", "email", "why"],
      rows: s.disagreements.map((d) => [d.name, d.email, d.why]),
    },
  ];
  if (s.changes) {
    const c = s.changes;
    const groupName = (id: number) => s.groups.find((g) => g.id === id)?.name ?? String(id);
    tables.push({
      id: "changes",
      title: `What changed since ${day(c.since)}`,
      note: "Compared by user with the previous review.",
      header: ["change", "name", "email", "detail"],
      rows: [
        ...c.added.map((id) => ["added", ...person(id), byUser.get(id)?.[0]?.group_name ?? ""]),
        ...c.removed.map((id) => {
          const was = c.removed_people.find((p) => p.user_id === id);
          return ["removed", was?.name ?? "", was?.email ?? "", was?.group_name ?? ""];
        }),
        ...c.granted.map((id) => ["can_edit granted", ...person(id), ""]),
        ...c.revoked.map((id) => {
          const was = c.removed_people.find((p) => p.user_id === id);
          return ["can_edit revoked", ...(was ? [was.name, was.email] : person(id)), was ? "removed" : ""];
        }),
        ...c.moved.map((m) => ["moved", ...person(m.user_id), `${groupName(m.from)} → ${groupName(m.to)}`]),
      ] as Cell[][],
    });
  }
  return tables;
}

/** The counts at the top of every format. */
export function summary(s: Snapshot): [string, string][] {
  const f = s.findings;
  const needsSince = "needs --since";
  return [
    ["can see all account data (can_edit or Account Administrator)", String(reviewTables(s)[0]!.rows.length)],
    ["members of classic Insights Access Groups", String(s.members.length)],
    ["groups", String(s.groups.length)],
    ["disabled users still holding a membership", String(f.disabled_members.length)],
    [`no activity in ${s.stale_days} days, or never`, String(f.stale.length)],
    ["can_edit granted since the previous review", f.new_editors === null ? needsSince : String(f.new_editors.length)],
    ["groups with no members", f.empty_groups === null ? needsSince : String(f.empty_groups.length)],
    ["memberships and the Insights filter disagree on", String(s.disagreements.length)],
  ];
}

const html = (value: Cell) =>
  String(value ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** A bar per group, split by can_edit, in inline SVG. */
function chart(s: Snapshot): string {
  const most = Math.max(1, ...s.groups.map((g) => g.members));
  const row = 28;
  const width = 640;
  const label = 200;
  const scale = (n: number) => ((width - label - 150) * n) / most;
  const bars = s.groups
    .map((g, i) => {
      const y = i * row + 4;
      const editors = scale(g.editors);
      const others = scale(g.members - g.editors);
      return `<g class="bar" data-group="${g.id}"><text x="0" y="${y + 15}">${html(g.name)}</text><rect class="editors" x="${label}" y="${y}" width="${editors}" height="20"><title>${g.editors} with can_edit</title></rect><rect class="viewers" x="${label + editors}" y="${y}" width="${others}" height="20"><title>${g.members - g.editors} without can_edit</title></rect><text x="${label + editors + others + 6}" y="${y + 15}">${g.members} (${g.editors} can_edit)</text></g>`;
    })
    .join("");
  const height = Math.max(1, s.groups.length) * row + 8;
  return `<svg role="img" aria-labelledby="chart-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title id="chart-title">Members per group, split by can_edit</title>${bars}</svg>`;
}

/** Sorts a table by the column whose header is clicked: an enhancement; the page reads without it. */
const sortScript = `for (const th of document.querySelectorAll("th")) {
  th.tabIndex = 0;
  th.addEventListener("click", () => {
    const table = th.closest("table"), body = table.tBodies[0], i = th.cellIndex;
    const up = th.getAttribute("aria-sort") !== "ascending";
    for (const other of table.querySelectorAll("th")) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    const rows = [...body.rows].sort((a, b) => a.cells[i].textContent.localeCompare(b.cells[i].textContent, undefined, { numeric: true }));
    if (!up) rows.reverse();
    body.append(...rows);
  });
}`;

/** One self-contained HTML file: no request leaves it; its one script is allowed by its hash. */
export function toHtml(s: Snapshot): string {
  const hash = createHash("sha256").update(sortScript).digest("base64");
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'`;
  const table = (t: Table) =>
    `<section id="${t.id}"><h2>${html(t.title)} <span class="count">${t.rows.length}</span></h2><p>${html(t.note)}</p>${
      t.rows.length
        ? `<table><thead><tr>${t.header.map((h) => `<th scope="col">${html(h)}</th>`).join("")}</tr></thead><tbody>${t.rows
            .map((r) => `<tr>${r.map((c) => `<td>${html(c)}</td>`).join("")}</tr>`)
            .join("")}</tbody></table>`
        : `<p class="none">None.</p>`
    }</section>`;
  const tables = reviewTables(s);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Insights access review, ${html(day(s.generated_at))}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }
header p { margin: 0.2rem 0; color: #444; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; cursor: pointer; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
.summary td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
.count { font-weight: normal; color: #555; }
.none { color: #555; }
rect.editors { fill: #b3261e; } rect.viewers { fill: #7a9cc6; }
svg text { font: 12px system-ui, sans-serif; }
@media print { body { margin: 0; font-size: 11px; } th { cursor: auto; } section { break-inside: avoid-page; } a { color: inherit; } }
</style>
</head>
<body>
<header>
<h1>Insights access review</h1>
<p>Taken ${html(s.generated_at)} of ${html(s.base_url)} by ${html(s.acting_user.name)} &lt;${html(s.acting_user.email)}&gt; (user ${s.acting_user.id}).</p>
<p>can_edit opens every piece of the account's data to the member through Insights; Account Administrators see everything.</p>
</header>
<main>
<section id="summary"><h2>Summary</h2><table class="summary"><tbody>${summary(s)
    .map(([k, v]) => `<tr><th scope="row">${html(k)}</th><td>${html(v)}</td></tr>`)
    .join("")}</tbody></table></section>
<section id="chart"><h2>Members per group</h2><p>Red: with can_edit; blue: without.</p>${chart(s)}</section>
${tables.map(table).join("\n")}
</main>
<script>${sortScript}</script>
</body>
</html>
`;
}

/** A Markdown table cell: pipes, line breaks and markup kept as text. */
const md = (value: Cell) =>
  String(value ?? "")
    .replace(/[\\`*_{}[\]<>|#!]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, " ");

export function toMarkdown(s: Snapshot): string {
  const lines = [
    "# Insights access review",
    "",
    `Taken ${md(s.generated_at)} of ${md(s.base_url)} by ${md(s.acting_user.name)} (${md(s.acting_user.email)}, user ${s.acting_user.id}).`,
    "",
    "## Summary",
    "",
    "| finding | count |",
    "| --- | ---: |",
    ...summary(s).map(([k, v]) => `| ${md(k)} | ${md(v)} |`),
  ];
  for (const t of reviewTables(s)) {
    lines.push("", `## ${md(t.title)} (${t.rows.length})`, "", md(t.note), "");
    if (!t.rows.length) lines.push("None.");
    else {
      lines.push(`| ${t.header.map(md).join(" | ")} |`, `| ${t.header.map(() => "---").join(" | ")} |`);
      for (const r of t.rows) lines.push(`| ${r.map(md).join(" | ")} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export const csvColumns = [
  "user_id",
  "name",
  "email",
  "group_id",
  "group_name",
  "can_edit",
  "is_administrator",
  "permission",
  "disabled",
  "last_site_activity",
  "membership_created_at",
  "membership_updated_at",
] as const;

const field = (value: unknown): string => {
  const text = typeof value === "string" ? neutralise(value) : String(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One row per person and group; Account Administrators in no group get a row with no group. */
export function toCsv(s: Snapshot): string {
  const rows: Record<string, unknown>[] = s.members.map((m) => ({ ...m }));
  for (const a of s.administrators.filter((a) => a.groups.length === 0))
    rows.push({ ...a, is_administrator: true, can_edit: "", group_id: "", group_name: "" });
  return [csvColumns.join(","), ...rows.map((r) => csvColumns.map((c) => field(r[c])).join(","))].join("\n") + "\n";
}
