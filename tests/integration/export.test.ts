// GET /v1/runs/export end to end: the exported runs are exactly the ones GET /v1/runs lists with
// the same filters and sort (and GET /v1/search with the same q), each JSONL line is the run as
// GET /v1/runs/{id} returns it, the CSV is RFC 4180 with spreadsheet formulas defused (read back
// with csv-parse), the OTLP export imports again through POST /v1/traces into a fresh project as
// the same runs, and bad parameters or keys are refused before a download starts.
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "@/lib/export/csv";
import type { Sql } from "@/lib/db/sql";
import { EXPORT_PAGE, exportRuns, parseExport } from "@/lib/server/export";
import { createProject, withInstalledProject, type TestProject } from "../helpers/db";
import { call, getJson, postJson } from "../helpers/routes";

const now = Date.now();
const AGENTS = ["support-bot", "billing-agent"];
const MODELS = ["gpt-4o", "claude-sonnet-4"];
// Cells a spreadsheet would run, and text that needs quoting.
const NASTY = ['=HYPERLINK("http://evil","x")', "+1+2", "-3", "@SUM(A1)", 'say "hi", then\r\nleave', "plain, with comma", "\tTAB", "naïve 東京"];

// More runs than one export page, so the export walks several pages.
const COUNT = EXPORT_PAGE + 30;

function items(i: number): unknown[] {
  const id = `exp-run-${String(i).padStart(3, "0")}`;
  const start = now - (5 + i * 3) * 60_000;
  const iso = (ms: number) => new Date(start + ms).toISOString();
  const error = i % 7 === 3;
  const out: unknown[] = [
    {
      type: "run",
      run_id: id,
      start_time: iso(0),
      end_time: iso(900 + i),
      status_code: error ? 2 : 0,
      ...(error ? { status_message: `boom ${i}` } : {}),
      prompt: { user_prompt: i < NASTY.length ? NASTY[i] : `question ${i} about refunds`, system_prompt: "You are helpful." },
      response: `answer ${i}`,
      session_id: `session-${i % 4}`,
      conversational: i % 2 === 0,
      metadata: {
        "tcc.agent": AGENTS[i % 2],
        "tcc.userId": `user-${i % 3}`,
        "tcc.userName": `User ${i % 3}`,
        "tcc.orgId": `org-${i % 2}`,
        "tcc.orgName": `Org ${i % 2}`,
        plan: i % 3 === 0 ? "pro" : "free",
        ...(i % 5 === 0 ? { note: "=1+1" } : {}),
      },
    },
    {
      type: "step",
      run_id: id,
      step_id: `${id}-s1`,
      start_time: iso(10),
      end_time: iso(400),
      prompt: JSON.stringify([{ role: "user", content: `question ${i}` }]),
      response: `thinking about ${i}`,
      status_code: 0,
      model_used: MODELS[i % 2],
      finish_reason: "tool_calls",
      prompt_uncached_tokens: 100 + i,
      completion_tokens: 20,
    },
  ];
  if (i % 3 !== 2) {
    out.push({
      type: "tool_call",
      run_id: id,
      tool_call_id: `${id}-tc`,
      tool_name: "lookup_order",
      start_time: iso(420),
      end_time: iso(500),
      status_code: i % 4 === 1 ? 2 : 0,
      ...(i % 4 === 1 ? { status_message: "order not found" } : {}),
      args: JSON.stringify({ order: `ORD-${i}` }),
      result: i % 4 === 1 ? undefined : JSON.stringify({ ok: true, total: i }),
    });
  }
  return out;
}

const ctx = withInstalledProject(async ({ project }) => {
  const all = Array.from({ length: COUNT }, (_, i) => items(i)).flat();
  for (let i = 0; i < all.length; i += 200) {
    const res = await postJson("/v1/custom", { type: "batch", items: all.slice(i, i + 200) }, project.ingestKey);
    expect(res.status, JSON.stringify(await res.clone().text())).toBe(200);
  }
  for (const [i, score] of [
    [1, "thumbs_up"],
    [2, "thumbs_down"],
    [4, "thumbs_down"],
  ] as const) {
    const res = await postJson(
      "/v1/feedback",
      { runId: `exp-run-${String(i).padStart(3, "0")}`, score, text: i === 4 ? "=bad idea" : undefined },
      project.ingestKey,
    );
    expect(res.status).toBe(200);
  }
});

async function exportRaw(query: string, key = ctx.project.readKey) {
  return call("GET", `/v1/runs/export?${query}`, { headers: { authorization: `Bearer ${key}` } });
}

async function exportText(query: string): Promise<{ res: Response; text: string }> {
  const res = await exportRaw(query);
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBe(200);
  return { res, text };
}

const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

async function walkList(path: string, query: string, key = ctx.project.readKey): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res: { status: number; body: any } = await getJson(`${path}?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, key);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out.push(...res.body.data.map((r: { id?: string; runId?: string }) => r.id ?? r.runId));
    cursor = res.body.nextCursor;
    if (!cursor) return out;
  }
  throw new Error("too many pages");
}

describe("the exported runs are the listed runs", () => {
  const filters = [
    "range=1d",
    "range=1d&agent=billing-agent",
    "range=1d&status=error",
    "range=1d&userId=user-1&conversational=true",
    "range=1d&metadata.plan=pro",
    "range=1d&model=claude-sonnet-4",
    "range=1d&feedback=any",
    "range=1d&sessionId=session-3&status=success",
    "range=1h",
    "range=1d&sort=duration&order=asc",
    "range=1d&sort=tokens",
    "range=1d&agent=no-such-agent",
  ];

  it.each(filters)("%s (jsonl and csv)", async (query) => {
    const listed = await walkList("/v1/runs", query);
    const { text } = await exportText(`${query}&format=jsonl`);
    expect(jsonLines(text).map((r) => r.id)).toEqual(listed);
    const csv = parseCsv((await exportText(`${query}&format=csv`)).text, { columns: true }) as Array<Record<string, string>>;
    expect(csv.map((r) => r.run_id)).toEqual(listed);
  });

  it("walks more runs than one page (the seed holds more than EXPORT_PAGE)", async () => {
    const { text } = await exportText("range=1d");
    expect(jsonLines(text)).toHaveLength(COUNT);
  });

  it("exports search results with q, in the search's order", async () => {
    const query = "range=1d&q=refunds&agent=support-bot";
    const found = await walkList("/v1/search", query);
    expect(found.length).toBeGreaterThan(10);
    expect(jsonLines((await exportText(`${query}&format=jsonl`)).text).map((r) => r.id)).toEqual(found);
    const csv = parseCsv((await exportText(`${query}&format=csv`)).text, { columns: true }) as Array<Record<string, string>>;
    expect(csv.map((r) => r.run_id)).toEqual(found);
  });
});

describe("formats", () => {
  it("JSONL: each line is the run as GET /v1/runs/{id} returns it", async () => {
    const { res, text } = await exportText("range=1d&format=jsonl");
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="sightline-runs-\d{8}T\d{6}\.jsonl"$/);
    const lines = jsonLines(text);
    for (const line of lines.filter((_, i) => i % 9 === 0)) {
      const one = await getJson(`/v1/runs/${line.id}`, ctx.project.readKey);
      expect(line).toEqual(one.body);
    }
    const withTool = lines.find((l) => l.id === "exp-run-004")!;
    expect(withTool.steps).toHaveLength(1);
    expect(withTool.toolCalls).toEqual([expect.objectContaining({ name: "lookup_order", args: '{"order":"ORD-4"}' })]);
    expect(withTool.feedback).toEqual([expect.objectContaining({ score: "thumbs_down", text: "=bad idea" })]);
    expect(withTool.metadata).toEqual({ plan: "free" });
    expect(withTool.insights).toEqual(expect.objectContaining({ patterns: expect.any(Array), topic: null }));
  });

  it("CSV: the runs table's columns, RFC 4180 quoting and formulas defused", async () => {
    const { res, text } = await exportText("range=1d&format=csv");
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/filename="sightline-runs-\d{8}T\d{6}\.csv"$/);
    expect(text.split("\r\n")[0]).toBe(CSV_COLUMNS.map(([h]) => h).join(","));
    const rows = parseCsv(text, { columns: true }) as Array<Record<string, string>>;
    const byId = new Map(rows.map((r) => [r.run_id, r]));
    const prompt = (i: number) => byId.get(`exp-run-${String(i).padStart(3, "0")}`)!.prompt;
    expect(prompt(0)).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(prompt(1)).toBe("'+1+2");
    expect(prompt(2)).toBe("'-3");
    expect(prompt(3)).toBe("'@SUM(A1)");
    expect(prompt(4)).toBe('say "hi", then\r\nleave');
    expect(prompt(5)).toBe("plain, with comma");
    expect(prompt(6)).toBe("'\tTAB");
    expect(prompt(7)).toBe("naïve 東京");
    // Every text cell of every row: none starts a formula.
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
    const r4 = byId.get("exp-run-004")!;
    expect(r4).toMatchObject({
      status: "success",
      agent: "support-bot",
      user_id: "user-1",
      user_name: "User 1",
      org_id: "org-0",
      session_id: "session-0",
      models: "gpt-4o",
      input_tokens: "104",
      output_tokens: "20",
      steps: "1",
      tool_calls: "1",
      feedback_count: "1",
      latest_feedback: "thumbs_down",
      latest_feedback_text: "'=bad idea",
      conversational: "true",
    });
    expect(Number(r4.duration_ms)).toBe(904);
    expect(byId.get("exp-run-003")).toMatchObject({ status: "error", status_message: "boom 3" });
  });

  it("OTLP: the export imports through POST /v1/traces into a fresh project as the same runs", async () => {
    const { res, text } = await exportText("range=1d&format=otlp");
    expect(res.headers.get("content-disposition")).toMatch(/filename="sightline-runs-\d{8}T\d{6}\.otlp\.jsonl"$/);
    const requests = text.split("\n").filter(Boolean);
    expect(requests).toHaveLength(COUNT);
    const fresh: TestProject = await createProject(ctx.db);
    for (const body of requests) {
      const r = await postJson("/v1/traces", body, fresh.ingestKey);
      expect(r.status, await r.clone().text()).toBe(200);
    }
    const original = jsonLines((await exportText("range=1d&format=jsonl")).text);
    const again = await walkList("/v1/runs", "range=1d", fresh.readKey);
    expect(again).toEqual(original.map((r) => r.id));
    for (const o of original) {
      const { body: n } = await getJson(`/v1/runs/${o.id}`, fresh.readKey);
      const runFields = (r: Record<string, any>) => ({
        agent: r.agent,
        sessionId: r.sessionId,
        conversational: r.conversational,
        user: r.user,
        org: r.org,
        status: r.status,
        statusMessage: r.statusMessage,
        startTime: r.startTime,
        endTime: r.endTime,
        durationMs: r.durationMs,
        userPrompt: r.userPrompt,
        response: r.response,
        systemPrompt: r.systemPrompt,
        models: r.models,
        usage: r.usage,
        metadata: r.metadata,
        stepCount: r.stepCount,
        toolCallCount: r.toolCallCount,
        toolErrorCount: r.toolErrorCount,
      });
      expect(runFields(n), o.id).toEqual(runFields(o));
      const step = (s: Record<string, any>) => ({
        model: s.model,
        status: s.status,
        startTime: s.startTime,
        endTime: s.endTime,
        input: s.input,
        output: s.output,
        finishReason: s.finishReason,
        usage: s.usage,
      });
      expect(n.steps.map(step), o.id).toEqual(o.steps.map(step));
      const tool = (t: Record<string, any>) => ({
        name: t.name,
        toolCallId: t.toolCallId,
        args: t.args,
        result: t.result,
        status: t.status,
        error: t.error,
        startTime: t.startTime,
        endTime: t.endTime,
      });
      expect(n.toolCalls.map(tool), o.id).toEqual(o.toolCalls.map(tool));
    }
  });
});

describe("refusals", () => {
  it.each([
    ["range=1d&format=xml", /format must be one of jsonl, csv, otlp/],
    ["format=csv", /time window is required/],
    ["range=1d&status=maybe", /status must be one of/],
    ["range=1d&limit=10", /Unknown parameter "limit"/],
    ["range=1d&cursor=abc", /Unknown parameter "cursor"/],
    ["range=1d&pattern=no-such-pattern", /pattern must be/],
    ["range=1d&q=refunds&sort=duration", /sort and order do not apply with q/],
    ["range=1d&format=csv&format=jsonl", /more than once/],
  ])("%s is a 400 before any download", async (query, message) => {
    const res = await exportRaw(query);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-disposition")).toBeNull();
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(message);
  });

  it("an ingestion key cannot export, nor can a request without a key", async () => {
    const res = await exportRaw("range=1d", ctx.project.ingestKey);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ingest_key_cannot_read");
    const anon = await call("GET", "/v1/runs/export?range=1d");
    expect(anon.status).toBe(401);
  });

  it("another project's read key exports that project's runs only", async () => {
    const other = await createProject(ctx.db);
    const res = await exportRaw("range=1d&format=jsonl", other.readKey);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });
});

describe("a run whose id is `export`", () => {
  // The static export route shadows GET /v1/runs/{id} for this id: without a query string the
  // path reads the run, with one it exports.
  it("is read at /v1/runs/export without a query string, and the path still exports with one", async () => {
    const p = await createProject(ctx.db);
    const before = await exportRaw("", p.readKey);
    expect(before.status).toBe(400);
    expect(((await before.json()) as { error: { message: string } }).error.message).toMatch(/time window is required/);

    const run = items(0).map((it) => {
      const o: Record<string, unknown> = { ...(it as Record<string, unknown>), run_id: "export" };
      if (o.type === "step") o.step_id = "export-s1";
      if (o.type === "tool_call") o.tool_call_id = "export-tc";
      return o;
    });
    const res = await postJson("/v1/custom", { type: "batch", items: run }, p.ingestKey);
    expect(res.status, await res.clone().text()).toBe(200);

    const read = await call("GET", "/v1/runs/export", { headers: { authorization: `Bearer ${p.readKey}` } });
    expect(read.status).toBe(200);
    expect(read.headers.get("content-disposition")).toBeNull();
    const body = (await read.json()) as { id: string; steps: unknown[]; toolCalls: unknown[] };
    expect(body).toMatchObject({ id: "export", userPrompt: NASTY[0] });
    expect(body.steps).toHaveLength(1);
    expect(body.toolCalls).toHaveLength(1);

    const exported = await exportRaw("range=1d", p.readKey);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toMatch(/attachment/);
    const lines = jsonLines(await exported.text());
    expect(lines.map((r) => r.id)).toEqual(["export"]);
    expect(lines[0]).toEqual(body);

    // Another project's run `export` is not this project's.
    const other = await call("GET", "/v1/runs/export", { headers: { authorization: `Bearer ${ctx.project.readKey}` } });
    expect(other.status).toBe(400);
  });
});

describe("a read failing after the download has started", () => {
  // The next page's list is read while a page renders: its failure must cut the download short
  // at the next page, not end it as if complete nor surface as an unhandled rejection.
  it("errors the stream after the pages already sent", async () => {
    let lists = 0;
    const sql = ctx.db.sql;
    const failing: Sql = {
      kind: sql.kind,
      exec: (text) => sql.exec(text),
      transaction: (fn) => sql.transaction(fn),
      close: async () => {},
      query: (text, params, opts) => {
        if (/AS sort_value/.test(text) && ++lists === 2) return Promise.reject(new Error("connection lost"));
        return sql.query(text, params, opts);
      },
    };
    const e = await exportRuns(failing, ctx.project.projectId, parseExport(new URLSearchParams({ range: "1d" }), "api"));
    const reader = e.body.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(new TextDecoder().decode(first.value).split("\n").filter(Boolean)).toHaveLength(EXPORT_PAGE);
    await expect(reader.read()).rejects.toThrow("connection lost");
    expect(lists).toBe(2);
  });
});
