import "server-only";
// REST read endpoints (read keys only): thin adapters from URL parameters to the data layer.
import { IngestError } from "@/lib/ingest/errors";
import { boundedKey } from "@/lib/ingest/sanitize";
import { env } from "@/lib/env";
import { FilterError } from "@/lib/validations/list-params";
import { FAILURE_LIST, METRICS_QUERY, PATTERN_LIST, RECAP_CURRENT, RECAP_LIST, RUN_LIST, SEARCH_LIST, TOOL_LIST, TOPIC_LIST } from "@/lib/validations/lists";
import type { ReadContext } from "./http";
import { listFailures, toFailureDto } from "./data/failures";
import { defaultInterval, getMetrics, intervalProblem } from "./data/metrics";
import { getPattern, listPatterns } from "./data/patterns";
import { listRecaps, recapAgentScope, type RecapDto } from "./data/recaps";
import { currentRecap } from "./insights/recaps";
import { listRuns } from "./data/runs";
import { searchRuns } from "./data/search";
import { getSession, listSessions } from "./data/sessions";
import { resolveScope } from "./data/stats";
import { listTools } from "./data/tools";
import { listTopics } from "./data/topics";
import { exportResponse, exportRuns, parseExport, runDetails } from "./export";

// A FilterError (from the parser or a cursor the data layer cannot use) is a 400 in toErrorResponse.
const notFound = (what: string, id: string) => new IngestError(404, "not_found", `No ${what} with id "${id.slice(0, 200)}" in this project.`);

export const apiListRuns = (ctx: ReadContext) => listRuns(ctx.sql, ctx.projectId, RUN_LIST.parse(ctx.url.searchParams));

export async function apiGetRun(ctx: ReadContext, { id }: { id: string }) {
  const [run] = await runDetails(ctx.sql, ctx.projectId, [boundedKey(id)]);
  if (!run) throw notFound("run", id);
  return run;
}

/**
 * `GET /v1/runs/export`: every matching run, streamed as JSONL, CSV or OTLP/JSON lines.
 * The path is also `GET /v1/runs/{id}` of a run whose id is `export` (the static route wins in
 * Next.js). An export always has a window, a run read never has parameters: with no query string
 * the run `export` is answered if there is one, and otherwise the export's own 400 (no window).
 */
export async function apiExportRuns(ctx: ReadContext) {
  if (ctx.url.search === "") {
    const [run] = await runDetails(ctx.sql, ctx.projectId, ["export"]);
    if (run) return run;
  }
  return exportResponse(await exportRuns(ctx.sql, ctx.projectId, parseExport(ctx.url.searchParams, "api")));
}

export const apiListSessions = (ctx: ReadContext) => listSessions(ctx.sql, ctx.projectId, RUN_LIST.parse(ctx.url.searchParams));

export async function apiGetSession(ctx: ReadContext, { id }: { id: string }) {
  const session = await getSession(ctx.sql, ctx.projectId, id);
  if (!session) throw notFound("session", id);
  return session;
}

export const apiListPatterns = async (ctx: ReadContext) => ({ data: await listPatterns(ctx.sql, ctx.projectId, PATTERN_LIST.parse(ctx.url.searchParams)) });

export async function apiGetPattern(ctx: ReadContext, { id }: { id: string }) {
  const filters = PATTERN_LIST.parse(ctx.url.searchParams);
  const pattern = await getPattern(ctx.sql, ctx.projectId, boundedKey(id), filters);
  if (!pattern) throw notFound("pattern", id);
  return pattern;
}

/** `GET /v1/failures`: failure groups in the window, largest first; an unknown agent has none. */
export async function apiListFailures(ctx: ReadContext) {
  const page = await listFailures(ctx.sql, ctx.projectId, FAILURE_LIST.parse(ctx.url.searchParams));
  return { data: page.data.map(toFailureDto), nextCursor: page.nextCursor };
}

/** `GET /v1/tools`: every tool called in the window; an unknown agent has none. */
export async function apiListTools(ctx: ReadContext) {
  const f = TOOL_LIST.parse(ctx.url.searchParams);
  const scope = await resolveScope(ctx.sql, ctx.projectId, f.agent);
  if (!scope) return { data: [] };
  return { data: await listTools(ctx.sql, scope, f.window, { sort: f.sort, order: f.order }) };
}
export const apiListTopics = async (ctx: ReadContext) => {
  const f = TOPIC_LIST.parse(ctx.url.searchParams);
  const list = await listTopics(ctx.sql, ctx.projectId, { window: f.window, agent: f.agent });
  return {
    data: list.data.map((t) => ({
      id: t.id,
      label: t.llmLabel ?? t.label,
      keywords: t.keywords,
      agent: t.agent,
      runCount: t.runCount,
      sessionCount: t.sessionCount,
      userCount: t.userCount,
      share: t.share,
      failureRate: t.failureRate,
      thumbsUp: t.thumbsUp,
      thumbsDown: t.thumbsDown,
      frustrationRate: t.frustrationRate,
      previousRunCount: t.previousRunCount,
      trend: t.trend,
      emerging: t.emerging,
    })),
  };
};

// Agent ids are generated ("agt_…"); this one matches no run, so an unknown agent reads as empty.
const NO_AGENT = "no such agent";

const recapJson = (r: RecapDto) => ({
  id: r.id,
  agent: r.agent,
  period: r.period,
  periodKey: r.periodKey,
  timeZone: r.timeZone,
  start: r.start,
  end: r.end,
  generatedAt: r.generatedAt,
  stats: r.stats,
  items: r.items,
  narrative: r.narrative,
  markdown: r.markdown,
});

export async function apiListRecaps(ctx: ReadContext) {
  const f = RECAP_LIST.parse(ctx.url.searchParams, { defaultRange: "2M" });
  const scope = await recapAgentScope(ctx.sql, ctx.projectId, f.agent);
  const page = await listRecaps(ctx.sql, ctx.projectId, {
    agentKey: scope.key,
    kind: f.period,
    from: f.window.from,
    to: f.window.to,
    limit: f.limit,
    cursor: f.cursor,
  });
  return { data: page.data.map(recapJson), nextCursor: page.nextCursor };
}

export async function apiCurrentRecap(ctx: ReadContext) {
  const params = ctx.url.searchParams;
  if (["range", "from", "to"].some((k) => params.has(k)))
    throw new FilterError("The current recap covers the running day or week; it takes no range, from or to (use GET /v1/recaps for past periods).");
  const f = RECAP_CURRENT.parse(params, { defaultRange: "1d" });
  // An unknown agent has no runs: its period so far is empty (zero figures, no items), as every
  // list answers for it (GET /v1/recaps, /v1/runs, /v1/topics…), not a 404. Its name is echoed.
  const scope = await recapAgentScope(ctx.sql, ctx.projectId, f.agent);
  const e = env();
  const { content, markdown } = await currentRecap(
    ctx.sql,
    { projectId: ctx.projectId, agent: scope.agent },
    f.period ?? "day",
    e.SIGHTLINE_RECAP_TIME_ZONE,
    e.SIGHTLINE_PUBLIC_URL ?? e.NEXTAUTH_URL ?? null,
  );
  return {
    data: {
      agent: content.agent,
      period: content.period.kind,
      periodKey: content.period.key,
      timeZone: content.period.timeZone,
      start: content.period.start,
      end: content.period.end,
      partial: true,
      stats: content.stats,
      items: content.items,
      markdown,
    },
  };
}

/** `GET /v1/metrics`: an unknown agent has no runs (zero totals, zero-filled series). */
export async function apiMetrics(ctx: ReadContext) {
  const f = METRICS_QUERY.parse(ctx.url.searchParams);
  const interval = f.interval ?? defaultInterval(f.window);
  const problem = intervalProblem(f.window, interval);
  if (problem) throw new FilterError(problem);
  const scope = (await resolveScope(ctx.sql, ctx.projectId, f.agent)) ?? { projectId: ctx.projectId, agentId: NO_AGENT };
  return getMetrics(ctx.sql, scope, f.window, interval);
}

export const apiSearch = (ctx: ReadContext) => searchRuns(ctx.sql, ctx.projectId, SEARCH_LIST.parse(ctx.url.searchParams));
