// A token that rotates: the client asks for it before every attempt (retries included), and a
// token function that stalls is bounded by the attempt's timeout.
import { createInsightsAccessClient, KantataTokenError } from "kantata-insights-access";

let cached: { token: string; expires: number } | undefined;

/** Reads a fresh access token from wherever your application keeps it. */
async function currentToken(): Promise<string> {
  if (!cached || cached.expires < Date.now() + 60_000) {
    const token = process.env.KANTATA_TOKEN ?? "";
    cached = { token, expires: Date.now() + 3_600_000 };
  }
  return cached.token;
}

const kantata = createInsightsAccessClient({ token: currentToken, timeoutMs: 30_000 });

try {
  const { membership } = await kantata.memberships.get(42);
  console.log(`membership 42: user ${membership.user_id}, group ${membership.insights_access_group_id}`);
} catch (error) {
  if (error instanceof KantataTokenError) console.error(`the token function failed: ${String(error.cause)}`);
  else throw error;
  process.exitCode = 1;
}
