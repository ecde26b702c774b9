// Password sign-in is throttled by account and by client address, the same way for an unknown
// email as for a real one, and the lock ends; state lives in the database (auth_throttle), so
// several instances agree.
import { describe, expect, it } from "vitest";
import { testDbKind, withInstalledProject } from "../helpers/db";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
let authorize: Authorize;

const EMAIL = "owner@example.com";
const PASSWORD = "the-right-password";

const s = withInstalledProject(async () => {
  const { createFirstAdmin } = await import("@/lib/auth/users");
  await createFirstAdmin(s.db, s.project.projectId, { email: EMAIL, password: PASSWORD, name: "Owner" });
  globalThis.__sightlineAuthOptions = undefined;
  const { getAuthOptions } = await import("@/lib/auth/options");
  const credentials = (await getAuthOptions()).providers[0] as unknown as { options: { authorize: Authorize } };
  authorize = credentials.options.authorize;
});

const from = (address: string) => ({ headers: { "x-sightline-client-address": address } });

/** The outcome of one attempt: "ok", "refused" (wrong credentials) or the throttle message code. */
async function attempt(email: string, password: string, address: string): Promise<string> {
  try {
    return (await authorize({ email, password }, from(address))) ? "ok" : "refused";
  } catch (err) {
    return (err as Error).message;
  }
}

/** Moves every failure back in time, as if `ms` had passed. */
const age = (ms: number) => s.db.sql.query(`UPDATE auth_throttle SET last_failure_at = last_failure_at - make_interval(secs => $1)`, [ms / 1000]);

describe(`sign-in throttling (${testDbKind()})`, () => {
  it("lets five mistakes by, then delays, then locks the account even for the right password; unknown emails alike", async () => {
    for (const email of [EMAIL, "nobody@example.com"]) {
      const outcomes: string[] = [];
      for (let i = 0; i < 5; i++) outcomes.push(await attempt(email, "wrong", `10.0.0.${i}`));
      expect(outcomes).toEqual(["refused", "refused", "refused", "refused", "refused"]);
      // The sixth try within the delay is refused unchecked, with the wait.
      expect(await attempt(email, email === EMAIL ? PASSWORD : "wrong", "10.0.1.1")).toMatch(/^Throttled:[12]$/);
    }
    // Past the delays, failures go on to the 15-minute lock.
    for (let i = 5; i < 10; i++) {
      await age(60_000);
      expect(await attempt(EMAIL, "wrong", `10.0.2.${i}`)).toBe("refused");
    }
    await age(60_000);
    const locked = await attempt(EMAIL, PASSWORD, "10.0.3.1");
    expect(locked).toMatch(/^Throttled:\d+$/);
    expect(Number(locked.split(":")[1])).toBeGreaterThan(13 * 60);
    // The lock ends, the right password works, and the account's count starts over.
    await age(15 * 60_000);
    expect(await attempt(EMAIL, PASSWORD, "10.0.3.1")).toBe("ok");
    expect(await attempt(EMAIL, "wrong", "10.0.3.1")).toBe("refused");
    expect(await attempt(EMAIL, PASSWORD, "10.0.3.1")).toBe("ok");
  });

  it("throttles one address trying many accounts", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 21; i++) outcomes.push(await attempt(`guess${i}@example.com`, "wrong", "192.0.2.7"));
    expect(outcomes.slice(0, 20).every((o) => o === "refused")).toBe(true);
    expect(outcomes[20]).toMatch(/^Throttled:\d+$/);
    // Another address is not held up, and the owner still signs in from it.
    expect(await attempt(EMAIL, PASSWORD, "192.0.2.8")).toBe("ok");
  });
});
