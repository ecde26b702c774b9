// URL parameters of the analytics pages (users, orgs, feedback), parsed once and shared by the
// pages and the data layer. Names follow the run filters: range/from/to, userId, orgId,
// feedback, sort, order, limit, cursor.
import { FEEDBACK_FILTERS, FilterError, type FeedbackFilter } from "./run-filters";
import { parseWindow, WindowError, type Range, type TimeWindow } from "./window";

export const PEOPLE_SORTS = ["lastSeen", "runs", "errors", "failureRate", "thumbsDown", "cost"] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

export interface PeopleFilters {
  window: TimeWindow;
  /** Users only: users whose organisation is this one. */
  orgId: string | null;
  sort: PeopleSort;
  order: "asc" | "desc";
  limit: number;
  cursor: string | null;
}

export interface FeedbackFilters {
  window: TimeWindow;
  userId: string | null;
  orgId: string | null;
  /** thumbs_up / thumbs_down: that score; none: text-only entries; any or null: every entry. */
  feedback: FeedbackFilter | null;
  limit: number;
  cursor: string | null;
}

interface Options {
  defaultRange?: Range;
  maxLimit?: number;
}

function windowOf(params: URLSearchParams, opts: Options): TimeWindow {
  try {
    return parseWindow(params, opts.defaultRange);
  } catch (err) {
    if (err instanceof WindowError) throw new FilterError(err.message);
    throw err;
  }
}

function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | null {
  const v = params.get(name);
  if (v === null || v === "") return null;
  if (!(allowed as readonly string[]).includes(v)) throw new FilterError(`${name} must be one of ${allowed.join(", ")} (got "${v.slice(0, 40)}").`);
  return v as T;
}

function text(params: URLSearchParams, name: string): string | null {
  const v = params.get(name);
  return v === null || v.trim() === "" ? null : v.trim().slice(0, 512);
}

function limitOf(params: URLSearchParams, opts: Options): number {
  const raw = params.get("limit");
  const max = opts.maxLimit ?? 100;
  if (raw === null || raw === "") return Math.min(50, max);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new FilterError(`limit must be an integer from 1 to ${max}.`);
  return n;
}

export function parsePeopleFilters(params: URLSearchParams, opts: Options = {}): PeopleFilters {
  return {
    window: windowOf(params, opts),
    orgId: text(params, "orgId"),
    sort: oneOf(params, "sort", PEOPLE_SORTS) ?? "lastSeen",
    order: oneOf(params, "order", ["asc", "desc"] as const) ?? "desc",
    limit: limitOf(params, opts),
    cursor: text(params, "cursor"),
  };
}

export function parseFeedbackFilters(params: URLSearchParams, opts: Options = {}): FeedbackFilters {
  return {
    window: windowOf(params, opts),
    userId: text(params, "userId"),
    orgId: text(params, "orgId"),
    feedback: oneOf(params, "feedback", FEEDBACK_FILTERS),
    limit: limitOf(params, opts),
    cursor: text(params, "cursor"),
  };
}
