import "server-only";
// REST read endpoints (read keys only): thin adapters from URL parameters to the data layer.
import { IngestError } from "@/lib/ingest/errors";
import { boundedKey } from "@/lib/ingest/sanitize";
import { FilterError, parseRunFilters, type RunFilters } from "@/lib/validations/run-filters";
import type { ReadContext } from "./http";
import { getRun, listRuns } from "./queries/runs";
import { getSession, listSessions } from "./queries/sessions";

function filters(ctx: ReadContext): RunFilters {
  try {
    return parseRunFilters(ctx.url.searchParams);
  } catch (err) {
    if (err instanceof FilterError) throw new IngestError(400, "invalid_query", err.message);
    throw err;
  }
}

async function orBadRequest<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof FilterError) throw new IngestError(400, "invalid_query", err.message);
    throw err;
  }
}

const notFound = (what: string, id: string) => new IngestError(404, "not_found", `No ${what} with id "${id.slice(0, 200)}" in this project.`);

export const apiListRuns = (ctx: ReadContext) => orBadRequest(listRuns(ctx.sql, ctx.projectId, filters(ctx)));

export async function apiGetRun(ctx: ReadContext, { id }: { id: string }) {
  const run = await getRun(ctx.sql, ctx.projectId, boundedKey(id));
  if (!run) throw notFound("run", id);
  return run;
}

export const apiListSessions = (ctx: ReadContext) => orBadRequest(listSessions(ctx.sql, ctx.projectId, filters(ctx)));

export async function apiGetSession(ctx: ReadContext, { id }: { id: string }) {
  const session = await getSession(ctx.sql, ctx.projectId, id);
  if (!session) throw notFound("session", id);
  return session;
}
