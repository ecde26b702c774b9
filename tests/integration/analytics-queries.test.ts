// The analytics data layer on a small known data set sent through the ingestion routes: exact
// KPIs, change against the previous period, per-agent and per-project scoping, top lists, users
// and orgs tables with their sorts and cursors, and the per-user / per-org pages.
import { describe, expect, it } from "vitest";
import { getOrg, getUser, listOrgs, listUsers } from "@/lib/server/data/people";
import { getOverview, kpis, top } from "@/lib/server/data/overview";
import { resolveScope, type Scope } from "@/lib/server/data/stats";
import { FilterError } from "@/lib/validations/list-params";
import { USER_LIST } from "@/lib/validations/lists";
import type { TimeWindow } from "@/lib/validations/window";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { before, sendFeedback, sendRuns, type TestRun } from "./analytics-data";

let b: TestProject;
const now = new Date("2026-03-10T12:34:56.000Z");
const day: TimeWindow = { from: before(now, 24), to: now, range: "1d" };
const prevDay: TimeWindow = { from: before(now, 48), to: before(now, 24), range: "1d" };

const u1 = { userId: "u1", userName: "Ann", orgId: "o1", orgName: "Acme" };
const u2 = { userId: "u2", userName: "Bob", orgId: "o1", orgName: "Acme" };
const u3 = { userId: "u3", userName: "Cy", orgId: "o2", orgName: "Globex" };
const u4 = { userId: "u4", orgId: "o2", orgName: "Globex" };
const RUNS: TestRun[] = [
  // Current day. a1 is in the partial hour at the window's end, a4 in the partial hour at its start.
  {
    id: "a1",
    start: before(now, 0.5),
    durationMs: 1000,
    agent: "support",
    ...u1,
    sessionId: "s1",
    model: "gpt-4o",
    inputTokens: 100,
    outputTokens: 10,
    cost: 0.01,
  },
  {
    id: "a2",
    start: before(now, 0.6),
    durationMs: 2000,
    agent: "support",
    ...u1,
    sessionId: "s1",
    error: true,
    model: "gpt-4o",
    inputTokens: 200,
    outputTokens: 20,
    cost: 0.02,
  },
  {
    id: "a3",
    start: before(now, 5),
    durationMs: 3000,
    agent: "support",
    ...u2,
    sessionId: "s2",
    model: "gpt-4o-mini",
    inputTokens: 50,
    outputTokens: 5,
    cost: 0.001,
  },
  {
    id: "a4",
    start: before(now, 23.9),
    durationMs: 4000,
    agent: "billing",
    ...u3,
    error: true,
    model: "claude-sonnet",
    inputTokens: 10,
    outputTokens: 1,
    cost: 0.5,
  },
  { id: "a5", start: before(now, 10), durationMs: 500, agent: "billing", ...u3, model: "claude-sonnet", inputTokens: 20, outputTokens: 2, cost: 0.25 },
  { id: "a6", start: before(now, 2), durationMs: 100 },
  // Previous day.
  { id: "b1", start: before(now, 30), durationMs: 1000, agent: "support", ...u1, model: "gpt-4o", cost: 0.01 },
  { id: "b2", start: before(now, 40), durationMs: 2000, agent: "billing", ...u4, error: true },
  // Before both.
  { id: "c1", start: before(now, 50), agent: "support", ...u1, cost: 9 },
];

const s = withInstalledProject(async () => {
  b = await createProject(s.db, "B");
  await sendRuns(s.project.ingestKey, RUNS);
  await sendFeedback(s.project.ingestKey, "a1", "thumbs_up");
  await sendFeedback(s.project.ingestKey, "a2", "thumbs_down", "wrong");
  await sendFeedback(s.project.ingestKey, "a4", "thumbs_down");
  await sendFeedback(s.project.ingestKey, "a3", null, "note");
  await sendFeedback(s.project.ingestKey, "b1", "thumbs_up");
  // Project B: the same ids and people, other numbers. None of it may show in A.
  await sendRuns(
    b.ingestKey,
    RUNS.map((r) => ({ ...r, cost: 100, error: true })),
  );
});

const sql = () => s.db.sql;
const scopeOf = async (p: TestProject, agent: string | null = null) => (await resolveScope(sql(), p.projectId, agent)) as Scope;

describe("overview KPIs", () => {
  it("are exact for the window, including runs in its partial first and last hours", async () => {
    const k = await kpis(sql(), await scopeOf(s.project), day);
    expect(k).toMatchObject({
      runs: 6,
      errors: 2,
      thumbsUp: 1,
      thumbsDown: 2,
      inputTokens: 380,
      outputTokens: 38,
      totalTokens: 418,
      activeUsers: 3,
      activeOrgs: 2,
    });
    expect(k.failureRate).toBeCloseTo(2 / 6, 10);
    expect(k.thumbsUpRatio).toBeCloseTo(1 / 3, 10);
    expect(k.costUsd).toBeCloseTo(0.781, 10);
    expect(k.avgMs).toBeCloseTo(10600 / 6, 6);
    // Exact percentile_cont of [100, 500, 1000, 2000, 3000, 4000] is 1500 and 3750; the histogram is within 5%.
    expect(Math.abs(k.p50Ms! - 1500) / 1500).toBeLessThan(0.05);
    expect(Math.abs(k.p95Ms! - 3750) / 3750).toBeLessThan(0.05);
  });

  it("give the previous period for the change", async () => {
    const o = await getOverview(sql(), await scopeOf(s.project), day);
    expect(o.previousWindow).toEqual({ from: prevDay.from.toISOString(), to: prevDay.to.toISOString() });
    expect(o.previous).toMatchObject({ runs: 2, errors: 1, thumbsUp: 1, thumbsDown: 0, activeUsers: 2, activeOrgs: 1 + 1 });
    expect(o.previous.costUsd).toBeCloseTo(0.01, 10);
    expect(o.current.runs).toBe(6);
  });

  it("are scoped to one agent, and an unknown agent has no scope", async () => {
    const support = await kpis(sql(), await scopeOf(s.project, "support"), day);
    expect(support).toMatchObject({ runs: 3, errors: 1, thumbsUp: 1, thumbsDown: 1, activeUsers: 2, activeOrgs: 1 });
    expect(support.costUsd).toBeCloseTo(0.031, 10);
    const billing = await kpis(sql(), await scopeOf(s.project, "billing"), day);
    expect(billing).toMatchObject({ runs: 2, errors: 1, thumbsDown: 1, activeUsers: 1 });
    expect(billing.costUsd).toBeCloseTo(0.75, 10);
    expect(await resolveScope(sql(), s.project.projectId, "nope")).toBeNull();
  });

  it("never include another project's runs", async () => {
    const kb = await kpis(sql(), await scopeOf(b), day);
    expect(kb).toMatchObject({ runs: 6, errors: 6, thumbsUp: 0, thumbsDown: 0 });
    expect(kb.costUsd).toBeCloseTo(500, 6);
    const ka = await kpis(sql(), await scopeOf(s.project), day);
    expect(ka.errors).toBe(2);
  });
});

describe("overview charts and top lists", () => {
  it("chart hourly steps that add up to the KPIs", async () => {
    const o = await getOverview(sql(), await scopeOf(s.project), day);
    expect(o.stepMs).toBe(3_600_000);
    expect(o.series).toHaveLength(25);
    expect(o.series.reduce((s, p) => s + p.runs, 0)).toBe(6);
    expect(o.series.reduce((s, p) => s + p.costUsd, 0)).toBeCloseTo(0.781, 10);
    const last = o.series[o.series.length - 1]!;
    expect(last).toMatchObject({ t: "2026-03-10T12:00:00.000Z", runs: 1, thumbsUp: 1 });
    expect(o.series.find((p) => p.t === "2026-03-10T11:00:00.000Z")).toMatchObject({ runs: 1, errors: 1, thumbsDown: 1 });
  });

  it("rank agents and models by runs (top users and orgs live on their own pages)", async () => {
    const o = await getOverview(sql(), await scopeOf(s.project), day);
    expect(o.topAgents.map((x) => [x.name, x.slug, x.runs])).toEqual([
      ["support", "support", 3],
      ["billing", "billing", 2],
    ]);
    expect(o.topModels.map((x) => [x.id, x.runs])).toEqual([
      ["claude-sonnet", 2],
      ["gpt-4o", 2],
      ["gpt-4o-mini", 1],
    ]);
    const scoped = await getOverview(sql(), await scopeOf(s.project, "billing"), day);
    expect(scoped.topAgents).toEqual([]);
    expect(scoped.current).toMatchObject({ activeUsers: 1 });
    const one = await top(sql(), await scopeOf(s.project), day, "users", 1);
    expect(one).toMatchObject({ active: 3, items: [{ id: "u1" }] });
    expect(one.items).toHaveLength(1);
    expect(o.current).toMatchObject({ activeUsers: 3, activeOrgs: 2 });
  });
});

const people = (qs: string) => USER_LIST.parse(new URLSearchParams(qs), { defaultRange: "1d" });

describe("users and orgs tables", () => {
  it("list who was active in the window, last seen first, with their numbers", async () => {
    const page = await listUsers(sql(), await scopeOf(s.project), { ...people(""), window: day });
    expect(page.data.map((u) => u.id)).toEqual(["u1", "u2", "u3"]);
    expect(page.data[0]).toMatchObject({ name: "Ann", org: { id: "o1", name: "Acme" }, runs: 2, errors: 1, thumbsUp: 1, thumbsDown: 1, sessions: 1 });
    expect(page.data[0]!.costUsd).toBeCloseTo(0.03, 10);
    expect(page.data[0]!.lastSeen).toBe(before(now, 0.5).toISOString());
    expect(page.data[2]).toMatchObject({ id: "u3", runs: 2, errors: 1, sessions: 0 });
    expect(page.nextCursor).toBeNull();
  });

  it("sort by a metric and page with the cursor", async () => {
    const scope = await scopeOf(s.project);
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 5; i++) {
      const page = await listUsers(sql(), scope, { ...people(`sort=cost&limit=1${cursor ? `&cursor=${cursor}` : ""}`), window: day });
      seen.push(...page.data.map((u) => u.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["u3", "u1", "u2"]);
    const byRuns = await listUsers(sql(), scope, { ...people("sort=runs"), window: day });
    expect(byRuns.data.map((u) => u.id)).toEqual(["u3", "u1", "u2"]);
    const asc = await listUsers(sql(), scope, { ...people("sort=lastSeen&order=asc&limit=2"), window: day });
    expect(asc.data.map((u) => u.id)).toEqual(["u3", "u2"]);
    const rest = await listUsers(sql(), scope, { ...people(`sort=lastSeen&order=asc&limit=2&cursor=${asc.nextCursor}`), window: day });
    expect(rest.data.map((u) => u.id)).toEqual(["u1"]);
    await expect(listUsers(sql(), scope, { ...people(`sort=cost&cursor=${asc.nextCursor}`), window: day })).rejects.toBeInstanceOf(FilterError);
  });

  it("scope users to an agent and to an organisation", async () => {
    const support = await listUsers(sql(), await scopeOf(s.project, "support"), { ...people(""), window: day });
    expect(support.data.map((u) => [u.id, u.runs])).toEqual([
      ["u1", 2],
      ["u2", 1],
    ]);
    const acme = await listUsers(sql(), await scopeOf(s.project), { ...people("orgId=o1&sort=runs"), window: day });
    expect(acme.data.map((u) => u.id)).toEqual(["u1", "u2"]);
    const globexByLastSeen = await listUsers(sql(), await scopeOf(s.project), { ...people("orgId=o2"), window: day });
    expect(globexByLastSeen.data.map((u) => u.id)).toEqual(["u3"]);
  });

  it("list orgs with sessions and known users", async () => {
    const page = await listOrgs(sql(), await scopeOf(s.project), { ...people(""), window: day });
    expect(page.data.map((o) => [o.id, o.name, o.runs, o.errors, o.sessions, o.users])).toEqual([
      ["o1", "Acme", 3, 1, 2, 2],
      ["o2", "Globex", 2, 1, 0, 2],
    ]);
    expect(page.data[1]!.costUsd).toBeCloseTo(0.75, 10);
  });

  it("keep project B's users out of project A and the reverse", async () => {
    const pageB = await listUsers(sql(), await scopeOf(b), { ...people("sort=cost"), window: day });
    // Equal costs are ordered by id, in the direction of the sort.
    expect(pageB.data.map((u) => [u.id, u.errors])).toEqual([
      ["u3", 2],
      ["u1", 2],
      ["u2", 1],
    ]);
    expect(pageB.data[0]!.costUsd).toBeCloseTo(200, 6);
  });
});

describe("user and org pages", () => {
  it("show a user's totals now and before, sessions and trend", async () => {
    const u = await getUser(sql(), await scopeOf(s.project), "u1", day);
    expect(u).toMatchObject({ id: "u1", name: "Ann", org: { id: "o1", name: "Acme" } });
    expect(u!.current).toMatchObject({ runs: 2, errors: 1, thumbsUp: 1, thumbsDown: 1, sessions: 1 });
    expect(u!.previous).toMatchObject({ runs: 1, errors: 0, thumbsUp: 1, sessions: 0 });
    expect(u!.previous.costUsd).toBeCloseTo(0.01, 10);
    expect(u!.trend.reduce((s, p) => s + p.runs, 0)).toBe(2);
    expect(await getUser(sql(), await scopeOf(s.project), "nobody", day)).toBeNull();
  });

  it("show an org's totals, scoped to an agent too", async () => {
    const o = await getOrg(sql(), await scopeOf(s.project), "o2", day);
    expect(o).toMatchObject({ id: "o2", name: "Globex", users: 2 });
    expect(o!.current).toMatchObject({ runs: 2, errors: 1, thumbsDown: 1 });
    expect(o!.previous).toMatchObject({ runs: 1, errors: 1 });
    const scoped = await getOrg(sql(), await scopeOf(s.project, "support"), "o2", day);
    expect(scoped!.current.runs).toBe(0);
  });
});
