// GET /v1/failures and the failure= filter of /v1/runs (lib/server/data/failures.ts): counts
// from the rollups plus the window's partial-hour edges must equal what the occurrences say for
// any window; paging, filters and bad input behave like /v1/runs.
import { describe, expect, it } from "vitest";
import { failureSignature } from "@/lib/insights/failures/signature";
import { listFailures } from "@/lib/server/data/failures";
import { compactRollups } from "@/lib/server/data/rollups";
import { MAX_CHART_STEPS, stepStarts } from "@/lib/server/data/stats";
import { FAILURE_LIST } from "@/lib/validations/lists";
import { withInstalledProject } from "../helpers/db";
import { getJson, postJson } from "../helpers/routes";

const NOW = Date.now();
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const H = 3_600_000;

type Item = Record<string, unknown>;
const items: Item[] = [];
/** A run at `msAgo` of agent `agent` and user `user`, failing with `runError` and/or a tool error. */
function run(id: string, msAgo: number, o: { agent?: string; user?: string; runError?: string; toolError?: string; tool?: string } = {}) {
  items.push({
    type: "run",
    run_id: id,
    start_time: at(msAgo),
    end_time: at(msAgo - 1000),
    status_code: o.runError ? 2 : 1,
    ...(o.runError ? { status_message: o.runError } : {}),
    metadata: { "tcc.agent": o.agent ?? "support", ...(o.user ? { "tcc.userId": o.user } : {}) },
  });
  if (o.toolError !== undefined)
    items.push({
      type: "tool_call",
      run_id: id,
      tool_call_id: `${id}-t`,
      tool_name: o.tool ?? "search",
      start_time: at(msAgo - 100),
      end_time: at(msAgo - 200),
      status_code: 2,
      status_message: o.toolError,
    });
}

const TIMEOUT = (ms: number) => `Error: timeout of ${ms}ms exceeded`;
const timeoutSig = failureSignature({ kind: "run", message: TIMEOUT(1) }).signature;
const toolSig = failureSignature({ kind: "tool_call", tool: "search", message: "HTTP 503 Service Unavailable" }).signature;
const authSig = failureSignature({ kind: "run", message: "AuthenticationError: Incorrect API key provided: sk-abc***123" }).signature;

const s = withInstalledProject(async () => {
  // Spread over whole days, whole hours and the partial hours at both ends of the windows below.
  const ages = [10 * 60_000, 50 * 60_000, 2.5 * H, 7.2 * H, 26 * H, 3 * 24 * H + 5 * 60_000, 9 * 24 * H, 20 * 24 * H];
  ages.forEach((ms, i) => {
    run(`to-${i}`, ms, { user: `u${i % 3}`, runError: TIMEOUT(1000 + i), agent: i % 2 ? "billing" : "support" });
    run(`tl-${i}`, ms + 1000, { user: `u${i % 4}`, toolError: "HTTP 503 Service Unavailable" });
  });
  run("au-0", 30 * 60_000, { user: "u9", runError: "AuthenticationError: Incorrect API key provided: sk-abc***123" });
  run("ok-0", 20 * 60_000, { user: "u1" });
  const res = await postJson("/v1/custom", { type: "batch", items }, s.project.ingestKey);
  expect(res.status).toBe(200);
});

const get = <T = any>(url: string) => getJson<T>(url, s.project.readKey);

/** The groups computed straight from the occurrences, for a window [from, to]. */
async function expected(from: string, to: string, agent?: string) {
  const rows = await s.db.sql.query<{ signature: string; count: number; run_count: number; user_count: number; first: Date; last: Date }>(
    `SELECT fo.signature, count(*)::int AS count, count(DISTINCT fo.run_id)::int AS run_count, count(DISTINCT fo.user_id)::int AS user_count,
            min(fo.start_time) AS first, max(fo.start_time) AS last
     FROM failure_occurrences fo LEFT JOIN agents a ON a.id = fo.agent_id
     WHERE fo.project_id = $1 AND fo.start_time >= $2 AND fo.start_time <= $3 AND ($4::text IS NULL OR a.slug = $4)
     GROUP BY fo.signature ORDER BY count(*) DESC, fo.signature`,
    [s.project.projectId, from, to, agent ?? null],
  );
  return rows.map((r) => ({
    signature: r.signature,
    count: r.count,
    runCount: r.run_count,
    userCount: r.user_count,
    firstSeenAt: r.first.toISOString(),
    lastSeenAt: r.last.toISOString(),
  }));
}

const pick = (d: any[]) =>
  d.map(({ signature, count, runCount, userCount, firstSeenAt, lastSeenAt }) => ({ signature, count, runCount, userCount, firstSeenAt, lastSeenAt }));

describe("GET /v1/failures", () => {
  it("groups variants, largest first, with exact counts for windows cut at any instant", async () => {
    const { status, body } = await get(`/v1/failures?range=2w`);
    expect(status).toBe(200);
    const timeout = body.data.find((g: any) => g.signature === timeoutSig);
    expect(timeout).toMatchObject({ kind: "run", tool: null, category: "timeout", message: "Error: timeout of <duration> exceeded" });
    expect(body.data.find((g: any) => g.signature === toolSig)).toMatchObject({ kind: "tool_call", tool: "search", category: "server_error" });
    expect(body.data.find((g: any) => g.signature === authSig)).toMatchObject({ category: "auth", count: 1, runCount: 1, userCount: 1 });
    expect(Object.keys(body.data[0]).sort()).toEqual(
      ["signature", "kind", "tool", "category", "message", "count", "runCount", "userCount", "firstSeenAt", "lastSeenAt"].sort(),
    );
    for (const [from, to] of [
      [at(14 * 24 * H), at(0)],
      [at(3 * 24 * H + 37 * 60_000), at(40 * 60_000)],
      [at(26.5 * H), at(2.1 * H)],
      [at(55 * 60_000), at(5 * 60_000)],
    ]) {
      const res = await get(`/v1/failures?from=${from}&to=${to}`);
      expect(pick(res.body.data), `${from}..${to}`).toEqual(await expected(from!, to!));
    }
    // The same after compaction (rollup rows merged).
    await compactRollups(s.db.sql, s.project.projectId);
    const res = await get(`/v1/failures?from=${at(3 * 24 * H + 37 * 60_000)}&to=${at(40 * 60_000)}`);
    expect(pick(res.body.data)).toEqual(await expected(at(3 * 24 * H + 37 * 60_000), at(40 * 60_000)));
  });

  it("pages with a cursor, and scopes to an agent", async () => {
    const all = (await get(`/v1/failures?range=1M`)).body.data.map((g: any) => g.signature);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: any[]; nextCursor: string | null } } = await get(`/v1/failures?range=1M&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      paged.push(...res.body.data.map((g) => g.signature));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all.length).toBe(3);

    const from = at(30 * 24 * H);
    const to = at(0);
    const billing = await get(`/v1/failures?from=${from}&to=${to}&agent=billing`);
    expect(pick(billing.body.data)).toEqual(await expected(from, to, "billing"));
    expect(billing.body.data.map((g: any) => g.signature)).toEqual([timeoutSig]);
    expect((await get(`/v1/failures?range=1M&agent=nobody`)).body).toEqual({ data: [], nextCursor: null });
  });

  it("filters by the runs' filters (through the runs) and by kind, category and tool", async () => {
    const byUser = await get(`/v1/failures?range=1M&userId=u1`);
    const rows = await s.db.sql.query<{ signature: string; n: number }>(
      `SELECT signature, count(*)::int AS n FROM failure_occurrences WHERE project_id = $1 AND user_id = 'u1' GROUP BY 1 ORDER BY 2 DESC, 1`,
      [s.project.projectId],
    );
    expect(byUser.body.data.map((g: any) => [g.signature, g.count, g.userCount])).toEqual(rows.map((r) => [r.signature, r.n, 1]));
    // A run filter every run passes gives the rollups' answer.
    expect(pick((await get(`/v1/failures?range=1M&feedback=none`)).body.data)).toEqual(pick((await get(`/v1/failures?range=1M`)).body.data));
    expect((await get(`/v1/failures?range=1M&kind=tool_call`)).body.data.map((g: any) => g.signature)).toEqual([toolSig]);
    expect((await get(`/v1/failures?range=1M&category=auth`)).body.data.map((g: any) => g.signature)).toEqual([authSig]);
    expect((await get(`/v1/failures?range=1M&tool=search`)).body.data.map((g: any) => g.signature)).toEqual([toolSig]);
    expect((await get(`/v1/failures?range=1M&tool=other`)).body.data).toEqual([]);
  });

  it("answers bad input with a 400 that says what to fix", async () => {
    for (const q of ["kind=job", "category=boom", "limit=0", "cursor=abc", "range=7y", "failure=x", "sort=count"]) {
      const res = await get(`/v1/failures?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.message, q).toMatch(/\w/);
    }
    const cursor = Buffer.from(JSON.stringify(["2026-01-01T00:00:00Z", "x"])).toString("base64url");
    expect((await get(`/v1/failures?cursor=${cursor}`)).status).toBe(400);
    expect((await getJson(`/v1/failures`, s.project.ingestKey)).status).toBe(403);
  });
});

describe("the /failures page's groups with their trend", () => {
  it("has the groups and counts of GET /v1/failures, and each group's occurrences per chart step", async () => {
    // Steps of several days (a window of decades: at most MAX_CHART_STEPS points), a day, six hours,
    // an hour and five minutes (the last window is read from occurrences only).
    for (const [from, to] of [
      [new Date(0).toISOString(), at(0)],
      [at(14 * 24 * H), at(0)],
      [at(3 * 24 * H + 37 * 60_000), at(40 * 60_000)],
      [at(26.5 * H), at(2.1 * H)],
      [at(55 * 60_000), at(5 * 60_000)],
    ]) {
      const f = FAILURE_LIST.parse(new URLSearchParams({ from: from!, to: to! }));
      const page = await listFailures(s.db.sql, s.project.projectId, f, { trend: true });
      const plain = await listFailures(s.db.sql, s.project.projectId, f);
      expect(
        page.data.map(({ trend: _, ...g }) => g),
        `${from}..${to}`,
      ).toEqual(plain.data.map(({ trend: _, ...g }) => g));
      expect(page.data.length).toBeGreaterThan(0);
      expect(page.data[0]!.trend.length).toBeLessThanOrEqual(MAX_CHART_STEPS + 1);
      const rows = await s.db.sql.query<{ signature: string; t: Date; n: number }>(
        `SELECT signature, date_bin(make_interval(secs => $4), start_time, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS t, count(*)::int AS n
         FROM failure_occurrences WHERE project_id = $1 AND start_time >= $2 AND start_time <= $3 GROUP BY 1, 2`,
        [s.project.projectId, from, to, page.stepMs / 1000],
      );
      const starts = stepStarts(f.window, page.stepMs);
      for (const g of page.data) {
        const truth = starts.map((t) => rows.find((r) => r.signature === g.signature && r.t.getTime() === t)?.n ?? 0);
        expect(g.trend, `${g.signature} ${from}..${to}`).toEqual(truth);
      }
    }
  });
});

describe("GET /v1/runs?failure=<signature>", () => {
  it("lists the runs with an occurrence of the group in the window", async () => {
    const res = await get(`/v1/runs?range=1M&failure=${toolSig}&limit=100`);
    expect(res.status).toBe(200);
    const ids = (
      await s.db.sql.query<{ run_id: string }>(
        `SELECT DISTINCT run_id FROM failure_occurrences WHERE project_id = $1 AND signature = $2 AND start_time >= $3 ORDER BY 1`,
        [s.project.projectId, toolSig, at(30 * 24 * H)],
      )
    ).map((r) => r.run_id);
    expect(res.body.data.map((r: any) => r.id).sort()).toEqual(ids);
    expect(ids.length).toBe(8);
    // Combined with another filter, and upper-case hex is the same signature.
    const failedOnly = await get(`/v1/runs?range=1M&failure=${timeoutSig.toUpperCase()}&agent=billing`);
    expect(failedOnly.body.data.every((r: any) => r.status === "error" && r.agent.slug === "billing")).toBe(true);
    expect(failedOnly.body.data.length).toBe(4);
    expect((await get(`/v1/runs?range=1M&failure=0000000000000000`)).body.data).toEqual([]);
    const bad = await get(`/v1/runs?range=1M&failure=not-a-signature`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/failure must be an error signature/);
  });
});
