// `/{agent}/runs?agent=other`: on an agent's page the path's agent wins (every per-agent view reads
// its agent from the path), and the conflicting parameter is dropped from the URL by a redirect
// before the page renders, as the agent selector, page links and saved views drop it.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { NAV_PAGES, withoutScopedAgentParam } from "./nav";

const BASE = "http://localhost:3000";
const signedIn = (path: string) => new NextRequest(`${BASE}${path}`, { headers: { cookie: "next-auth.session-token=x" } });
const dropped = (path: string) =>
  withoutScopedAgentParam(new URL(`${BASE}${path}`))
    ?.toString()
    .slice(BASE.length) ?? null;

describe("an agent parameter on an agent's page", () => {
  it("is dropped on every agent's page and its detail pages, keeping the other parameters", () => {
    for (const page of NAV_PAGES.filter((p) => p.agentScoped)) {
      expect(dropped(`/bot/${page.slug}?agent=other&range=1d`), page.slug).toBe(`/bot/${page.slug}?range=1d`);
    }
    expect(dropped("/bot/runs?status=error&agent=bot&agent=other")).toBe("/bot/runs?status=error");
    expect(dropped("/bot/runs/r-1?agent=other")).toBe("/bot/runs/r-1");
    expect(dropped("/bot?agent=other")).toBe("/bot");
  });

  it("is kept where it is a filter: the top-level pages", () => {
    expect(dropped("/runs?agent=other")).toBeNull();
    expect(dropped("/failures?range=1h&agent=other")).toBeNull();
    expect(dropped("/patterns/new?agent=bot")).toBeNull();
    expect(dropped("/bot/runs?range=1d")).toBeNull();
    // The REST API and the dashboard's own routes are not pages (the proxy does not even see them).
    expect(dropped("/v1/runs?agent=other")).toBeNull();
    expect(dropped("/api/ui/runs?agent=other")).toBeNull();
  });

  it("is redirected away by the proxy before the page renders", () => {
    const res = proxy(signedIn("/bot/runs?agent=other&status=error"));
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`${BASE}/bot/runs?status=error`);
    expect(res.headers.get("content-security-policy")).toBeTruthy();
    // Everything else goes through to the page.
    for (const path of ["/bot/runs?status=error", "/runs?agent=other"]) expect(proxy(signedIn(path)).headers.get("location"), path).toBeNull();
    // Signed out, the sign-in redirect comes first (and brings the user back to the page, which then drops it).
    const out = proxy(new NextRequest(`${BASE}/bot/runs?agent=other`));
    expect(new URL(out.headers.get("location")!).pathname).toBe("/login");
  });
});
