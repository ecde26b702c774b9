// Search end to end: runs ingested through /v1/custom are found through GET /v1/search by their
// words, identifiers, non-Latin and \uXXXX-escaped text, fields and filters; pages follow cursors
// across blocks, the index and the walk; malformed queries are 400s with a reason; a retried write
// does not rewrite a document; the backfill indexes runs stored before search.
import { describe, expect, it } from "vitest";
import { forgetLexemeShares, searchRuns, type SearchLimits } from "@/lib/server/data/search";
import { backfillSearchBatch } from "@/lib/server/ingest/search-backfill";
import { SEARCH_LIST } from "@/lib/validations/lists";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { getJson, postJson } from "../helpers/routes";

let other: TestProject;

const now = Date.now();
const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

interface RunSpec {
  id: string;
  minutesAgo: number;
  prompt?: string;
  response?: string;
  error?: string;
  metadata?: Record<string, string>;
  tool?: { name: string; args: string; result: string };
}

function items(r: RunSpec): unknown[] {
  const out: unknown[] = [
    {
      type: "run",
      run_id: r.id,
      start_time: at(r.minutesAgo),
      end_time: at(r.minutesAgo - 0.01),
      status_code: r.error ? 2 : 0,
      ...(r.error ? { status_message: r.error } : {}),
      prompt: { user_prompt: r.prompt ?? "hello" },
      response: r.response ?? "ok",
      metadata: r.metadata ?? {},
    },
  ];
  if (r.tool) {
    out.push({
      type: "tool_call",
      run_id: r.id,
      tool_call_id: `${r.id}-tc`,
      tool_name: r.tool.name,
      start_time: at(r.minutesAgo),
      end_time: at(r.minutesAgo - 0.005),
      status_code: 0,
      args: r.tool.args,
      result: r.tool.result,
    });
  }
  return out;
}

async function ingest(key: string, runs: RunSpec[]) {
  const res = await postJson("/v1/custom", { type: "batch", items: runs.flatMap(items) }, key);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

const RUNS: RunSpec[] = [
  {
    id: "r-refund",
    minutesAgo: 10,
    prompt: "How do I get a refund for order ORD-4021?",
    response: "Your refund is on its way.",
    metadata: { "tcc.agent": "Support Bot", "tcc.userId": "u-ada", "tcc.userName": "Ada Lovelace", plan: "pro" },
    tool: { name: "lookup_order", args: '{"sku":"SKU-77X1"}', result: "shipped" },
  },
  { id: "r-zh", minutesAgo: 20, prompt: "我想退款，订单号 ORD-5500", error: "ERR_RATE_LIMIT exceeded for tenant" },
  // The Python SDKs send non-ASCII text JSON-escaped inside string fields.
  { id: "r-escaped", minutesAgo: 30, prompt: "weather please", tool: { name: "get_weather", args: '{"city": "\\u6771\\u4eac"}', result: "sunny" } },
  { id: "r-ru", minutesAgo: 40, prompt: "Привет, мне нужен возврат денег", response: "Хорошо" },
];
const BULK = Array.from({ length: 45 }, (_, i): RunSpec => ({
  id: `bulk-${String(i).padStart(2, "0")}`,
  minutesAgo: 100 + i,
  prompt: `bulk message number ${i}`,
}));

const s = withInstalledProject(async () => {
  other = await createProject(s.db);
  await ingest(s.project.ingestKey, [...RUNS, ...BULK]);
  await ingest(other.ingestKey, [{ id: "other-refund", minutesAgo: 5, prompt: "refund please ORD-4021" }]);
});

const search = (query: string) => getJson(`/v1/search?range=1d&${query}`, s.project.readKey);
async function ids(q: string, extra = ""): Promise<string[]> {
  const { status, body } = await search(`q=${encodeURIComponent(q)}${extra}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.data.map((h: { runId: string }) => h.runId);
}

describe("GET /v1/search", { timeout: 60_000 }, () => {
  it("finds a word, with its field and a highlighted snippet, and not another project's runs", async () => {
    const { status, body } = await search("q=refund");
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    const hit = body.data[0];
    expect(hit).toMatchObject({ runId: "r-refund", field: "prompt", agent: { name: "Support Bot" }, status: "success" });
    expect(hit.startTime).toBe(at(10));
    const [s, e] = hit.highlights[0];
    expect(hit.snippet.slice(s, e).toLowerCase()).toBe("refund");
    expect(body.nextCursor).toBeNull();
  });

  it("searches one field with a prefix", async () => {
    expect(await ids("prompt:refund")).toEqual(["r-refund"]);
    expect(await ids("response:refund")).toEqual(["r-refund"]);
    expect(await ids("tool:refund")).toEqual([]);
    expect(await ids("tool:lookup_order")).toEqual(["r-refund"]);
    expect(await ids("error:ERR_RATE_LIMIT")).toEqual(["r-zh"]);
    expect(await ids("error:tenant")).toEqual(["r-zh"]);
    expect(await ids("prompt:tenant")).toEqual([]);
  });

  it("finds identifiers by substring, any case", async () => {
    expect(await ids("ORD-4021")).toEqual(["r-refund"]);
    expect(await ids("sku-77x")).toEqual(["r-refund"]);
    expect(await ids("RATE_LIMIT")).toEqual(["r-zh"]);
  });

  it("finds non-Latin text, and \\uXXXX-escaped text by its characters", async () => {
    expect(await ids("想退款")).toEqual(["r-zh"]);
    expect(await ids("退款")).toEqual(["r-zh"]); // two characters: no trigram, found by the walk
    expect(await ids("東京")).toEqual(["r-escaped"]);
    expect(await ids("возврат")).toEqual(["r-ru"]);
    expect(await ids('"нужен возврат"')).toEqual(["r-ru"]);
  });

  it("combines words, phrases, exclusions and prefixes", async () => {
    expect(await ids('"get a refund" ORD-4021')).toEqual(["r-refund"]);
    expect(await ids('"refund get"')).toEqual([]);
    expect(await ids("refun*")).toEqual(["r-refund"]);
    expect(await ids("refund -shipped")).toEqual([]);
    expect(await ids("ORD -refund")).toEqual(["r-zh"]);
  });

  it("takes run fields in the query and the runs table's filters beside it", async () => {
    expect(await ids("status:error")).toEqual(["r-zh"]);
    expect(await ids("user:u-ada")).toEqual(["r-refund"]);
    expect(await ids("user:ada lovelace".replace(" ", ""))).toEqual([]);
    expect(await ids('user:"Ada Lovelace"')).toEqual(["r-refund"]);
    expect(await ids('agent:"support bot"')).toEqual(["r-refund"]);
    expect(await ids("meta.plan:pro")).toEqual(["r-refund"]);
    expect(await ids("ORD", "&status=error")).toEqual(["r-zh"]);
    expect(await ids("ORD", "&userId=u-ada")).toEqual(["r-refund"]);
    expect(await ids("ORD", "&metadata.plan=pro")).toEqual(["r-refund"]);
    expect(await ids("refund", "&agent=nobody")).toEqual([]);
    // Every runs filter applies, the insight ones included.
    expect(await ids("refund", "&topic=no-such-topic")).toEqual([]);
    expect((await search("q=refund&pattern=no-such-pattern")).status).toBe(400);
  });

  it("respects the time window", async () => {
    const { body } = await getJson(`/v1/search?q=bulk&from=${encodeURIComponent(at(110))}&to=${encodeURIComponent(at(105))}&limit=100`, s.project.readKey);
    expect(body.data.map((h: { runId: string }) => h.runId).sort()).toEqual(["bulk-05", "bulk-06", "bulk-07", "bulk-08", "bulk-09", "bulk-10"]);
  });

  it("pages through results with cursors, each run once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const { status, body } = await search(`q=bulk&limit=20${cursor ? `&cursor=${cursor}` : ""}`);
      expect(status).toBe(200);
      seen.push(...body.data.map((h: { runId: string }) => h.runId));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
  });

  it("answers what cannot be searched with a 400 that says why, and repairs what it can", async () => {
    for (const q of ["", "   ", "-spam", "status:maybe", "x".repeat(600)]) {
      const { status, body } = await search(`q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(400);
      expect(body.error.code).toBe("invalid_query");
      expect(body.error.message.length).toBeGreaterThan(10);
    }
    const { status, body } = await search(`q=${encodeURIComponent('"get a refund')}`);
    expect(status).toBe(200);
    expect(body.data.map((h: { runId: string }) => h.runId)).toEqual(["r-refund"]);
    expect(body.warnings.join(" ")).toMatch(/quote/);
    const bad = await search(`q=bulk&cursor=nonsense`);
    expect(bad.status).toBe(400);
    const first = await search("q=bulk&limit=5");
    const wrong = await search(`q=message&limit=5&cursor=${first.body.nextCursor}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/another query/);
  });

  it("refuses ingestion keys and missing keys", async () => {
    expect((await getJson("/v1/search?range=1d&q=refund", s.project.ingestKey)).status).toBe(403);
  });
});

describe("search blocks, the index and the walk", { timeout: 60_000 }, () => {
  // Small limits so that 45 matches span several blocks and the probe overflows into walks.
  const limits = (l: Partial<SearchLimits>): SearchLimits => ({ block: 10, probeCap: 15, walkBudget: 12, walkBlock: 10, denseCheck: 0, maxWalks: 2, ...l });
  async function all(q: string, l: SearchLimits, pageSize = 7): Promise<{ ids: string[]; pages: number }> {
    const out: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const params = new URLSearchParams({ range: "1d", q, limit: String(pageSize), ...(cursor ? { cursor } : {}) });
      const page = await searchRuns(s.db.sql, s.project.projectId, SEARCH_LIST.parse(params), l);
      out.push(...page.data.map((h) => h.runId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { ids: out, pages };
  }
  const bulk = BULK.map((r) => r.id);

  it("the statistics call `bulk` common (the short walk's condition)", async () => {
    await s.db.sql.exec("ANALYZE run_search");
    forgetLexemeShares(s.db.sql);
    const [row] = await s.db.sql.query<{ f: number | null }>(
      `SELECT st.most_common_elem_freqs[e.i]::float8 AS f FROM pg_stats st, unnest(st.most_common_elems::text::text[]) WITH ORDINALITY AS e(v, i)
        WHERE st.tablename = 'run_search' AND st.attname = 'words' AND e.v = 'bulk'`,
    );
    expect(row?.f).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    ["few matches (index)", { probeCap: 1_000 }],
    ["many matches (walk)", {}],
    ["walk with a large budget", { walkBudget: 1_000 }],
    ["walk blocks smaller than the index's", { walkBlock: 4 }],
    ["a short walk first (common term)", { walkBlock: 4, denseCheck: 6 }],
    ["a short walk first, then the index", { walkBlock: 4, denseCheck: 6, probeCap: 1_000 }],
  ])("%s: every match exactly once", async (_, l) => {
    const r = await all("bulk", limits(l));
    expect([...r.ids].sort()).toEqual(bulk);
  });

  it("walks with an identifier when the index holds too many matches", async () => {
    const r = await all("bulk-1", limits({ probeCap: 1 }));
    expect([...r.ids].sort()).toEqual(bulk.filter((id) => id.startsWith("bulk-1")));
  });

  it("walks past runs that do not match (filters only)", async () => {
    const r = await all("status:error", limits({}));
    expect(r.ids).toEqual(["r-zh"]);
  });

  it("reports how far back a page searched when it stopped early", async () => {
    const params = new URLSearchParams({ range: "1d", q: "number", limit: "5" });
    const page = await searchRuns(s.db.sql, s.project.projectId, SEARCH_LIST.parse(params), limits({ block: 5, walkBlock: 5 }));
    expect(page.data).toHaveLength(5);
    expect(page.searchedFrom).not.toBeNull();
    expect(page.nextCursor).not.toBeNull();
  });
});

describe("the search document at ingestion", { timeout: 60_000 }, () => {
  it("adds children that arrive later, and a retried write does not rewrite the row", async () => {
    const late = {
      type: "batch",
      items: [
        {
          type: "step",
          run_id: "r-ru",
          step_id: "s-late",
          start_time: at(39),
          end_time: at(38.9),
          prompt: "zebra crossing",
          response: "noted",
          status_code: 0,
        },
      ],
    };
    expect((await postJson("/v1/custom", late, s.project.ingestKey)).status).toBeLessThan(300);
    expect(await ids("zebra")).toEqual(["r-ru"]);
    const before = await s.db.sql.query<{ xmin: string; prompt: string }>(`SELECT xmin::text AS xmin, prompt FROM run_search WHERE run_id = 'r-ru'`);
    expect((await postJson("/v1/custom", late, s.project.ingestKey)).status).toBeLessThan(300);
    const after = await s.db.sql.query<{ xmin: string; prompt: string }>(`SELECT xmin::text AS xmin, prompt FROM run_search WHERE run_id = 'r-ru'`);
    expect(after).toEqual(before);
    expect(after[0]!.prompt.match(/zebra/g)).toHaveLength(1);
  });

  it("the backfill indexes runs stored without a document, and resumes from its position", async () => {
    await s.db.sql.query(`DELETE FROM run_search WHERE project_id = $1`, [other.projectId]);
    expect(await getJson("/v1/search?range=1d&q=ORD-4021", other.readKey).then((r) => r.body.data)).toEqual([]);
    await s.db.sql.query(`INSERT INTO run_search_backfill (project_id) VALUES ($1)`, [other.projectId]);
    let batches = 0;
    while (await backfillSearchBatch(s.db.sql, 1)) batches++;
    expect(batches).toBe(2); // one run, then the empty batch that finishes the job
    const found = await getJson("/v1/search?range=1d&q=ORD-4021", other.readKey);
    expect(found.body.data.map((h: { runId: string }) => h.runId)).toEqual(["other-refund"]);
    const [job] = await s.db.sql.query<{ done: number; finished: boolean }>(
      `SELECT done, finished_at IS NOT NULL AS finished FROM run_search_backfill WHERE project_id = $1`,
      [other.projectId],
    );
    expect(job).toEqual({ done: 1, finished: true });
  });
});
