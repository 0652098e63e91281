// The spec diff shared by `npm run spec:diff` and `npm run review`: exports a ref's spec,
// lints and bundles each side, diffs them with redocly, and writes a Markdown report whose
// locations read as a reviewer thinks (`PUT /…/{id} › query include › items › enum`).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import tools from "./tools.cjs";

const { run, runAsync, packageRoot } = tools;
export const specFiles = ["openapi", "redocly.yaml"];

/** A problem with one side of the diff: it could not be read, or it is invalid (exit 2). */
export class Refusal extends Error {}

export const git = (args, options = {}) =>
  execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options }).trim();

/** Checks that `ref` names a commit; throws Refusal otherwise. */
export function checkRef(ref) {
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new Refusal(`base ref ${ref} is not a commit in this repository`);
  }
}

/** Copies `files` as they are at `ref` into `dir`; throws Refusal when one is missing. */
export function exportRef(ref, dir, files = specFiles) {
  checkRef(ref);
  const listed = git(["ls-tree", "--name-only", ref, ...files])
    .split("\n")
    .filter(Boolean);
  const missing = files.filter((f) => !listed.includes(f));
  if (missing.length) throw new Refusal(`${ref} has no ${missing.join(" and ")} to compare against`);
  const archive = execFileSync("git", ["archive", "--format=tar", ref, ...files], { maxBuffer: 64 * 1024 * 1024 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
}

/**
 * Where a side that lints clean keeps its bundle, by the hash of its files and of the redocly
 * that checked them: the base of a diff is the same commit run after run, so it is linted and
 * bundled once (node_modules/.cache is where tools keep such things; deleting it is always safe).
 */
const cacheDir = path.join(packageRoot, "node_modules/.cache/kantata-spec-bundles");
const redoclyVersion = JSON.parse(
  readFileSync(path.join(packageRoot, "node_modules/@redocly/cli/package.json"), "utf8"),
).version;

/** A hash of every file under `dir` (names and contents) and of the redocly version. */
function treeHash(dir) {
  const hash = createHash("sha256").update(`redocly ${redoclyVersion}\0`);
  const walk = (relative) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const name = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(name);
      else
        hash
          .update(`${name}\0`)
          .update(readFileSync(path.join(dir, name)))
          .update("\0");
    }
  };
  walk(".");
  return hash.digest("hex");
}

/** Lints one side with its own redocly.yaml and bundles it, both at once; resolves to the bundle's path. */
async function lintAndBundle(label, dir, out) {
  const cached = path.join(cacheDir, `${treeHash(dir)}.yaml`);
  if (existsSync(cached)) {
    cpSync(cached, out);
    return out;
  }
  const lint = runAsync("redocly", ["lint", "kantata"], { cwd: dir }).catch((error) => {
    throw new Refusal(`the spec at ${label} is invalid, so it cannot be diffed:\n${error.message}`);
  });
  const bundle = runAsync("redocly", ["bundle", "kantata", "--output", out], { cwd: dir });
  // Both settle before either is reported, so no tool is left running.
  const [linted, bundled] = await Promise.allSettled([lint, bundle]);
  if (linted.status === "rejected") throw linted.reason;
  if (bundled.status === "rejected") throw bundled.reason;
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, readFileSync(out));
  return out;
}

/** Whether `next` is at least `previous` bumped by `impact` (semver, numeric parts only). */
export function bumpedEnough(previous, next, impact) {
  const parts = (v) => (/^(\d+)\.(\d+)\.(\d+)/.exec(v ?? "") ?? []).slice(1).map(Number);
  const [a, b] = [parts(previous), parts(next)];
  if (a.length < 3 || b.length < 3) return impact === "none";
  if (impact === "major") return b[0] > a[0];
  if (impact === "minor") return b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]);
  if (impact === "patch") return b[0] > a[0] || (b[0] === a[0] && (b[1] > a[1] || (b[1] === a[1] && b[2] > a[2])));
  return true;
}

const methods = ["get", "put", "post", "delete", "patch", "head", "options"];
const unescape = (part) => part.replace(/~1/g, "/").replace(/~0/g, "~");
const at = (spec, pointer) =>
  pointer
    .slice(2)
    .split("/")
    .map(unescape)
    .reduce((node, key) => node?.[key], spec);
const deref = (spec, node) => (node?.$ref ? deref(spec, at(spec, node.$ref)) : node);

/**
 * A JSON pointer into a bundled spec, as a reviewer reads it: the operation, the parameter
 * by where it goes and its name, then the schema path; `property` is the changed keyword.
 */
export function readableLocation(pointer, property, spec) {
  const parts = pointer.replace(/^#\//, "").split("/").map(unescape);
  const out = [];
  let node = spec;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i];
    const next = parts[i + 1];
    if (i === 0 && key === "paths") {
      const method = parts[2];
      const operation = methods.includes(method);
      out.push(operation ? `${method.toUpperCase()} ${next}` : next);
      node = deref(spec, operation ? spec.paths?.[next]?.[method] : spec.paths?.[next]);
      i += operation ? 2 : 1;
    } else if (i === 0 && key === "components") {
      out.push(`components ${next} ${parts[2]}`);
      node = deref(spec, spec.components?.[next]?.[parts[2]]);
      i += 2;
    } else if (key === "parameters" && next !== undefined && Array.isArray(node?.parameters)) {
      const parameter = deref(spec, node.parameters[Number(next)]);
      out.push(parameter ? `${parameter.in} ${parameter.name}` : `parameter ${next}`);
      node = parameter;
      i++;
    } else if (key === "requestBody") {
      out.push("body");
      node = deref(spec, node?.requestBody);
    } else if (key === "responses" && next !== undefined) {
      out.push(`response ${next}`);
      node = deref(spec, node?.responses?.[next]);
      i++;
    } else if (key === "content" && next !== undefined) {
      node = deref(spec, node?.content?.[next]);
      i++;
    } else if (key === "schema") {
      node = deref(spec, node?.schema);
    } else if (key === "properties" && next !== undefined) {
      out.push(next);
      node = deref(spec, node?.properties?.[next]);
      i++;
    } else {
      out.push(key);
      node = deref(spec, node?.[key]);
    }
  }
  if (property) out.push(property);
  return out.join(" › ");
}

/** Every `$ref` reachable from `node`, following references (each once). */
function reachableRefs(spec, node, seen = new Set()) {
  if (!node || typeof node !== "object") return seen;
  if (typeof node.$ref === "string") {
    if (seen.has(node.$ref)) return seen;
    seen.add(node.$ref);
    return reachableRefs(spec, at(spec, node.$ref), seen);
  }
  for (const value of Object.values(node)) reachableRefs(spec, value, seen);
  return seen;
}

/**
 * The operations a change at `pointer` reaches. redocly reports a change to a shared component
 * (a parameter, a schema, a response, a header) at the first operation that uses it; the change
 * reaches every operation that refers to that component, directly or through another one.
 */
export function operationsReaching(pointer, spec) {
  const parts = pointer.replace(/^#\//, "").split("/").map(unescape);
  // Walk the pointer, noting the innermost component it passes through.
  let node = spec;
  let component = parts[0] === "components" ? `#/components/${parts[1]}/${parts[2]}` : undefined;
  for (const key of parts) {
    if (node?.$ref) {
      component = node.$ref;
      node = at(spec, node.$ref);
    }
    node = node?.[key];
  }
  if (node?.$ref) component = node.$ref;
  const operations = [];
  for (const [route, item] of Object.entries(spec.paths ?? {})) {
    for (const method of methods) {
      const operation = item?.[method];
      if (!operation) continue;
      const here = pointer.startsWith(`#/paths/${route.replace(/~/g, "~0").replace(/\//g, "~1")}/${method}/`);
      const uses =
        component &&
        reachableRefs(spec, {
          ...operation,
          parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])],
        }).has(component);
      if (here || uses) operations.push(`${method.toUpperCase()} ${route}`);
    }
  }
  return operations;
}

/**
 * Diffs the spec at `baseRef` against the working tree. Resolves to the Markdown section, the
 * number of breaking changes, the bump they need, and info.version on each side.
 */
export async function specDiff(baseRef) {
  const work = mkdtempSync(path.join(tmpdir(), "kantata-spec-diff-"));
  try {
    const [baseDir, headDir] = [path.join(work, "base"), path.join(work, "head")];
    mkdirSync(baseDir);
    mkdirSync(headDir);
    exportRef(baseRef, baseDir);
    for (const f of specFiles) {
      if (!existsSync(f)) throw new Refusal(`the working tree has no ${f}`);
      cpSync(f, path.join(headDir, f), { recursive: true });
    }
    const sides = [
      lintAndBundle(baseRef, baseDir, path.join(work, "base.yaml")),
      lintAndBundle("the working tree", headDir, path.join(work, "head.yaml")),
    ];
    const settled = await Promise.allSettled(sides);
    const failed = settled.find((side) => side.status === "rejected");
    if (failed) throw failed.reason;
    const [base, head] = settled.map((side) => side.value);
    const json = path.join(work, "diff.json");
    run("redocly", ["diff", base, head, "--format", "json", "--fail-on", "none", "--output", json], { cwd: work });
    const specs = { base: parse(readFileSync(base, "utf8")), revision: parse(readFileSync(head, "utf8")) };
    return report(JSON.parse(readFileSync(json, "utf8")), baseRef, specs);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function report(diff, baseLabel, sides) {
  const reaches = (change) => operationsReaching(change.path, change.kind === "added" ? sides.revision : sides.base);
  const row = (change) => {
    const spec = change.kind === "added" ? sides.revision : sides.base;
    const where = readableLocation(change.path, change.property, spec);
    const verdicts = change.verdicts.map((v) => `${v.message} (\`${v.ruleId}\`)`).join("; ");
    const operations = reaches(change);
    const shared = operations.length > 1 ? `; reaches ${operations.join(", ")}` : "";
    return `| ${change.impact} | ${change.kind} | ${where}${shared} | ${verdicts || "—"} |`;
  };
  const breaking = diff.changes.filter((c) => c.impact === "major");
  const other = diff.changes.filter((c) => c.impact !== "major");
  const needed = diff.bump ?? "none";
  const { base: from, revision: to } = diff.infoVersions;
  const lines = [`## Spec diff: ${baseLabel} → working tree`, ""];
  const reached = [...new Set(breaking.flatMap(reaches))];
  lines.push(
    breaking.length
      ? `**Breaking: ${breaking.length} change${breaking.length === 1 ? "" : "s"}, reaching ${reached.length} operation(s): ${reached.join(", ")}.** Consumers' code or requests may stop working.`
      : "**No breaking change.**",
    "",
  );
  const table = (title, rows) => {
    lines.push(`### ${title} (${rows.length})`, "");
    if (rows.length === 0) return lines.push("None.", "");
    lines.push("| impact | change | where | why |", "| --- | --- | --- | --- |", ...rows.map(row), "");
  };
  table("Breaking changes", breaking);
  table("Non-breaking changes", other);
  const enough = bumpedEnough(from, to, needed);
  lines.push(
    "### Spec version",
    "",
    needed === "none"
      ? `No change needs a version bump (info.version ${from} → ${to}).`
      : `These changes need a **${needed}** bump: info.version ${from} → ${to} is ${enough ? "**enough** ✅" : "**not enough** ❌"}.`,
    "",
  );
  return { markdown: lines.join("\n"), breaking: breaking.length, reached, needed, enough, from, to };
}
