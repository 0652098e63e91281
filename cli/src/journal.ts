// The write-ahead journal of a run that changes an account: one JSON line per event, each
// written and fsync'ed before the run goes on, so that a run killed at any point leaves a file
// that says which changes were done, which failed, and which may be half-done (an intent with
// no outcome). It is created, and its first line written, before any request is sent.
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";

/** The journal could not be opened or written; the message names the file and the flag. */
export class JournalError extends Error {
  override name = "JournalError";
}

/** The file a run writes when `--journal` is not given: in the current directory, named after the run. */
export const defaultJournalPath = (now = new Date()): string =>
  `kantata-insights-${now.toISOString().replace(/[:.]/g, "-")}.jsonl`;

export class Journal {
  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  /**
   * Creates `path`, readable by its owner alone, and writes the run's first line; throws
   * JournalError when it cannot. One run per journal: a path that exists (a file, or a link to
   * one) is refused, so that undo never meets two runs in one file and nothing else is written to.
   */
  static open(path: string, command: string): Journal {
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
    const journal = new Journal(path, fd);
    journal.write({ event: "start", command });
    return journal;
  }

  /** Appends one event, stamped with the time, and waits until it is on disk. */
  write(event: Record<string, unknown>): void {
    try {
      writeSync(this.fd, `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);
      fsyncSync(this.fd);
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new JournalError(`cannot write the journal ${JSON.stringify(this.path)} (${why})`);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
