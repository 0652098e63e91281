// The bench's Kantata: a node:http server in its own process (so its work does not share the
// bench's event loop). Answers GET with a list envelope and anything else with the updated
// membership; with DELAY_MS it waits that long first, and MEMBERSHIPS=N makes the list hold
// N memberships, paged by `page` and `per_page`. Prints its port on the first line.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const spec = parse(readFileSync(new URL("../../generated/openapi.yaml", import.meta.url), "utf8"));
const updated = JSON.stringify(spec.components.examples.MembershipUpdated.value);
const list = spec.components.examples.MembershipList.value;
const total = Number(process.env.MEMBERSHIPS ?? 0);
const delay = Number(process.env.DELAY_MS ?? 0);
const record = list.insights_access_group_memberships["42"];

function page(query) {
  if (!total) return JSON.stringify(list);
  const perPage = Number(query.get("per_page") ?? 20);
  const number = Number(query.get("page") ?? 1);
  const ids = Array.from({ length: total }, (_, i) => String(i + 1)).slice((number - 1) * perPage, number * perPage);
  return JSON.stringify({
    count: total,
    meta: { count: total, page_count: Math.ceil(total / perPage), page_number: number, page_size: perPage },
    results: ids.map((id) => ({ key: "insights_access_group_memberships", id })),
    insights_access_group_memberships: Object.fromEntries(ids.map((id) => [id, record])),
  });
}

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = req.method === "GET" ? page(new URL(req.url, "http://x").searchParams) : updated;
    const send = () => res.writeHead(200, { "content-type": "application/json" }).end(body);
    if (delay) setTimeout(send, delay);
    else send();
  });
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
process.on("disconnect", () => process.exit(0));
