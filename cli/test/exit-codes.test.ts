// One exit-code table, the same in every command, as the help and cli/README.md print it:
// 0 done or nothing to do; 1 a change failed, or something asked for was skipped; 2 bad usage, or
// refused before any change; 3 could not authenticate or reach Kantata; 4 a dry run with
// --exit-code has changes to make. Every command is held to it here, from the registry itself.
import path from "node:path";
import { commands } from "../src/commands/index.js";
import { harness, member, token, type Harness } from "./helpers/harness.js";

let h: Harness;

/** Arguments each command accepts, against an account where user 11 is in group 7. */
function validArgs(name: string, journal: string): string[] {
  const sheet = h.sheet("user_id,group_id,can_edit\n11,8,false\n");
  const args: { [name: string]: string[] } = {
    whoami: [],
    list: [],
    show: ["11"],
    export: [],
    grant: ["11", "--yes"],
    revoke: ["11", "--yes"],
    add: ["12", "7", "--yes"],
    remove: ["11", "--yes"],
    move: ["11", "8", "--yes"],
    sync: [sheet, "--yes"],
    undo: [journal, "--yes"],
    apply: [path.join(h.dir, "plan.json"), "--yes"],
    verify: [],
    review: ["--format", "json"],
  };
  if (!args[name]) throw new Error(`no arguments for ${name}: add them here`);
  return args[name];
}

/** An account, and a journal of a grant made in it (for undo). */
async function account(): Promise<string> {
  h = await harness({ token });
  h.put(member(1, 11, 7));
  const journal = path.join(h.dir, "grant.jsonl");
  expect((await h.cli(["grant", "11", "--yes", "--journal", journal])).code).toBe(0);
  expect((await h.cli(["revoke", "11", "--yes", "--no-journal"])).code).toBe(0);
  const plan = h.sheet("user_id,group_id,can_edit\n11,8,false\n", "for-plan.csv");
  expect((await h.cli(["sync", plan, "--plan-out", path.join(h.dir, "plan.json")])).code).toBe(0);
  return journal;
}

describe.each(Object.keys(commands))("%s", (name) => {
  // One account for the command's cases: none of them may change it.
  let journal: string;
  beforeAll(async () => {
    journal = await account();
  });
  afterAll(() => h.close());

  it("2 for bad usage: an unknown flag, or a wrong number of arguments", async () => {
    expect((await h.cli([name, ...validArgs(name, journal), "--no-such-flag"])).code).toBe(2);
    expect((await h.cli([name, ...validArgs(name, journal), "extra-argument"])).code).toBe(2);
    expect(h.model.writes).toHaveLength(2);
  });

  it("3 when Kantata refuses the token (401), with nothing changed", async () => {
    const { code, out, err } = await h.cli([name, ...validArgs(name, journal)], {
      env: { KANTATA_TOKEN: "a-token-kantata-does-not-know" },
    });
    expect({ code, said: `${out}${err}` }).toEqual({ code: 3, said: expect.stringMatching(/401/) });
    expect(h.model.writes).toHaveLength(2);
  });
});

it("3 from every command when Kantata cannot be reached (after the run's retries, all at once)", async () => {
  const journal = await account();
  // undo and apply refuse another base URL than their file's before sending anything: exit 2.
  const names = Object.keys(commands).filter((name) => name !== "undo" && name !== "apply");
  const codes = await Promise.all(
    names.map(
      async (name) =>
        [
          name,
          (await h.cli([name, ...validArgs(name, journal)], { env: { KANTATA_BASE_URL: "http://127.0.0.1:9/api/v1" } }))
            .code,
        ] as const,
    ),
  );
  await h.close();
  expect(Object.fromEntries(codes)).toEqual(Object.fromEntries(names.map((name) => [name, 3])));
});

describe("dry runs end as their apply would, and --exit-code says whether there are changes", () => {
  afterEach(() => h.close());
  it("changes to make: 0, or 4 with --exit-code; nothing to change: 0 either way", async () => {
    await account();
    const moving = h.sheet("user_id,group_id,can_edit\n11,8,false\n");
    expect((await h.cli(["sync", moving, "--dry-run"])).code).toBe(0);
    expect((await h.cli(["sync", moving, "--dry-run", "--exit-code"])).code).toBe(4);
    const same = h.sheet("user_id,group_id,can_edit\n11,7,false\n", "same.csv");
    expect((await h.cli(["sync", same, "--dry-run", "--exit-code"])).code).toBe(0);
    expect(h.model.writes).toHaveLength(2);
  });

  it("a sheet with a line skipped ends 1, dry run and apply alike, with nothing sent", async () => {
    await account();
    const typo = h.sheet("email,group_id,can_edit\nuser11@example.con,7,false\n");
    const dry = await h.cli(["sync", typo, "--dry-run", "--exit-code"]);
    const apply = await h.cli(["sync", typo, "--yes", "--no-journal"]);
    expect([dry.code, apply.code]).toEqual([1, 1]);
    expect(dry.out).toBe("nothing to change\n");
    expect(dry.err).toContain("skipped: line 2: no user of the account has the email address");
    expect(h.model.writes).toHaveLength(2);
  });

  it("--exit-code without --dry-run is bad usage", async () => {
    await account();
    const { code, err } = await h.cli(["sync", h.sheet("user_id,group_id,can_edit\n11,8,false\n"), "--exit-code"]);
    expect(err).toContain("--exit-code goes with --dry-run");
    expect(code).toBe(2);
  });
});
