import { describe, expect, it } from "vitest";
import { RESERVED_ROUTES } from "@/lib/agents/reserved";
import { agentSwitchHref, NAV_PAGES, pageHref, parseDashboardPath } from "./nav";

describe("dashboard paths", () => {
  it("tells top-level pages from agent scopes", () => {
    expect(parseDashboardPath("/runs")).toEqual({ agent: null, page: "runs", rest: [] });
    expect(parseDashboardPath("/runs/r-1")).toEqual({ agent: null, page: "runs", rest: ["r-1"] });
    expect(parseDashboardPath("/support-bot/runs/r-1")).toEqual({ agent: "support-bot", page: "runs", rest: ["r-1"] });
    expect(parseDashboardPath("/support-bot")).toEqual({ agent: "support-bot", page: null, rest: [] });
    expect(parseDashboardPath("/")).toEqual({ agent: null, page: null, rest: [] });
  });

  it("switches agent keeping the page and filters, dropping the cursor", () => {
    expect(agentSwitchHref("/runs", "userId=u1&range=1d&cursor=abc", "bot")).toBe("/bot/runs?userId=u1&range=1d");
    expect(agentSwitchHref("/bot/runs", "status=error", null)).toBe("/runs?status=error");
    expect(agentSwitchHref("/bot/sessions", "", "other")).toBe("/other/sessions");
    // A detail page goes to the list of the chosen agent.
    expect(agentSwitchHref("/runs/r-1", "", "bot")).toBe("/bot/runs");
    // …keeping the time window, but not the detail page's own parameters (the list would refuse them).
    expect(agentSwitchHref("/runs/r-1", "range=1h&node=span:s1", "bot")).toBe("/bot/runs?range=1h");
    expect(agentSwitchHref("/settings", "range=1h&tab=keys", "bot")).toBe("/bot/runs?range=1h");
    // A page without an agent view goes to the agent's runs; back to all agents keeps it.
    expect(agentSwitchHref("/settings", "", "bot")).toBe("/bot/runs");
    expect(agentSwitchHref("/settings", "", null)).toBe("/settings");
    // The agent filter parameter would contradict the scope.
    expect(agentSwitchHref("/runs", "agent=x&model=gpt", "bot")).toBe("/bot/runs?model=gpt");
  });

  it("links pages inside the agent scope only when they have one, keeping the time window", () => {
    expect(pageHref("sessions", "bot", "range=1h&userId=u1")).toBe("/bot/sessions?range=1h");
    expect(pageHref("settings", "bot", "range=1h")).toBe("/settings?range=1h");
    expect(pageHref("runs", null)).toBe("/runs");
  });

  it("only links to reserved top-level routes", () => {
    for (const p of NAV_PAGES) expect(RESERVED_ROUTES.has(p.slug), p.slug).toBe(true);
  });
});
