import "server-only";
// Writes the analysers' results of a batch: each analysed run's rows in run_patterns are replaced
// (for the patterns that were evaluated), its analysed time is recorded, and the engine's state
// and errors per project are updated. One set-based statement per table.
import type { Queryable } from "@/lib/db/sql";
import { ANALYSIS_VERSION, type RunAnalysis } from "@/lib/insights/analyse";
import type { LoadedRun } from "./load";

/** Errors kept per project (older ones are deleted). */
export const MAX_ERRORS = 200;

export interface AnalysedRun {
  loaded: LoadedRun;
  analysis: RunAnalysis;
  /** Pattern ids that were evaluated: their old rows for this run are replaced. */
  evaluated: string[];
  /** Analysed because the run was written (not by its session's idle pass): schedules that pass. */
  arrived: boolean;
}

export interface StoreOptions {
  /** False (a backfill of one pattern): the runs' analysed time and the counters are left alone. */
  markAnalysed?: boolean;
  /**
   * Every conversation gets an idle pass (the LLM review happens there). Otherwise only one in
   * which a run arrived after a later turn of it was already stored: the detectors read a run's
   * earlier turns only, so in a conversation whose turns arrived in order the idle pass would
   * judge every run again with the same context and find the same thing.
   */
  idlePassForAll?: boolean;
}

export async function storeResults(q: Queryable, results: AnalysedRun[], idleSeconds: number, opts: StoreOptions = {}): Promise<void> {
  if (!results.length) return;
  // Only matches that are gone are deleted; the ones found again are updated in place below, so the
  // per-day counts (pattern_days, kept by triggers) see a run leave a pattern only when it does.
  const found = new Set(results.flatMap((r) => r.analysis.hits.map((h) => `${r.loaded.projectId}\u0000${r.analysis.runId}\u0000${h.patternId}`)));
  const replace = results
    .flatMap((r) => r.evaluated.map((patternId) => ({ p: r.loaded.projectId, r: r.analysis.runId, pattern: patternId })))
    .filter((x) => !found.has(`${x.p}\u0000${x.r}\u0000${x.pattern}`));
  if (replace.length)
    await q.query(
      `DELETE FROM run_patterns rp USING jsonb_to_recordset($1::jsonb) AS t(p text, r text, pattern text)
     WHERE rp.project_id = t.p AND rp.run_id = t.r AND rp.pattern_id = t.pattern`,
      [JSON.stringify(replace)],
    );
  const hits = results.flatMap(({ loaded, analysis }) =>
    analysis.hits.map((h) => ({
      project_id: loaded.projectId,
      pattern_id: h.patternId,
      run_id: analysis.runId,
      start_time: loaded.context.run.startTime.toISOString(),
      agent_id: loaded.context.run.agent,
      session_id: loaded.context.run.sessionId,
      user_id: loaded.userId,
      evidence: h.evidence,
      explanation: h.explanation ?? null,
    })),
  );
  if (hits.length) {
    await q.query(
      `INSERT INTO run_patterns (project_id, pattern_id, run_id, start_time, agent_id, session_id, user_id, evidence, explanation)
       SELECT project_id, pattern_id, run_id, start_time, agent_id, session_id, user_id, evidence, explanation
       FROM jsonb_to_recordset($1::jsonb)
         AS t(project_id text, pattern_id text, run_id text, start_time timestamptz, agent_id text, session_id text, user_id text, evidence jsonb, explanation text)
       ON CONFLICT (project_id, pattern_id, run_id) DO UPDATE SET evidence = excluded.evidence, start_time = excluded.start_time,
         agent_id = excluded.agent_id, session_id = excluded.session_id, user_id = excluded.user_id, explanation = excluded.explanation`,
      [JSON.stringify(hits)],
    );
  }
  const analysed = opts.markAnalysed === false ? [] : results.filter((r) => r.evaluated.length > 0);
  await q.query(
    `INSERT INTO run_insights (project_id, run_id, analyzed_at, version)
     SELECT p, r, now(), $3 FROM unnest($1::text[], $2::text[]) AS t(p, r)
     ON CONFLICT (project_id, run_id) DO UPDATE SET analyzed_at = excluded.analyzed_at, version = excluded.version`,
    [analysed.map((r) => r.loaded.projectId), analysed.map((r) => r.analysis.runId), ANALYSIS_VERSION],
  );
  const perProject = new Map<string, number>();
  for (const r of analysed) perProject.set(r.loaded.projectId, (perProject.get(r.loaded.projectId) ?? 0) + 1);
  if (perProject.size)
    await q.query(
      `INSERT INTO insight_state (project_id, last_analyzed_at, analyzed_runs)
     SELECT p, now(), n FROM unnest($1::text[], $2::bigint[]) AS t(p, n)
     ON CONFLICT (project_id) DO UPDATE SET last_analyzed_at = now(), analyzed_runs = insight_state.analyzed_runs + excluded.analyzed_runs`,
      [[...perProject.keys()], [...perProject.values()]],
    );
  // Per conversation, the earliest run that arrived in this batch: a later turn stored before it
  // was judged without it.
  const sessions = new Map<string, { p: string; s: string; t: string }>();
  for (const r of results) {
    const run = r.loaded.context.run;
    if (!r.arrived || !run.conversational || !run.sessionId) continue;
    const k = `${r.loaded.projectId}\u0000${run.sessionId}`;
    const t = run.startTime.toISOString();
    const prev = sessions.get(k);
    if (!prev || t < prev.t) sessions.set(k, { p: r.loaded.projectId, s: run.sessionId, t });
  }
  if (sessions.size) {
    await q.query(
      `INSERT INTO insight_sessions (project_id, session_id, due_at)
       SELECT p, s, now() + make_interval(secs => $2) FROM jsonb_to_recordset($1::jsonb) AS t(p text, s text, t timestamptz)
       WHERE $3 OR EXISTS (
         SELECT 1 FROM runs r WHERE r.project_id = t.p AND r.session_id = t.s AND r.start_time > t.t AND NOT r.placeholder)
       ON CONFLICT (project_id, session_id) DO UPDATE SET due_at = excluded.due_at`,
      [JSON.stringify([...sessions.values()]), idleSeconds, opts.idlePassForAll === true],
    );
  }
  const errors = results.flatMap((r) =>
    r.analysis.errors.map((e) => ({ project_id: r.loaded.projectId, run_id: r.analysis.runId, pattern_id: e.patternId, message: e.message })),
  );
  await recordErrors(q, errors);
}

export async function recordErrors(
  q: Queryable,
  errors: { project_id: string; run_id: string | null; pattern_id: string | null; message: string }[],
): Promise<void> {
  if (!errors.length) return;
  await q.query(
    `INSERT INTO insight_errors (project_id, run_id, pattern_id, message)
     SELECT project_id, run_id, pattern_id, left(message, 2000) FROM jsonb_to_recordset($1::jsonb) AS t(project_id text, run_id text, pattern_id text, message text)`,
    [JSON.stringify(errors)],
  );
  await q.query(
    `DELETE FROM insight_errors e WHERE e.project_id = ANY($1::text[]) AND e.id < (
       SELECT min(id) FROM (SELECT id FROM insight_errors x WHERE x.project_id = e.project_id ORDER BY id DESC LIMIT $2) keep)`,
    [[...new Set(errors.map((e) => e.project_id))], MAX_ERRORS],
  );
}
