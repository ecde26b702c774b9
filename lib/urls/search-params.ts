// The runs page's URL → the data layer's parameters. Shared by the server view (first render)
// and the client table (polling through /api/ui/runs), so both ask for exactly the same page.

export const RUNS_PAGE_SIZE = 50;

export type RawSearchParams = Record<string, string | string[] | undefined>;

export function toSearchParams(raw: RawSearchParams | URLSearchParams): URLSearchParams {
  if (raw instanceof URLSearchParams) return new URLSearchParams(raw);
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) v.forEach((x) => out.append(k, x));
    else if (v !== undefined) out.append(k, v);
  }
  return out;
}

/** The page's URL parameters with the agent scope applied and the dashboard's page size. */
export function runsDataParams(search: URLSearchParams, agentScope: string | null): URLSearchParams {
  const out = new URLSearchParams(search);
  if (agentScope) out.set("agent", agentScope);
  if (!out.get("limit")) out.set("limit", String(RUNS_PAGE_SIZE));
  return out;
}

export const SEARCH_PAGE_SIZE = 20;

/** The search page's URL parameters with the agent scope applied and its page size. */
export function searchDataParams(search: URLSearchParams, agentScope: string | null): URLSearchParams {
  const out = new URLSearchParams(search);
  if (agentScope) out.set("agent", agentScope);
  if (!out.get("limit")) out.set("limit", String(SEARCH_PAGE_SIZE));
  return out;
}
