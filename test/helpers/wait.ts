// Waiting for an event in a test, never for a length of time.

/** Resolves once `ready()` holds, checking every 5 ms; jest's timeout bounds the wait. */
export async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
}
