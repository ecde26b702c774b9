import { describe, expect, it } from "vitest";
import { ACCOUNT_RULE, ADDRESS_RULE, delayAfter, FORGET_MS, LOCK_MS, throttledError, throttledMessage, waitMs } from "./throttle";

describe("sign-in throttling policy", () => {
  it("lets a few mistakes by, then delays more and more, then locks", () => {
    const delays = Array.from({ length: 12 }, (_, i) => delayAfter(i + 1, ACCOUNT_RULE));
    expect(delays.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(delays.slice(4, 9)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(delays.slice(9)).toEqual([LOCK_MS, LOCK_MS, LOCK_MS]);
    expect(delayAfter(19, ADDRESS_RULE)).toBe(0);
    expect(delayAfter(40, ADDRESS_RULE)).toBe(LOCK_MS);
  });

  it("counts the wait from the last failure and forgets after an hour", () => {
    const last = new Date("2026-12-01T10:00:00Z");
    const at = (ms: number) => new Date(last.getTime() + ms);
    expect(waitMs({ failures: 10, lastFailureAt: last }, ACCOUNT_RULE, at(60_000))).toBe(LOCK_MS - 60_000);
    expect(waitMs({ failures: 10, lastFailureAt: last }, ACCOUNT_RULE, at(LOCK_MS))).toBe(0);
    expect(waitMs({ failures: 50, lastFailureAt: last }, ACCOUNT_RULE, at(FORGET_MS))).toBe(0);
    expect(waitMs(null, ACCOUNT_RULE, at(0))).toBe(0);
  });

  it("tells the user how long to wait", () => {
    expect(throttledMessage(throttledError(LOCK_MS))).toBe("Too many failed attempts: sign-in is locked for 15 minutes. Try again later.");
    expect(throttledMessage(throttledError(3_500))).toBe("Too many failed attempts: wait 4 seconds before trying again.");
    expect(throttledMessage("CredentialsSignin")).toBeNull();
  });
});
