// Run and session list filters, parsed once from URL search params. The REST API (`GET /v1/runs`)
// and the dashboard (`/runs?userId=…`) use the same parameter names and this one parser.
import { cleanText } from "@/lib/ingest/sanitize";
import { parseWindow, WindowError, type Range, type TimeWindow } from "./window";

export const RUN_SORTS = ["startTime", "duration", "cost", "tokens"] as const;
export type RunSort = (typeof RUN_SORTS)[number];
export const FEEDBACK_FILTERS = ["thumbs_up", "thumbs_down", "any", "none"] as const;
export type FeedbackFilter = (typeof FEEDBACK_FILTERS)[number];

export interface RunFilters {
  window: TimeWindow;
  agent: string | null;
  userId: string | null;
  orgId: string | null;
  sessionId: string | null;
  conversational: boolean | null;
  status: "success" | "error" | null;
  feedback: FeedbackFilter | null;
  model: string | null;
  /** metadata.<key>=<value> pairs. */
  metadata: Array<[string, string]>;
  sort: RunSort;
  order: "asc" | "desc";
  limit: number;
  cursor: string | null;
}

export class FilterError extends Error {}

function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | null {
  const v = params.get(name);
  if (v === null || v === "") return null;
  if (!(allowed as readonly string[]).includes(v)) throw new FilterError(`${name} must be one of ${allowed.join(", ")} (got "${v.slice(0, 40)}").`);
  return v as T;
}

// Filter values reach PostgreSQL as text, which holds no NUL and only well-formed UTF-8 (a NUL
// was a 500): cleanText makes them so.
function text(params: URLSearchParams, name: string): string | null {
  const v = params.get(name);
  return v === null || v.trim() === "" ? null : cleanText(v.trim().slice(0, 512));
}

export function parseRunFilters(params: URLSearchParams, opts: { defaultRange?: Range; maxLimit?: number } = {}): RunFilters {
  let window: TimeWindow;
  try {
    window = parseWindow(params, opts.defaultRange);
  } catch (err) {
    if (err instanceof WindowError) throw new FilterError(err.message);
    throw err;
  }
  const conv = params.get("conversational");
  if (conv !== null && conv !== "" && conv !== "true" && conv !== "false") {
    throw new FilterError(`conversational must be true or false (got "${conv.slice(0, 20)}").`);
  }
  const limitRaw = params.get("limit");
  const maxLimit = opts.maxLimit ?? 100;
  let limit = 20;
  if (limitRaw !== null && limitRaw !== "") {
    limit = Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw new FilterError(`limit must be an integer from 1 to ${maxLimit}.`);
  }
  const metadata: Array<[string, string]> = [];
  for (const [k, v] of params) {
    if (k.startsWith("metadata.") && k.length > "metadata.".length) metadata.push([cleanText(k.slice("metadata.".length)), cleanText(v)]);
  }
  if (metadata.length > 10) throw new FilterError("At most 10 metadata filters are allowed.");
  return {
    window,
    agent: text(params, "agent"),
    userId: text(params, "userId"),
    orgId: text(params, "orgId"),
    sessionId: text(params, "sessionId"),
    conversational: conv === "true" ? true : conv === "false" ? false : null,
    status: oneOf(params, "status", ["success", "error"] as const),
    feedback: oneOf(params, "feedback", FEEDBACK_FILTERS),
    model: text(params, "model"),
    metadata,
    sort: oneOf(params, "sort", RUN_SORTS) ?? "startTime",
    order: oneOf(params, "order", ["asc", "desc"] as const) ?? "desc",
    limit,
    cursor: text(params, "cursor"),
  };
}

/** The filter parameters as they appear in a URL (for links and the dashboard's state). */
export const RUN_FILTER_KEYS = ["agent", "userId", "orgId", "sessionId", "conversational", "status", "feedback", "model"] as const;
