// Saved views: which pages can be saved, how a page's URL is cleaned into a view's parameters, and
// the built-in presets. Pure (no server code): the data layer, the actions, the pages and the
// "Save view" control share it. A view's parameters are validated by the same list declaration as
// the page itself (lib/validations/lists.ts), so a view that saves can always be opened.
import { FEEDBACK_LIST, FAILURE_LIST, ORG_LIST, parseDashboardList, PATTERN_LIST, RUN_LIST, TOOL_LIST, USER_LIST } from "@/lib/validations/lists";
import { FilterError } from "@/lib/validations/list-params";

/** Each savable page and the list that parses its URL. */
const PAGE_LISTS = {
  runs: RUN_LIST,
  sessions: RUN_LIST,
  users: USER_LIST,
  orgs: ORG_LIST,
  feedback: FEEDBACK_LIST,
  failures: FAILURE_LIST,
  tools: TOOL_LIST,
  patterns: PATTERN_LIST,
} as const;

export type ViewPage = keyof typeof PAGE_LISTS;
export const VIEW_PAGES = Object.keys(PAGE_LISTS) as ViewPage[];

export const isViewPage = (v: unknown): v is ViewPage => typeof v === "string" && (VIEW_PAGES as string[]).includes(v);

/** Parameters never kept in a view: the page cursor (a position, not a choice) and `view` itself. */
const DROPPED = ["cursor", "view"];
export const MAX_QUERY = 4_000;
export const MAX_NAME = 100;

/**
 * A page's URL parameters as a view keeps them: cursor and view dropped, `agent` dropped on an
 * agent's page (the scope is kept beside them), the rest validated by the page's list. Throws a
 * FilterError (its message says what to fix) when the page itself would refuse them.
 */
export function cleanViewQuery(page: ViewPage, search: URLSearchParams | string, agentScoped: boolean): string {
  const raw = typeof search === "string" ? search.replace(/^\?/, "") : search.toString();
  if (raw.length > MAX_QUERY) throw new FilterError(`A view's parameters are at most ${MAX_QUERY} characters long.`);
  const params = new URLSearchParams(raw);
  const out = new URLSearchParams();
  for (const [k, v] of params) {
    if (DROPPED.includes(k) || (agentScoped && k === "agent") || v.trim() === "") continue;
    out.append(k, v);
  }
  parseDashboardList(PAGE_LISTS[page], out);
  return out.toString();
}

/** Where a view opens: its page, in its agent's scope (or the one it is opened from), with its parameters. */
export function viewHref(view: { page: ViewPage; query: string }, agentSlug: string | null): string {
  const prefix = agentSlug ? `/${encodeURIComponent(agentSlug)}` : "";
  // A top-level view's `agent=` opened in an agent's scope: the scope wins, and the URL shows it.
  const params = new URLSearchParams(view.query);
  if (agentSlug) params.delete("agent");
  const query = agentSlug ? params.toString() : view.query;
  return `${prefix}/${view.page}${query ? `?${query}` : ""}`;
}

export interface Preset {
  /** Its id in `?view=` and in pins; never the shape of a saved view's id (`view_…`). */
  key: string;
  name: string;
  page: ViewPage;
  query: string;
  description: string;
}

/** Built-in views: every project has them, nobody can delete or rename them; anyone can pin them. */
export const PRESETS: readonly Preset[] = [
  { key: "errors", name: "Errors", page: "runs", query: "status=error", description: "Runs that ended in an error." },
  {
    key: "slow-runs",
    name: "Slow runs",
    page: "runs",
    query: "minDurationMs=10000&sort=duration",
    description: "Runs that took more than 10 s, slowest first.",
  },
  { key: "costly-runs", name: "Costly runs", page: "runs", query: "sort=cost&order=desc", description: "Runs by cost, most expensive first." },
  { key: "thumbs-down", name: "Thumbs down", page: "feedback", query: "feedback=thumbs_down", description: "Every thumbs-down rating, newest first." },
  {
    key: "frustrated-sessions",
    name: "Frustrated sessions",
    page: "sessions",
    query: "pattern=frustration",
    description: "Sessions with a run in which the user was frustrated.",
  },
  { key: "tool-loops", name: "Tool loops", page: "runs", query: "pattern=tool_error_loop", description: "Runs that called a failing tool again and again." },
];

export const presetByKey = (key: string): Preset | undefined => PRESETS.find((p) => p.key === key);

export const VIEW_ID_PREFIX = "view";
export const isViewId = (v: string) => /^view_[A-Za-z0-9]{1,40}$/.test(v);

export { pinnedHref, type PinnedView } from "./links";
