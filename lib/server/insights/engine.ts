import "server-only";
// The insight engine: runs inside the Sightline process, drains the insight queue in small
// batches and gives idle sessions a second pass. It never holds a transaction while it analyses
// (on the embedded database a transaction would block ingestion), analyses one run at a time with
// a yield to the event loop between runs, and pauses between batches.
import type { Sql } from "@/lib/db/sql";
import { analyseRun, type UserPattern } from "@/lib/insights/analyse";
import { BUILTIN_PATTERN_KEYS } from "@/lib/insights/patterns/types";
import { inSample, REFINED_KEYS, refineHits } from "@/lib/insights/llm/refine";
import { backfillStep } from "./backfill";
import { createLlmClient, type LlmConfig } from "@/lib/insights/llm/client";
import { maintainEmbedded } from "@/lib/server/ingest/maintenance";
import { ANALYSERS, JOBS, type EngineJob, type RunAnalyser } from "./extensions";
import { loadRunContexts } from "./load";
import { ingestionActive, restAfterBatch, settleDue } from "./pace";
import { holdYoungGeneration, oldGenerationBound, shrinkYoungGeneration, youngGenerationSmall } from "@/lib/runtime/idle-gc.mjs";
import { rebuildStalePatternDays } from "./pattern-days";
import { rebuildStaleTopicDays } from "./topic-days";
import { completeLease, leaseBatch, retryLater, type Leased } from "./queue";
import { recordErrors, storeResults, type AnalysedRun } from "./store";
import { loadUserPatterns } from "./user-patterns";

export interface EngineOptions {
  /** Runs per batch. */
  batchSize?: number;
  /** A session's runs get their idle pass once the session has had no new run for this long. */
  idleSeconds: number;
  /** Pause when the queue is empty. */
  pollMs?: number;
  /** The optional OpenAI-compatible model that reviews user insights in the idle pass. */
  llm?: RefineConfig;
  /** More analysers and periodic jobs (default: those registered in extensions.ts). */
  analysers?: RunAnalyser[];
  jobs?: EngineJob[];
}

export interface RefineConfig {
  llm: LlmConfig;
  /** Share of the unflagged conversational runs also sent to the model (0-1). */
  sampleRate: number;
}

/** Model calls in flight at once during one batch. */
const LLM_CONCURRENCY = 4;

/** A young generation larger than this (its maximum is 128 MB, scripts/server-args.mjs) is given back while the engine catches up. */
const SETTLE_YOUNG_BYTES = 32 * 1024 * 1024;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface BatchResult {
  analysed: number;
  failed: number;
}

/** Leases one batch, analyses it and stores the results. */
export async function processBatch(
  sql: Sql,
  opts: { batchSize?: number; idleSeconds: number; llm?: RefineConfig; analysers?: RunAnalyser[] },
): Promise<BatchResult> {
  const batchSize = opts.batchSize ?? 50;
  const lease = await leaseBatch(sql, batchSize);
  if (!lease.runs.length) return { analysed: 0, failed: 0 };
  try {
    return await analyseLease(sql, lease, opts.idleSeconds, opts.llm, opts.analysers ?? ANALYSERS);
  } catch (err) {
    // Loading or storing failed: give the runs back for a later attempt, and say why.
    await retryLater(sql, lease, lease.runs).catch(() => {});
    const message = `Analysis of ${lease.runs.length} runs failed: ${err instanceof Error ? err.message : String(err)}`;
    const projects = [...new Set(lease.runs.map((r) => r.projectId))];
    await recordErrors(
      sql,
      projects.map((p) => ({ project_id: p, run_id: null, pattern_id: null, message })),
    ).catch(() => {});
    return { analysed: 0, failed: lease.runs.length };
  }
}

async function analyseLease(sql: Sql, lease: Leased, idleSeconds: number, llm: RefineConfig | undefined, analysers: RunAnalyser[]): Promise<BatchResult> {
  const arrived = new Set(lease.runs.filter((r) => r.reason === "run").map((r) => `${r.projectId}\u0000${r.runId}`));
  const loaded = await loadRunContexts(sql, lease.runs);
  const patternsByProject = new Map<string, UserPattern[]>();
  const setupErrors: { project_id: string; run_id: string | null; pattern_id: string | null; message: string }[] = [];
  for (const projectId of new Set(loaded.map((l) => l.projectId))) {
    const { patterns, invalid } = await loadUserPatterns(sql, projectId);
    patternsByProject.set(projectId, patterns);
    for (const i of invalid) setupErrors.push({ project_id: projectId, run_id: null, pattern_id: i.id, message: i.message });
  }
  const results: AnalysedRun[] = [];
  const failed: { projectId: string; runId: string; message: string }[] = [];
  for (const l of loaded) {
    const patterns = patternsByProject.get(l.projectId) ?? [];
    try {
      results.push({
        loaded: l,
        analysis: analyseRun(l.context, patterns),
        evaluated: [...BUILTIN_PATTERN_KEYS, ...patterns.map((p) => p.id)],
        arrived: arrived.has(`${l.projectId}\u0000${l.context.run.id}`),
      });
    } catch (err) {
      failed.push({ projectId: l.projectId, runId: l.context.run.id, message: err instanceof Error ? err.message : String(err) });
    }
    await yieldToEventLoop();
  }
  if (llm) setupErrors.push(...(await refineWithModel(llm, results)));
  const extra: { analyser: RunAnalyser; result: unknown }[] = [];
  for (const analyser of analysers) {
    try {
      extra.push({ analyser, result: await analyser.analyse(loaded, sql) });
    } catch (err) {
      for (const p of new Set(loaded.map((l) => l.projectId))) {
        setupErrors.push({ project_id: p, run_id: null, pattern_id: null, message: `${analyser.name}: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
  }
  await sql.transaction(async (tx) => {
    await storeResults(tx, results, idleSeconds, { idlePassForAll: llm !== undefined });
    for (const e of extra) await e.analyser.store(tx, e.result);
    await recordErrors(tx, [...setupErrors, ...failed.map((f) => ({ project_id: f.projectId, run_id: f.runId, pattern_id: null, message: f.message }))]);
    // Failed runs go back to the queue (their rows leave the lease); the rest, including runs
    // deleted since they were queued, are done.
    if (failed.length) await retryLater(tx, lease, failed);
    await completeLease(tx, lease);
  });
  return { analysed: results.length, failed: failed.length };
}

/**
 * The model reviews the user insights of conversational runs in their session's idle pass (the
 * whole conversation has arrived): the runs the local detectors flagged, and a sample of the rest.
 * Returns the errors to record (one per project and batch at most).
 */
async function refineWithModel(cfg: RefineConfig, results: AnalysedRun[]) {
  const llm = createLlmClient({ ...cfg.llm, timeoutMs: cfg.llm.timeoutMs ?? 20_000 });
  const client = { complete: (messages: { role: "system" | "user"; content: string }[]) => llm.complete(messages, 300) };
  const todo = results.filter(
    (r) =>
      !r.arrived &&
      r.loaded.context.run.conversational &&
      (r.analysis.hits.some((h) => REFINED_KEYS.includes(h.patternId as (typeof REFINED_KEYS)[number])) || inSample(r.analysis.runId, cfg.sampleRate)),
  );
  const errors = new Map<string, { project_id: string; run_id: string; pattern_id: null; message: string }>();
  for (let i = 0; i < todo.length; i += LLM_CONCURRENCY) {
    await Promise.all(
      todo.slice(i, i + LLM_CONCURRENCY).map(async (r) => {
        const refined = await refineHits(client, r.loaded.context, r.analysis.hits);
        if (refined.error)
          errors.set(r.loaded.projectId, { project_id: r.loaded.projectId, run_id: r.analysis.runId, pattern_id: null, message: refined.error });
        else r.analysis.hits = refined.hits;
      }),
    );
  }
  return [...errors.values()];
}

/** Runs of one session judged again by its idle pass (the most recent ones). */
export const SESSION_PASS_RUNS = 50;

/**
 * Conversations whose idle time has come (no run of theirs was written for idleSeconds) have their
 * runs queued again, so each is judged with every turn that arrived around it, including turns
 * that arrived late or out of order. Returns the number of runs queued.
 */
export async function sessionPass(sql: Sql, limit = 100): Promise<number> {
  const [row] = await sql.query<{ n: string }>(
    `WITH due AS (
       DELETE FROM insight_sessions WHERE (project_id, session_id) IN (
         SELECT project_id, session_id FROM insight_sessions WHERE due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ) RETURNING project_id, session_id
     ), queued AS (
       INSERT INTO insight_queue (project_id, run_id, reason)
       SELECT r.project_id, r.id, 'session' FROM due CROSS JOIN LATERAL (
         SELECT project_id, id FROM runs WHERE project_id = due.project_id AND session_id = due.session_id AND NOT placeholder
         ORDER BY start_time DESC, id DESC LIMIT ${SESSION_PASS_RUNS}
       ) r
       RETURNING 1
     )
     SELECT count(*)::text AS n FROM queued`,
    [limit],
  );
  return Number(row?.n ?? 0);
}

export interface InsightEngine {
  stop(): Promise<void>;
  /** Resolves once the queue has nothing due (for tests and the backfill bench). */
  drain(): Promise<void>;
}

/** Starts the engine loop; `stop` waits for the batch in progress. */
export function startInsightEngine(sql: Sql, opts: EngineOptions): InsightEngine {
  const pollMs = opts.pollMs ?? 1000;
  let stopped = false;
  let wake: (() => void) | null = null;
  let idleWaiters: (() => void)[] = [];
  const jobs = opts.jobs ?? JOBS;
  const lastRun = new Map<string, number>();
  let lastSettle = 0;
  // While no runs are being written, the garbage the engine's batches leave in the old generation
  // stays under a few MB (lib/runtime/idle-gc.mjs); during ingestion V8 alone decides.
  const oldGeneration = oldGenerationBound();
  /** Waits `ms`, or less if stopped. */
  const rest = async (ms: number) => {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, ms).unref?.();
    });
    wake = null;
  };

  const loop = async () => {
    while (!stopped) {
      // Ingestion grows the young generation for its throughput: never held while it goes on.
      if (ingestionActive()) {
        holdYoungGeneration(false);
        oldGeneration.reset();
      }
      let worked = 0;
      const t0 = performance.now();
      try {
        worked += await sessionPass(sql);
        for (const job of jobs) {
          if (Date.now() - (lastRun.get(job.name) ?? 0) < job.everyMs) continue;
          lastRun.set(job.name, Date.now());
          worked += await job.run(sql).catch((err) => (console.error(`[sightline] insight job ${job.name}:`, err instanceof Error ? err.message : err), 0));
        }
        const r = await processBatch(sql, opts);
        worked += r.analysed + r.failed;
        worked += await rebuildStalePatternDays(sql);
        worked += await rebuildStaleTopicDays(sql);
        // Past runs for new or edited patterns, only when new runs are not waiting.
        if (worked === 0) worked += await backfillStep(sql);
      } catch (err) {
        console.error("[sightline] insight engine:", err instanceof Error ? err.message : err);
      }
      if (worked === 0) {
        oldGeneration.idle();
        const waiters = idleWaiters;
        idleWaiters = [];
        waiters.forEach((w) => w());
        await rest(pollMs);
      } else {
        // The engine's own writes (assignments, day rollups, a re-clustering rewriting a month of
        // topics) leave dead rows too, also while nothing is ingested: the embedded database's
        // maintenance, at most once a minute, follows them as it follows ingestion.
        maintainEmbedded(sql);
        // Beside ingestion, rest as long as the pass took (lib/server/insights/pace.ts).
        const ms = restAfterBatch(performance.now() - t0);
        if (ms > 0) await rest(ms);
        else await yieldToEventLoop();
        if (!ingestionActive()) oldGeneration.check();
        // Catching up after a load: pause once for the young generation to be given back, and keep
        // it small until runs are written again (lib/runtime/idle-gc.mjs).
        if (!stopped && settleDue(!youngGenerationSmall(SETTLE_YOUNG_BYTES), lastSettle)) {
          lastSettle = Date.now();
          if (await shrinkYoungGeneration({ wait: rest })) holdYoungGeneration(true);
        }
      }
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
    drain() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake?.();
      });
    },
  };
}

declare global {
  var __sightlineInsightEngine: InsightEngine | undefined;
}

/** The process's one engine (Next.js may load this module in several bundles). */
export function ensureInsightEngine(sql: Sql, opts: EngineOptions): InsightEngine {
  globalThis.__sightlineInsightEngine ??= startInsightEngine(sql, opts);
  return globalThis.__sightlineInsightEngine;
}
