// The HTML access review (`kantata-insights review`) of the fake account, opened in a real
// browser (Debian's chromium through playwright-core): it renders with no console error and no
// request but its own, the headline lists exactly the can_edit holders and Account
// Administrators, the chart has a bar per group, the tables are accessible, and a hostile name
// stays text. With KANTATA_UPDATE_SCREENSHOT=1 (`npm run screenshot:review`) it also writes the
// screenshot cli/README.md shows.
import { existsSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { findBrowser, launchArgs } from "../helpers/browser.js";
import { harness, type Harness } from "../../cli/test/helpers/harness.js";
import { fillReviewAccount, hostileName } from "../../cli/test/helpers/review-account.js";

const root = path.resolve(__dirname, "../..");
const chromium = findBrowser() ?? "chromium";
const available = existsSync(chromium);
const required = process.env.KANTATA_REQUIRE_BROWSER === "1";
const describeBrowser = available || required ? describe : describe.skip;
if (!available && !required) console.warn("review page browser test skipped: no chromium on PATH (see docs.test.ts)");

describeBrowser("kantata-insights review's HTML in chromium", () => {
  let h: Harness;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let pageUrl: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    h = await harness();
    fillReviewAccount(h.model);
    const { code, out } = await h.cli(["review"]);
    expect(code).toBe(0);
    server = createServer((_, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(out));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const { chromium: launcher } = await import("playwright-core");
    browser = await launcher.launch({ executablePath: chromium, args: launchArgs });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("dialog", (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(pageUrl, { waitUntil: "networkidle" });
    if (process.env.KANTATA_UPDATE_SCREENSHOT === "1") {
      mkdirSync(path.join(root, "cli/docs"), { recursive: true });
      await page.screenshot({ path: path.join(root, "cli/docs/review.png"), fullPage: true });
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await h?.close();
  });

  it("renders with no console error, no dialog and no request but its own", () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([pageUrl]);
  });

  it("has lang and a title, and every table has header cells", async () => {
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.title()).toMatch(/^Insights access review, \d{4}-\d{2}-\d{2}$/);
    const tables = await page.locator("table").count();
    expect(tables).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < tables; i++)
      expect(await page.locator("table").nth(i).locator("th").count()).toBeGreaterThan(0);
  });

  it("the headline lists exactly the can_edit holders and the Account Administrators", async () => {
    const names = await page.locator("#all-data tbody tr td:first-child").allTextContents();
    expect(names.sort()).toEqual(["Ada Admin", "Ada Editor", "Bo Admin"]);
  });

  it("the chart has one bar per group, split by can_edit", async () => {
    expect(await page.locator("#chart svg g.bar").count()).toBe(2);
    expect(await page.locator('#chart svg g.bar[data-group="7"] rect.editors').getAttribute("width")).not.toBe("0");
  });

  it("a hostile name stays text: no image element, its markup shown as written", async () => {
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("td", { hasText: hostileName }).count()).toBeGreaterThan(0);
  });

  it("sorts a column on a click, as an enhancement", async () => {
    const column = () => page.locator("#group-7 tbody tr td:first-child").allTextContents();
    const before = await column();
    await page.locator("#group-7 th", { hasText: "name" }).click();
    await page.locator("#group-7 th", { hasText: "name" }).click();
    expect(await column()).toEqual([...before].sort((a, b) => b.localeCompare(a, undefined, { numeric: true })));
  });
});
