// Patterns in the REST API on a real database: GET /v1/patterns (counts over the window and the
// one before it, the usual filters), GET /v1/patterns/{id} (series, example runs), `pattern=` on
// runs and sessions, and nothing seen across projects.
import { describe, expect, it } from "vitest";
import { processBatch } from "@/lib/server/insights/engine";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { getJson } from "../helpers/routes";
import { sendRuns } from "./analytics-data";

let b: TestProject;
const sql = () => s.db.sql;
const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3_600_000);

const s = withInstalledProject(async () => {
  b = await createProject(s.db);
  const rule = { match: "any", conditions: [{ field: "prompt", op: "contains_words", words: ["refund"] }] };
  await sql().query(`INSERT INTO patterns (project_id, id, name, scope, rule) VALUES ($1, 'pat_refund', 'Refunds', 'all', $2)`, [
    s.project.projectId,
    JSON.stringify(rule),
  ]);
  await sendRuns(s.project.ingestKey, [
    // The last day: four failed runs, a refund question, a frustrated conversation.
    { id: "e1", start: hoursAgo(1), error: true, agent: "billing", userId: "u1", sessionId: "s1" },
    { id: "e2", start: hoursAgo(2), error: true, agent: "support", userId: "u2", sessionId: "s2" },
    { id: "e3", start: hoursAgo(3), error: true, agent: "support", userId: "u2", sessionId: "s2" },
    { id: "e4", start: hoursAgo(4), error: true, agent: "support", userId: "u3" },
    { id: "ok1", start: hoursAgo(5), agent: "support", userId: "u1", sessionId: "s3", prompt: "I want a refund please", response: "Sure, done." },
    {
      id: "f1",
      start: hoursAgo(6),
      agent: "support",
      userId: "u4",
      sessionId: "s4",
      prompt: "Cancel my plan",
      response: "Would you like to pause it instead?",
    },
    {
      id: "f2",
      start: hoursAgo(5.9),
      agent: "support",
      userId: "u4",
      sessionId: "s4",
      prompt: "For the third time: cancel it.",
      response: "Done, it is cancelled.",
    },
    // The day before: two failed runs. Older: one more.
    { id: "p1", start: hoursAgo(30), error: true, agent: "support", userId: "u2" },
    { id: "p2", start: hoursAgo(40), error: true, agent: "billing", userId: "u5" },
    { id: "o1", start: hoursAgo(60), error: true, agent: "billing", userId: "u5" },
  ]);
  await sendRuns(b.ingestKey, [{ id: "b1", start: hoursAgo(1), error: true, prompt: "I want a refund" }]);
  while ((await processBatch(sql(), { idleSeconds: 0 })).analysed > 0);
});

type Summary = {
  id: string;
  key: string | null;
  name: string;
  builtin: boolean;
  runCount: number;
  sessionCount: number;
  userCount: number;
  previousRunCount: number;
  lastSeenAt: string | null;
};
const byId = (data: Summary[]) => Object.fromEntries(data.map((p) => [p.id, p]));
const counts = (p: Summary | undefined) => p && [p.runCount, p.sessionCount, p.userCount, p.previousRunCount];

describe("GET /v1/patterns", () => {
  it("lists every pattern with its runs, sessions and users in the window and the previous window's runs", async () => {
    const { status, body } = await getJson("/v1/patterns?range=1d", s.project.readKey);
    expect(status).toBe(200);
    const data = body.data as Summary[];
    expect(data.map((p) => p.id)).toEqual(["task_failure", "frustration", "pat_refund", "confusion", "tool_error_loop", "repeated_calls"]);
    const p = byId(data);
    expect(counts(p.task_failure)).toEqual([4, 2, 3, 2]);
    expect(p.task_failure!.lastSeenAt).toBe(hoursAgo(1).toISOString());
    expect(p.task_failure).toMatchObject({ key: "task_failure", name: "Task failure", builtin: true });
    expect(counts(p.frustration)).toEqual([1, 1, 1, 0]);
    expect(counts(p.pat_refund)).toEqual([1, 1, 1, 0]);
    expect(p.pat_refund).toMatchObject({ key: null, name: "Refunds", builtin: false });
    expect(counts(p.confusion)).toEqual([0, 0, 0, 0]);
    expect(p.confusion!.lastSeenAt).toBeNull();
  });

  it("takes the usual filters: agent, user, and run filters such as status", async () => {
    const support = byId((await getJson("/v1/patterns?range=1d&agent=support", s.project.readKey)).body.data);
    expect(counts(support.task_failure)).toEqual([3, 1, 2, 1]);
    const user = byId((await getJson("/v1/patterns?range=1d&userId=u2", s.project.readKey)).body.data);
    expect(counts(user.task_failure)).toEqual([2, 1, 1, 1]);
    const ok = byId((await getJson("/v1/patterns?range=1d&status=success", s.project.readKey)).body.data);
    expect(counts(ok.task_failure)).toEqual([0, 0, 0, 0]);
    expect(counts(ok.pat_refund)).toEqual([1, 1, 1, 0]);
    const bg = byId((await getJson("/v1/patterns?range=1d&conversational=false&agent=support", s.project.readKey)).body.data);
    expect(counts(bg.task_failure)).toEqual([1, 0, 1, 1]);
    const none = byId((await getJson("/v1/patterns?range=1d&agent=nobody", s.project.readKey)).body.data);
    expect(counts(none.task_failure)).toEqual([0, 0, 0, 0]);
  });

  it("refuses a missing window or an unknown parameter with a 400 that says what to fix", async () => {
    const noWindow = await getJson("/v1/patterns", s.project.readKey);
    expect(noWindow.status).toBe(400);
    expect(noWindow.body.error.message).toMatch(/time window is required/);
    const typo = await getJson("/v1/patterns?range=1d&user=u1", s.project.readKey);
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toMatch(/Unknown parameter "user" for patterns/);
  });

  it("shows another project nothing of this one", async () => {
    const p = byId((await getJson("/v1/patterns?range=1d", b.readKey)).body.data);
    expect(p.pat_refund).toBeUndefined();
    expect(counts(p.task_failure)).toEqual([1, 0, 0, 0]);
    expect((await getJson("/v1/patterns/pat_refund?range=1d", b.readKey)).status).toBe(404);
    expect((await getJson("/v1/runs?range=1d&pattern=pat_refund", b.readKey)).status).toBe(400);
  });
});

describe("GET /v1/patterns/{id}", () => {
  it("has the counts, a zero-filled series that adds up to them, and example runs of different sessions with evidence", async () => {
    const { status, body } = await getJson("/v1/patterns/task_failure?range=1d", s.project.readKey);
    expect(status).toBe(200);
    expect(counts(body)).toEqual([4, 2, 3, 2]);
    expect(body.series.stepMs).toBe(3_600_000);
    expect(body.series.points.length).toBeGreaterThanOrEqual(24);
    expect(body.series.points.reduce((s: number, p: { runs: number }) => s + p.runs, 0)).toBe(4);
    // e2 and e3 share a session: only the later one is an example.
    expect(body.examples.map((e: { runId: string }) => e.runId)).toEqual(["e1", "e2", "e4"]);
    expect(body.examples[0]).toMatchObject({ sessionId: "s1", user: { id: "u1" }, agent: { name: "billing" }, userPrompt: "prompt of e1" });
    expect(body.examples[0].evidence).toEqual([{ source: "run", ref: "e1", text: "boom", highlight: null }]);
    expect(body.backfill).toBeNull();
  });

  it("draws a window of decades in steps of several days, adding up to the same counts", async () => {
    // A point per day of the window: since 1970, ~20,000 points per pattern and page.
    const { status, body } = await getJson(`/v1/patterns/task_failure?from=0&to=${Date.now()}`, s.project.readKey);
    expect(status).toBe(200);
    const all = (await getJson("/v1/patterns/task_failure?range=2M", s.project.readKey)).body;
    expect(body.series.stepMs % 86_400_000).toBe(0);
    expect(body.series.stepMs).toBeGreaterThan(86_400_000);
    expect(body.series.points.length).toBeLessThanOrEqual(401);
    expect(body.series.points.reduce((s: number, p: { runs: number }) => s + p.runs, 0)).toBe(all.runCount);
    expect(body.runCount).toBe(all.runCount);
    // The same from the matches themselves (a user filter does not read the per-day counts).
    const one = (await getJson(`/v1/patterns/task_failure?from=0&to=${Date.now()}&userId=u1`, s.project.readKey)).body;
    expect(one.series.stepMs).toBe(body.series.stepMs);
    expect(one.runCount).toBeGreaterThan(0);
    expect(one.series.points.reduce((s: number, p: { runs: number }) => s + p.runs, 0)).toBe(one.runCount);
  });

  it("finds a user-defined pattern by id, and answers an unknown one with a 404", async () => {
    const { body } = await getJson("/v1/patterns/pat_refund?range=2w", s.project.readKey);
    expect(body).toMatchObject({ id: "pat_refund", key: null, runCount: 1, examples: [{ runId: "ok1" }] });
    expect(body.series.stepMs).toBe(86_400_000);
    const missing = await getJson("/v1/patterns/pat_nope?range=1d", s.project.readKey);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });
});

describe("pattern= on runs and sessions", () => {
  const ids = (body: { data: Array<{ id: string }> }) => body.data.map((r) => r.id);
  it("lists the runs in which the engine found the pattern, by key or id, with the other filters", async () => {
    expect(ids((await getJson("/v1/runs?range=1d&pattern=task_failure", s.project.readKey)).body)).toEqual(["e1", "e2", "e3", "e4"]);
    expect(ids((await getJson("/v1/runs?range=2w&pattern=task_failure&agent=billing", s.project.readKey)).body)).toEqual(["e1", "p2", "o1"]);
    expect(ids((await getJson("/v1/runs?range=1d&pattern=pat_refund", s.project.readKey)).body)).toEqual(["ok1"]);
    expect(ids((await getJson("/v1/runs?range=1d&pattern=frustration", s.project.readKey)).body)).toEqual(["f2"]);
    expect(ids((await getJson("/v1/runs?range=1d&pattern=confusion", s.project.readKey)).body)).toEqual([]);
    // Keyset pages through the matches.
    const first = (await getJson("/v1/runs?range=2w&pattern=task_failure&limit=4", s.project.readKey)).body;
    expect(ids(first)).toEqual(["e1", "e2", "e3", "e4"]);
    const next = (await getJson(`/v1/runs?range=2w&pattern=task_failure&limit=4&cursor=${first.nextCursor}`, s.project.readKey)).body;
    expect(ids(next)).toEqual(["p1", "p2", "o1"]);
  });

  it("refuses an unknown pattern with a 400 naming the built-in keys", async () => {
    const r = await getJson("/v1/runs?range=1d&pattern=frustrated", s.project.readKey);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/pattern must be a built-in pattern \(frustration, confusion, task_failure, tool_error_loop, repeated_calls\)/);
  });

  it("lists the sessions with such a run", async () => {
    expect(ids((await getJson("/v1/sessions?range=1d&pattern=task_failure", s.project.readKey)).body)).toEqual(["s1", "s2"]);
    expect(ids((await getJson("/v1/sessions?range=1d&pattern=frustration", s.project.readKey)).body)).toEqual(["s4"]);
  });
});
