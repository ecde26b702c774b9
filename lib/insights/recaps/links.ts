// Dashboard links of a recap's items: the agent's pages when the recap is about one agent, and
// the period's time window on every list, so a click shows exactly what the recap counted.

export interface LinkScope {
  agentSlug: string | null;
  start: Date;
  end: Date;
}

export function dashboardHref(scope: LinkScope, path: string, params: Record<string, string> = {}, windowed = true): string {
  const prefix = scope.agentSlug ? `/${encodeURIComponent(scope.agentSlug)}` : "";
  const query = new URLSearchParams(params);
  if (windowed) {
    query.set("from", scope.start.toISOString());
    query.set("to", scope.end.toISOString());
  }
  const qs = query.toString();
  return `${prefix}${path}${qs ? `?${qs}` : ""}`;
}

/** An absolute URL for a recap link, for Markdown copied out of the dashboard and for Slack. */
export function absoluteHref(baseUrl: string | null, href: string): string {
  // Relative to the base path, so a dashboard served under /sightline/ keeps that prefix.
  return baseUrl ? new URL(href.replace(/^\//, ""), baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString() : href;
}
