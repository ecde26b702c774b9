// Recaps on a real database: the engine's step writes one immutable snapshot per period and scope
// (all agents, each agent) at the period's end, skips empty periods, never writes a period twice
// (also when two instances race), delivers each new recap once to a local webhook server, and the
// REST API lists them and builds the running period's recap on demand.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, it } from "vitest";
import type { RecapContent, RecapStats } from "@/lib/insights/recaps/model";
import { currentRecap, recapStep } from "@/lib/server/insights/recaps";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { startFakeLlm } from "../helpers/fake-llm";
import { getJson } from "../helpers/routes";
import { drainInsightQueue } from "../helpers/insight-queue";
import { sendFeedback, sendRuns } from "./analytics-data";

let b: TestProject;
const sql = () => s.db.sql;
// A Monday just after midnight UTC: Sunday 15 November 2026 and its ISO week (W46) have ended.
const now = new Date("2026-11-16T00:05:00Z");
const at = (iso: string) => new Date(iso);

const received: Array<{ text: string; blocks: unknown[] }> = [];
/** Every request the hook saw: its idempotency key and the status it answered. */
const requests: Array<{ key: string | undefined; status: number }> = [];
/** Statuses to answer next, in order (then 200). */
let answers: number[] = [];
let hook: http.Server;
let hookUrl = "";

const s = withInstalledProject(async () => {
  b = await createProject(s.db, "quiet");
  hook = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const status = answers.shift() ?? 200;
      requests.push({ key: req.headers["idempotency-key"] as string | undefined, status });
      if (status === 200) received.push(JSON.parse(body));
      res.writeHead(status).end(status === 200 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  await sendRuns(s.project.ingestKey, [
    // Saturday (the previous day): 2 runs.
    { id: "sat-1", start: at("2026-11-14T10:00:00Z"), agent: "support", sessionId: "s0", userId: "u1", prompt: "hi" },
    { id: "sat-2", start: at("2026-11-14T11:00:00Z"), agent: "support", sessionId: "s0", userId: "u1", prompt: "hello" },
    // Sunday: 4 runs over two agents, one failed.
    { id: "sun-1", start: at("2026-11-15T09:00:00Z"), agent: "support", sessionId: "s1", userId: "u1", orgId: "o1", prompt: "where is my order" },
    { id: "sun-2", start: at("2026-11-15T09:05:00Z"), agent: "support", sessionId: "s1", userId: "u1", orgId: "o1", prompt: "still waiting", error: true },
    { id: "sun-3", start: at("2026-11-15T13:00:00Z"), agent: "billing", sessionId: "s2", userId: "u2", prompt: "refund please" },
    { id: "sun-4", start: at("2026-11-15T23:30:00Z"), agent: "billing", sessionId: "s3", userId: "u3", prompt: "invoice copy" },
  ]);
  await sendFeedback(s.project.ingestKey, "sun-2", "thumbs_down", "It <b>ignored</b> my question");
  // Feedback is stamped when it arrives; move it into the period it is about.
  await sql().query(`UPDATE feedback SET created_at = '2026-11-15T09:10:00Z' WHERE project_id = $1`, [s.project.projectId]);
  // The data has settled: analysed by the insight engine, and written well before the periods' end.
  await sql().query(`UPDATE runs SET updated_at = '2026-11-15T23:45:00Z' WHERE project_id = $1`, [s.project.projectId]);
  await drainInsightQueue(sql());
});
afterAll(async () => {
  await new Promise<void>((resolve) => hook.close(() => resolve()));
});

const opts = () => ({ timeZone: "UTC", webhookUrl: hookUrl, baseUrl: "http://sightline.test", delivery: { attempts: 1 } });

it("writes one recap per ended period and scope, skips empty ones, and delivers each once", async () => {
  // A fresh install: Saturday (all agents and support) is caught up too.
  expect(await recapStep(sql(), opts(), now)).toBe(8);
  const rows = await sql().query<{ agent_key: string; kind: string; period_key: string; delivered_at: Date | null; project_id: string }>(
    `SELECT project_id, agent_key, kind, period_key, delivered_at FROM recaps ORDER BY kind, agent_key`,
  );
  expect(rows.every((r) => r.project_id === s.project.projectId)).toBe(true);
  expect(rows.map((r) => `${r.kind}:${r.period_key}`).sort()).toEqual([
    "day:2026-11-14",
    "day:2026-11-14",
    "day:2026-11-15",
    "day:2026-11-15",
    "day:2026-11-15",
    "week:2026-W46",
    "week:2026-W46",
    "week:2026-W46",
  ]);
  expect(rows.every((r) => r.delivered_at !== null)).toBe(true);
  expect(received.length).toBe(8);
  expect(received.every((m) => typeof m.text === "string" && Array.isArray(m.blocks))).toBe(true);
  // Again, in this process or another: nothing new, nothing delivered twice.
  expect(await recapStep(sql(), opts(), now)).toBe(0);
  expect(await recapStep(sql(), opts(), new Date(now.getTime() + 3_600_000), new Map())).toBe(0);
  expect(received.length).toBe(8);
});

it("keeps one snapshot when two instances race for the same period", async () => {
  await sql().query(`DELETE FROM recaps`);
  received.length = 0;
  const [x, y] = await Promise.all([recapStep(sql(), opts(), now, new Map()), recapStep(sql(), opts(), now, new Map())]);
  expect(x + y).toBe(8);
  expect((await sql().query(`SELECT 1 FROM recaps`)).length).toBe(8);
  expect(received.length).toBe(8);
});

it("lists recaps over REST with figures against the previous period, items and Markdown", async () => {
  const res = await getJson(`/v1/recaps?period=day&from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z`, s.project.readKey);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.data.map((r: { start: string }) => r.start)).toEqual(["2026-11-15T00:00:00.000Z", "2026-11-14T00:00:00.000Z"]);
  const day = res.body.data[0];
  expect(day).toMatchObject({ agent: null, period: "day", start: "2026-11-15T00:00:00.000Z", end: "2026-11-16T00:00:00.000Z" });
  expect(day.stats.runs).toEqual({ current: 4, previous: 2 });
  expect(day.stats.sessions).toEqual({ current: 3, previous: 1 });
  expect(day.stats.users).toEqual({ current: 3, previous: 1 });
  expect(day.stats.failureRate.current).toBeCloseTo(0.25, 6);
  expect(day.stats.thumbsDown.current).toBe(1);
  const comment = day.items.find((i: { section: string }) => i.section === "feedback");
  expect(comment.title).toContain("ignored");
  expect(comment.href).toBe("/runs/sun-2");
  // User text cannot format the Markdown.
  expect(day.markdown).toContain("2026-11-15");
  expect(day.markdown).not.toContain("<b>");

  const support = await getJson(`/v1/recaps?agent=support&from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z`, s.project.readKey);
  expect(support.body.data.map((r: { period: string; agent: string }) => [r.period, r.agent]).sort()).toEqual([
    ["day", "support"],
    ["day", "support"],
    ["week", "support"],
  ]);
  const supportDay = support.body.data.find((r: { period: string }) => r.period === "day");
  expect(supportDay.stats.runs).toEqual({ current: 2, previous: 2 });
  expect(supportDay.stats.orgs.current).toBe(1);

  // The failed run's error signature first occurred on Sunday: a new failure, linked to its group's page.
  const [group] = await sql().query<{ signature: string }>(`SELECT signature FROM failure_groups WHERE project_id = $1`, [s.project.projectId]);
  expect(group).toBeDefined();
  for (const [recap, prefix] of [
    [day, ""],
    [supportDay, "/support"],
  ] as const) {
    const failure = recap.items.find((i: { section: string }) => i.section === "failures");
    expect(failure, JSON.stringify(recap.items)).toMatchObject({ kind: "new_failure", count: 1 });
    expect(failure.href).toBe(`${prefix}/failures/${group!.signature}?from=2026-11-15T00%3A00%3A00.000Z&to=2026-11-16T00%3A00%3A00.000Z`);
  }
  expect(day.markdown).toContain(`/failures/${group!.signature}`);

  const paged = await getJson(`/v1/recaps?from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z&limit=1`, s.project.readKey);
  expect(paged.body.data.length).toBe(1);
  const next = await getJson(`/v1/recaps?from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z&limit=1&cursor=${paged.body.nextCursor}`, s.project.readKey);
  expect(next.body.data.length).toBe(1);
  expect(next.body.data[0].id).not.toBe(paged.body.data[0].id);

  expect((await getJson(`/v1/recaps?from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z`, b.readKey)).body.data).toEqual([]);
});

it("builds the running period on demand and refuses bad parameters", async () => {
  await sendRuns(s.project.ingestKey, [{ id: "today-1", start: new Date(Date.now() - 60_000), agent: "support", sessionId: "s9", prompt: "now" }]);
  const cur = await getJson(`/v1/recaps/current?period=day&agent=support`, s.project.readKey);
  expect(cur.status, JSON.stringify(cur.body)).toBe(200);
  expect(cur.body.data).toMatchObject({ agent: "support", period: "day", partial: true });
  expect(cur.body.data.stats.runs.current).toBe(1);
  expect(Date.parse(cur.body.data.start)).toBeLessThanOrEqual(Date.now());
  expect((await sql().query(`SELECT 1 FROM recaps WHERE period_key = $1`, [cur.body.data.periodKey])).length).toBe(0);

  // An unknown agent has nothing, as in every list (GET /v1/recaps, /v1/runs, /v1/topics…): an
  // empty period so far, not a 404.
  expect((await getJson(`/v1/recaps?agent=nobody`, s.project.readKey)).body).toEqual({ data: [], nextCursor: null });
  const nobody = await getJson(`/v1/recaps/current?period=day&agent=nobody`, s.project.readKey);
  expect(nobody.status, JSON.stringify(nobody.body)).toBe(200);
  expect(nobody.body.data).toMatchObject({ agent: "nobody", period: "day", periodKey: cur.body.data.periodKey, partial: true, items: [] });
  expect(nobody.body.data.stats.runs).toEqual({ current: 0, previous: null });

  for (const [url, status] of [
    ["/v1/recaps?period=month", 400],
    ["/v1/recaps/current?period=day&range=1d", 400],
    ["/v1/recaps?bogus=1", 400],
  ] as const) {
    const res = await getJson(url, s.project.readKey);
    expect(res.status, url).toBe(status);
    expect(typeof res.body.error?.message, url).toBe("string");
  }
  expect((await getJson(`/v1/recaps`, s.project.ingestKey)).status).toBe(403);
});

it("retries a failed delivery with a growing pause, across ticks, and delivers each recap once", async () => {
  await sql().query(`DELETE FROM recaps`);
  received.length = 0;
  requests.length = 0;
  // The hook is down for the first round of every recap, and answers 500 once more after that.
  answers = [503, 503, 503, 503, 503, 503, 503, 503, 500];
  expect(await recapStep(sql(), opts(), now, new Map())).toBe(8);
  expect(requests.length).toBe(8);
  expect(received.length).toBe(0);
  const pending = await sql().query<{ id: string; delivery_attempts: number; next_delivery_at: Date; delivery_error: string }>(
    `SELECT id, delivery_attempts, next_delivery_at, delivery_error FROM recaps WHERE delivered_at IS NULL`,
  );
  expect(pending.length).toBe(8);
  for (const r of pending) {
    expect(r.delivery_attempts).toBe(1);
    expect(new Date(r.next_delivery_at).getTime()).toBe(now.getTime() + 60_000);
    expect(r.delivery_error).toBe("webhook answered 503");
  }
  // Before the pause is over nothing is posted; after it, every recap (one fails once more).
  const later = (ms: number) => new Date(now.getTime() + ms);
  await recapStep(sql(), opts(), later(30_000), new Map());
  expect(requests.length).toBe(8);
  await recapStep(sql(), opts(), later(61_000));
  expect(requests.length).toBe(16);
  expect(received.length).toBe(7);
  // The one that failed twice waits twice as long (2 minutes from its second round).
  const [again] = await sql().query<{ delivery_attempts: number; next_delivery_at: Date }>(
    `SELECT delivery_attempts, next_delivery_at FROM recaps WHERE delivered_at IS NULL`,
  );
  expect(again).toMatchObject({ delivery_attempts: 2 });
  expect(new Date(again!.next_delivery_at).getTime()).toBe(later(61_000 + 120_000).getTime());
  await recapStep(sql(), opts(), later(61_000 + 60_000));
  expect(requests.length).toBe(16);
  await recapStep(sql(), opts(), later(61_000 + 121_000));
  expect(received.length).toBe(8);
  // Each recap was accepted once, under its own id; nothing is posted again.
  const ids = (await sql().query<{ id: string }>(`SELECT id FROM recaps WHERE delivered_at IS NOT NULL AND next_delivery_at IS NULL`)).map((r) => r.id).sort();
  expect(ids.length).toBe(8);
  expect(
    requests
      .filter((r) => r.status === 200)
      .map((r) => r.key)
      .sort(),
  ).toEqual(ids);
  await recapStep(sql(), opts(), later(86_400_000));
  expect(requests.length).toBe(17);
});

it("gives up at once when the hook refuses the message (a 4xx other than 408 and 429)", async () => {
  await sql().query(`DELETE FROM recaps`);
  requests.length = 0;
  answers = [404, 404, 404, 404, 404, 404, 404, 404];
  await recapStep(sql(), opts(), now, new Map());
  const rows = await sql().query<{ next_delivery_at: Date | null; delivery_error: string; delivered_at: Date | null }>(
    `SELECT next_delivery_at, delivery_error, delivered_at FROM recaps`,
  );
  expect(rows.length).toBe(8);
  for (const r of rows) expect(r).toMatchObject({ next_delivery_at: null, delivered_at: null, delivery_error: "webhook answered 404 (gave up after 1 round)" });
  await recapStep(sql(), opts(), new Date(now.getTime() + 3_600_000), new Map());
  expect(requests.length).toBe(8);
});

it("opens each stored recap with the optional model's paragraph, and goes without it when the model fails", async () => {
  const llm = await startFakeLlm((messages) => `Runs doubled against Saturday (${messages.at(-1)!.content.includes("Runs") ? "table read" : "no table"}).`);
  try {
    const config = { baseUrl: llm.baseUrl, apiKey: null, model: "small", embeddingModel: null };
    await sql().query(`DELETE FROM recaps`);
    expect(await recapStep(sql(), { ...opts(), webhookUrl: null, llm: config }, now, new Map())).toBe(8);
    expect(llm.requests.length).toBe(8);
    const res = await getJson(`/v1/recaps?period=day&from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z`, s.project.readKey);
    const [day] = res.body.data;
    expect(day.narrative).toBe("Runs doubled against Saturday (table read).");
    expect(day.markdown).toContain("Runs doubled against Saturday");

    llm.status = 503;
    await sql().query(`DELETE FROM recaps`);
    expect(await recapStep(sql(), { ...opts(), webhookUrl: null, llm: config }, now, new Map())).toBe(8);
    const plain = await getJson(`/v1/recaps?period=day&from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z`, s.project.readKey);
    expect(plain.body.data[0].narrative).toBeNull();
    expect(plain.body.data[0].markdown).not.toContain("Runs doubled");
  } finally {
    await llm.close();
  }
});

it("cuts periods in the configured time zone and records a failed delivery", async () => {
  await sql().query(`DELETE FROM recaps`);
  const n = await recapStep(
    sql(),
    { ...opts(), timeZone: "America/New_York", webhookUrl: "http://127.0.0.1:9/nothing-listens" },
    new Date("2026-11-16T06:00:00Z"),
  );
  expect(n).toBeGreaterThan(0);
  const rows = await sql().query<{ kind: string; period_key: string; start: Date; delivery_error: string | null; delivered_at: Date | null }>(
    `SELECT kind, period_key, start, delivery_error, delivered_at FROM recaps WHERE agent_key = '' ORDER BY kind, start`,
  );
  // Saturday's and Sunday's New York days (a fresh install catches up both).
  expect(rows.filter((r) => r.kind === "day").map((r) => r.period_key)).toEqual(["2026-11-14", "2026-11-15"]);
  const day = rows.filter((r) => r.kind === "day").at(-1)!;
  expect(day.period_key).toBe("2026-11-15");
  expect(new Date(day.start).toISOString()).toBe("2026-11-15T05:00:00.000Z");
  expect(day.delivered_at).toBeNull();
  expect(day.delivery_error).toMatch(/webhook/);
});

it("compares the running period with the previous period's stored recap, as the list shows it", async () => {
  await sql().query(`DELETE FROM recaps`);
  expect(await recapStep(sql(), { ...opts(), webhookUrl: null }, now, new Map())).toBe(8);
  const monday = new Date("2026-11-16T10:00:00Z");
  const scopes = [
    { projectId: s.project.projectId, agent: null },
    {
      projectId: s.project.projectId,
      agent: (
        await sql().query<{ id: string; name: string; slug: string }>(`SELECT id, name, slug FROM agents WHERE project_id = $1 AND name = 'support'`, [
          s.project.projectId,
        ])
      )[0]!,
    },
  ];
  const previousOf = (stats: RecapStats) => Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v.previous]));
  const currentOf = (stats: RecapStats) => Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v.current]));
  const stored = async (agentKey: string) =>
    (
      await sql().query<{ content: RecapContent }>(`SELECT content FROM recaps WHERE agent_key = $1 AND kind = 'day' AND period_key = '2026-11-15'`, [agentKey])
    )[0]!.content;
  for (const scope of scopes) {
    const soFar = await currentRecap(sql(), scope, "day", "UTC", null, monday);
    expect(previousOf(soFar.content.stats)).toEqual(currentOf((await stored(scope.agent?.id ?? "")).stats));
  }
  // A run that arrives for Sunday after its recap was written is not in the snapshot, nor in the
  // comparison; without a stored recap the previous day is read from the runs.
  await sendRuns(s.project.ingestKey, [{ id: "sun-late", start: at("2026-11-15T20:00:00Z"), agent: "support", sessionId: "s4", prompt: "late" }]);
  for (const scope of scopes) expect((await currentRecap(sql(), scope, "day", "UTC", null, monday)).content.stats.runs.previous).toBe(scope.agent ? 2 : 4);
  await sql().query(`DELETE FROM recaps`);
  for (const scope of scopes) {
    const read = (await currentRecap(sql(), scope, "day", "UTC", null, monday)).content.stats;
    expect([read.runs.previous, read.sessions.previous]).toEqual(scope.agent ? [3, 2] : [5, 4]);
  }
});
