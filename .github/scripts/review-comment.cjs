// Posts the review report (review.yml's artifact) as one sticky comment on its pull request.
// Run by review-comment.yml through actions/github-script, with a write token, after a
// workflow_run of review: nothing in the artifact is trusted but the report's text, and that is
// bounded, and posted under a header this script writes (the run, its conclusion, the head SHA,
// and that the pull request's own code produced the report), with its @mentions and images made
// inert. The pull request is the one whose head is the commit the review ran on, as the API
// says; a number in the artifact that names another pull request is refused, and a missing
// number or an unknown pull request is skipped with a notice, not a failure.
const fs = require("node:fs");
const path = require("node:path");

const marker = "<!-- kantata-insights-access-review -->";
/** GitHub refuses a comment over 65,536 characters; the report is cut well under it. */
const maxBody = 65000;
const bot = "github-actions[bot]";

/** The report cut to fit a comment, keeping its head (marker, title and verdict), closing a code fence it cut open, and saying it was cut. */
function truncate(body, max = maxBody) {
  if (body.length <= max) return body;
  const note =
    "\n\n… the report was cut here to fit a comment; the whole report is in the review run's summary and artifact.\n";
  let kept = body.slice(0, max - note.length - 5);
  // An odd number of fences means the cut fell inside a code block: close it.
  if ((kept.match(/^```/gm) ?? []).length % 2 === 1) kept += "\n```";
  return kept + note;
}

/**
 * The untrusted report made inert: an @mention cannot notify (a zero-width joiner after the @),
 * and an image (Markdown or HTML) becomes a plain link, so that no remote image loads.
 */
function neutralise(report) {
  return report
    .replace(/@(?=[\w-])/g, "@\u200d")
    .replace(/!\[([^\]]*)\]\(([^)]*)\)/g, "[image: $1]($2)")
    .replace(/<img\b[^>]*>/gi, (tag) => `\`${tag.replace(/`/g, "'")}\``);
}

/** The header the trusted workflow writes above the report: where it came from and how that run ended. */
function header(run) {
  return [
    `> **Review report of ${run.head_sha}**, from [run ${run.id}](${run.html_url}) (${run.conclusion}).`,
    "> It was produced by this pull request's own code (`scripts/review.mjs` at its head), so read it as the pull request's claim; the run's checks are the verdict.",
    "",
  ].join("\n");
}

/**
 * Reads the downloaded artifact in `dir` and keeps the pull request's sticky comment up to date.
 * Resolves to what it did: "created", "updated", or "skipped: <why>".
 */
async function postReview({ github, context, dir = "." }) {
  const run = context.payload.workflow_run;
  const report = path.join(dir, "review.md");
  if (!fs.existsSync(report)) return "skipped: the review run uploaded no report";
  const body = fs.readFileSync(report, "utf8");
  if (!body.startsWith(marker)) return "skipped: the artifact is not a review report";
  const numberFile = path.join(dir, "pr-number");
  if (!fs.existsSync(numberFile)) return "skipped: the artifact names no pull request";
  const written = fs.readFileSync(numberFile, "utf8").trim();
  if (!/^\d+$/.test(written) || Number(written) < 1)
    return `skipped: the artifact's pull request number is not one (${JSON.stringify(written.slice(0, 20))})`;
  const claimed = Number(written);
  const { owner, repo } = context.repo;
  // Trust only what the API says: the pull request must be the one the review ran on.
  let pull;
  try {
    ({ data: pull } = await github.rest.pulls.get({ owner, repo, pull_number: claimed }));
  } catch (error) {
    if (error?.status === 404) return `skipped: there is no pull request #${claimed}`;
    throw error;
  }
  if (pull.head.sha !== run.head_sha || pull.head.repo?.full_name !== run.head_repository?.full_name) {
    return `skipped: pull request #${claimed} is not the one the review ran on (its head is ${pull.head.sha}, the review's ${run.head_sha})`;
  }
  const issue_number = pull.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const mine = comments.find((c) => c.user?.login === bot && c.body?.startsWith(marker));
  const text = truncate(`${marker}\n${header(run)}\n${neutralise(body.slice(marker.length).trimStart())}`);
  if (mine) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: text });
    return "updated";
  }
  await github.rest.issues.createComment({ owner, repo, issue_number, body: text });
  return "created";
}

module.exports = { marker, maxBody, truncate, neutralise, header, postReview };
