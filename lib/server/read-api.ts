import "server-only";
// REST read endpoints (read keys only): thin adapters from URL parameters to the data layer.
import { IngestError } from "@/lib/ingest/errors";
import { boundedKey } from "@/lib/ingest/sanitize";
import { FAILURE_LIST, PATTERN_LIST, RUN_LIST, TOOL_LIST, TOPIC_LIST } from "@/lib/validations/lists";
import type { ReadContext } from "./http";
import { listFailures, toFailureDto } from "./data/failures";
import { getRunInsights } from "./data/insights";
import { getPattern, listPatterns } from "./data/patterns";
import { getRun } from "./data/run-detail";
import { listRuns } from "./data/runs";
import { getSession, listSessions } from "./data/sessions";
import { resolveScope } from "./data/stats";
import { listTools } from "./data/tools";
import { listTopics, runTopic } from "./data/topics";

// A FilterError (from the parser or a cursor the data layer cannot use) is a 400 in toErrorResponse.
const notFound = (what: string, id: string) => new IngestError(404, "not_found", `No ${what} with id "${id.slice(0, 200)}" in this project.`);

export const apiListRuns = (ctx: ReadContext) => listRuns(ctx.sql, ctx.projectId, RUN_LIST.parse(ctx.url.searchParams));

export async function apiGetRun(ctx: ReadContext, { id }: { id: string }) {
  const run = await getRun(ctx.sql, ctx.projectId, boundedKey(id));
  if (!run) throw notFound("run", id);
  const [insights, topic] = await Promise.all([getRunInsights(ctx.sql, ctx.projectId, run.id), runTopic(ctx.sql, ctx.projectId, run.id)]);
  return { ...run, insights: { ...insights, topic } };
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
