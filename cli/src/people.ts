// Who is who: the token's own user (the preflight every writing command makes before its first
// write), and users named by id or by email address.
import type { AccountUser, InsightsAccessClient } from "kantata-insights-access";
import { Refusal } from "./command.js";
import type { Origin } from "./journal.js";
import { asId, parseId } from "./ids.js";
import { eachLimited } from "./pool.js";
import { closest } from "./suggest.js";
import { safe } from "./output.js";

/** The token's user, as `whoami` prints it and the preflight judges it. */
export interface Me {
  id: number;
  full_name: string;
  email_address: string;
  is_administrator: boolean;
  /** null when Kantata did not say. */
  permission: string | null;
}

/** Reads who the token belongs to, with their account membership. */
export async function whoAmI(kantata: InsightsAccessClient): Promise<Me> {
  const { user } = await kantata.users.me({ include: ["account_membership"] });
  return {
    id: Number(user.id),
    full_name: user.full_name ?? "",
    email_address: user.email_address ?? "",
    is_administrator: user.account_membership.is_administrator === true,
    permission: user.account_membership.permission ?? null,
  };
}

/** One line for a person: name, address, id and role. */
export const describeMe = (me: Me): string =>
  `${safe(me.full_name)} <${safe(me.email_address)}>, user ${me.id}: ${
    me.is_administrator ? "Account Administrator" : "not an Account Administrator"
  } (${me.permission ? `permission ${safe(me.permission)}` : "Kantata did not say the permission"})`;

/** Why the token may not change memberships, or undefined when it may. */
export const refusal = (me: Me): string | undefined =>
  me.is_administrator
    ? undefined
    : `KANTATA_TOKEN belongs to ${describeMe(me)}; only Account Administrators may change Insights Access Group memberships`;

/**
 * The names and addresses of `users`, for people reading a plan: read 100 at a time with `only`
 * among every user of the account (disabled ones too), and kept only for the users asked for.
 */
export async function namesOf(
  kantata: InsightsAccessClient,
  users: readonly number[],
  concurrency: number,
): Promise<Map<number, { full_name?: string; email_address?: string }>> {
  const chunks: number[][] = [];
  for (let i = 0; i < users.length; i += 100) chunks.push(users.slice(i, i + 100));
  const wanted = new Set(users);
  const names = new Map<number, { full_name?: string; email_address?: string }>();
  await eachLimited(chunks, concurrency, async (only) => {
    const found = await kantata.users.listAll({ only, on_my_account: true, show_disabled: true, per_page: 200 });
    for (const u of found) {
      const id = asId(u.id);
      if (!wanted.has(id)) continue;
      names.set(id, {
        ...(u.full_name && { full_name: u.full_name }),
        ...(u.email_address && { email_address: u.email_address }),
      });
    }
  });
  return names;
}

/** A user named on the command line: an id, or an email address of exactly one user of the account. */
export async function userArgument(
  kantata: InsightsAccessClient,
  text: string,
  what: string,
): Promise<number | string> {
  if (!text.includes("@")) {
    const id = parseId(text);
    return typeof id === "number" ? id : `${what}: ${id}; give a user id or an email address`;
  }
  const { byEmail } = await kantata.users.findByEmails([text]);
  const found = byEmail.get(text.trim().toLowerCase()) ?? [];
  const match = emailMatch(text, found, what);
  return found.length ? match : `${match}${await nearAddresses(kantata)(text)}`;
}

/**
 * For an address no user has: the account's closest addresses, as ` (closest: a, b)`, or nothing.
 * Every user of the account is read once (at the first miss), and only when an address missed.
 */
export function nearAddresses(kantata: InsightsAccessClient): (email: string) => Promise<string> {
  let book: Promise<string[]> | undefined;
  return async (email) => {
    book ??= kantata.users
      .listAll({ on_my_account: true, show_disabled: true, per_page: 200 })
      .then((users) => users.flatMap((u) => (u.email_address ? [u.email_address] : [])))
      .catch(() => []);
    // A typo's worth: up to 3 edits (`.con`, a letter swapped or missing), never a stranger's address.
    const near = closest(email.trim(), await book, 3, 3);
    return near.length ? ` (closest addresses of the account: ${near.map((a) => safe(a)).join(", ")})` : "";
  };
}

/** The one user an address matched, or what is wrong: none, or more than one. */
export function emailMatch(email: string, found: readonly AccountUser[], what: string): number | string {
  if (found.length === 1) return Number(found[0]!.id);
  if (!found.length) return `${what}: no user of the account has the email address ${JSON.stringify(safe(email))}`;
  const ids = found.map((u) => u.id).join(", ");
  return `${what}: the email address ${JSON.stringify(safe(email))} matches ${found.length} users (${ids}); name the user by id`;
}

const person = (u: { id: number; email_address: string }) => `user ${u.id} <${safe(u.email_address)}>`;

/**
 * Refuses a token of another account than the one `made` (a journal's run, a saved plan) was
 * made on: the token's user must be its acting user, or a user of the same account (a
 * colleague), which `on_my_account` tells.
 */
export async function sameAccount(
  kantata: InsightsAccessClient,
  origin: Origin,
  me: Me | undefined,
  made: string,
  command: string,
): Promise<void> {
  const ran = origin.acting_user;
  if (!me || me.id === ran.id) return;
  const found = await kantata.users.list({ only: [ran.id], on_my_account: true, show_disabled: true });
  if (found.users.some((u) => Number(u.id) === ran.id)) return;
  throw new Refusal(
    `${made} was made by ${person(ran)}, who is not a user of the account KANTATA_TOKEN belongs to (${person(me)}): ${command} acts only on the account it was made on. Nothing was sent`,
  );
}
