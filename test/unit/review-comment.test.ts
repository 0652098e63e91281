// The review-comment workflow's script against a mocked `github` object: it comments on the pull
// request the review ran on, refuses a number that names another, cuts an oversized report, and
// keeps one sticky comment, updated rather than duplicated.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const { marker, maxBody, postReview, truncate } = require("../../.github/scripts/review-comment.cjs");

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "kantata-review-comment-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const headSha = "a".repeat(40);
const run = {
  id: 4242,
  html_url: "https://github.com/owner/kantata-insights-access/actions/runs/4242",
  conclusion: "success",
  head_sha: headSha,
  head_repository: { full_name: "fork/kantata-insights-access" },
};
const context = { payload: { workflow_run: run }, repo: { owner: "owner", repo: "kantata-insights-access" } };

/** A mocked github client: pull requests by number, and the comments of each. */
function github(comments: { id: number; user: { login: string }; body: string }[] = []) {
  const calls: string[] = [];
  const posted: string[] = [];
  const pulls: Record<number, object> = {
    7: { number: 7, head: { sha: headSha, repo: { full_name: "fork/kantata-insights-access" } } },
    8: { number: 8, head: { sha: "b".repeat(40), repo: { full_name: "owner/kantata-insights-access" } } },
  };
  return {
    calls,
    posted,
    paginate: async (_: unknown, { issue_number }: { issue_number: number }) => (
      calls.push(`list ${issue_number}`),
      comments
    ),
    rest: {
      pulls: {
        get: async ({ pull_number }: { pull_number: number }) => {
          if (!pulls[pull_number]) throw Object.assign(new Error("Not Found"), { status: 404 });
          return { data: pulls[pull_number] };
        },
      },
      issues: {
        listComments: {},
        createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => {
          posted.push(body);
          calls.push(`create ${issue_number} ${body.length}`);
        },
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) =>
          void calls.push(`update ${comment_id} ${body.slice(0, 40)}`),
      },
    },
  };
}

const artifact = (report: string, number: string) => {
  writeFileSync(path.join(dir, "review.md"), report);
  writeFileSync(path.join(dir, "pr-number"), number);
};

it("comments on the pull request whose head the review ran on, under a header saying where it came from", async () => {
  artifact(`${marker}\n# Review\n**Not breaking.** ✅\n`, "7");
  const client = github();
  expect(await postReview({ github: client, context, dir })).toBe("created");
  expect(client.calls[0]).toBe("list 7");
  const [body] = client.posted;
  expect(body!.startsWith(`${marker}\n> **Review report of ${headSha}**`)).toBe(true);
  expect(body).toContain(`[run 4242](${run.html_url}) (success)`);
  expect(body).toContain("produced by this pull request's own code");
  expect(body).toContain("# Review\n**Not breaking.** ✅");
});

it("makes the report's @mentions and images inert", async () => {
  artifact(
    `${marker}\n**Not breaking.** ✅ cc @octo-org/maintainers @someone\n![logo](https://evil.example/p.png)\n<img src="https://evil.example/q.png">\n`,
    "7",
  );
  const client = github();
  await postReview({ github: client, context, dir });
  const [body] = client.posted;
  expect(body).not.toMatch(/@[\w-]/);
  expect(body).toContain("@\u200docto-org/maintainers");
  expect(body).not.toMatch(/!\[/);
  expect(body).toContain("[image: logo](https://evil.example/p.png)");
  expect(body).not.toMatch(/(?<!`)<img/);
});

it.each([
  ["no pr-number file", undefined, "skipped: the artifact names no pull request"],
  ["7.0", "7.0", 'skipped: the artifact\'s pull request number is not one ("7.0")'],
  ["0x7", "0x7", 'skipped: the artifact\'s pull request number is not one ("0x7")'],
  ["an unknown pull request", "99", "skipped: there is no pull request #99"],
])("skips, without failing, on %s", async (_, number, result) => {
  writeFileSync(path.join(dir, "review.md"), `${marker}\n**Not breaking.** ✅\n`);
  if (number !== undefined) writeFileSync(path.join(dir, "pr-number"), number);
  const client = github();
  expect(await postReview({ github: client, context, dir })).toBe(result);
  expect(client.calls).toEqual([]);
});

it("refuses a number that names another pull request (a fork that edited review.yml)", async () => {
  artifact(`${marker}\n**Not breaking.** ✅\n`, "8");
  const client = github();
  expect(await postReview({ github: client, context, dir })).toMatch(
    /^skipped: pull request #8 is not the one the review ran on/,
  );
  expect(client.calls).toEqual([]);
});

it("cuts an oversized report under GitHub's limit, keeping the verdict at its head", async () => {
  artifact(`${marker}\n**Breaking.** ❌\n${"x".repeat(200_000)}`, "7");
  const client = github();
  await postReview({ github: client, context, dir });
  const size = Number(client.calls[1]!.split(" ")[2]);
  expect(size).toBeLessThanOrEqual(maxBody);
  expect(size).toBeGreaterThan(60_000);
});

it("closes a code fence the cut left open", () => {
  const cut = truncate(`${marker}\n\`\`\`diff\n${"- a line\n".repeat(20_000)}\`\`\`\n`);
  expect(cut.length).toBeLessThanOrEqual(maxBody);
  expect((cut.match(/^\`\`\`/gm) ?? []).length % 2).toBe(0);
  expect(cut).toMatch(/the report was cut here/);
});

it("updates its own sticky comment rather than adding another; another bot's is left alone", async () => {
  artifact(`${marker}\n**Not breaking.** ✅\n`, "7");
  const client = github([
    { id: 1, user: { login: "someone-else[bot]" }, body: `${marker}\nold` },
    { id: 2, user: { login: "github-actions[bot]" }, body: `${marker}\nold` },
  ]);
  expect(await postReview({ github: client, context, dir })).toBe("updated");
  expect(client.calls).toEqual(["list 7", `update 2 ${`${marker}\n> **Review report of ${headSha}**`.slice(0, 40)}`]);
});

it("skips a run that uploaded nothing", async () => {
  expect(await postReview({ github: github(), context, dir })).toBe("skipped: the review run uploaded no report");
});
