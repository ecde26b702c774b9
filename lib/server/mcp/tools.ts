import "server-only";
// The MCP tools, with The Context Company's names. Every read goes through the REST API's read
// functions and the data layer (read-api.ts, data/*), scoped to the project of the caller's read
// key; inputs are the REST parameters (inputs.ts). Results are plain JSON values; server.ts fits
// them into a model's context.
import { z } from "zod";
import type { Sql } from "@/lib/db/sql";
import { FAILURE_LIST, PATTERN_LIST, RUN_LIST, SEARCH_LIST, TOOL_LIST, TOPIC_LIST, WINDOW_ONLY } from "@/lib/validations/lists";
import { PARAM_DESCRIPTIONS } from "@/lib/validations/param-docs";
import { findAgent, listAgents } from "../data/agents";
import { getOverview } from "../data/overview";
import { listRuns, type RunDto } from "../data/runs";
import { listSessions } from "../data/sessions";
import { resolveScope } from "../data/stats";
import type { ReadContext } from "../http";
import { apiGetPattern, apiGetRun, apiGetSession, apiListFailures, apiListPatterns, apiListTools, apiListTopics, apiSearch } from "../read-api";
import { listInput, toSearchParams } from "./inputs";

export interface ToolContext {
  sql: Sql;
  projectId: string;
  /** This instance's URL, for links to the dashboard. */
  baseUrl: string;
}

/** A failure the caller can fix; its message is shown to the model as the tool's error. */
export class ToolError extends Error {}

export interface ToolDef {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, z.ZodType>;
  run(ctx: ToolContext, args: Record<string, unknown>): Promise<unknown>;
}

const readContext = (ctx: ToolContext, params: URLSearchParams = new URLSearchParams()): ReadContext => ({
  projectId: ctx.projectId,
  sql: ctx.sql,
  url: new URL(`http://mcp.invalid/?${params}`),
  req: new Request("http://mcp.invalid/"),
  key: { keyId: "", projectId: ctx.projectId, kind: "read" },
});

/** An unknown agent is an error that lists the real ones (an empty answer would look like "no runs"). */
async function checkAgent(ctx: ToolContext, agent: unknown): Promise<{ name: string; slug: string } | null> {
  if (typeof agent !== "string" || agent.trim() === "") return null;
  const found = await findAgent(ctx.sql, ctx.projectId, agent.trim());
  if (found) return { name: found.name, slug: found.slug };
  const agents = await listAgents(ctx.sql, ctx.projectId);
  const known = agents.length ? agents.slice(0, 50).map((a) => (a.name === a.slug ? a.slug : `${a.name} (slug ${a.slug})`)) : ["none yet"];
  throw new ToolError(
    `No agent named "${agent.slice(0, 100)}" in this project. Agents: ${known.join(", ")}. Pass a name or slug, or omit agent for all agents.`,
  );
}

const iso = (w: { from: Date; to: Date }) => ({ from: w.from.toISOString(), to: w.to.toISOString() });

const more = (nextCursor: string | null, tool: string) =>
  nextCursor ? `More results: call ${tool} again with the same arguments and cursor="${nextCursor}".` : null;

// What a list shows of a run; the full run (steps, tool calls) is one get_agent_run away.
function runSummary(r: RunDto, baseUrl: string) {
  return {
    id: r.id,
    agent: r.agent?.slug ?? null,
    sessionId: r.sessionId,
    user: r.user,
    org: r.org,
    status: r.status,
    statusMessage: r.statusMessage,
    startTime: r.startTime,
    durationMs: r.durationMs,
    userPrompt: r.userPrompt,
    response: r.response,
    models: r.models,
    usage: r.usage,
    costUsd: r.costUsd,
    metadata: r.metadata,
    feedback: r.feedback.map((f) => ({ score: f.score, text: f.text })),
    stepCount: r.stepCount,
    toolCallCount: r.toolCallCount,
    toolErrorCount: r.toolErrorCount,
    url: `${baseUrl}/runs/${encodeURIComponent(r.id)}`,
  };
}

/** The argument names a list takes: its parameters, and `metadata` when it filters on it. */
const names = (list: { params: Array<{ name: string }>; spec: { metadata?: boolean } }) => [
  ...list.params.map((p) => p.name),
  ...(list.spec.metadata ? ["metadata"] : []),
];

/**
 * What every list tool does first: check the agent argument, read the arguments as the list's
 * query parameters (as the REST API receives them) and parse them, so a bad one is the list's
 * own error message.
 */
async function listCall<P extends { window: { from: Date; to: Date } }>(
  ctx: ToolContext,
  args: Record<string, unknown>,
  list: { params: Array<{ name: string }>; spec: { metadata?: boolean }; parse(params: URLSearchParams): P },
) {
  await checkAgent(ctx, args.agent);
  const params = toSearchParams(args, names(list));
  const f = list.parse(params);
  return { params, f, window: iso(f.window) };
}

const agentArg = z.string().optional().describe(PARAM_DESCRIPTIONS.agent!);
const windowInput = { ...listInput(WINDOW_ONLY), agent: agentArg };

const runs: ToolDef = {
  name: "get_agent_runs",
  title: "List runs",
  description:
    "Runs (one agent invocation each) in a time window, newest first, with the user's prompt, the response, status, cost, tokens and feedback. " +
    "Filter by agent, user, org, session, status, feedback, model or custom metadata, as the REST API's GET /v1/runs. " +
    "Long texts are truncated; call get_agent_run with a run's id for everything it did.",
  inputSchema: listInput(RUN_LIST),
  async run(ctx, args) {
    const { f, window } = await listCall(ctx, args, RUN_LIST);
    const page = await listRuns(ctx.sql, ctx.projectId, f);
    return {
      window,
      runs: page.data.map((r) => runSummary(r, ctx.baseUrl)),
      nextCursor: page.nextCursor,
      more: more(page.nextCursor, "get_agent_runs"),
    };
  },
};

const run: ToolDef = {
  name: "get_agent_run",
  title: "Get one run",
  description:
    "One run in full: prompt, response, every LLM step (model, messages, tokens, cost) and tool call (arguments, result, error), feedback and detected patterns. " +
    "Long texts are truncated. Spans (raw OpenTelemetry attributes) only with includeSpans.",
  inputSchema: {
    runId: z.string().min(1).max(1024).describe("The run's id (the id field of get_agent_runs or get_agent_session)."),
    agent: z.string().optional().describe("Agent name or slug; when given, the run must belong to it."),
    includeSpans: z.boolean().optional().describe("Include the raw spans (default false)."),
  },
  async run(ctx, args) {
    const agent = await checkAgent(ctx, args.agent);
    const { spans, ...detail } = await apiGetRun(readContext(ctx), { id: String(args.runId) });
    if (agent && detail.agent?.slug !== agent.slug) {
      throw new ToolError(
        `Run "${detail.id}" belongs to agent ${detail.agent ? `"${detail.agent.name}"` : "(none)"}, not "${agent.name}". Omit agent or pass the run's own.`,
      );
    }
    return {
      ...detail,
      ...(args.includeSpans === true ? { spans } : { spanCount: spans.length }),
      url: `${ctx.baseUrl}/runs/${encodeURIComponent(detail.id)}`,
    };
  },
};

const sessions: ToolDef = {
  name: "get_agent_sessions",
  title: "List sessions",
  description:
    "Sessions (runs grouped by tcc.sessionId, e.g. one conversation) active in a time window, most recent first, with run, error and feedback counts. " +
    "Takes the same filters as get_agent_runs; call get_agent_session with a session's id for its runs.",
  inputSchema: listInput(RUN_LIST),
  async run(ctx, args) {
    const { f, window } = await listCall(ctx, args, RUN_LIST);
    const page = await listSessions(ctx.sql, ctx.projectId, f);
    return {
      window,
      sessions: page.data.map((s) => ({ ...s, url: `${ctx.baseUrl}/sessions/${encodeURIComponent(s.id)}` })),
      nextCursor: page.nextCursor,
      more: more(page.nextCursor, "get_agent_sessions"),
    };
  },
};

const SESSION_PAGE = 20;

const session: ToolDef = {
  name: "get_agent_session",
  title: "Get one session",
  description:
    "One session and its runs in order (prompt, response, status of each), 20 runs per call by default. " +
    "Call get_agent_run with a run's id for its steps and tool calls.",
  inputSchema: {
    sessionId: z.string().min(1).max(1024).describe("The session's id (the id field of get_agent_sessions, or a run's sessionId)."),
    agent: z.string().optional().describe("Agent name or slug; when given, the session must belong to it."),
    limit: z.number().int().min(1).max(100).optional().describe("Runs per call, 1–100, default 20."),
    cursor: z.string().optional().describe("The nextCursor of the previous call, for the session's next runs."),
  },
  async run(ctx, args) {
    const agent = await checkAgent(ctx, args.agent);
    const s = await apiGetSession(readContext(ctx), { id: String(args.sessionId) });
    if (agent && s.agent?.slug !== agent.slug) {
      throw new ToolError(
        `Session "${s.id}" belongs to agent ${s.agent ? `"${s.agent.name}"` : "(none)"}, not "${agent.name}". Omit agent or pass the session's own.`,
      );
    }
    const offset = args.cursor === undefined ? 0 : Number(args.cursor);
    if (!Number.isInteger(offset) || offset < 0 || offset > s.runs.length) {
      throw new ToolError("cursor is not one this tool returned; pass the nextCursor of the previous call, or omit it for the first runs.");
    }
    const limit = typeof args.limit === "number" ? args.limit : SESSION_PAGE;
    const end = Math.min(s.runs.length, offset + limit);
    const nextCursor = end < s.runs.length ? String(end) : null;
    const { runs: all, runsTruncated, ...header } = s;
    return {
      ...header,
      url: `${ctx.baseUrl}/sessions/${encodeURIComponent(s.id)}`,
      runs: all.slice(offset, end).map((r) => runSummary(r, ctx.baseUrl)),
      runsShown: `${offset + 1}–${end} of ${all.length}${runsTruncated ? " (the first 1000 of the session)" : ""}`,
      nextCursor,
      more: more(nextCursor, "get_agent_session"),
    };
  },
};

const metrics: ToolDef = {
  name: "get_metrics",
  title: "Metrics",
  description:
    "Totals for a time window and the one before it (runs, errors, cost, tokens, latency p50/p95, active users and orgs, thumbs up/down), " +
    "a series over time, and the top agents, users, orgs and models. For all agents or one.",
  inputSchema: windowInput,
  async run(ctx, args) {
    const { f } = await listCall(ctx, args, WINDOW_ONLY);
    const scope = await resolveScope(ctx.sql, ctx.projectId, typeof args.agent === "string" && args.agent.trim() ? args.agent.trim() : null);
    if (!scope) throw new ToolError(`No agent named "${String(args.agent).slice(0, 100)}" in this project.`);
    return getOverview(ctx.sql, scope, f.window);
  },
};

const patterns: ToolDef = {
  name: "list_agent_patterns",
  title: "Patterns",
  description:
    "Behaviour patterns found in runs of the window (frustration, confusion, tool loops, repeated calls, user-defined ones), " +
    "each with the runs, sessions and users it was found in and the count of the window before. " +
    "With pattern (a key or id), that pattern in detail: a series over time and example runs with the evidence. " +
    "Filter the runs behind a pattern with get_agent_runs pattern=<key>.",
  inputSchema: {
    ...listInput(PATTERN_LIST),
    pattern: z.string().min(1).max(512).optional().describe("A pattern's key (built-in) or id (user-defined) for its detail."),
  },
  async run(ctx, args) {
    const { params, window } = await listCall(ctx, args, PATTERN_LIST);
    if (typeof args.pattern === "string") return { window, pattern: await apiGetPattern(readContext(ctx, params), { id: args.pattern }) };
    return { window, patterns: (await apiListPatterns(readContext(ctx, params))).data };
  },
};

const topics: ToolDef = {
  name: "list_agent_topics",
  title: "Topics",
  description:
    "What users talk to the agents about: topics of the window with their runs, sessions, users, share, failure and frustration rates, " +
    "feedback and trend against the window before. Filter the runs of a topic with get_agent_runs topic=<id>.",
  inputSchema: listInput(TOPIC_LIST),
  async run(ctx, args) {
    const { params, window } = await listCall(ctx, args, TOPIC_LIST);
    return { window, topics: (await apiListTopics(readContext(ctx, params))).data };
  },
};

const failures: ToolDef = {
  name: "get_failures",
  title: "Failures",
  description:
    "Failures of the window grouped by error signature (failed runs, LLM steps and tool calls), largest first, with counts, first and last seen " +
    "and an example message. Takes the runs' filters plus kind and category; pages with cursor.",
  inputSchema: listInput(FAILURE_LIST),
  async run(ctx, args) {
    const { params, window } = await listCall(ctx, args, FAILURE_LIST);
    const page = await apiListFailures(readContext(ctx, params));
    return { window, failures: page.data, nextCursor: page.nextCursor, more: more(page.nextCursor, "get_failures") };
  },
};

const toolStats: ToolDef = {
  name: "get_tool_stats",
  title: "Tool statistics",
  description: "Per tool the agents called in the window: calls, errors, error rate, latency p50/p95, runs, last call and the most common errors.",
  inputSchema: listInput(TOOL_LIST),
  async run(ctx, args) {
    const { params, window } = await listCall(ctx, args, TOOL_LIST);
    return { window, tools: (await apiListTools(readContext(ctx, params))).data };
  },
};

const { q: _q, ...searchFilters } = listInput(SEARCH_LIST);
const mentions = (query: string, ...texts: Array<string | null | undefined>) => {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w.length > 2);
  const hay = texts.filter(Boolean).join(" ").toLowerCase();
  return words.length > 0 && words.some((w) => hay.includes(w));
};

const search: ToolDef = {
  name: "insight_search",
  title: "Search",
  description:
    "Runs matching a query, ranked, each with the field that matched and a snippet: full text over prompts, system prompts, responses, " +
    'step input and output, tool names, arguments and results, errors and metadata. Query language: words (all must match), "phrases", ' +
    "-exclusion, prompt:, response:, tool:, error:, user:, agent:, model:, status:, meta.<key>:; ids and codes match as substrings. " +
    "Also lists the patterns and topics of the window whose name, description, label or keywords mention a word of the query. " +
    "Takes the runs' filters; pages with cursor.",
  inputSchema: { query: z.string().min(1).max(1000).describe("What to look for (see the query language above)."), ...searchFilters },
  async run(ctx, args) {
    await checkAgent(ctx, args.agent);
    const query = String(args.query);
    const params = toSearchParams(
      args,
      names(SEARCH_LIST).filter((n) => n !== "q"),
    );
    params.set("q", query);
    const window = iso(SEARCH_LIST.parse(params).window);
    const page = await apiSearch(readContext(ctx, params));
    const scope = toSearchParams(args, ["agent", "range", "from", "to"]);
    const [patternList, topicList] = await Promise.all([apiListPatterns(readContext(ctx, scope)), apiListTopics(readContext(ctx, scope))]);
    return {
      window,
      runs: page.data.map((hit) => ({ ...hit, url: `${ctx.baseUrl}/runs/${encodeURIComponent(hit.runId)}` })),
      warnings: page.warnings,
      patterns: patternList.data.filter((p) => mentions(query, p.key, p.name, p.description)),
      topics: topicList.data.filter((t) => mentions(query, t.label, t.keywords.join(" "))),
      nextCursor: page.nextCursor,
      more: more(page.nextCursor, "insight_search"),
    };
  },
};

export const TOOLS: ToolDef[] = [search, runs, run, sessions, session, patterns, topics, failures, toolStats, metrics];
