import { afterEach, describe, expect, it, vi } from "vitest";
import { messageOf, nextAuthLogger, summarisingLog } from "./auth-log";

afterEach(() => vi.useRealTimers());

describe("summarisingLog", () => {
  it("writes the first event of a kind, counts repeats and summarises them in one line", () => {
    const lines: string[] = [];
    const log = summarisingLog((l) => lines.push(l), 60_000);
    for (let i = 0; i < 100; i++) log.event("auth JWT_SESSION_ERROR", "decryption operation failed\n    at stack line");
    log.event("auth request aborted", "x");
    expect(lines).toEqual(["[sightline] auth JWT_SESSION_ERROR: decryption operation failed at stack line", "[sightline] auth request aborted: x"]);
    log.flush();
    expect(lines.slice(2)).toEqual(["[sightline] auth JWT_SESSION_ERROR: 99 more in the last 60 s (not logged one by one)"]);
  });

  it("closes the window by itself, and the next event is written again", () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const log = summarisingLog((l) => lines.push(l), 1_000);
    log.event("k", "a");
    log.event("k", "a");
    vi.advanceTimersByTime(1_001);
    log.event("k", "b");
    expect(lines).toEqual(["[sightline] k: a", "[sightline] k: 1 more in the last 1 s (not logged one by one)", "[sightline] k: b"]);
  });
});

describe("nextAuthLogger", () => {
  it("writes a forged cookie's JWT error as one line without a stack, then nothing for repeats", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const err = new Error("decryption operation failed");
      for (let i = 0; i < 50; i++) nextAuthLogger.error("JWT_SESSION_ERROR", { error: err, message: err.message });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]!.join(" ")).toBe("[sightline] auth JWT_SESSION_ERROR: decryption operation failed");
    } finally {
      spy.mockRestore();
    }
  });

  it("reads the message from what NextAuth passes", () => {
    expect(messageOf(new Error("a"))).toBe("a");
    expect(messageOf({ error: new Error("b") })).toBe("b");
    expect(messageOf({ message: "c" })).toBe("c");
    expect(messageOf(undefined)).toBe("");
  });
});
