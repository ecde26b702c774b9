import "server-only";
// Throttles password sign-in and first-run setup by account and by client address (policy:
// lib/auth/throttle.ts). The address is the one scripts/serve.mjs puts in CLIENT_ADDRESS_HEADER
// (from the connection, or X-Forwarded-For behind a trusted proxy); a client cannot set it.
import { createHash } from "node:crypto";
import { ACCOUNT_RULE, ADDRESS_RULE, waitMs, type ThrottleRule } from "@/lib/auth/throttle";
import type { Queryable } from "@/lib/db/sql";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address.mjs";
import { clearThrottle, pruneThrottle, readThrottle, recordFailures } from "./data/auth-throttle";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

export function clientAddress(headers: HeaderSource): string | null {
  const v = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers?.[CLIENT_ADDRESS_HEADER];
  const one = Array.isArray(v) ? v[0] : v;
  return one && one.length <= 100 ? one : null;
}

// Emails are hashed: the table need not hold a list of addresses people tried.
const accountKey = (email: string) => `account:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;

function keysOf(kind: "sign-in" | "setup", email: string | null, address: string | null): Array<[string, ThrottleRule]> {
  const keys: Array<[string, ThrottleRule]> = [];
  if (kind === "setup") {
    if (address) keys.push([`setup:${address}`, ACCOUNT_RULE]);
    return keys;
  }
  if (email) keys.push([accountKey(email), ACCOUNT_RULE]);
  if (address) keys.push([`address:${address}`, ADDRESS_RULE]);
  return keys;
}

/** Milliseconds before this account / address may try again (0: now). */
export async function throttleWait(q: Queryable, kind: "sign-in" | "setup", email: string | null, address: string | null): Promise<number> {
  const keys = keysOf(kind, email, address);
  if (!keys.length) return 0;
  const records = await readThrottle(
    q,
    keys.map(([k]) => k),
  );
  const now = new Date();
  return Math.max(0, ...keys.map(([k, rule]) => waitMs(records.get(k) ?? null, rule, now)));
}

export async function throttleFailure(q: Queryable, kind: "sign-in" | "setup", email: string | null, address: string | null): Promise<void> {
  const keys = keysOf(kind, email, address).map(([k]) => k);
  if (keys.length) await recordFailures(q, keys);
  // Now and then, drop records an hour old: each guessed email leaves one.
  if (Math.random() < 0.01) await pruneThrottle(q);
}

/** A successful sign-in forgets the account's failures (not the address's: one owned account must not reset it). */
export async function throttleSuccess(q: Queryable, email: string): Promise<void> {
  await clearThrottle(q, accountKey(email));
}
