// Every HTTP endpoint of Sightline's API, declared once with the schemas its route validates with:
// the query parameters of its list (lib/validations/lists.ts) or the zod schema of its body
// (lib/ingest/…). The OpenAPI document (document.ts) and the MCP & API page's examples are built
// from this list; a test fails when a route under app/v1 is missing from it.
import type { z } from "zod";
import { CUSTOM_BODY } from "@/lib/ingest/custom";
import { FEEDBACK_BODY } from "@/lib/ingest/feedback";
import { envelope as CLAUDE_BODY } from "@/lib/ingest/frameworks/claude";
import { envelope as MASTRA_BODY } from "@/lib/ingest/frameworks/mastra";
import { envelope as OPENCLAW_BODY } from "@/lib/ingest/frameworks/openclaw";
import { envelope as PI_BODY } from "@/lib/ingest/frameworks/pi";
import type { ListDef } from "@/lib/validations/list-params";
import {
  FAILURE_LIST,
  METRICS_QUERY,
  PATTERN_LIST,
  RECAP_CURRENT,
  RECAP_LIST,
  RUN_EXPORT,
  RUN_LIST,
  SEARCH_LIST,
  TOOL_LIST,
  TOPIC_LIST,
} from "@/lib/validations/lists";

export type Auth = "read" | "ingest";

export interface Endpoint {
  method: "get" | "post";
  /** OpenAPI path, `{name}` for path parameters. */
  path: string;
  tag: "REST API" | "Ingestion";
  summary: string;
  description?: string;
  auth: Auth;
  /** Whether the query takes a time window: required (default), optional (a default applies) or none. */
  window?: "required" | "optional" | "none";
  /** Query parameters: the list the route parses them with. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query?: ListDef<any, any>;
  pathParams?: Record<string, string>;
  /** JSON body schema, or a description of a body defined elsewhere (OTLP). */
  body?: { contentTypes: string[]; schema?: z.ZodType; description: string };
  response: string;
  /** For the examples on the MCP & API page: a query string, or a JSON body. */
  example?: { query?: string; json?: unknown };
}

const OTLP = "An OTLP ExportTraceServiceRequest (https://opentelemetry.io/docs/specs/otlp/), as protobuf or JSON, optionally gzip/deflate/br compressed.";
const INGESTED = "Stored (committed and synced) before this answer: `{ ok: true, … }` with counts of what was written.";
const ID = "The run's id.";

export const ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/v1/runs",
    tag: "REST API",
    summary: "List runs",
    description: "Runs in a time window, sorted (newest first by default), keyset-paged with nextCursor.",
    auth: "read",
    query: RUN_LIST,
    response: "`{ data: Run[], nextCursor: string | null }`; a run carries previews of its prompt and response.",
    example: { query: "range=1d&status=error&limit=10" },
  },
  {
    method: "get",
    path: "/v1/runs/export",
    tag: "REST API",
    summary: "Export runs",
    description:
      "Every run the same filters list (or, with `q`, every search result), streamed as a file: `format=jsonl` (default) one run per line as GET /v1/runs/{id} returns it; `csv` the runs table's columns with a header row; `otlp` one OTLP/JSON ExportTraceServiceRequest per run and line, importable through POST /v1/traces (docs/export.md).",
    auth: "read",
    query: RUN_EXPORT,
    response:
      "An attachment (`Content-Disposition`), streamed: `application/x-ndjson` for jsonl and otlp, `text/csv` for csv. Bad parameters are a 400 before the download starts.",
    example: { query: "range=1d&status=error&format=csv" },
  },
  {
    method: "get",
    path: "/v1/runs/{id}",
    tag: "REST API",
    summary: "Get a run",
    description:
      "One run in full: steps, tool calls, spans, feedback and the patterns found in it. A run whose id is `export` is read at GET /v1/runs/export with no query string (an export always has a window).",
    auth: "read",
    pathParams: { id: ID },
    response: "The run with `steps`, `toolCalls`, `spans` and `insights: { analyzedAt, patterns }`.",
  },
  {
    method: "get",
    path: "/v1/sessions",
    tag: "REST API",
    summary: "List sessions",
    description: "Sessions (runs grouped by tcc.sessionId) active in a time window, with the runs' filters.",
    auth: "read",
    query: RUN_LIST,
    response: "`{ data: Session[], nextCursor: string | null }`.",
    example: { query: "range=2w&limit=20" },
  },
  {
    method: "get",
    path: "/v1/sessions/{id}",
    tag: "REST API",
    summary: "Get a session",
    auth: "read",
    pathParams: { id: "The session's id (tcc.sessionId)." },
    response: "The session with its runs in order (`runs`, `runsTruncated` past 1000).",
  },
  {
    method: "get",
    path: "/v1/patterns",
    tag: "REST API",
    summary: "List patterns",
    description: "Built-in and user-defined behaviour patterns with the runs, sessions and users they were found in, over the window and the one before.",
    auth: "read",
    query: PATTERN_LIST,
    response: "`{ data: Pattern[] }`.",
    example: { query: "range=2w" },
  },
  {
    method: "get",
    path: "/v1/patterns/{id}",
    tag: "REST API",
    summary: "Get a pattern",
    description: "One pattern: counts, a series over time and example runs with evidence.",
    auth: "read",
    pathParams: { id: "A built-in pattern's key (e.g. frustration) or a user-defined pattern's id." },
    query: PATTERN_LIST,
    response: "The pattern with `window`, `series`, `examples` and `backfill`.",
  },
  {
    method: "get",
    path: "/v1/failures",
    tag: "REST API",
    summary: "List failure groups",
    description:
      "Failed runs, LLM steps and tool calls in the window grouped by error signature, largest groups first: kind, tool, category, the message with its variable parts marked, occurrences, runs, users, first and last seen. Pass a signature to GET /v1/runs as `failure` for the group's runs.",
    auth: "read",
    query: FAILURE_LIST,
    response: "`{ data: FailureGroup[], nextCursor }`.",
    example: { query: "range=1d&category=rate_limit" },
  },
  {
    method: "get",
    path: "/v1/tools",
    tag: "REST API",
    summary: "List tools",
    description: "Every tool called in the window: calls, errors, error rate, latency p50/p95, runs, last call, top errors.",
    auth: "read",
    query: TOOL_LIST,
    response: "`{ data: Tool[] }`.",
    example: { query: "range=1d&sort=errorRate" },
  },
  {
    method: "get",
    path: "/v1/metrics",
    tag: "REST API",
    summary: "Metrics",
    description:
      "Totals for the window (runs, errors, failure rate, thumbs, tokens, cost, latency p50/p95, distinct active users and orgs) and the same per hour or day.",
    auth: "read",
    query: METRICS_QUERY,
    response: "`{ totals, interval, series: [{ t, runs, errors, costUsd, inputTokens, outputTokens, p50Ms, p95Ms, thumbsUp, thumbsDown }] }`.",
    example: { query: "range=1M&interval=day" },
  },
  {
    method: "get",
    path: "/v1/topics",
    tag: "REST API",
    summary: "List topics",
    description: "What users talk to the agents about, with counts, rates and trend.",
    auth: "read",
    query: TOPIC_LIST,
    response: "`{ data: Topic[] }`.",
    example: { query: "range=2w" },
  },
  {
    method: "get",
    path: "/v1/recaps",
    tag: "REST API",
    summary: "List recaps",
    description:
      "Daily and weekly digests as the engine stored them at each period's end, newest first: the recaps of all agents, or of one agent with `agent`. The window (default: the last two months) selects recaps by their period's start.",
    auth: "read",
    query: RECAP_LIST,
    window: "optional",
    response:
      "`{ data: [{ id, agent, period, periodKey, timeZone, start, end, generatedAt, stats, items, narrative, markdown }], nextCursor }` (`narrative`: the optional model's paragraph, or null).",
    example: { query: "period=week" },
  },
  {
    method: "get",
    path: "/v1/recaps/current",
    tag: "REST API",
    summary: "The running day's or week's recap so far",
    description:
      "Built on demand for the period holding now and not stored; takes no time window. An unknown `agent` has an empty period (zero figures, no items).",
    auth: "read",
    query: RECAP_CURRENT,
    window: "none",
    response: "`{ data: { agent, period, periodKey, timeZone, start, end, partial: true, stats, items, markdown } }`.",
    example: { query: "period=day" },
  },
  {
    method: "get",
    path: "/v1/search",
    tag: "REST API",
    summary: "Search runs",
    description:
      'Runs whose prompts, responses, tool calls, errors, ids or metadata match a query (words, "phrases", prefix*, -exclusions, ids as substrings, field prefixes), with the time window and every runs filter; ranked, paged by cursor (docs/search.md).',
    auth: "read",
    query: SEARCH_LIST,
    response:
      "`{ data: [{ runId, startTime, agent, status, field, snippet, highlights }], nextCursor, warnings, searchedFrom }`; a query that cannot be searched is a 400 invalid_query.",
    example: { query: "range=2w&q=refund%20ORD-4021" },
  },
  {
    method: "post",
    path: "/v1/traces",
    tag: "Ingestion",
    summary: "OpenTelemetry traces (OTLP/HTTP)",
    description: "@contextcompany/otel, the AI SDK, or any OpenTelemetry exporter.",
    auth: "ingest",
    body: { contentTypes: ["application/x-protobuf", "application/json"], description: OTLP },
    response: "An OTLP ExportTraceServiceResponse (protobuf or JSON, as sent), with partialSuccess when spans were rejected.",
  },
  {
    method: "post",
    path: "/v1/custom",
    tag: "Ingestion",
    summary: "TCC custom items (run, step, tool_call, batch)",
    description: "@contextcompany/custom, the Python contextcompany SDK, CrewAI and LangChain TS.",
    auth: "ingest",
    body: { contentTypes: ["application/json"], schema: CUSTOM_BODY, description: "One item, a `batch` of items, or an array of items." },
    response: INGESTED,
    example: {
      json: { type: "run", run_id: "run-123", prompt: { user_prompt: "Hello" }, response: "Hi!", metadata: { "tcc.agent": "support-bot" } },
    },
  },
  {
    method: "post",
    path: "/v1/feedback",
    tag: "Ingestion",
    summary: "Feedback on a run",
    description: "submitFeedback of the TCC SDKs (TypeScript and Python).",
    auth: "ingest",
    body: { contentTypes: ["application/json"], schema: FEEDBACK_BODY, description: "A thumbs up/down and/or a text for one run." },
    response: "`{ ok: true, id, duplicate, runReceived }`.",
    example: { json: { runId: "run-123", score: "thumbs_up" } },
  },
  {
    method: "post",
    path: "/v1/otel-steps",
    tag: "Ingestion",
    summary: "LiteLLM steps (OTLP)",
    description: "The Python LiteLLM TCCCallback (also accepted at /otel-steps).",
    auth: "ingest",
    body: { contentTypes: ["application/x-protobuf", "application/json"], description: OTLP },
    response: "An OTLP ExportTraceServiceResponse.",
  },
  {
    method: "post",
    path: "/v1/mastra",
    tag: "Ingestion",
    summary: "Mastra traces",
    description: "@contextcompany/mastra.",
    auth: "ingest",
    body: { contentTypes: ["application/json"], schema: MASTRA_BODY, description: "A Mastra trace: its spans and run metadata." },
    response: INGESTED,
  },
  {
    method: "post",
    path: "/v1/claude",
    tag: "Ingestion",
    summary: "Claude Agent SDK runs",
    description: "@contextcompany/claude and the Python instrument_claude_agent.",
    auth: "ingest",
    body: { contentTypes: ["application/json"], schema: CLAUDE_BODY, description: "The SDK messages of one run." },
    response: INGESTED,
  },
  {
    method: "post",
    path: "/v1/pi",
    tag: "Ingestion",
    summary: "Pi agent runs",
    description: "@contextcompany/pi (SDK and CLI extension).",
    auth: "ingest",
    body: { contentTypes: ["application/json"], schema: PI_BODY, description: "The messages and tool executions of one Pi run." },
    response: INGESTED,
  },
  {
    method: "post",
    path: "/v1/openclaw",
    tag: "Ingestion",
    summary: "OpenClaw runs",
    description: "@contextcompany/openclaw.",
    auth: "ingest",
    body: { contentTypes: ["application/json"], schema: OPENCLAW_BODY, description: "The hook events captured for one run." },
    response: INGESTED,
  },
];
