import "server-only";
// Extension points of the insight engine, for analysers beyond patterns (topic assignment) and
// periodic jobs (re-clustering, recaps). Register them in `ANALYSERS` / `JOBS` below: the engine
// started with the database runs them.
import type { Queryable, Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import type { LlmConfig } from "@/lib/insights/llm/client";
import type { LoadedRun } from "./load";
import { recapJob } from "./recaps";
import { topicAnalyser, topicJob } from "./topics";

/** Runs on every batch the engine analyses, after the patterns. */
export interface RunAnalyser<R = unknown> {
  name: string;
  /** Work on the batch's runs outside any transaction (may read the database). */
  analyse(runs: LoadedRun[], q: Queryable): Promise<R>;
  /** Writes the result in the transaction that stores the batch's patterns and completes its lease. */
  store(tx: Queryable, result: R): Promise<void>;
}

/** Runs every `everyMs` in each instance's engine loop; a job that must run once across instances takes its own lock. */
export interface EngineJob {
  name: string;
  everyMs: number;
  /** Returns how much it did (0: nothing), so the loop knows whether to pause. */
  run(sql: Sql): Promise<number>;
}

/** The optional OpenAI-compatible model (SIGHTLINE_LLM_BASE_URL and _MODEL), or null: everything stays local. */
function llmConfig(): LlmConfig | null {
  const e = env();
  return e.SIGHTLINE_LLM_BASE_URL && e.SIGHTLINE_LLM_MODEL
    ? { baseUrl: e.SIGHTLINE_LLM_BASE_URL, apiKey: e.SIGHTLINE_LLM_API_KEY ?? null, model: e.SIGHTLINE_LLM_MODEL, embeddingModel: null }
    : null;
}

/** The optional embedding model (SIGHTLINE_LLM_BASE_URL and _EMBEDDING_MODEL), or null: topics are clustered on words. */
function embeddingConfig(): LlmConfig | null {
  const e = env();
  return e.SIGHTLINE_LLM_BASE_URL && e.SIGHTLINE_LLM_EMBEDDING_MODEL
    ? { baseUrl: e.SIGHTLINE_LLM_BASE_URL, apiKey: e.SIGHTLINE_LLM_API_KEY ?? null, model: null, embeddingModel: e.SIGHTLINE_LLM_EMBEDDING_MODEL }
    : null;
}

export const ANALYSERS: RunAnalyser[] = [topicAnalyser() as RunAnalyser];
export const JOBS: EngineJob[] = [
  topicJob(() => env().SIGHTLINE_TOPICS_RECLUSTER_H, llmConfig, embeddingConfig),
  recapJob(() => {
    const e = env();
    return {
      timeZone: e.SIGHTLINE_RECAP_TIME_ZONE,
      settleMs: e.SIGHTLINE_RECAP_SETTLE_S * 1000,
      webhookUrl: e.SIGHTLINE_RECAP_WEBHOOK_URL ?? null,
      baseUrl: e.SIGHTLINE_PUBLIC_URL ?? e.NEXTAUTH_URL ?? null,
      llm: llmConfig(),
    };
  }),
];
