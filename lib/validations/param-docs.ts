// One description per list parameter, for the documents generated from the lists of lists.ts:
// the OpenAPI document's query parameters and the MCP tools' inputs. A parameter without one here
// is still documented by its type; a test checks every list parameter has a description.
export const PARAM_DESCRIPTIONS: Record<string, string> = {
  range: "Time window ending now (or at `to`): 5m, 1h, 1d, 2w, 1M (30 days) or 2M (60 days).",
  from: "Window start, ISO 8601 or epoch milliseconds (instead of range, not with it); at most 100 years before the end.",
  to: "Window end, ISO 8601 or epoch milliseconds (default: now).",
  agent: "Agent name or slug (the tcc.agent metadata of its runs).",
  userId: "End user id (tcc.userId).",
  orgId: "Organisation id (tcc.orgId).",
  sessionId: "Session id (tcc.sessionId).",
  conversational: "Only conversational runs (true) or only non-conversational ones (false).",
  status: "Run status.",
  feedback: "Runs with thumbs-up, thumbs-down, any or no feedback.",
  model: "Runs that used this model.",
  minDurationMs: "Runs that took at least this many milliseconds (e.g. 10000 for runs slower than 10 s).",
  pattern:
    "Runs in which the insight engine found this pattern: a built-in key (frustration, confusion, task_failure, tool_error_loop, repeated_calls) or a user-defined pattern's id.",
  topic: "Runs assigned to this topic id (see GET /v1/topics).",
  period: "Recaps of days (day) or of ISO weeks, Monday to Sunday (week).",
  interval: "Series step: hour or day (default: hour for windows up to two days, else day); a series holds at most 40,000 points.",
  sort: "Sort field.",
  order: "Sort order (default desc).",
  limit: "Page size.",
  cursor: "The nextCursor of the previous page of the same query.",
  failure: "Runs with a failed run, step or tool call of this error signature (GET /v1/failures).",
  kind: "Failure groups of this kind: run, step or tool_call.",
  category: "Failure groups of this category.",
  tool: "Failure groups of this tool's calls.",
  q: 'Search query: words, "phrases", prefix*, -exclusions, ids and codes as substrings, prompt: response: tool: error: user: agent: model: status: meta.<key>: (docs/search.md).',
  format:
    "Export file format: jsonl (one run per line, as GET /v1/runs/{id}), csv (the runs table's columns) or otlp (OTLP/JSON, one request per line); default jsonl.",
  "metadata.<key>": "Runs whose custom metadata has this key with this value (up to 10).",
};
