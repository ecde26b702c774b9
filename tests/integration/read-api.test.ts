// The REST read API: every filter, the time window, keyset paging and sorting, sessions, and the
// 400s for bad parameters, on a dataset whose expected answers are computed independently here.
import { describe, expect, it } from "vitest";
import { withInstalledProject } from "../helpers/db";
import { getJson, postJson } from "../helpers/routes";

interface Spec {
  id: string;
  minutesAgo: number;
  agent: string;
  user: string | null;
  org: string | null;
  session: string | null;
  conversational: boolean;
  error: boolean;
  feedback: "thumbs_up" | "thumbs_down" | "text" | null;
  model: string;
  durationMs: number;
  tokens: number;
  plan: string;
}

const AGENTS = ["support-bot", "billing-agent", "research-agent"];
const MODELS = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4"];
const PLANS = ["free", "pro", "enterprise"];
const now = Date.now();

// 36 runs, one every 7 minutes, with every dimension varying on its own period.
const specs: Spec[] = Array.from({ length: 36 }, (_, i) => ({
  id: `read-api-run-${String(i).padStart(2, "0")}`,
  minutesAgo: 5 + i * 7,
  agent: AGENTS[i % 3]!,
  user: i % 5 === 4 ? null : `user-${i % 4}`,
  org: i % 5 === 4 ? null : `org-${i % 2}`,
  session: i % 6 === 5 ? null : `session-${Math.floor(i / 6)}`,
  conversational: i % 2 === 0,
  error: i % 7 === 3,
  feedback: i % 9 === 1 ? "thumbs_up" : i % 9 === 2 ? "thumbs_down" : i % 9 === 3 ? "text" : null,
  model: MODELS[i % 3]!,
  durationMs: 100 + ((i * 37) % 500),
  tokens: 10 + ((i * 53) % 900),
  plan: PLANS[i % 3]!,
}));

function item(s: Spec) {
  const start = new Date(now - s.minutesAgo * 60_000);
  const end = new Date(start.getTime() + s.durationMs);
  const metadata: Record<string, string> = { "tcc.agent": s.agent, plan: s.plan };
  if (s.user) Object.assign(metadata, { "tcc.userId": s.user, "tcc.userName": `Name of ${s.user}` });
  if (s.org) Object.assign(metadata, { "tcc.orgId": s.org, "tcc.orgName": `Org ${s.org}` });
  return {
    type: "batch",
    items: [
      {
        type: "run",
        run_id: s.id,
        start_time: start.toISOString(),
        end_time: end.toISOString(),
        status_code: s.error ? 2 : 0,
        status_message: s.error ? "tool exploded" : undefined,
        prompt: { user_prompt: `question ${s.id}` },
        response: `answer ${s.id}`,
        ...(s.session ? { session_id: s.session } : {}),
        conversational: s.conversational,
        metadata,
      },
      {
        type: "step",
        run_id: s.id,
        step_id: `${s.id}-step`,
        start_time: start.toISOString(),
        end_time: end.toISOString(),
        prompt: "[]",
        response: "ok",
        status_code: 0,
        model_used: s.model,
        prompt_uncached_tokens: s.tokens,
        completion_tokens: 0,
        real_total_cost: s.tokens / 1000,
      },
    ],
  };
}

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
const newestFirst = (list: Spec[]) => [...list].sort((a, b) => a.minutesAgo - b.minutesAgo).map((s) => s.id);
const RANGE = "range=1d";

async function list(query: string, key = s.project.readKey) {
  const res = await getJson(`/v1/runs?${query}`, key);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { data: Array<Record<string, any>>; nextCursor: string | null };
}

/** Walks every page of a query and returns all ids in order. */
async function walk(query: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await list(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    out.push(...ids(page.data as Array<{ id: string }>));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

const s = withInstalledProject(async () => {
  for (const spec of specs) expect((await postJson("/v1/custom", item(spec), s.project.ingestKey)).status).toBe(200);
  for (const spec of specs) {
    if (!spec.feedback) continue;
    const body = spec.feedback === "text" ? { runId: spec.id, text: "meh" } : { runId: spec.id, score: spec.feedback };
    expect((await postJson("/v1/feedback", body, s.project.ingestKey)).status).toBe(200);
  }
});

describe("GET /v1/runs filters", () => {
  const cases: Array<[string, (s: Spec) => boolean]> = [
    ["agent=billing-agent", (s) => s.agent === "billing-agent"],
    ["agent=Research-Agent", () => false], // names and slugs match exactly
    ["userId=user-1", (s) => s.user === "user-1"],
    ["orgId=org-0", (s) => s.org === "org-0"],
    ["sessionId=session-2", (s) => s.session === "session-2"],
    ["conversational=true", (s) => s.conversational],
    ["conversational=false", (s) => !s.conversational],
    ["status=error", (s) => s.error],
    ["status=success", (s) => !s.error],
    ["feedback=thumbs_up", (s) => s.feedback === "thumbs_up"],
    ["feedback=thumbs_down", (s) => s.feedback === "thumbs_down"],
    ["feedback=any", (s) => s.feedback !== null],
    ["feedback=none", (s) => s.feedback === null],
    ["model=claude-sonnet-4", (s) => s.model === "claude-sonnet-4"],
    ["metadata.plan=pro", (s) => s.plan === "pro"],
    ["metadata.plan=pro&agent=support-bot&status=success", (s) => s.plan === "pro" && s.agent === "support-bot" && !s.error],
    ["metadata.plan=nope", () => false],
    ["userId=user-2&feedback=none&conversational=true", (s) => s.user === "user-2" && s.feedback === null && s.conversational],
  ];

  it.each(cases)("%s", async (query, match) => {
    expect(await walk(`${RANGE}&limit=100&${query}`)).toEqual(newestFirst(specs.filter(match)));
  });

  it("returns the Run shape with names, usage, cost and feedback", async () => {
    const target = specs.find((s) => s.feedback === "thumbs_down" && s.user && s.org)!;
    const { data } = await list(`${RANGE}&userId=${target.user}&feedback=thumbs_down`);
    const run = data.find((r) => r.id === target.id)!;
    expect(run).toMatchObject({
      agent: { name: target.agent, slug: target.agent },
      user: { id: target.user, name: `Name of ${target.user}` },
      org: { id: target.org, name: `Org ${target.org}` },
      sessionId: target.session,
      conversational: target.conversational,
      status: target.error ? "error" : "success",
      durationMs: target.durationMs,
      userPrompt: `question ${target.id}`,
      response: `answer ${target.id}`,
      models: [target.model],
      usage: { inputTokens: target.tokens, outputTokens: 0, cachedTokens: 0 },
      metadata: { plan: target.plan },
      stepCount: 1,
      toolCallCount: 0,
    });
    expect(run.costUsd).toBeCloseTo(target.tokens / 1000, 9);
    expect(run.feedback).toEqual([expect.objectContaining({ score: "thumbs_down", text: null, source: "api" })]);
  });
});

describe("time window", () => {
  it("range=1h keeps only the last hour", async () => {
    expect(await walk("range=1h&limit=100")).toEqual(newestFirst(specs.filter((s) => s.minutesAgo <= 60)));
  });

  it("from/to accept ISO 8601 and epoch milliseconds", async () => {
    const from = now - 100 * 60_000;
    const to = now - 30 * 60_000;
    const expected = newestFirst(specs.filter((s) => s.minutesAgo >= 30 && s.minutesAgo <= 100));
    expect(await walk(`from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&limit=100`)).toEqual(expected);
    expect(await walk(`from=${from}&to=${to}&limit=100`)).toEqual(expected);
  });
});

describe("keyset paging and sorting", () => {
  it("pages through every run exactly once, newest first", async () => {
    const all = await walk(`${RANGE}&limit=7`);
    expect(all).toEqual(newestFirst(specs));
    expect(new Set(all).size).toBe(specs.length);
  });

  it("keeps the filter across pages", async () => {
    expect(await walk(`${RANGE}&limit=2&agent=support-bot`)).toEqual(newestFirst(specs.filter((s) => s.agent === "support-bot")));
  });

  it.each([
    ["duration", (s: Spec) => s.durationMs],
    ["tokens", (s: Spec) => s.tokens],
    ["cost", (s: Spec) => s.tokens / 1000],
  ] as const)("sort=%s in both directions, paged", async (sort, value) => {
    const byValue = (dir: 1 | -1) =>
      [...specs].sort((a, b) => dir * (value(a) - value(b)) || (dir === 1 ? (a.id < b.id ? -1 : 1) : a.id < b.id ? 1 : -1)).map((s) => s.id);
    expect(await walk(`${RANGE}&limit=5&sort=${sort}&order=asc`)).toEqual(byValue(1));
    expect(await walk(`${RANGE}&limit=5&sort=${sort}&order=desc`)).toEqual(byValue(-1));
  });

  it("sort=startTime&order=asc is oldest first", async () => {
    expect(await walk(`${RANGE}&limit=8&order=asc`)).toEqual(newestFirst(specs).reverse());
  });
});

describe("bad parameters are 400s that say what to fix", () => {
  const bad = [
    "",
    "range=3d",
    "from=yesterday",
    "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
    `${RANGE}&limit=0`,
    `${RANGE}&limit=101`,
    `${RANGE}&limit=abc`,
    `${RANGE}&status=failed`,
    `${RANGE}&feedback=love`,
    `${RANGE}&conversational=yes`,
    `${RANGE}&sort=name`,
    `${RANGE}&cursor=not-a-cursor`,
    `${RANGE}&cursor=${Buffer.from(JSON.stringify(["12", "x"])).toString("base64url")}`,
    `${RANGE}&sort=duration&cursor=${Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z", "x"])).toString("base64url")}`,
    `${RANGE}&cursor=${Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z", "x\u0000"])).toString("base64url")}`,
    `${RANGE}&userId=%00`,
    `${RANGE}&user=u1`,
    `${RANGE}&status=error&status=success`,
  ];
  it.each(bad)("GET /v1/runs?%s", async (query) => {
    const res = await getJson(`/v1/runs?${query}`, s.project.readKey);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_query");
    expect(res.body.error.message.length).toBeGreaterThan(15);
  });

  it("a filter that cannot match is a 400, not a filter dropped to return every run", async () => {
    for (const path of ["/v1/runs", "/v1/sessions"]) {
      const res = await getJson(`${path}?${RANGE}&userId=%00`, s.project.readKey);
      expect(res.status, path).toBe(400);
      expect(res.body.error.message).toMatch(/userId .*cannot match anything/);
    }
  });

  it("an unknown parameter is a 400 that names the known ones (a typo never returns everything)", async () => {
    for (const path of ["/v1/runs", "/v1/sessions"]) {
      const res = await getJson(`${path}?${RANGE}&user=u1`, s.project.readKey);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe("invalid_query");
      expect(res.body.error.message).toMatch(/Unknown parameter "user".*Known parameters: range, from, to, agent, userId, orgId/);
    }
  });

  it.each(["", `${RANGE}&cursor=${Buffer.from(JSON.stringify(["12", "x"])).toString("base64url")}`])("GET /v1/sessions?%s", async (query) => {
    const res = await getJson(`/v1/sessions?${query}`, s.project.readKey);
    expect(res.status).toBe(400);
  });

  it("404 for an unknown run or session", async () => {
    expect((await getJson("/v1/runs/does-not-exist", s.project.readKey)).status).toBe(404);
    expect((await getJson("/v1/sessions/does-not-exist", s.project.readKey)).status).toBe(404);
  });
});

describe("sessions", () => {
  const sessionIds = [...new Set(specs.map((s) => s.session).filter((x): x is string => !!x))];
  const runsOf = (id: string) => specs.filter((s) => s.session === id);
  const lastSeen = (id: string) => Math.min(...runsOf(id).map((s) => s.minutesAgo));

  it("lists every session, most recently active first, paged", async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await getJson(`/v1/sessions?${RANGE}&limit=2${cursor ? `&cursor=${cursor}` : ""}`, s.project.readKey);
      expect(res.status).toBe(200);
      all.push(...ids(res.body.data));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(all).toEqual([...sessionIds].sort((a, b) => lastSeen(a) - lastSeen(b)));
  });

  it("aggregates each session from its runs", async () => {
    const { body } = await getJson(`/v1/sessions?${RANGE}&limit=100`, s.project.readKey);
    for (const id of sessionIds) {
      const runs = runsOf(id);
      const s = body.data.find((x: { id: string }) => x.id === id);
      expect(s, id).toMatchObject({
        runCount: runs.length,
        errorCount: runs.filter((r) => r.error).length,
        thumbsUp: runs.filter((r) => r.feedback === "thumbs_up").length,
        thumbsDown: runs.filter((r) => r.feedback === "thumbs_down").length,
        conversational: runs.some((r) => r.conversational),
      });
      const latest = [...runs].sort((a, b) => a.minutesAgo - b.minutesAgo)[0]!;
      expect(s.agent).toEqual({ name: latest.agent, slug: latest.agent });
    }
  });

  it("filters sessions like runs", async () => {
    const { body } = await getJson(`/v1/sessions?${RANGE}&limit=100&status=error`, s.project.readKey);
    expect(ids(body.data).sort()).toEqual(sessionIds.filter((id) => runsOf(id).some((r) => r.error)).sort());
    const pro = await getJson(`/v1/sessions?${RANGE}&limit=100&metadata.plan=pro`, s.project.readKey);
    expect(ids(pro.body.data).sort()).toEqual(sessionIds.filter((id) => runsOf(id).some((r) => r.plan === "pro")).sort());
  });

  it("returns a session with its runs in order", async () => {
    const { status, body } = await getJson("/v1/sessions/session-1", s.project.readKey);
    expect(status).toBe(200);
    expect(ids(body.runs)).toEqual(newestFirst(runsOf("session-1")).reverse());
    expect(body.runsTruncated).toBe(false);
  });
});
