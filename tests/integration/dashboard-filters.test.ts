// The dashboard reads its lists through the same parser as the REST API: a filter that cannot
// match, an unknown parameter or a bad value is the page's "filters are not valid" state (and a
// 400 from app/api/ui), never an errored page, a database error or a silently widened list.
// The signed-in viewer is stubbed; everything below it (views, data layer, database) is real.
import { isValidElement, type ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { withInstalledProject } from "../helpers/db";
import { call, fixture, replay } from "../helpers/routes";
import { sendRuns } from "./analytics-data";

const state = vi.hoisted(() => ({ viewer: null as unknown }));
vi.mock("@/lib/server/session", () => ({
  PROJECT_COOKIE: "sightline_project",
  NoProjectError: class NoProjectError extends Error {},
  getViewer: async () => state.viewer,
  requireViewer: async () => {
    if (!state.viewer) throw new Error("signed out (requireViewer would redirect)");
    return state.viewer;
  },
}));

const { RunsView } = await import("@/components/runs/runs-view");
const { SessionsView } = await import("@/components/sessions/sessions-view");
const { FeedbackView } = await import("@/components/feedback/feedback-view");
const { PeopleView } = await import("@/components/users/people-view");
const { OverviewView } = await import("@/components/overview/overview-view");
const { RecapsView } = await import("@/components/recaps/recaps-view");
const { RecapBody } = await import("@/components/recaps/recap-body");
const { default: Link } = await import("next/link");
const { listAgents } = await import("@/lib/server/data/agents");

const s = withInstalledProject(async () => {
  await replay(fixture("custom"), s.project.ingestKey);
  const project = { id: s.project.projectId, name: "Test project", slug: "test" };
  state.viewer = { user: { id: "usr_test", email: "a@example.com", name: "A", role: "admin" }, project, projects: [project], sql: s.db.sql };
});

type Search = Record<string, string>;
const VIEWS: Record<string, (searchParams: Search) => Promise<ReactElement>> = {
  runs: (searchParams) => RunsView({ searchParams }),
  sessions: (searchParams) => SessionsView({ searchParams }),
  feedback: (searchParams) => FeedbackView({ searchParams }),
  users: (searchParams) => PeopleView({ kind: "users", searchParams }),
  orgs: (searchParams) => PeopleView({ kind: "orgs", searchParams }),
  overview: (searchParams) => OverviewView({ searchParams }),
};

async function invalidMessage(page: string, search: Search): Promise<string | null> {
  const el = await VIEWS[page]!(search);
  return el.type === InvalidFilters ? (el.props as { message: string }).message : null;
}

describe("dashboard pages with parameters they cannot use", () => {
  it.each(["runs", "sessions", "feedback", "users"])("/%s?userId=%%00 (or orgId) shows the invalid-filters state", async (page) => {
    const key = page === "users" ? "orgId" : "userId";
    expect(await invalidMessage(page, { [key]: "\u0000" })).toMatch(new RegExp(`${key} .*cannot match anything`));
  });

  it.each(Object.keys(VIEWS))("/%s?user=x names the parameters the page knows", async (page) => {
    expect(await invalidMessage(page, { user: "x" })).toMatch(/Unknown parameter "user".*Known parameters: range, from, to/);
  });

  it.each(Object.keys(VIEWS))("/%s renders with a valid window", async (page) => {
    expect(await invalidMessage(page, { range: "2M" })).toBeNull();
  });

  // `view` is the page's own parameter (a saved view to open), never "unknown"; a view that does
  // not exist says so instead of opening the unfiltered list.
  it.each(Object.keys(VIEWS).filter((p) => p !== "overview"))("/%s?view=<unknown> says the view does not exist", async (page) => {
    expect(await invalidMessage(page, { range: "2M", view: "view_doesNotExist" })).toMatch(/saved view does not exist/);
    expect(await invalidMessage(page, { view: "\u0000" })).toMatch(/saved view does not exist/);
  });
});

/** The elements of a type in a server component's tree as returned (not rendered), props included. */
function elementsOf(node: unknown, type: unknown, out: ReactElement<Record<string, unknown>>[] = []) {
  if (Array.isArray(node)) for (const n of node) elementsOf(n, type, out);
  else if (isValidElement<Record<string, unknown>>(node)) {
    if (node.type === type) out.push(node);
    for (const v of Object.values(node.props)) elementsOf(v, type, out);
  }
  return out;
}

describe("/recaps?agent=", () => {
  it("narrows the top-level page to that agent as GET /v1/recaps does (an unknown one to nothing), and its links keep it", async () => {
    await sendRuns(s.project.ingestKey, [{ id: "recap-agent-1", start: new Date(Date.now() - 60_000), agent: "recap-bot", sessionId: "rs1", prompt: "hello" }]);
    const agent = (await listAgents(s.db.sql, s.project.projectId)).find((a) => a.slug === "recap-bot");
    const soFar = async (search: Search) => {
      const el = await RecapsView({ searchParams: search });
      return {
        content: elementsOf(el, RecapBody)[0]!.props.content as { agent: string | null; items: unknown[]; stats: { runs: { current: number } } },
        hrefs: elementsOf(el, Link).map((l) => l.props.href),
      };
    };
    expect((await soFar({})).content.agent).toBeNull();
    const one = await soFar({ agent: agent!.slug });
    expect(one.content.agent).toBe(agent!.name);
    expect(one.hrefs).toEqual(expect.arrayContaining([`/recaps?period=day&agent=${agent!.slug}`, `/recaps?period=week&agent=${agent!.slug}`]));
    const nobody = await soFar({ agent: "nobody" });
    expect(nobody.content).toMatchObject({ agent: "nobody", items: [] });
    expect(nobody.content.stats.runs.current).toBe(0);
  });
});

describe("app/api/ui/runs", () => {
  const get = async (qs: string) => {
    const res = await call("GET", `/api/ui/runs?${qs}`);
    return { status: res.status, cache: res.headers.get("cache-control"), body: await res.json() };
  };

  it("answers the filters the page sends, never cached", async () => {
    const r = await get("range=2M&limit=50&view=v1");
    expect(r.status).toBe(200);
    expect(r.body.data.length).toBeGreaterThan(0);
    expect(r.cache).toBe("no-store");
  });

  it("turns filter errors into 400s that say what to fix", async () => {
    const unknown = await get("range=2M&user=x");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: "invalid_query", message: expect.stringMatching(/Unknown parameter "user".*userId/) });
    const nul = await get("range=2M&userId=%00");
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/userId/);
  });

  it("is a 401 when nobody is signed in", async () => {
    const viewer = state.viewer;
    state.viewer = null;
    try {
      const r = await get("range=2M");
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("unauthenticated");
    } finally {
      state.viewer = viewer;
    }
  });
});

describe("app/api/ui/runs/export (the Export button)", () => {
  const exportCall = (qs: string) => call("GET", `/api/ui/runs/export?${qs}`);

  it("exports the runs the page lists, with the page's own parameters (view) allowed", async () => {
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call("GET", `/api/ui/runs?range=2M&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      const page = (await res.json()) as { data: Array<{ id: string }>; nextCursor: string | null };
      listed.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed.length).toBeGreaterThan(0);
    const res = await exportCall("range=2M&view=v1&format=jsonl");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="sightline-runs-.+\.jsonl"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const ids = (await res.text())
      .split("\n")
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(listed);
  });

  it("turns filter errors into 400s and is a 401 when nobody is signed in", async () => {
    const bad = await exportCall("range=2M&format=pdf");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/format must be one of jsonl, csv, otlp/);
    const viewer = state.viewer;
    state.viewer = null;
    try {
      expect((await exportCall("range=2M")).status).toBe(401);
    } finally {
      state.viewer = viewer;
    }
  });
});
