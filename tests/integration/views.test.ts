// Saved views on a real database (PGlite, or PostgreSQL with SIGHTLINE_TEST_DB=postgres): the
// actions and data layer (create, list, rename, share, delete, pin), who sees and may change what
// (private vs shared, owner vs member vs admin), isolation between projects, hostile input, the
// `?view=` redirect of the list pages, and the runs list's minDurationMs filter the "slow runs"
// preset uses. The signed-in viewer is stubbed; everything below it is real.
import type { ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { listAgents } from "@/lib/server/data/agents";
import { setMember } from "@/lib/server/data/projects";
import { listRuns } from "@/lib/server/data/runs";
import { insertAccount } from "@/lib/server/data/users";
import { findView, listPinnedViews, listViews } from "@/lib/server/data/views";
import { parseDashboardList, RUN_LIST } from "@/lib/validations/lists";
import { PRESETS } from "@/lib/views/pages";
import { createProject, withInstalledProject } from "../helpers/db";
import { fixture, getJson, replay } from "../helpers/routes";

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
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

const { saveViewAction, updateViewAction, deleteViewAction, pinViewAction } = await import("@/lib/actions/views");
const { RunsView } = await import("@/components/runs/runs-view");
const { FeedbackView } = await import("@/components/feedback/feedback-view");

type User = { id: string; role: "admin" | "member" };
const OWNER: User = { id: "usr_owner", role: "member" };
const MEMBER: User = { id: "usr_member", role: "member" };
const ADMIN: User = { id: "usr_padmin", role: "member" }; // an admin of the project, not of the instance
let other: { projectId: string };
let agentSlug: string;

const s = withInstalledProject(async () => {
  await replay(fixture("custom"), s.project.ingestKey);
  await replay(fixture("aisdk"), s.project.ingestKey); // runs of an agent (weather-agent)
  other = await createProject(s.db, "Other project");
  for (const u of [OWNER, MEMBER, ADMIN]) {
    await insertAccount(s.db.sql, { id: u.id, email: `${u.id}@example.com`, name: u.id.slice(4), passwordHash: null, role: "member" });
    await setMember(s.db.sql, s.project.projectId, u.id, u === ADMIN ? "admin" : "member");
    await setMember(s.db.sql, other.projectId, u.id, "member");
  }
  agentSlug = (await listAgents(s.db.sql, s.project.projectId))[0]!.slug;
});

/** Signs `u` in to the test project (or another one). */
function as(u: User, projectId = s.project.projectId) {
  const project = { id: projectId, name: "P", slug: projectId };
  state.viewer = { user: { id: u.id, email: `${u.id}@example.com`, name: u.id, role: u.role }, project, projects: [project], sql: s.db.sql };
}

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};

async function save(values: Record<string, string>) {
  const r = await saveViewAction(null, form({ page: "runs", ...values }));
  if (!r?.ok) throw new Error(`save failed: ${r?.error}`);
  return r.id;
}

/** The redirect a page answers `?view=` with (Next.js throws it), or its InvalidFilters message. */
async function open(render: () => Promise<ReactElement>): Promise<{ redirect?: string; message?: string }> {
  try {
    const el = await render();
    return el.type === InvalidFilters ? { message: (el.props as { message: string }).message } : {};
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw err;
    return { redirect: digest.split(";")[2] };
  }
}

describe("saving a view", () => {
  it("keeps the page's parameters without cursor or view, and lists it for its owner", async () => {
    as(OWNER);
    const id = await save({ name: "  Errors this week ", query: "status=error&range=2w&cursor=abc&view=x&sort=cost" });
    const view = await findView(s.db.sql, s.project.projectId, OWNER.id, id);
    expect(view).toMatchObject({ name: "Errors this week", page: "runs", query: "status=error&range=2w&sort=cost", shared: false, agent: null });
    expect((await listViews(s.db.sql, s.project.projectId, OWNER.id)).map((v) => v.id)).toContain(id);
  });

  it("on an agent's page, remembers the agent and drops an agent parameter", async () => {
    as(OWNER);
    const id = await save({ name: "Agent slow", agent: agentSlug, query: `minDurationMs=5000&agent=someone-else` });
    const view = await findView(s.db.sql, s.project.projectId, OWNER.id, id);
    expect(view?.agent?.slug).toBe(agentSlug);
    expect(view?.query).toBe("minDurationMs=5000");
    const agentId = view!.agent!.id;
    expect((await listViews(s.db.sql, s.project.projectId, OWNER.id, { agentId })).map((v) => v.id)).toEqual([id]);
  });

  it.each([
    [{ name: "", query: "" }, /Give the view a name/],
    [{ name: "x".repeat(101), query: "" }, /at most 100 characters/],
    [{ name: "\u0000", query: "" }, /Give the view a name/],
    [{ name: "bad", query: "status=nope" }, /status must be one of success, error/],
    [{ name: "bad", query: "user=x" }, /Unknown parameter "user"/],
    [{ name: "bad", query: "minDurationMs=-5" }, /minDurationMs must be a whole number/],
    [{ name: "bad", query: "range=1y" }, /range/],
    [{ name: "bad", query: "userId=%00" }, /cannot match anything/],
    [{ name: "bad", query: `status=error${"&x".repeat(2_000)}` }, /at most 4000 characters/],
    [{ name: "bad", page: "overview", query: "" }, /Views can be saved on these pages/],
    [{ name: "bad", agent: "no-such-agent", query: "" }, /no agent "no-such-agent"/],
  ])("refuses %# with a message that says what to fix", async (values, message) => {
    as(OWNER);
    const r = await saveViewAction(null, form({ page: "runs", ...values }));
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(message) });
  });

  it("ignores anything but a form", async () => {
    as(OWNER);
    for (const arg of [undefined, null, "name=x", { name: "x", page: "runs" }, 42]) {
      expect(await saveViewAction(null, arg)).toMatchObject({ ok: false });
    }
  });

  it("validates each page by its own list (feedback knows feedback=, not sort=cost)", async () => {
    as(OWNER);
    expect(await saveViewAction(null, form({ page: "feedback", name: "ok", query: "feedback=thumbs_down" }))).toMatchObject({ ok: true });
    expect(await saveViewAction(null, form({ page: "feedback", name: "bad", query: "sort=cost" }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Unknown parameter "sort"/),
    });
  });
});

describe("who sees and changes a view", () => {
  it("a private view is its owner's alone; a shared one the project's", async () => {
    as(OWNER);
    const priv = await save({ name: "Mine", query: "status=error" });
    const shared = await save({ name: "Ours", query: "status=success", shared: "true" });
    const seen = async (u: User) => (await listViews(s.db.sql, s.project.projectId, u.id)).map((v) => v.id);
    expect(await seen(MEMBER)).toContain(shared);
    expect(await seen(MEMBER)).not.toContain(priv);
    // Project admins do not see others' private views either.
    expect(await seen(ADMIN)).not.toContain(priv);
    expect(await findView(s.db.sql, s.project.projectId, ADMIN.id, priv)).toBeNull();
    // Opening someone's private view by id is the same as an unknown view.
    as(MEMBER);
    expect(await open(() => RunsView({ searchParams: { view: priv } }))).toEqual({ message: expect.stringMatching(/does not exist/) });
    expect(await open(() => RunsView({ searchParams: { view: shared } }))).toEqual({ redirect: "/runs?status=success" });
  });

  it("a member cannot rename, unshare or delete someone else's view; the owner can", async () => {
    as(OWNER);
    const id = await save({ name: "Shared one", query: "", shared: "true" });
    as(MEMBER);
    expect(await updateViewAction(null, form({ id, name: "Hijacked" }))).toMatchObject({ ok: false, error: expect.stringMatching(/Only its owner/) });
    expect(await updateViewAction(null, form({ id, shared: "false" }))).toMatchObject({ ok: false });
    expect(await deleteViewAction(null, form({ id }))).toMatchObject({ ok: false, error: expect.stringMatching(/Only its owner or a project admin/) });
    expect((await findView(s.db.sql, s.project.projectId, OWNER.id, id))?.name).toBe("Shared one");
    as(OWNER);
    expect(await updateViewAction(null, form({ id, name: "Renamed", shared: "false" }))).toMatchObject({ ok: true });
    expect(await findView(s.db.sql, s.project.projectId, OWNER.id, id)).toMatchObject({ name: "Renamed", shared: false });
    expect(await findView(s.db.sql, s.project.projectId, MEMBER.id, id)).toBeNull();
    expect(await deleteViewAction(null, form({ id }))).toMatchObject({ ok: true });
    expect(await findView(s.db.sql, s.project.projectId, OWNER.id, id)).toBeNull();
    expect(await deleteViewAction(null, form({ id }))).toMatchObject({ ok: false, error: expect.stringMatching(/no longer exists/) });
  });

  it("a project admin may rename and delete a shared view, but not change its sharing", async () => {
    as(OWNER);
    const id = await save({ name: "Team view", query: "", shared: "true" });
    as(ADMIN);
    expect(await updateViewAction(null, form({ id, shared: "false" }))).toMatchObject({ ok: false });
    expect(await updateViewAction(null, form({ id, name: "Team view (tidied)" }))).toMatchObject({ ok: true });
    expect(await deleteViewAction(null, form({ id }))).toMatchObject({ ok: true });
    expect(await findView(s.db.sql, s.project.projectId, OWNER.id, id)).toBeNull();
  });

  it("presets cannot be deleted or renamed", async () => {
    as(ADMIN);
    expect(await deleteViewAction(null, form({ id: "errors" }))).toMatchObject({ ok: false, error: expect.stringMatching(/Built-in views cannot be deleted/) });
    expect(await updateViewAction(null, form({ id: "errors", name: "x" }))).toMatchObject({ ok: false });
  });

  it("rename refuses an empty or NUL-only name and hostile ids", async () => {
    as(OWNER);
    const id = await save({ name: "Keep", query: "" });
    expect(await updateViewAction(null, form({ id, name: " " }))).toMatchObject({ ok: false, error: expect.stringMatching(/Give the view a name/) });
    for (const bad of ["", "\u0000", "'; DROP TABLE saved_views; --", "view_" + "a".repeat(100)]) {
      expect(await updateViewAction(null, form({ id: bad, name: "x" }))).toMatchObject({ ok: false });
      expect(await deleteViewAction(null, form({ id: bad }))).toMatchObject({ ok: false });
      expect(await pinViewAction(null, form({ key: bad, pinned: "true" }))).toMatchObject({ ok: false });
    }
    expect((await findView(s.db.sql, s.project.projectId, OWNER.id, id))?.name).toBe("Keep");
  });
});

describe("projects do not share views", () => {
  it("a shared view of one project is invisible, unopenable and untouchable from another", async () => {
    as(OWNER);
    const id = await save({ name: "Project one's", query: "status=error", shared: "true" });
    as(OWNER, other.projectId);
    expect((await listViews(s.db.sql, other.projectId, OWNER.id)).map((v) => v.id)).not.toContain(id);
    expect(await findView(s.db.sql, other.projectId, OWNER.id, id)).toBeNull();
    expect(await open(() => RunsView({ searchParams: { view: id } }))).toEqual({ message: expect.stringMatching(/does not exist/) });
    expect(await updateViewAction(null, form({ id, name: "x" }))).toMatchObject({ ok: false });
    expect(await deleteViewAction(null, form({ id }))).toMatchObject({ ok: false });
    expect(await pinViewAction(null, form({ key: id, pinned: "true" }))).toMatchObject({ ok: false });
    expect(await listPinnedViews(s.db.sql, other.projectId, OWNER.id)).toEqual([]);
    // An agent of one project is not an agent of the other.
    expect(await saveViewAction(null, form({ page: "runs", name: "x", agent: agentSlug, query: "" }))).toMatchObject({ ok: false });
    expect((await findView(s.db.sql, s.project.projectId, OWNER.id, id))?.name).toBe("Project one's");
  });
});

describe("pins", () => {
  it("pin views and presets to one's own sidebar, in pin order; deleting or unsharing a view drops it", async () => {
    as(OWNER);
    const mine = await save({ name: "Pinned mine", query: "status=error", agent: agentSlug });
    const shared = await save({ name: "Pinned shared", query: "", shared: "true" });
    as(MEMBER);
    expect(await pinViewAction(null, form({ key: shared, pinned: "true" }))).toMatchObject({ ok: true });
    expect(await pinViewAction(null, form({ key: "tool-loops", pinned: "true" }))).toMatchObject({ ok: true });
    expect(await pinViewAction(null, form({ key: mine, pinned: "true" }))).toMatchObject({ ok: false }); // someone else's private view
    expect((await listPinnedViews(s.db.sql, s.project.projectId, MEMBER.id)).map((p) => p.key)).toEqual([shared, "tool-loops"]);
    expect(await listPinnedViews(s.db.sql, s.project.projectId, OWNER.id)).toEqual([]);
    as(OWNER);
    await pinViewAction(null, form({ key: mine, pinned: "true" }));
    expect(await listPinnedViews(s.db.sql, s.project.projectId, OWNER.id)).toEqual([{ key: mine, name: "Pinned mine", page: "runs", agentSlug }]);
    await updateViewAction(null, form({ id: shared, shared: "false" }));
    expect((await listPinnedViews(s.db.sql, s.project.projectId, MEMBER.id)).map((p) => p.key)).toEqual(["tool-loops"]);
    await updateViewAction(null, form({ id: shared, shared: "true" }));
    expect((await listPinnedViews(s.db.sql, s.project.projectId, MEMBER.id)).map((p) => p.key)).toEqual([shared, "tool-loops"]);
    await deleteViewAction(null, form({ id: shared }));
    expect((await listPinnedViews(s.db.sql, s.project.projectId, MEMBER.id)).map((p) => p.key)).toEqual(["tool-loops"]);
    as(MEMBER);
    expect(await pinViewAction(null, form({ key: "tool-loops", pinned: "false" }))).toMatchObject({ ok: true });
    expect(await listPinnedViews(s.db.sql, s.project.projectId, MEMBER.id)).toEqual([]);
  });
  it("a new pin goes after the user's last one, also when both fall in the same millisecond", async () => {
    as(MEMBER);
    // Reverse alphabetical: ordering by key where pin times tie would reverse it.
    const keys = ["tool-loops", "thumbs-down", "frustrated-sessions", "costly-runs"];
    expect(await pinViewAction(null, form({ key: keys[0]!, pinned: "true" }))).toMatchObject({ ok: true });
    // Stands in for pins made within one millisecond (pin times are kept in milliseconds): the first
    // pin's time is put ahead of the clock, so a pin stamped with the clock alone would sort before it.
    await s.db.sql.query(`UPDATE saved_view_pins SET created_at = CURRENT_TIMESTAMP + interval '1 minute' WHERE user_id = $1`, [MEMBER.id]);
    for (const key of keys.slice(1)) expect(await pinViewAction(null, form({ key, pinned: "true" }))).toMatchObject({ ok: true });
    expect((await listPinnedViews(s.db.sql, s.project.projectId, MEMBER.id)).map((p) => p.key)).toEqual(keys);
    for (const key of keys) await pinViewAction(null, form({ key, pinned: "false" }));
  });
});

describe("?view= on a list page", () => {
  it("redirects to the saved page and parameters, in the view's agent scope", async () => {
    as(OWNER);
    const top = await save({ name: "Top", query: "status=error&range=2w" });
    const scoped = await save({ name: "Scoped", agent: agentSlug, query: "sort=duration" });
    const fb = await save({ name: "Fb", page: "feedback", query: "feedback=thumbs_down" });
    expect(await open(() => RunsView({ searchParams: { view: top } }))).toEqual({ redirect: "/runs?status=error&range=2w" });
    expect(await open(() => RunsView({ searchParams: { view: scoped } }))).toEqual({ redirect: `/${agentSlug}/runs?sort=duration` });
    // A view opened from another page goes to its own page.
    expect(await open(() => RunsView({ searchParams: { view: fb } }))).toEqual({ redirect: "/feedback?feedback=thumbs_down" });
    // Presets open in the scope they are opened from.
    const agents = await listAgents(s.db.sql, s.project.projectId);
    const agent = { id: "ignored", ...agents[0]! };
    expect(await open(() => FeedbackView({ searchParams: { view: "errors" }, agent }))).toEqual({ redirect: `/${agentSlug}/runs?status=error` });
    // A top-level view's agent filter gives way to the scope it is opened in, and leaves the URL.
    const filtered = await save({ name: "Other agent's errors", query: "agent=someone-else&status=error" });
    expect(await open(() => RunsView({ searchParams: { view: filtered } }))).toEqual({ redirect: "/runs?agent=someone-else&status=error" });
    expect(await open(() => RunsView({ searchParams: { view: filtered }, agent }))).toEqual({ redirect: `/${agentSlug}/runs?status=error` });
  });

  it("every preset's parameters are valid for its page", async () => {
    const { cleanViewQuery } = await import("@/lib/views/pages");
    for (const p of PRESETS) expect(cleanViewQuery(p.page, p.query, false)).toBe(p.query);
  });
});

describe("minDurationMs (the slow runs preset)", () => {
  it("lists exactly the runs that took at least that long, on the page and the REST API", async () => {
    const all = await listRuns(s.db.sql, s.project.projectId, parseDashboardList(RUN_LIST, new URLSearchParams("range=2M&limit=100")));
    const durations = all.data.map((r) => r.durationMs).filter((d): d is number => d !== null);
    expect(durations.length).toBeGreaterThan(1);
    const threshold = [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)]!;
    const slow = await listRuns(
      s.db.sql,
      s.project.projectId,
      parseDashboardList(RUN_LIST, new URLSearchParams(`range=2M&limit=100&minDurationMs=${threshold}`)),
    );
    const expected = all.data.filter((r) => r.durationMs !== null && r.durationMs >= threshold).map((r) => r.id);
    expect(slow.data.map((r) => r.id)).toEqual(expected);
    expect(expected.length).toBeLessThan(all.data.length);
    const api = await getJson<{ data: Array<{ id: string }> }>(`/v1/runs?range=2M&limit=100&minDurationMs=${threshold}`, s.project.readKey);
    expect(api.status).toBe(200);
    expect(api.body.data.map((r) => r.id)).toEqual(expected);
    const bad = await getJson<{ error: { message: string } }>(`/v1/runs?range=2M&minDurationMs=ten`, s.project.readKey);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/minDurationMs must be a whole number/);
  });
});
