import { describe, expect, it } from "vitest";
import { isReservedSlug } from "./reserved";
import { isAllowedAgentName, slugCandidates, slugify } from "./slug";

describe("slugify", () => {
  it("lowercases and joins words with single dashes", () => {
    expect(slugify("Support Bot v2!")).toBe("support-bot-v2");
    expect(slugify("  --Weather__Agent--  ")).toBe("weather-agent");
    expect(slugify("Café Über")).toBe("cafe-uber");
  });

  it("gives names without ASCII letters a stable, distinct slug", () => {
    expect(slugify("客服")).toMatch(/^agent-[0-9a-f]{8}$/);
    expect(slugify("客服")).toBe(slugify("客服"));
    expect(slugify("客服")).not.toBe(slugify("助手"));
  });

  it("caps the length", () => {
    expect(slugify("a".repeat(200)).length).toBeLessThanOrEqual(64);
  });
});

describe("reserved names", () => {
  it("rejects names whose slug is a reserved route", () => {
    expect(isAllowedAgentName("Runs")).toBe(false);
    expect(isAllowedAgentName("MCP and API")).toBe(false);
    expect(isAllowedAgentName("")).toBe(false);
    expect(isAllowedAgentName("runner")).toBe(true);
  });

  it("never proposes a reserved slug as a candidate", () => {
    expect(slugCandidates("bot").slice(0, 3)).toEqual(["bot", "bot-2", "bot-3"]);
    for (const s of slugCandidates("settings x")) expect(isReservedSlug(s)).toBe(false);
  });
});
