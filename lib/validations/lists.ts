// Every list's parameters, declared once for the REST API, the dashboard pages and app/api/ui.
// A new filter is one entry here (its kind: text, oneOf or bool) and its condition in the list's
// query under lib/server/data/.
import { z } from "zod";
import {
  atLeast,
  bool,
  defineList,
  oneOf,
  signature,
  text,
  type Filters,
  type ListDef,
  type ListParams,
  type ParamKind,
  type ParseOptions,
} from "./list-params";
import type { Range } from "./window";
import { CATEGORIES } from "@/lib/insights/failures/classify";
import { FAILURE_KINDS } from "@/lib/insights/failures/signature";

export { FilterError } from "./list-params";

export const RUN_SORTS = ["startTime", "duration", "cost", "tokens"] as const;
export const FEEDBACK_FILTERS = ["thumbs_up", "thumbs_down", "any", "none"] as const;
export type FeedbackFilter = (typeof FEEDBACK_FILTERS)[number];
export const PEOPLE_SORTS = ["lastSeen", "runs", "errors", "failureRate", "thumbsDown", "cost"] as const;

/** The filters that select runs by what they are; lists built on runs share them. */
const RUN_SCOPE_FILTERS = {
  agent: text,
  userId: text,
  orgId: text,
  sessionId: text,
  conversational: bool,
  status: oneOf(["success", "error"]),
  feedback: oneOf(FEEDBACK_FILTERS),
  model: text,
  /** Runs that took at least this many milliseconds (the "slow runs" view: 10000). */
  minDurationMs: atLeast(2_147_483_647),
};

/** Runs and sessions (`GET /v1/runs`, `/v1/sessions`, `/runs`, `/sessions`, `/api/ui/runs`). */
export const RUN_LIST = defineList({
  noun: "runs",
  filters: {
    ...RUN_SCOPE_FILTERS,
    /** A built-in pattern's key or a user-defined pattern's id: runs the engine found it in. */
    pattern: text,
    topic: text,
    /** An error signature: runs with a failed item (the run, a step or a tool call) of that group. */
    failure: signature,
  },
  metadata: true,
  sorts: RUN_SORTS,
  paging: { defaultLimit: 20, maxLimit: 100 },
});
export type RunFilters = ReturnType<typeof RUN_LIST.parse>;

/**
 * Patterns (`GET /v1/patterns`, `/v1/patterns/{id}`, `/patterns`): counts over the window and the
 * same run filters as the runs list (the pattern itself is the path, not a filter).
 */
export const PATTERN_LIST = defineList({
  noun: "patterns",
  filters: RUN_SCOPE_FILTERS,
  metadata: true,
});
export type PatternFilters = ReturnType<typeof PATTERN_LIST.parse>;
/** A search query as typed: lib/search/query.ts cleans and parses it (and says what is wrong with it). */
const searchQuery: ParamKind<string> = Object.assign(
  () =>
    z
      .string()
      .optional()
      .transform((v) => v ?? ""),
  { doc: { type: "string" } as const },
);

/** Search (`GET /v1/search`, `/search`): the query `q` and every filter of the runs table. */
export const SEARCH_LIST = defineList({
  noun: "search",
  filters: { q: searchQuery, ...RUN_LIST.spec.filters },
  metadata: true,
  paging: { defaultLimit: 20, maxLimit: 100 },
});
export type SearchFilters = ReturnType<typeof SEARCH_LIST.parse>;

export const EXPORT_FORMATS = ["jsonl", "csv", "otlp"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The runs export (`GET /v1/runs/export`, `/api/ui/runs/export`): every filter and sort of the
 * runs list, the file format (default jsonl) and an optional search query `q` (its results are
 * exported instead of the list). No paging: the export walks every page itself.
 */
export const RUN_EXPORT = defineList({
  noun: "the runs export",
  filters: { format: oneOf(EXPORT_FORMATS), q: searchQuery, ...RUN_LIST.spec.filters },
  metadata: true,
  sorts: RUN_SORTS,
});
export type RunExportParams = ReturnType<typeof RUN_EXPORT.parse>;

/**
 * Failure groups (`GET /v1/failures`, `/failures`): the runs list's filters (they select the runs
 * whose failures count) plus the group's own kind, category and tool; largest groups first.
 */
export const FAILURE_LIST = defineList({
  noun: "failures",
  filters: {
    ...RUN_SCOPE_FILTERS,
    kind: oneOf(FAILURE_KINDS),
    category: oneOf(CATEGORIES),
    tool: text,
  },
  metadata: true,
  paging: { defaultLimit: 50, maxLimit: 100 },
});
export type FailureFilters = ReturnType<typeof FAILURE_LIST.parse>;

/** End users (`/users`): active in the window, optionally of one organisation. */
export const USER_LIST = defineList({
  noun: "users",
  filters: { orgId: text },
  sorts: PEOPLE_SORTS,
  paging: { defaultLimit: 50, maxLimit: 100 },
});
export type PeopleFilters = ReturnType<typeof USER_LIST.parse>;
export type PeopleSort = PeopleFilters["sort"];

/** Organisations (`/orgs`). */
export const ORG_LIST = defineList({ noun: "orgs", filters: {}, sorts: PEOPLE_SORTS, paging: { defaultLimit: 50, maxLimit: 100 } });
export type OrgFilters = ReturnType<typeof ORG_LIST.parse>;

/** Feedback entries (`/feedback`); `agent` narrows the top-level page like the runs table. */
export const FEEDBACK_LIST = defineList({
  noun: "feedback",
  filters: { agent: text, userId: text, orgId: text, feedback: oneOf(FEEDBACK_FILTERS) },
  paging: { defaultLimit: 50, maxLimit: 100 },
});
export type FeedbackFilters = ReturnType<typeof FEEDBACK_LIST.parse>;

export const TOOL_SORTS = ["calls", "errors", "errorRate", "p50", "p95", "runs", "lastCalled", "name"] as const;
export type ToolSort = (typeof TOOL_SORTS)[number];

/**
 * Tools (`GET /v1/tools`, `/tools`): every tool called in the window, from the tool rollups, so
 * the only filter is the agent (the rollups' key); other run filters would mean scanning calls.
 */
export const TOOL_LIST = defineList({ noun: "tools", filters: { agent: text }, sorts: TOOL_SORTS });
export type ToolFilters = ReturnType<typeof TOOL_LIST.parse>;
/** Topics (`GET /v1/topics`, `/topics`): every agent's, or one agent's. */
export const TOPIC_LIST = defineList({ noun: "topics", filters: { agent: text } });
export type TopicFilters = ReturnType<typeof TOPIC_LIST.parse>;

export const RECAP_PERIODS = ["day", "week"] as const;

/** Stored recaps (`GET /v1/recaps`, `/recaps`): every agent's digest, or one agent's; days, weeks or both. */
export const RECAP_LIST = defineList({
  noun: "recaps",
  filters: { agent: text, period: oneOf(RECAP_PERIODS) },
  paging: { defaultLimit: 20, maxLimit: 100 },
});

/** The running period's recap (`GET /v1/recaps/current`): no window, the period holding now. */
export const RECAP_CURRENT = defineList({ noun: "the current recap", filters: { agent: text, period: oneOf(RECAP_PERIODS) } });

/** `GET /v1/metrics`: totals and a series per hour or day (default: hours up to two days). */
export const METRICS_QUERY = defineList({ noun: "metrics", filters: { agent: text, interval: oneOf(["hour", "day"] as const) } });

/** Pages that take only a time window: the overview, a user's or an org's page. */
export const WINDOW_ONLY = defineList({ noun: "this page", filters: {} });

/**
 * Parameters a dashboard URL may carry besides its list's: `view` names a saved view. The REST API
 * does not take them.
 */
export const DASHBOARD_PAGE_PARAMS = ["view"] as const;

const DASHBOARD: ParseOptions = { defaultRange: "1d" satisfies Range, pageParams: DASHBOARD_PAGE_PARAMS };

/** A dashboard page's (or api/ui route's) parameters: the last day by default, page parameters allowed. */
export function parseDashboardList<F extends Filters, S extends string>(list: ListDef<F, S>, params: URLSearchParams): ListParams<F, S> {
  return list.parse(params, DASHBOARD);
}
