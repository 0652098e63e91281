// Posts the review report (review.yml's artifact) as one sticky comment on its pull request.
// Run by review-comment.yml through actions/github-script, with a write token, after a
// workflow_run of review: nothing in the artifact is trusted but the report's text, and that is
// bounded. The pull request is the one whose head is the commit the review ran on, as the API
// says; a number in the artifact that names another pull request is refused.
const fs = require("node:fs");
const path = require("node:path");

const marker = "<!-- kantata-insights-access-review -->";
/** GitHub refuses a comment over 65,536 characters; the report is cut well under it. */
const maxBody = 65000;
const bot = "github-actions[bot]";

/** The report cut to fit a comment, keeping its head (marker, title and verdict) and saying it was cut. */
function truncate(body) {
  if (body.length <= maxBody) return body;
  const note =
    "\n\n… the report was cut here to fit a comment; the whole report is in the review run's summary and artifact.\n";
  return body.slice(0, maxBody - note.length) + note;
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
  const claimed = Number(fs.readFileSync(path.join(dir, "pr-number"), "utf8").trim());
  if (!Number.isInteger(claimed) || claimed < 1) return "skipped: the artifact names no pull request";
  const { owner, repo } = context.repo;
  // Trust only what the API says: the pull request must be the one the review ran on.
  const { data: pull } = await github.rest.pulls.get({ owner, repo, pull_number: claimed });
  if (pull.head.sha !== run.head_sha || pull.head.repo?.full_name !== run.head_repository?.full_name) {
    return `skipped: pull request #${claimed} is not the one the review ran on (its head is ${pull.head.sha}, the review's ${run.head_sha})`;
  }
  const issue_number = pull.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const mine = comments.find((c) => c.user?.login === bot && c.body?.startsWith(marker));
  const text = truncate(body);
  if (mine) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: text });
    return "updated";
  }
  await github.rest.issues.createComment({ owner, repo, issue_number, body: text });
  return "created";
}

module.exports = { marker, maxBody, truncate, postReview };
