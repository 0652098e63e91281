// The API reference that `npm run docs` builds, opened in a real browser (Debian's chromium
// driven by playwright-core): what a reader needs is on the page, nothing errs, and the page
// asks no host for anything.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { findBrowser, launchArgs } from "../helpers/browser.js";
import { bundledSpec } from "../helpers/fixtures.js";

const root = path.resolve(__dirname, "../..");
const chromium = findBrowser() ?? "chromium";
const required = process.env.KANTATA_REQUIRE_BROWSER === "1";
const available = existsSync(chromium);
if (!available && !required) {
  console.warn(
    "docs browser test skipped: no chromium, chromium-browser or google-chrome on PATH, and no CHROMIUM_PATH. On Debian: `apt-get update && apt-get install -y chromium` (CI sets KANTATA_REQUIRE_BROWSER=1 to make this a failure).",
  );
}
const describeBrowser = available || required ? describe : describe.skip;

// The operations the page must show, read from the bundled spec rather than typed again.
const operations = Object.entries<any>(bundledSpec.paths).flatMap(([path, item]) =>
  ["get", "post", "put", "delete"]
    .filter((m) => item[m])
    .map((method) => ({ method: method.toUpperCase(), path, ...item[method] })),
);

describeBrowser("site/index.html in chromium", () => {
  let server: Server;
  let pageUrl: string;
  let browser: Browser;
  let page: Page;
  let overview: string;
  const requests: string[] = [];
  const problems: string[] = [];

  /** Opens an operation the way a reader does, by its link, and returns the page's text. */
  async function open(operationId: string): Promise<string> {
    await page.locator(`a[href$="/${operationId.toLowerCase()}"]`).first().click();
    await page.waitForURL(new RegExp(`/${operationId.toLowerCase()}$`));
    await page
      .getByRole("heading", { name: operations.find((o) => o.operationId === operationId)!.summary })
      .first()
      .waitFor();
    await page.waitForLoadState("networkidle");
    return page.locator("body").innerText();
  }

  beforeAll(async () => {
    if (!available)
      throw new Error(
        "KANTATA_REQUIRE_BROWSER=1 but no chromium, chromium-browser or google-chrome is on PATH (nor CHROMIUM_PATH); on Debian, apt-get install -y chromium",
      );
    execFileSync(process.execPath, [path.join(root, "scripts/docs.mjs")], { cwd: root, stdio: "pipe" });
    const html = readFileSync(path.join(root, "site/index.html"));
    server = createServer((_, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    const { chromium: launcher } = await import("playwright-core");
    browser = await launcher.launch({
      executablePath: chromium,
      args: launchArgs,
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.goto(pageUrl, { waitUntil: "networkidle" });
    // Redoc renders the page a section at a time, some only as they scroll into view: scroll
    // down as a reader would until every operation of the spec is listed, for up to a minute
    // (after which the test below says what is missing).
    const wanted = operations.map(({ method, path: p }) => `${method}\n${p}\n`);
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const text = await page.locator("body").innerText();
      if (wanted.every((line) => text.includes(line))) break;
      await page.mouse.wheel(0, 800);
      await page.waitForTimeout(250);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    overview = await page.locator("body").innerText();
  }, 120_000);

  afterAll(async () => {
    if (page) {
      mkdirSync(path.join(root, "reports/screenshots"), { recursive: true });
      await page.screenshot({ path: path.join(root, "reports/screenshots/docs.png"), fullPage: true });
    }
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it("lists every operation of the spec with its method and path", () => {
    expect(operations.map((o) => o.operationId)).toEqual(
      expect.arrayContaining(["updateInsightsAccessGroupMembership", "listUsers", "getMyUser"]),
    );
    const listed = overview.slice(overview.indexOf("Operations"));
    for (const { method, path: p } of operations) expect(listed).toContain(`${method}\n${p}\n`);
  });

  it.each(operations.map((o) => [o.operationId, o]))(
    "opens %s with its summary, parameters and responses",
    async (operationId, operation) => {
      const text = await open(operationId);
      expect(text).toContain(operation.summary);
      for (const status of Object.keys(operation.responses)) expect(text).toMatch(new RegExp(`^${status}$`, "m"));
      for (const p of [...(bundledSpec.paths[operation.path].parameters ?? []), ...(operation.parameters ?? [])]) {
        const name = p.$ref ? bundledSpec.components.parameters[p.$ref.split("/").pop()].name : p.name;
        expect(text).toMatch(new RegExp(`^${name}$`, "m"));
      }
    },
  );

  describe("the update operation", () => {
    let text: string;
    beforeAll(async () => {
      text = await open("updateInsightsAccessGroupMembership");
      // Error responses open one at a time; open 429's.
      await page.getByRole("button", { name: "429", exact: true }).first().click();
      await page.getByText("Too Many Requests", { exact: false }).first().waitFor();
      text += await page.locator("body").innerText();
    });

    it("shows its method, path and who may call it", () => {
      expect(text).toMatch(/PUT\s*\/insights_access_group_memberships\/\{id\}/);
      expect(text).toContain("Only an Account Administrator may call this endpoint.");
    });

    it("shows the path and query parameters with their allowed values", () => {
      expect(text).toContain("integer, (int32), >= 1");
      for (const value of ['"user"', '"user_name"', '"account_permission"']) expect(text).toContain(value);
    });

    it("shows the request body with can_edit and its warning", () => {
      expect(text).toContain("insights_access_group_membership");
      expect(text).toContain("can_edit");
      expect(text).toContain("opens every piece of the account's data to the member");
      expect(text).toContain("up to 15 minutes");
    });

    it("shows the 200 response and opens the error responses", () => {
      expect(text).toContain("The Insights Access Group Membership has been updated.");
      expect(text).toContain("Too Many Requests");
    });
  });

  it("logs no console error", () => {
    expect(problems).toEqual([]);
  });

  it("requests nothing beyond the page itself", () => {
    expect(requests.filter((url) => url !== pageUrl && !url.startsWith("data:") && !url.startsWith("blob:"))).toEqual(
      [],
    );
  });
});
