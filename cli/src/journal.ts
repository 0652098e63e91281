// The write-ahead journal of a run that changes an account: one JSON line per event, each
// written and fsync'ed before the run goes on, so that a run killed at any point leaves a file
// that says which changes were done, which failed, and which may be half-done (an intent with
// no outcome). The file is created before any request is sent; its first line, which says where
// the run was made and by whom, is written once the token has been checked, before any write.
// A run that made no change (refused, not confirmed, nothing to do) leaves no journal behind.
// Every line has the run's id; `output.schema.json#/$defs/journal_line` describes them.
import { randomUUID } from "node:crypto";
import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from "node:fs";

/** The journal could not be opened or written; the message names the file and the flag. */
export class JournalError extends Error {
  override name = "JournalError";
}

/**
 * The file a run writes when `--journal` is not given: in the current directory, named after the
 * time it started and a few random characters (two runs started in the same millisecond each
 * get a journal of their own).
 */
export const defaultJournalPath = (now = new Date()): string =>
  `kantata-insights-${now.toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}.jsonl`;

/** Where a run was made and by whom: the journal's first line, which undo holds the account to. */
export interface Origin {
  /** The command line, without the token (which is never on it). */
  command: string;
  /** The API the run spoke to. */
  base_url: string;
  /** The token's user: undo refuses a token of another account. */
  acting_user: { id: number; email_address: string; full_name: string };
}

export class Journal {
  /** This run's id, on every line. */
  readonly run = randomUUID();
  private intents = 0;
  private started = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  /**
   * Creates `path`, readable by its owner alone; throws JournalError when it cannot. One run per
   * journal: a path that exists (a file, or a link to one) is refused, so that undo never meets
   * two runs in one file and nothing else is written to.
   */
  static open(path: string): Journal {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") {
        throw new JournalError(
          `the journal ${JSON.stringify(path)} already exists; a run writes a journal of its own: name a new file with --journal FILE`,
        );
      }
      throw new JournalError(
        `cannot write the journal ${JSON.stringify(path)} (${code ?? (error as Error).message}); choose a writable file with --journal FILE, or run with --no-journal`,
      );
    }
    return new Journal(path, fd);
  }

  /** Writes the first line: where the run is made and by whom. Before any write is sent. */
  begin(origin: Origin): void {
    if (this.started) return;
    this.write({ event: "start", journal_format: 1, ...origin });
    this.started = true;
  }

  /** Appends one event, stamped with the run and the time, and waits until it is on disk. */
  write(event: { event: string } & Record<string, unknown>): void {
    if (event.event === "intent") {
      if (!this.started) throw new JournalError(`the journal ${JSON.stringify(this.path)} has no start line`);
      this.intents++;
    }
    try {
      writeSync(this.fd, `${JSON.stringify({ run: this.run, at: new Date().toISOString(), ...event })}\n`);
      fsyncSync(this.fd);
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new JournalError(`cannot write the journal ${JSON.stringify(this.path)} (${why})`);
    }
  }

  /** Whether a change was journaled (so the file is worth keeping). */
  get changed(): boolean {
    return this.intents > 0;
  }

  /**
   * Closes the file: a run that made changes ends its journal with an `end` line (a journal
   * without one is a run that was killed); a journal of a run that made no change is removed.
   */
  close(): void {
    if (this.changed) {
      try {
        this.write({ event: "end" });
      } catch {
        // The journal already says what was done; a missing end reads as a run cut short.
      }
    }
    closeSync(this.fd);
    if (!this.changed) {
      try {
        unlinkSync(this.path);
      } catch {
        // Already gone: nothing to tidy.
      }
    }
  }
}
