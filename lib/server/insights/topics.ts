import "server-only";
// Topics in the insight engine: an analyser that gives each analysed conversational run the
// nearest topic of its agent's current model, and a job that re-clusters each agent's last 30
// days periodically and on demand (leased per agent, so one instance clusters an agent at a time).
import crypto from "node:crypto";
import type { Queryable, Sql } from "@/lib/db/sql";
import { createLlmClient, labelTopic, type LlmConfig } from "@/lib/insights/llm/client";
import { assignLemmas, compileModel, type CompiledModel } from "@/lib/insights/topics/assign";
import { discoverTopics, type PromptDoc } from "@/lib/insights/topics/discover";
import { discoverWithEmbeddings } from "@/lib/insights/topics/embed";
import { DEFAULT_TOPIC_OPTIONS, type TopicOptions } from "@/lib/insights/topics/model";
import { lemmas, MAX_PROMPT_CHARS } from "@/lib/insights/topics/text";
import {
  currentModel,
  currentModelIds,
  ensureTopicJobs,
  finishTopicJob,
  leaseTopicJob,
  loadModel,
  loadWindowPrompts,
  modelKey,
  saveModel,
  setLlmLabel,
  topicsWithoutLlmLabel,
  writeRunTopics,
  type RunTopicWrite,
} from "@/lib/server/data/topics";
import type { EngineJob, RunAnalyser } from "./extensions";
import type { LoadedRun } from "./load";
import { recordErrors } from "./store";

/** The window a model is learnt from. */
export const TOPIC_WINDOW_DAYS = 30;
/** Prompts read for one re-clustering (the md5-lowest of the window); DEFAULT_TOPIC_OPTIONS.sampleCap of them are clustered. */
export const RECLUSTER_READ_CAP = 20_000;
/** A model learnt from fewer prompts than this is re-clustered hourly (an agent's first day fills it in). */
export const YOUNG_MODEL_DOCS = 1_000;
/** Fewer prompts than this make no model; the job looks again after RETRY_S. */
export const MIN_PROMPTS = 20;
const RETRY_S = 600;
/** A re-clustering's lease; another instance takes the job over after it. */
const LEASE_S = 15 * 60;
/** Lemmatised between two pauses for the event loop (the web server shares the process). */
const LEMMA_CHUNK = 50;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// Compiled models by id: a model never changes once stored, so the cache needs no invalidation.
const compiledCache = new Map<string, CompiledModel>();
const CACHE_MAX = 64;

async function compiled(q: Queryable, projectId: string, modelId: string): Promise<CompiledModel | null> {
  const hit = compiledCache.get(modelId);
  if (hit) return hit;
  const stored = await loadModel(q, projectId, modelId);
  if (!stored) return null;
  const c = compileModel(stored.model);
  if (compiledCache.size >= CACHE_MAX) compiledCache.delete(compiledCache.keys().next().value!);
  compiledCache.set(modelId, c);
  return c;
}

const agentKeyOfRun = (l: LoadedRun) => l.context.run.agent ?? "";

export function topicAnalyser(options: Partial<TopicOptions> = {}): RunAnalyser<RunTopicWrite[]> {
  const threshold = options.assignThreshold ?? DEFAULT_TOPIC_OPTIONS.assignThreshold;
  return {
    name: "topics",
    async analyse(runs, q) {
      const wanted = new Map<string, { projectId: string; agentKey: string }>();
      for (const l of runs) wanted.set(modelKey(l.projectId, agentKeyOfRun(l)), { projectId: l.projectId, agentKey: agentKeyOfRun(l) });
      const modelIds = await currentModelIds(q, [...wanted.values()]);
      const out: RunTopicWrite[] = [];
      for (const l of runs) {
        const run = l.context.run;
        const modelId = modelIds.get(modelKey(l.projectId, agentKeyOfRun(l))) ?? null;
        const model = modelId && run.conversational && run.userPrompt ? await compiled(q, l.projectId, modelId) : null;
        const a = model ? assignLemmas(model, lemmas(run.userPrompt!), threshold) : null;
        out.push({
          projectId: l.projectId,
          runId: run.id,
          topicId: a?.topicId ?? null,
          similarity: a?.similarity ?? 0,
          modelId,
          startTime: run.startTime,
          agentKey: agentKeyOfRun(l),
          sessionId: run.sessionId,
          userId: l.userId,
          errored: run.status === 2,
          feedbackScore: feedbackScore(l),
        });
      }
      return out;
    },
    store: writeRunTopics,
  };
}

/** The run's latest thumbs (what runs.feedback_score holds). */
function feedbackScore(l: LoadedRun): number | null {
  const scored = l.context.run.feedback.filter((f) => f.score !== null);
  return scored.length ? scored[scored.length - 1]!.score : null;
}

export interface ReclusterResult {
  modelId: string | null;
  docs: number;
  sampled: number;
  topics: number;
  assigned: number;
  /** Topics the optional model named, and the first error it gave (the lexical label stays then). */
  llmLabelled?: number;
  llmError?: string | null;
  /** Prompts placed by their embeddings (0: clustered on words), and the first embeddings error. */
  embedded?: number;
  embeddingError?: string | null;
}

/**
 * Clusters one agent's prompts of the window into a new current model (ids carried over from the
 * previous one) and reassigns the prompts it read. Runs of the window beyond the read cap keep
 * their topic until the engine analyses them again. No transaction is open while it clusters.
 */
export async function recluster(
  sql: Sql,
  projectId: string,
  agentKey: string,
  opts: {
    now?: Date;
    options?: Partial<TopicOptions>;
    readCap?: number;
    /** Chat model: a label per new topic. */
    llm?: LlmConfig | null;
    /** Embedding model: clusters on the prompts' embeddings instead of their words. */
    embeddings?: LlmConfig | null;
    embedBudgetMs?: number;
  } = {},
): Promise<ReclusterResult> {
  const to = opts.now ?? new Date();
  const from = new Date(to.getTime() - TOPIC_WINDOW_DAYS * 86_400_000);
  const prompts = await loadWindowPrompts(sql, projectId, agentKey, from, to, opts.readCap ?? RECLUSTER_READ_CAP, MAX_PROMPT_CHARS);
  if (prompts.length < MIN_PROMPTS) return { modelId: null, docs: prompts.length, sampled: 0, topics: 0, assigned: 0 };
  const docs: PromptDoc[] = [];
  for (let i = 0; i < prompts.length; i++) {
    docs.push({ id: prompts[i]!.id, text: prompts[i]!.text, lemmas: lemmas(prompts[i]!.text) });
    if (i % LEMMA_CHUNK === LEMMA_CHUNK - 1) await yieldToEventLoop();
  }
  const previous = await currentModel(sql, projectId, agentKey);
  const newId = () => `top_${crypto.randomBytes(8).toString("hex")}`;
  const input = { docs, previous: previous?.model ?? null, newId, options: opts.options };
  const result = opts.embeddings
    ? await discoverWithEmbeddings(opts.embeddings, input, { budgetMs: opts.embedBudgetMs })
    : { ...discoverTopics(input), embedded: 0, embeddingError: null };
  if (result.embeddingError) {
    await recordErrors(sql, [
      { project_id: projectId, run_id: null, pattern_id: null, message: `Topics (agent ${agentKey || "none"}): ${result.embeddingError}.` },
    ]);
  }
  const embedded = { embedded: result.embedded, embeddingError: result.embeddingError };
  if (result.model.topics.length === 0) return { modelId: null, docs: docs.length, sampled: result.sampled, topics: 0, assigned: 0, ...embedded };
  const modelId = `tm_${crypto.randomBytes(8).toString("hex")}`;
  const writes: RunTopicWrite[] = prompts.map((p) => {
    const a = result.assignments.get(p.id) ?? null;
    return {
      projectId,
      runId: p.id,
      topicId: a?.topicId ?? null,
      similarity: a?.similarity ?? 0,
      modelId,
      startTime: p.startTime,
      agentKey,
      sessionId: p.sessionId,
      userId: p.userId,
      errored: p.errored,
      feedbackScore: p.feedbackScore,
    };
  });
  await sql.transaction(async (tx) => {
    await saveModel(tx, {
      projectId,
      id: modelId,
      agentKey,
      windowFrom: from,
      windowTo: to,
      docCount: docs.length,
      sampled: result.sampled,
      model: result.model,
    });
  });
  // Reassignments in short transactions: ingestion is not held up behind one large write.
  for (let i = 0; i < writes.length; i += 1000) await sql.transaction((tx) => writeRunTopics(tx, writes.slice(i, i + 1000)));
  const named = opts.llm ? await nameWithModel(sql, opts.llm, projectId, result.model.topics, docs, result.assignments) : null;
  if (named?.error) {
    await recordErrors(sql, [
      { project_id: projectId, run_id: null, pattern_id: null, message: `Topic labels (agent ${agentKey || "none"}): ${named.error}; the top terms stay.` },
    ]);
  }
  return {
    ...embedded,
    modelId,
    docs: docs.length,
    sampled: result.sampled,
    topics: result.model.topics.length,
    assigned: writes.filter((w) => w.topicId).length,
    llmLabelled: named?.labelled ?? 0,
    llmError: named?.error ?? null,
  };
}

/** Example prompts shown to the model per topic: the representative and the prompts nearest the centre. */
const LABEL_EXAMPLES = 5;

/**
 * The optional model names the topics that have no model-written label yet, from their top terms
 * and example prompts. A failure leaves the lexical label and is reported, never thrown: the new
 * model is already stored and in use.
 */
async function nameWithModel(
  q: Queryable,
  llm: LlmConfig,
  projectId: string,
  topics: ReturnType<typeof discoverTopics>["model"]["topics"],
  docs: PromptDoc[],
  assignments: ReturnType<typeof discoverTopics>["assignments"],
): Promise<{ labelled: number; error: string | null }> {
  const todo = new Set(
    await topicsWithoutLlmLabel(
      q,
      projectId,
      topics.map((t) => t.id),
    ),
  );
  const client = createLlmClient({ ...llm, timeoutMs: llm.timeoutMs ?? 20_000 });
  let labelled = 0;
  let error: string | null = null;
  for (const topic of topics) {
    if (!todo.has(topic.id)) continue;
    const nearest = docs
      .map((d) => ({ text: d.text, a: assignments.get(d.id) }))
      .filter((d) => d.a?.topicId === topic.id && d.text !== topic.representative)
      .sort((x, y) => y.a!.similarity - x.a!.similarity)
      .slice(0, LABEL_EXAMPLES - 1)
      .map((d) => d.text);
    try {
      const label = await labelTopic(client, topic.keywords, [topic.representative, ...nearest]);
      if (!label.trim()) continue;
      await setLlmLabel(q, projectId, topic.id, label.trim());
      labelled++;
    } catch (err) {
      error ??= err instanceof Error ? err.message : String(err);
    }
  }
  return { labelled, error };
}

/** One due re-clustering (asked for, never done, or older than `everyHours`); returns 1 when it ran one. */
export async function reclusterStep(
  sql: Sql,
  everyHours: number,
  options?: Partial<TopicOptions>,
  llm?: LlmConfig | null,
  embeddings?: LlmConfig | null,
): Promise<number> {
  await ensureTopicJobs(sql, TOPIC_WINDOW_DAYS);
  const job = await leaseTopicJob(sql, LEASE_S);
  if (!job) return 0;
  const startedAt = new Date();
  try {
    const r = await recluster(sql, job.projectId, job.agentKey, { options, llm, embeddings });
    const again = !r.modelId ? RETRY_S : r.docs < YOUNG_MODEL_DOCS ? Math.min(3600, everyHours * 3600) : everyHours * 3600;
    // A model that could not name the topics or embed the prompts is worth a warning (and a line
    // in Settings' engine errors), not a failed re-clustering.
    if (r.llmError) console.warn(`[sightline] topic labels (${job.projectId}, agent ${job.agentKey || "none"}): ${r.llmError}`);
    if (r.embeddingError) console.warn(`[sightline] topic embeddings (${job.projectId}, agent ${job.agentKey || "none"}): ${r.embeddingError}`);
    await finishTopicJob(sql, job, startedAt, again, null);
  } catch (err) {
    await finishTopicJob(sql, job, startedAt, RETRY_S, err instanceof Error ? err.message : String(err));
    throw err;
  }
  return 1;
}

export function topicJob(everyHours: () => number, llm: () => LlmConfig | null = () => null, embeddings: () => LlmConfig | null = () => null): EngineJob {
  return { name: "topics", everyMs: 15_000, run: (sql) => reclusterStep(sql, everyHours(), undefined, llm(), embeddings()) };
}
