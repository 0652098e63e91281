// Runs kantata-insights in-process against the shared fake Kantata, in a temporary folder that
// every test starts afresh and removes: the command's output, its exit code, its journal.
import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { runCli, type Io } from "../../src/kantata-insights.js";
import { KantataModel, type FakeOptions, type FakeServer, type Record } from "../../../test/helpers/fake-kantata.js";

export const token = "cli-token-abcdef123456";
export const spec = parse(readFileSync(path.join(__dirname, "../../../generated/openapi.yaml"), "utf8"));
export const schema = JSON.parse(readFileSync(path.join(__dirname, "../../output.schema.json"), "utf8"));

export const member = (id: number, user: number, group: number, canEdit = false): Record => ({
  id,
  user_id: user,
  insights_access_group_id: group,
  can_edit: canEdit,
});

export interface Harness {
  model: KantataModel;
  server: FakeServer;
  dir: string;
  /** Puts memberships into the fake account. */
  put(...records: Record[]): void;
  /** Writes a sheet into the temporary folder and returns its path. */
  sheet(text: string, name?: string): string;
  /** Runs one command line; the token never appears in what it printed. */
  cli(
    args: string[],
    options?: {
      /** stderr and stdout are terminals. */
      tty?: boolean;
      env?: { [name: string]: string };
      signals?: EventEmitter;
      stdin?: string;
      /** stdin is a terminal, where a person answers the confirmation with this. */
      answer?: string;
    },
  ): Promise<{ code: number; out: string; err: string }>;
  close(): Promise<void>;
}

/** A fresh fake Kantata (with `options`) and a fresh temporary folder. */
export async function harness(options: FakeOptions = {}): Promise<Harness> {
  const model = new KantataModel([], options);
  const server = await model.serve();
  const dir = mkdtempSync(path.join(tmpdir(), "kantata-cli-"));
  return {
    model,
    server,
    dir,
    put: (...records) => {
      for (const r of records) model.records.set(r.id, { ...r });
    },
    sheet(text, name = "sheet.csv") {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    async cli(args, { tty = false, env = {}, signals, stdin, answer } = {}) {
      let out = "";
      let err = "";
      const io: Io = {
        env: { KANTATA_TOKEN: token, KANTATA_BASE_URL: server.baseUrl, ...env },
        out: (t) => (out += t),
        err: (t) => (err += t),
        errIsTTY: tty,
        outIsTTY: tty,
        stdinIsTTY: answer !== undefined,
        ...(answer !== undefined && { ask: async () => answer }),
        loadSpec: () => spec,
        loadSchema: () => schema,
        cwd: dir,
        ...(signals && { signals }),
        ...(stdin !== undefined && { readStdin: async () => stdin }),
      };
      const code = await runCli(args, io);
      expect(`${out}${err}`).not.toContain(token);
      return { code, out, err };
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The lines of a journal, parsed. */
export const journalLines = (file: string): { event: string; [key: string]: any }[] =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** The outcome lines of a journal. */
export const outcomes = (file: string) => journalLines(file).filter((l) => l.event === "outcome");
