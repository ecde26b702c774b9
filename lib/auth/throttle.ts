// Sign-in throttling policy: how long a key (an account, a client address) must wait after a run
// of failed attempts. Pure; the counts live in auth_throttle (lib/server/data/auth-throttle.ts).
//
// An account: 5 free failures, then a growing delay (2, 4, 8, 16, 32 s) and from the 10th failure
// a 15-minute lock, renewed by each further failure. A client address sees many accounts (and
// people behind one NAT), so it gets 4 times the room. Failures are forgotten an hour after the
// last one; an account's also when it signs in. Unknown emails count like real ones, so the
// answers never tell whether an account exists.

export interface ThrottleRule {
  free: number;
  lockAt: number;
}

export const ACCOUNT_RULE: ThrottleRule = { free: 5, lockAt: 10 };
export const ADDRESS_RULE: ThrottleRule = { free: 20, lockAt: 40 };
export const LOCK_MS = 15 * 60_000;
export const FORGET_MS = 60 * 60_000;

/** Milliseconds a key must wait after its `failures`-th failure. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  if (failures >= rule.lockAt) return LOCK_MS;
  const step = Math.floor(((failures - rule.free) * 5) / (rule.lockAt - rule.free)); // 0..4
  return 2_000 * 2 ** step;
}

/** Milliseconds left before this key may try again (0: now). */
export function waitMs(record: { failures: number; lastFailureAt: Date } | null, rule: ThrottleRule, now: Date): number {
  if (!record) return 0;
  const since = now.getTime() - record.lastFailureAt.getTime();
  if (since >= FORGET_MS) return 0;
  return Math.max(0, delayAfter(record.failures, rule) - since);
}

/** The sign-in error code that carries the wait to the form: "Throttled:<seconds>". */
export const throttledError = (ms: number) => `Throttled:${Math.ceil(ms / 1000)}`;

/** What the form shows for a "Throttled:<seconds>" error. */
export function throttledMessage(error: string): string | null {
  const m = /^Throttled:(\d+)$/.exec(error);
  if (!m) return null;
  const s = Number(m[1]);
  if (s > 60) return `Too many failed attempts: sign-in is locked for ${Math.ceil(s / 60)} minutes. Try again later.`;
  return `Too many failed attempts: wait ${s} seconds before trying again.`;
}
