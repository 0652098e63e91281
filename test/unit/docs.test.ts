// What the READMEs and the guides claim, held to the code and the package files: a stale claim
// is a defect. Sizes, links, defaults, versions, the dependency list, the examples and commands.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { runCli } from "../../cli/src/kantata-insights.js";
import { defaultBaseUrl, defaultTimeoutMs } from "../../src/index.js";
import { resolveSettings } from "../../src/core/settings.js";

const root = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const readme = read("README.md");
const pkg = JSON.parse(read("package.json"));
const cliPkg = JSON.parse(read("cli/package.json"));
const guides = [
  "README.md",
  "cli/README.md",
  "CONTRIBUTING.md",
  "CHANGELOG.md",
  ...readdirSync(path.join(root, "docs")).map((f) => `docs/${f}`),
];

it("the library README stays under 12 kB, opens with the two commands, and its contents list every section", () => {
  expect(Buffer.byteLength(readme)).toBeLessThan(12_000);
  expect(readme.split("\n").slice(3, 5).join("\n")).toMatch(/^npm ci && npm start .*\nnpm test /);
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]!).filter((h) => h !== "Contents");
  const contents = readme.slice(readme.indexOf("## Contents"), readme.indexOf("## Install"));
  const listed = [...contents.matchAll(/^- \[(.+?)\]\(#([\w-]+)\)$/gm)];
  expect(listed.map((m) => m[1])).toEqual(headings);
  for (const [, title, anchor] of listed) {
    expect(anchor).toBe(
      title!
        .toLowerCase()
        .replace(/[^\w\s-]/g, "")
        .replace(/\s/g, "-"),
    );
  }
});

it.each(guides)("every relative link in %s names a file that exists", (file) => {
  const links = [...read(file).matchAll(/\]\(([^)#]+?)(#[\w-]*)?\)/g)]
    .map((m) => m[1]!)
    .filter((l) => !/^\w+:/.test(l));
  for (const link of links) expect([link, existsSync(path.join(root, path.dirname(file), link))]).toEqual([link, true]);
});

it("the options table gives the client's real defaults", () => {
  const defaults = resolveSettings({}, undefined, "");
  const row = (name: string) => new RegExp(`^\\| \`${name}\` \\| \`([^\`]+)\` \\|`, "m").exec(readme)?.[1];
  expect(row("maxRetries")).toBe(String(defaults.maxRetries));
  expect(row("maxRetryAfterMs")).toBe(String(defaults.maxRetryAfterMs));
  expect(row("timeoutMs")).toBe(String(defaults.timeoutMs));
  expect(defaults.timeoutMs).toBe(defaultTimeoutMs);
  expect(row("baseUrl")).toBe(defaultBaseUrl);
});

it("the Node version, the runtime dependency and the package versions are the packages' own", () => {
  const floor = /^>=(\d+\.\d+)\.0$/.exec(pkg.engines.node)![1];
  expect(readme).toContain(`Node ${floor} or later`);
  expect(cliPkg.engines.node).toBe(pkg.engines.node);
  expect(Object.keys(pkg.dependencies)).toEqual(["openapi-fetch"]);
  expect(readme).toContain("one dependency: [openapi-fetch]");
  // Until the first release, the README says how to install from a clone, naming the tarball npm pack writes.
  expect(readme).toContain(`kantata-insights-access-${pkg.version}.tgz`);
  expect(cliPkg.version).toBe(pkg.version);
  expect(cliPkg.dependencies["kantata-insights-access"]).toBe(`^${pkg.version}`);
  expect(read("CHANGELOG.md")).toMatch(
    new RegExp(`^## \\[${pkg.version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d\\d-\\d\\d$`, "m"),
  );
});

it("the README names every program in examples/, and only those", () => {
  const named = [...readme.matchAll(/\(examples\/([\w.-]+\.ts)\)/g)].map((m) => m[1]).sort();
  expect(named).toEqual(
    readdirSync(path.join(root, "examples"))
      .filter((f) => f.endsWith(".ts"))
      .sort(),
  );
});

it("the command line's README lists exactly the commands --help lists", async () => {
  let help = "";
  const code = await runCli(["--help"], {
    env: {},
    out: (text) => (help += text),
    err: () => {},
    errIsTTY: false,
    loadSpec: () => ({}),
    loadSchema: () => ({}),
  });
  expect(code).toBe(0);
  const listed = [...read("cli/README.md").matchAll(/^\| (`\w+.*?) \|/gm)].flatMap((m) =>
    [...m[1]!.matchAll(/`(\w+)/g)].map((c) => c[1]),
  );
  expect(listed.sort()).toEqual([...help.matchAll(/^ {2}(\w+)/gm)].map((m) => m[1]).sort());
});
