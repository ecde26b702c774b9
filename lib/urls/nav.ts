// The dashboard's pages (product.md) and the URL rules of the agent scope, shared by the sidebar,
// the agent selector and tests. Pure: no React, no server code.
import { isReservedSlug } from "@/lib/agents/reserved";

export interface NavPage {
  slug: string;
  label: string;
  /** Has a `/{agent}/{slug}` variant. */
  agentScoped: boolean;
  group: "observe" | "insights" | "project";
}

export const NAV_PAGES: NavPage[] = [
  { slug: "overview", label: "Overview", agentScoped: true, group: "observe" },
  { slug: "runs", label: "Runs", agentScoped: true, group: "observe" },
  { slug: "sessions", label: "Sessions", agentScoped: true, group: "observe" },
  { slug: "feedback", label: "Feedback", agentScoped: true, group: "observe" },
  { slug: "users", label: "Users", agentScoped: true, group: "observe" },
  { slug: "orgs", label: "Orgs", agentScoped: true, group: "observe" },
  { slug: "failures", label: "Failures", agentScoped: true, group: "insights" },
  { slug: "tools", label: "Tools", agentScoped: true, group: "insights" },
  { slug: "patterns", label: "Patterns", agentScoped: true, group: "insights" },
  { slug: "topics", label: "Topics", agentScoped: true, group: "insights" },
  { slug: "recaps", label: "Recaps", agentScoped: true, group: "insights" },
  { slug: "search", label: "Search", agentScoped: true, group: "insights" },
  { slug: "views", label: "Views", agentScoped: true, group: "insights" },
  { slug: "settings", label: "Settings", agentScoped: false, group: "project" },
  { slug: "mcp-and-api", label: "MCP & API", agentScoped: false, group: "project" },
];

const BY_SLUG = new Map(NAV_PAGES.map((p) => [p.slug, p]));

export function navPage(slug: string | null | undefined): NavPage | undefined {
  return slug ? BY_SLUG.get(slug) : undefined;
}

export interface DashboardPath {
  /** The agent slug of `/{agent}/…`, null at the top level. */
  agent: string | null;
  page: string | null;
  /** Segments after the page (e.g. a run id). */
  rest: string[];
}

/** A URL path segment decoded; a malformed escape is kept as it is (never a 500). */
export function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Splits a dashboard pathname; a first segment that is not a reserved route is an agent slug. */
export function parseDashboardPath(pathname: string): DashboardPath {
  const segs = pathname.split("/").filter(Boolean).map(decodeSegment);
  if (!segs.length) return { agent: null, page: null, rest: [] };
  if (isReservedSlug(segs[0]!)) return { agent: null, page: segs[0]!, rest: segs.slice(1) };
  return { agent: segs[0]!, page: segs[1] ?? null, rest: segs.slice(2) };
}

/**
 * An agent's page (`/{agent}/…`) takes its agent from the path; an `agent` parameter there can only
 * repeat or contradict it. The path's agent wins and the parameter is dropped from the URL, as the
 * agent selector, page links and saved views drop it: the URL without it (for a redirect), or null
 * when there is nothing to drop. Top-level pages keep it (`/runs?agent=` is the runs' agent filter).
 */
export function withoutScopedAgentParam(url: URL): URL | null {
  if (!url.searchParams.has("agent") || parseDashboardPath(url.pathname).agent === null) return null;
  const out = new URL(url);
  out.searchParams.delete("agent");
  return out;
}

/** Query parameters a page keeps when the user moves to another page (the time window). */
const CARRIED = ["range", "from", "to"];

function carry(search: URLSearchParams | string, keep: "window" | "all"): string {
  const params = new URLSearchParams(search);
  const out = new URLSearchParams();
  for (const [k, v] of params) {
    if (keep === "window" ? CARRIED.includes(k) : k !== "cursor" && k !== "agent") out.append(k, v);
  }
  const s = out.toString();
  return s ? `?${s}` : "";
}

/** Link to `page` within the current agent scope (when the page has one), keeping the time window. */
export function pageHref(page: string, agent: string | null, search: URLSearchParams | string = ""): string {
  const scoped = agent && navPage(page)?.agentScoped;
  return `${scoped ? `/${encodeURIComponent(agent)}` : ""}/${page}${carry(search, "window")}`;
}

/**
 * Where the agent selector goes: the same page for the chosen agent (`/runs` ⇄ `/{agent}/runs`),
 * keeping filters but not the page cursor. Detail pages go to their list; pages without an agent
 * view go to the agent's runs.
 */
export function agentSwitchHref(pathname: string, search: URLSearchParams | string, agent: string | null): string {
  const { page, rest } = parseDashboardPath(pathname);
  const known = navPage(page);
  const target = known && (agent === null || known.agentScoped) ? known.slug : "runs";
  const base = agent ? `/${encodeURIComponent(agent)}/${target}` : `/${target}`;
  // Filters belong to one list; another page (or a detail page's own parameters) keeps the window only.
  const samePage = target === page && rest.length === 0;
  return `${base}${carry(search, samePage ? "all" : "window")}`;
}

/** "/{agent}" or "" for links that stay in the agent scope. */
export const scopePrefix = (agent: { slug: string } | null) => (agent ? `/${encodeURIComponent(agent.slug)}` : "");

/** The time window parameters of a URL, to carry into links to other pages. */
export function windowQuery(search: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const k of ["range", "from", "to"]) {
    const v = search.get(k);
    if (v) out.set(k, v);
  }
  const s = out.toString();
  return s ? `?${s}` : "";
}
