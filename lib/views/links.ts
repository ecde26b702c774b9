// A pinned view's link, for the sidebar (a client component on every page). Kept apart from
// ./pages, whose list validation would bring the server-side parsers (and their Node polyfills,
// which break the Content-Security-Policy with eval) into every page's bundle.
import type { ViewPage } from "./pages";

/** A pinned view as the sidebar lists it. */
export interface PinnedView {
  /** A saved view's id or a preset's key: what `?view=` takes. */
  key: string;
  name: string;
  page: ViewPage;
  /** The agent a saved view belongs to; null for presets and top-level views. */
  agentSlug: string | null;
}

/**
 * Where a pinned view's link goes: its page with `?view=` (the page redirects to the view's
 * parameters), in the view's agent scope or, for a preset or top-level view, the current one.
 */
export function pinnedHref(v: PinnedView, currentAgent: string | null): string {
  const agent = v.agentSlug ?? currentAgent;
  return `${agent ? `/${encodeURIComponent(agent)}` : ""}/${v.page}?view=${encodeURIComponent(v.key)}`;
}
