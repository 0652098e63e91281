// The API reference that `npm run docs` builds, opened in a real browser (Debian's chromium
// driven by playwright-core): what a reader needs is on the page, nothing errs, and the page
// asks no host for anything.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";

const root = path.resolve(__dirname, "..");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const required = process.env.KANTATA_REQUIRE_BROWSER === "1";
const available = existsSync(chromium);
if (!available && !required) {
  console.warn(`docs browser test skipped: no ${chromium}. Install it with \`apt-get update && apt-get install -y chromium\` (CI sets KANTATA_REQUIRE_BROWSER=1 to make this a failure).`);
}
const describeBrowser = available || required ? describe : describe.skip;

describeBrowser("docs/index.html in chromium", () => {
  let server: Server;
  let pageUrl: string;
  let browser: Browser;
  let text: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`KANTATA_REQUIRE_BROWSER=1 but there is no chromium at ${chromium}; install it with apt-get install -y chromium`);
    execFileSync(process.execPath, [path.join(root, "scripts/docs.mjs")], { cwd: root, stdio: "pipe" });
    const html = readFileSync(path.join(root, "docs/index.html"));
    server = createServer((_, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    const { chromium: launcher } = await import("playwright-core");
    browser = await launcher.launch({
      executablePath: chromium,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.goto(pageUrl, { waitUntil: "networkidle" });
    // Redoc lists operations under their tag; a reader clicks one to open it.
    await page.getByText("/insights_access_group_memberships/{id}", { exact: true }).first().click();
    await page.getByText("Update an Insights Access Group Membership").first().waitFor();
    text = await page.locator("body").innerText();
    // Error responses open one at a time; open 429's.
    await page.getByRole("button", { name: "429", exact: true }).first().click();
    await page.getByText("Too Many Requests", { exact: false }).first().waitFor();
    text += await page.locator("body").innerText();
    mkdirSync(path.join(root, "reports/screenshots"), { recursive: true });
    await page.screenshot({ path: path.join(root, "reports/screenshots/docs.png"), fullPage: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it("shows the operation with its method and path", () => {
    expect(text).toContain("Update an Insights Access Group Membership");
    expect(text).toMatch(/PUT\s*\/insights_access_group_memberships\/\{id\}/i);
    expect(text).toContain("Only an Account Administrator may call this endpoint.");
  });

  it("shows the path and query parameters with their allowed values", () => {
    for (const name of ["id", "include", "optional_fields"]) expect(text).toMatch(new RegExp(`^${name}$`, "m"));
    expect(text).toContain("integer, (int32), >= 1");
    for (const value of ['"user"', '"user_name"', '"account_permission"']) expect(text).toContain(value);
  });

  it("shows the request body with can_edit and its warning", () => {
    expect(text).toContain("insights_access_group_membership");
    expect(text).toContain("can_edit");
    expect(text).toContain("opens every piece of the account's data to the member");
    expect(text).toContain("up to 15 minutes");
  });

  it("shows the 200 and the error responses", () => {
    expect(text).toContain("The Insights Access Group Membership has been updated.");
    for (const status of ["400", "401", "403", "404", "422", "429", "503"]) expect(text).toMatch(new RegExp(`\\b${status}\\b`));
    expect(text).toContain("Too Many Requests");
  });

  it("logs no console error", () => {
    expect(problems).toEqual([]);
  });

  it("requests nothing beyond the page itself", () => {
    expect(requests.filter((url) => url !== pageUrl && !url.startsWith("data:") && !url.startsWith("blob:"))).toEqual([]);
  });
});
