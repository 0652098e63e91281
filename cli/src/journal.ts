// The write-ahead journal of a run that changes an account: one JSON line per event, each
// written and fsync'ed before the run goes on, so that a run killed at any point leaves a file
// that says which changes were done, which failed, and which may be half-done (an intent with
// no outcome). It is opened, and its first line written, before any request is sent.
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

  /** Opens `path` for appending and writes the run's first line; throws JournalError when it cannot. */
  static open(path: string, command: string): Journal {
    let fd: number;
    try {
      fd = openSync(path, "a");
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new JournalError(
        `cannot write the journal ${JSON.stringify(path)} (${why}); choose a writable file with --journal FILE, or run with --no-journal`,
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
