// POST /mcp driven by the official MCP client (Client + StreamableHTTPClientTransport) whose fetch
// calls the route handler in-process: the tools on a dataset whose answers are known, paging,
// truncation, tool errors, key checks, the per-key rate limit and project isolation.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { createProject, withInstalledProject } from "../helpers/db";
import { call, postJson } from "../helpers/routes";

const now = Date.now();
const clients: Client[] = [];

// 12 runs: agents alternate, every 4th fails, sessions of 3 runs; run 0's response is 5,000 characters.
const RUNS = Array.from({ length: 12 }, (_, i) => ({
  id: `mcp-run-${String(i).padStart(2, "0")}`,
  agent: i % 2 === 0 ? "Support Bot" : "billing-agent",
  error: i % 4 === 3,
  session: `mcp-session-${Math.floor(i / 3)}`,
  minutesAgo: 10 + i * 5,
  plan: i % 3 === 0 ? "pro" : "free",
}));

function payload(r: (typeof RUNS)[number], i: number) {
  const start = new Date(now - r.minutesAgo * 60_000);
  const end = new Date(start.getTime() + 1000);
  return {
    type: "batch",
    items: [
      {
        type: "run",
        run_id: r.id,
        start_time: start.toISOString(),
        end_time: end.toISOString(),
        status_code: r.error ? 2 : 0,
        status_message: r.error ? "tool exploded" : undefined,
        prompt: { user_prompt: `question ${i}` },
        response: i === 0 ? "z".repeat(5000) : `answer ${i}`,
        session_id: r.session,
        metadata: { "tcc.agent": r.agent, plan: r.plan, "tcc.userId": `user-${i % 3}` },
      },
      {
        type: "step",
        run_id: r.id,
        step_id: `${r.id}-step`,
        start_time: start.toISOString(),
        end_time: end.toISOString(),
        prompt: "[]",
        response: "ok",
        model_used: "gpt-4o",
        prompt_uncached_tokens: 100,
        completion_tokens: 10,
      },
      { type: "tool_call", run_id: r.id, tool_call_id: `${r.id}-tool`, tool_name: "lookup", args: '{"q":1}', result: "found" },
    ],
  };
}

/** A fetch that answers with the app's route handlers, the way Next.js would call them. */
const inProcessFetch = async (url: string | URL, init?: RequestInit): Promise<Response> =>
  call((init?.method ?? "GET") as "GET" | "POST", url.toString(), init);

async function connect(key: string): Promise<Client> {
  const client = new Client({ name: "sightline-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
    fetch: inProcessFetch,
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

interface ToolAnswer {
  isError: boolean;
  text: string;
  json: any;
}

async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const res = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ type: string; text: string }> };
  const text = res.content.map((c) => c.text).join("");
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* an error message */
  }
  return { isError: res.isError === true, text, json };
}

const ok = async (client: Client, name: string, args: Record<string, unknown> = {}) => {
  const a = await callTool(client, name, args);
  expect(a.isError, a.text).toBe(false);
  return a.json;
};

const rawPost = (key: string | null, body: unknown = { jsonrpc: "2.0", id: 1, method: "tools/list" }) =>
  postJson("/mcp", body, key, { accept: "application/json, text/event-stream" });

let client: Client;

const s = withInstalledProject(async () => {
  for (const [i, r] of RUNS.entries()) expect((await postJson("/v1/custom", payload(r, i), s.project.ingestKey)).status).toBe(200);
  client = await connect(s.project.readKey);
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
});

describe("MCP tools", () => {
  it("lists the tools with TCC's names, read-only", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual(
      [
        "get_agent_run",
        "get_agent_runs",
        "get_agent_session",
        "get_agent_sessions",
        "get_failures",
        "get_metrics",
        "get_tool_stats",
        "insight_search",
        "list_agent_patterns",
        "list_agent_topics",
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.description?.length, tool.name).toBeGreaterThan(20);
    }
    const runs = tools.find((x) => x.name === "get_agent_runs")!;
    // The REST filters, typed for a model.
    const props = runs.inputSchema.properties as Record<string, any>;
    for (const name of [
      "agent",
      "range",
      "from",
      "to",
      "userId",
      "orgId",
      "sessionId",
      "conversational",
      "status",
      "feedback",
      "model",
      "metadata",
      "sort",
      "order",
      "limit",
      "cursor",
    ]) {
      expect(props[name], name).toBeDefined();
    }
    expect(props.conversational.type).toBe("boolean");
    expect(props.status.enum).toEqual(["success", "error"]);
    expect(props.limit.type).toBe("integer");
  });

  it("get_agent_runs: all runs, one agent by name or slug, filters, and cursors that walk every page", async () => {
    const all = await ok(client, "get_agent_runs", { limit: 100 });
    expect(all.runs.map((r: any) => r.id)).toEqual(RUNS.map((r) => r.id));
    expect(all.nextCursor).toBeNull();
    const support = RUNS.filter((r) => r.agent === "Support Bot").map((r) => r.id);
    expect((await ok(client, "get_agent_runs", { agent: "Support Bot", limit: 100 })).runs.map((r: any) => r.id)).toEqual(support);
    expect((await ok(client, "get_agent_runs", { agent: "support-bot", limit: 100 })).runs.map((r: any) => r.id)).toEqual(support);
    const errors = await ok(client, "get_agent_runs", { status: "error", metadata: { plan: "pro" } });
    expect(errors.runs.map((r: any) => r.id)).toEqual(RUNS.filter((r) => r.error && r.plan === "pro").map((r) => r.id));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await ok(client, "get_agent_runs", { limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...page.runs.map((r: any) => r.id));
      if (!page.nextCursor) break;
      expect(page.more).toContain(page.nextCursor);
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(RUNS.map((r) => r.id));
  });

  it("get_agent_runs: a window with no runs is empty; long texts are cut with a marker", async () => {
    const old = await ok(client, "get_agent_runs", { from: new Date(now - 10 * 86_400_000).toISOString(), to: new Date(now - 9 * 86_400_000).toISOString() });
    expect(old.runs).toEqual([]);
    const first = (await ok(client, "get_agent_runs", { limit: 1 })).runs[0];
    expect(first.id).toBe("mcp-run-00");
    expect(first.url).toBe("http://localhost/runs/mcp-run-00");
    // Lists carry the stored preview; the run itself has the whole output, cut for the model.
    const full = await ok(client, "get_agent_run", { runId: "mcp-run-00" });
    expect(full.response).toMatch(/^z{1000}…\[truncated: 4000 more characters\]$/);
  });

  it("get_agent_run: steps and tool calls, spans only on request; errors that say what to fix", async () => {
    const run = await ok(client, "get_agent_run", { runId: "mcp-run-03" });
    expect(run.status).toBe("error");
    expect(run.steps).toHaveLength(1);
    expect(run.toolCalls.map((c: any) => c.name)).toEqual(["lookup"]);
    expect(run.spans).toBeUndefined();
    expect(typeof run.spanCount).toBe("number");
    expect((await ok(client, "get_agent_run", { runId: "mcp-run-03", includeSpans: true })).spans).toBeInstanceOf(Array);
    expect((await ok(client, "get_agent_run", { runId: "mcp-run-03", agent: "billing-agent" })).id).toBe("mcp-run-03");
    const wrongAgent = await callTool(client, "get_agent_run", { runId: "mcp-run-03", agent: "support-bot" });
    expect(wrongAgent.isError).toBe(true);
    expect(wrongAgent.text).toContain('belongs to agent "billing-agent"');
    const missing = await callTool(client, "get_agent_run", { runId: "no-such-run" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain('No run with id "no-such-run"');
  });

  it("get_agent_sessions and get_agent_session page through a session's runs", async () => {
    const list = await ok(client, "get_agent_sessions", { limit: 100 });
    expect(list.sessions.map((s: any) => s.id).sort()).toEqual(["mcp-session-0", "mcp-session-1", "mcp-session-2", "mcp-session-3"]);
    expect(list.sessions.every((s: any) => s.runCount === 3)).toBe(true);
    const first = await ok(client, "get_agent_session", { sessionId: "mcp-session-1", limit: 2 });
    // A session's runs are in the order they happened.
    expect(first.runs.map((r: any) => r.id)).toEqual(["mcp-run-05", "mcp-run-04"]);
    expect(first.nextCursor).toBe("2");
    const rest = await ok(client, "get_agent_session", { sessionId: "mcp-session-1", limit: 2, cursor: first.nextCursor });
    expect(rest.runs.map((r: any) => r.id)).toEqual(["mcp-run-03"]);
    expect(rest.nextCursor).toBeNull();
    const bad = await callTool(client, "get_agent_session", { sessionId: "mcp-session-1", cursor: "abc" });
    expect(bad.isError).toBe(true);
    expect(bad.text).toContain("cursor");
  });

  it("get_metrics: totals for all agents and for one", async () => {
    const all = await ok(client, "get_metrics", { range: "1d" });
    expect(all.current.runs).toBe(12);
    expect(all.current.errors).toBe(RUNS.filter((r) => r.error).length);
    const one = await ok(client, "get_metrics", { agent: "billing-agent" });
    expect(one.current.runs).toBe(6);
    expect(one.topAgents).toEqual([]);
  });

  it("answers bad arguments with a tool error that says what to fix", async () => {
    const unknownAgent = await callTool(client, "get_agent_runs", { agent: "nobody" });
    expect(unknownAgent.isError).toBe(true);
    expect(unknownAgent.text).toContain('No agent named "nobody"');
    expect(unknownAgent.text).toContain("billing-agent");
    const badDate = await callTool(client, "get_agent_runs", { from: "yesterday-ish" });
    expect(badDate.isError).toBe(true);
    expect(badDate.text).toContain("from must be an ISO 8601 date");
    const badRange = await callTool(client, "get_agent_runs", { range: "3d" });
    expect(badRange.isError).toBe(true);
    expect(badRange.text).toMatch(/range/);
    const badCursor = await callTool(client, "get_agent_runs", { cursor: "not-a-cursor" });
    expect(badCursor.isError).toBe(true);
  });

  it("get_tool_stats: calls per tool, for all agents and for one", async () => {
    const all = await ok(client, "get_tool_stats");
    expect(all.tools.map((x: any) => [x.name, x.calls])).toEqual([["lookup", 12]]);
    const one = await ok(client, "get_tool_stats", { agent: "billing-agent", sort: "calls" });
    expect(one.tools.map((x: any) => [x.name, x.calls])).toEqual([["lookup", 6]]);
  });

  it("list_agent_patterns: the patterns with counts, one in detail, and an unknown one refused", async () => {
    for (const args of [{}, { agent: "billing-agent" }]) {
      const list = await ok(client, "list_agent_patterns", args);
      expect(list.patterns.map((x: any) => x.key)).toContain("frustration");
      expect(list.patterns.every((x: any) => typeof x.runCount === "number")).toBe(true);
    }
    const detail = await ok(client, "list_agent_patterns", { pattern: "frustration", range: "2w" });
    expect(detail.pattern.key).toBe("frustration");
    expect(detail.pattern.series.points.length).toBeGreaterThan(0);
    const unknown = await callTool(client, "list_agent_patterns", { pattern: "no-such-pattern" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain('No pattern with id "no-such-pattern"');
  });

  it("list_agent_topics: a list for all agents and for one", async () => {
    for (const args of [{}, { agent: "billing-agent" }]) {
      const list = await ok(client, "list_agent_topics", args);
      expect(list.window.from).toMatch(/^\d{4}-/);
      expect(Array.isArray(list.topics)).toBe(true);
    }
  });

  it("get_failures: the failed runs' group, for all agents and for one", async () => {
    const failedRuns = RUNS.filter((r) => r.error).length;
    const all = await ok(client, "get_failures", { range: "1d" });
    const group = all.failures.find((f: any) => f.message.includes("tool exploded"));
    expect(group?.runCount, JSON.stringify(all.failures)).toBe(failedRuns);
    const billing = await ok(client, "get_failures", { agent: "billing-agent" }); // every failed run is billing-agent's
    expect(billing.failures.find((f: any) => f.message.includes("tool exploded"))?.runCount).toBe(failedRuns);
    expect((await ok(client, "get_failures", { agent: "support-bot" })).failures).toEqual([]);
  });

  it("insight_search finds runs by their text, with and without agent, and the patterns the query names", async () => {
    const all = await ok(client, "insight_search", { query: "exploded", range: "1d" });
    expect(all.runs.map((r: any) => r.runId).sort()).toEqual(["mcp-run-03", "mcp-run-07", "mcp-run-11"]);
    expect(all.runs.every((r: any) => r.url.endsWith(`/runs/${r.runId}`))).toBe(true);
    expect((await ok(client, "insight_search", { query: "exploded", agent: "billing-agent" })).runs).toHaveLength(3);
    expect((await ok(client, "insight_search", { query: "exploded", agent: "support-bot" })).runs).toEqual([]);
    const named = await ok(client, "insight_search", { query: "frustration" });
    expect(named.patterns.map((p: any) => p.key)).toContain("frustration");
    expect(named.patterns.map((p: any) => p.key)).not.toContain("repeated_calls");
  });

  it("shows another project none of these runs", async () => {
    const other = await createProject(s.db);
    const c = await connect(other.readKey);
    expect((await ok(c, "get_agent_runs", { limit: 100 })).runs).toEqual([]);
    expect((await callTool(c, "get_agent_run", { runId: "mcp-run-01" })).isError).toBe(true);
    expect((await callTool(c, "get_agent_session", { sessionId: "mcp-session-1" })).isError).toBe(true);
    expect((await ok(c, "get_metrics")).current.runs).toBe(0);
  });
});

describe("MCP authentication and limits", () => {
  it("refuses a missing, unknown or ingestion key before any tool runs", async () => {
    expect((await rawPost(null)).status).toBe(401);
    expect((await rawPost("sl_read_nope")).status).toBe(401);
    const ingest = await rawPost(s.project.ingestKey);
    expect(ingest.status).toBe(403);
    expect((await ingest.json()).error.code).toBe("ingest_key_cannot_read");
    await expect(connect(s.project.ingestKey)).rejects.toThrow(/403|ingestion key/);
  });

  it("GET is refused with 405 (a stateless server has no stream)", async () => {
    const res = await call("GET", "/mcp", { headers: { authorization: `Bearer ${s.project.readKey}` } });
    expect(res.status).toBe(405);
  });

  it("limits each key to SIGHTLINE_MCP_RATE_LIMIT requests a minute, with Retry-After", async () => {
    process.env.SIGHTLINE_MCP_RATE_LIMIT = "3";
    resetEnvCache();
    try {
      const limited = await createProject(s.db);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await rawPost(limited.readKey)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await rawPost(limited.readKey);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await refused.json()).error.message).toContain("Rate limit of 3 MCP requests a minute");
      // Another key has its own budget.
      const fresh = await createProject(s.db);
      expect((await rawPost(fresh.readKey)).status).toBe(200);
    } finally {
      delete process.env.SIGHTLINE_MCP_RATE_LIMIT;
      resetEnvCache();
    }
  });
});
