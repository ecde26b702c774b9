import "server-only";
// Topics: the models the engine clusters per agent, each run's topic, and what /topics, the topic
// page, `GET /v1/topics` and the recaps read. Counts over a window come from run_topics (the
// run's dimensions are copied there) and its daily rollup topic_days: see topic-counts.ts.
import type { Queryable } from "@/lib/db/sql";
import type { Topic, TopicModel } from "@/lib/insights/topics/model";
import { topicTrend, isEmerging, type TopicTrend } from "@/lib/insights/topics/emerging";
import type { TimeWindow } from "@/lib/validations/window";
import { findAgent } from "./agents";
import { topicCounts, type TopicCounts } from "./topic-counts";

/** The pattern whose runs count as frustrated on the topic pages. */
const FRUSTRATION = "frustration";

// ---------------------------------------------------------------------------------------------
// Models (the engine)
// ---------------------------------------------------------------------------------------------

export interface StoredModel {
  id: string;
  agentKey: string;
  createdAt: Date;
  model: TopicModel;
}

/** The current (newest) model of each (project, agent key) asked for; absent when an agent has none yet. */
export async function currentModelIds(q: Queryable, keys: { projectId: string; agentKey: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!keys.length) return out;
  const rows = await q.query<{ project_id: string; agent_key: string; id: string }>(
    `SELECT k.project_id, k.agent_key, m.id FROM unnest($1::text[], $2::text[]) AS k(project_id, agent_key)
     CROSS JOIN LATERAL (
       SELECT id FROM topic_models m WHERE m.project_id = k.project_id AND m.agent_key = k.agent_key ORDER BY created_at DESC, id DESC LIMIT 1
     ) m`,
    [keys.map((k) => k.projectId), keys.map((k) => k.agentKey)],
  );
  for (const r of rows) out.set(modelKey(r.project_id, r.agent_key), r.id);
  return out;
}

export const modelKey = (projectId: string, agentKey: string) => `${projectId}\u0000${agentKey}`;

export async function loadModel(q: Queryable, projectId: string, id: string): Promise<StoredModel | null> {
  const [row] = await q.query<{ id: string; agent_key: string; created_at: Date | string; model: TopicModel | string }>(
    `SELECT id, agent_key, created_at, model FROM topic_models WHERE project_id = $1 AND id = $2`,
    [projectId, id],
  );
  if (!row) return null;
  const model = typeof row.model === "string" ? (JSON.parse(row.model) as TopicModel) : row.model;
  return { id: row.id, agentKey: row.agent_key, createdAt: new Date(row.created_at), model };
}

export async function currentModel(q: Queryable, projectId: string, agentKey: string): Promise<StoredModel | null> {
  const id = (await currentModelIds(q, [{ projectId, agentKey }])).get(modelKey(projectId, agentKey));
  return id ? loadModel(q, projectId, id) : null;
}

/**
 * Stores a new model as the agent's current one: its topics are created or updated (an inherited
 * id keeps its first-seen time), and the agent's topics it no longer has are retired.
 */
export async function saveModel(
  q: Queryable,
  m: { projectId: string; id: string; agentKey: string; windowFrom: Date; windowTo: Date; docCount: number; sampled: number; model: TopicModel },
): Promise<void> {
  await q.query(
    `INSERT INTO topic_models (project_id, id, agent_key, window_from, window_to, doc_count, sampled, model)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [m.projectId, m.id, m.agentKey, m.windowFrom.toISOString(), m.windowTo.toISOString(), m.docCount, m.sampled, JSON.stringify(m.model)],
  );
  const topics = m.model.topics.map((t: Topic) => ({
    id: t.id,
    label: t.label,
    keywords: t.keywords,
    representative: t.representative,
    centroid: t.centroid,
    size: t.size,
  }));
  await q.query(
    `INSERT INTO topics (project_id, id, agent_key, label, keywords, representative, centroid, size)
     SELECT $1, t.id, $2, t.label, ARRAY(SELECT jsonb_array_elements_text(t.keywords)), t.representative, t.centroid, t.size
     FROM jsonb_to_recordset($3::jsonb) AS t(id text, label text, keywords jsonb, representative text, centroid jsonb, size int)
     ON CONFLICT (project_id, id) DO UPDATE SET label = excluded.label, keywords = excluded.keywords, representative = excluded.representative,
       centroid = excluded.centroid, size = excluded.size, updated_at = now(), retired_at = NULL`,
    [m.projectId, m.agentKey, JSON.stringify(topics)],
  );
  await q.query(`UPDATE topics SET retired_at = now() WHERE project_id = $1 AND agent_key = $2 AND retired_at IS NULL AND NOT (id = ANY($3::text[]))`, [
    m.projectId,
    m.agentKey,
    topics.map((t) => t.id),
  ]);
}

/** Of these topics, those without a model-written label yet (an inherited topic keeps the label it has). */
export async function topicsWithoutLlmLabel(q: Queryable, projectId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await q.query<{ id: string }>(`SELECT id FROM topics WHERE project_id = $1 AND id = ANY($2::text[]) AND llm_label IS NULL`, [projectId, ids]);
  return rows.map((r) => r.id);
}

export async function setLlmLabel(q: Queryable, projectId: string, id: string, label: string): Promise<void> {
  await q.query(`UPDATE topics SET llm_label = $3 WHERE project_id = $1 AND id = $2`, [projectId, id, label]);
}

/** One run's topic as the engine writes it (topicId null: the run has none, any earlier row goes). */
export interface RunTopicWrite {
  projectId: string;
  runId: string;
  topicId: string | null;
  similarity: number;
  modelId: string | null;
  startTime: Date;
  agentKey: string;
  sessionId: string | null;
  userId: string | null;
  errored: boolean;
  feedbackScore: number | null;
}

/**
 * Replaces the topic rows of these runs. Frustration is read from run_patterns, which the engine
 * writes earlier in the same transaction.
 */
export async function writeRunTopics(q: Queryable, rows: RunTopicWrite[]): Promise<void> {
  if (!rows.length) return;
  const none = rows.filter((r) => r.topicId === null);
  if (none.length)
    await q.query(`DELETE FROM run_topics rt USING unnest($1::text[], $2::text[]) AS t(p, r) WHERE rt.project_id = t.p AND rt.run_id = t.r`, [
      none.map((r) => r.projectId),
      none.map((r) => r.runId),
    ]);
  const some = rows.filter((r) => r.topicId !== null);
  if (!some.length) return;
  await q.query(
    `INSERT INTO run_topics (project_id, run_id, topic_id, model_id, similarity, start_time, agent_key, session_id, user_id, errored, feedback_score, frustrated)
     SELECT t.project_id, t.run_id, t.topic_id, t.model_id, t.similarity, t.start_time, t.agent_key, t.session_id, t.user_id, t.errored, t.feedback_score,
       EXISTS (SELECT 1 FROM run_patterns rp WHERE rp.project_id = t.project_id AND rp.pattern_id = '${FRUSTRATION}' AND rp.run_id = t.run_id)
     FROM jsonb_to_recordset($1::jsonb) AS t(project_id text, run_id text, topic_id text, model_id text, similarity float8, start_time timestamptz,
       agent_key text, session_id text, user_id text, errored boolean, feedback_score smallint)
     ON CONFLICT (project_id, run_id) DO UPDATE SET topic_id = excluded.topic_id, model_id = excluded.model_id, similarity = excluded.similarity,
       start_time = excluded.start_time, agent_key = excluded.agent_key, session_id = excluded.session_id, user_id = excluded.user_id,
       errored = excluded.errored, feedback_score = excluded.feedback_score, frustrated = excluded.frustrated`,
    [
      JSON.stringify(
        some.map((r) => ({
          project_id: r.projectId,
          run_id: r.runId,
          topic_id: r.topicId,
          model_id: r.modelId,
          similarity: r.similarity,
          start_time: r.startTime.toISOString(),
          agent_key: r.agentKey,
          session_id: r.sessionId,
          user_id: r.userId,
          errored: r.errored,
          feedback_score: r.feedbackScore,
        })),
      ),
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// Re-clustering jobs (one per project and agent; leased, so one instance runs each)
// ---------------------------------------------------------------------------------------------

export interface TopicJobLease {
  projectId: string;
  agentKey: string;
  requested: boolean;
}

/** Agents with runs in the last `days` days get a job row (from the daily rollup, not the runs). */
export async function ensureTopicJobs(q: Queryable, days: number): Promise<void> {
  await q.query(
    `INSERT INTO topic_jobs (project_id, agent_key)
     SELECT DISTINCT project_id, agent_key FROM rollup_daily WHERE day >= now() - make_interval(days => $1)
     ON CONFLICT (project_id, agent_key) DO NOTHING`,
    [days],
  );
}

/** Takes the most pressing due job (asked for first), for `leaseSeconds`. */
export async function leaseTopicJob(q: Queryable, leaseSeconds: number): Promise<TopicJobLease | null> {
  const [row] = await q.query<{ project_id: string; agent_key: string; requested: boolean }>(
    `UPDATE topic_jobs j SET leased_until = now() + make_interval(secs => $1)
     FROM (SELECT project_id, agent_key FROM topic_jobs
           WHERE (requested_at IS NOT NULL OR next_run_at <= now()) AND (leased_until IS NULL OR leased_until < now())
           ORDER BY requested_at NULLS LAST, next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED) due
     WHERE j.project_id = due.project_id AND j.agent_key = due.agent_key
     RETURNING j.project_id, j.agent_key, j.requested_at IS NOT NULL AS requested`,
    [leaseSeconds],
  );
  return row ? { projectId: row.project_id, agentKey: row.agent_key, requested: row.requested } : null;
}

/** Ends a lease: the job is due again after `againSeconds`; a request made while it ran is kept. */
export async function finishTopicJob(q: Queryable, job: TopicJobLease, startedAt: Date, againSeconds: number, error: string | null): Promise<void> {
  await q.query(
    `UPDATE topic_jobs SET leased_until = NULL, last_run_at = now(), next_run_at = now() + make_interval(secs => $3), last_error = $4,
       requested_at = CASE WHEN requested_at > $5::timestamptz THEN requested_at END
     WHERE project_id = $1 AND agent_key = $2`,
    [job.projectId, job.agentKey, againSeconds, error === null ? null : error.slice(0, 2000), startedAt.toISOString()],
  );
}

/** "Re-cluster" on /topics: the agent's job (every agent's, for all agents) runs at the engine's next tick. */
export async function requestRecluster(q: Queryable, projectId: string, agentKey: string | null): Promise<void> {
  await ensureTopicJobs(q, 30);
  if (agentKey === null) await q.query(`UPDATE topic_jobs SET requested_at = now() WHERE project_id = $1`, [projectId]);
  else
    await q.query(
      `INSERT INTO topic_jobs (project_id, agent_key, requested_at) VALUES ($1, $2, now())
       ON CONFLICT (project_id, agent_key) DO UPDATE SET requested_at = now()`,
      [projectId, agentKey],
    );
}

export interface ReclusterState {
  requested: boolean;
  running: boolean;
  lastRunAt: string | null;
  lastError: string | null;
}

export async function reclusterState(q: Queryable, projectId: string, agentKey: string | null): Promise<ReclusterState> {
  const [row] = await q.query<{ requested: boolean; running: boolean; last_run_at: Date | string | null; last_error: string | null }>(
    `SELECT bool_or(requested_at IS NOT NULL) AS requested, bool_or(leased_until > now()) AS running, max(last_run_at) AS last_run_at,
       max(last_error) AS last_error
     FROM topic_jobs WHERE project_id = $1 AND ($2::text IS NULL OR agent_key = $2)`,
    [projectId, agentKey],
  );
  return {
    requested: row?.requested === true,
    running: row?.running === true,
    lastRunAt: row?.last_run_at ? new Date(row.last_run_at).toISOString() : null,
    lastError: row?.last_error ?? null,
  };
}

export interface PromptRow {
  id: string;
  text: string;
  startTime: Date;
  sessionId: string | null;
  userId: string | null;
  errored: boolean;
  feedbackScore: number | null;
}

/**
 * The conversational prompts of one agent in a window, at most `cap`: the runs whose id hashes
 * lowest (md5), so overlapping windows read mostly the same runs.
 */
export async function loadWindowPrompts(
  q: Queryable,
  projectId: string,
  agentKey: string,
  from: Date,
  to: Date,
  cap: number,
  chars: number,
): Promise<PromptRow[]> {
  const rows = await q.query<{
    id: string;
    text: string | null;
    start_time: Date | string;
    session_id: string | null;
    user_id: string | null;
    status: number;
    feedback_score: number | null;
  }>(
    `SELECT r.id, left(coalesce(p.user_prompt, r.user_prompt), ${Math.floor(chars)}) AS text, r.start_time, r.session_id, r.user_id, r.status, r.feedback_score
     FROM (
       SELECT * FROM runs r WHERE r.project_id = $1 AND ${agentKey === "" ? "r.agent_id IS NULL AND $2::text = ''" : "r.agent_id = $2"}
         AND r.start_time >= $3 AND r.start_time <= $4 AND r.conversational AND NOT r.placeholder
       ORDER BY md5(r.id) LIMIT $5
     ) r LEFT JOIN run_payloads p ON p.project_id = r.project_id AND p.run_id = r.id`,
    [projectId, agentKey, from.toISOString(), to.toISOString(), cap],
  );
  return rows
    .filter((r) => r.text && r.text.trim())
    .map((r) => ({
      id: r.id,
      text: r.text!,
      startTime: new Date(r.start_time),
      sessionId: r.session_id,
      userId: r.user_id,
      errored: r.status === 2,
      feedbackScore: r.feedback_score === null ? null : Number(r.feedback_score),
    }));
}

// ---------------------------------------------------------------------------------------------
// Reads (pages, REST, recaps)
// ---------------------------------------------------------------------------------------------

export interface TopicDto {
  id: string;
  label: string;
  /** The optional model-written label. */
  llmLabel: string | null;
  keywords: string[];
  representative: string;
  agent: { name: string; slug: string } | null;
  runCount: number;
  sessionCount: number;
  userCount: number;
  /** Share of the window's runs with a topic (0-1). */
  share: number;
  failureRate: number;
  thumbsUp: number;
  thumbsDown: number;
  frustrationRate: number;
  previousRunCount: number;
  trend: TopicTrend;
  emerging: boolean;
  firstSeenAt: string;
  retired: boolean;
}

export interface TopicList {
  data: TopicDto[];
  /** Runs with a topic in the window and the previous one of the same length. */
  totalRuns: number;
  previousTotalRuns: number;
}

interface TopicRow {
  id: string;
  label: string;
  llm_label: string | null;
  keywords: string[] | null;
  representative: string;
  first_seen_at: Date | string;
  retired_at: Date | string | null;
  agent_name: string | null;
  agent_slug: string | null;
}

export interface TopicQuery {
  window: TimeWindow;
  /** An agent's name or slug; undefined: every agent. */
  agent?: string | null;
  /** Only this topic (the topic page). */
  topicId?: string;
  /** An agent key (its id) known already; takes the place of `agent`. */
  agentKey?: string;
  /** Count from every run of both windows instead of the daily rollup (exact distinct counts at any size). */
  exact?: boolean;
  /** False: sessions and users are not counted (0), as the recaps need neither. */
  distinct?: boolean;
  /** The window ends just before its `to` (a recap's period); otherwise `to` is in it. */
  openEnd?: boolean;
  /** Where the previous window starts (it ends where the window starts); default: the window's length earlier. */
  previousFrom?: Date;
}

/** The agent key of an agent named in a URL; undefined when no agent is given, null when it does not exist. */
export async function agentKeyOf(q: Queryable, projectId: string, agent: string | null | undefined): Promise<string | null | undefined> {
  if (agent === undefined || agent === null) return undefined;
  const a = await findAgent(q, projectId, agent);
  return a ? a.id : null;
}

/**
 * Topics with runs in the window (or the previous window of the same length), with their figures;
 * largest first. Active topics without runs are listed too, so a new model's topics show at once.
 */
export async function listTopics(q: Queryable, projectId: string, query: TopicQuery): Promise<TopicList> {
  const agentKey = query.agentKey !== undefined ? query.agentKey : await agentKeyOf(q, projectId, query.agent);
  if (agentKey === null) return { data: [], totalRuns: 0, previousTotalRuns: 0 };
  const { from, to } = query.window;
  const previousFrom = query.previousFrom ?? new Date(from.getTime() - (to.getTime() - from.getTime()));
  // Shares are of the whole list's runs, even when one topic is asked for (the distinct counts are
  // taken for the asked topic only).
  const [counts, topics] = await Promise.all([
    topicCounts(q, projectId, {
      previousFrom,
      from,
      to,
      openEnd: query.openEnd,
      agentKey,
      topicId: query.topicId,
      exact: query.exact,
      distinct: query.distinct,
    }),
    q.query<TopicRow>(
      `SELECT t.id, t.label, t.llm_label, t.keywords, t.representative, t.first_seen_at, t.retired_at, a.name AS agent_name, a.slug AS agent_slug
       FROM topics t LEFT JOIN agents a ON a.id = NULLIF(t.agent_key, '')
       WHERE t.project_id = $1 AND ($2::text IS NULL OR t.agent_key = $2) AND ($3::text IS NULL OR t.id = $3)`,
      [projectId, agentKey ?? null, query.topicId ?? null],
    ),
  ]);
  let totalRuns = 0;
  let previousTotalRuns = 0;
  for (const c of counts.values()) {
    totalRuns += c.runs;
    previousTotalRuns += c.previousRuns;
  }
  // Active topics are always listed, retired ones while they have runs in the window.
  const listed = topics
    .map((t) => ({ t, c: counts.get(t.id) ?? NO_RUNS }))
    .filter(({ t, c }) => t.retired_at === null || c.runs > 0 || query.topicId !== undefined)
    .sort((x, y) => y.c.runs - x.c.runs || time(x.t.first_seen_at) - time(y.t.first_seen_at) || (x.t.id < y.t.id ? -1 : x.t.id > y.t.id ? 1 : 0));
  return { data: listed.map(({ t, c }) => toTopic(t, c, totalRuns, previousTotalRuns)), totalRuns, previousTotalRuns };
}

const NO_RUNS: TopicCounts = { runs: 0, sessions: 0, users: 0, errors: 0, thumbsUp: 0, thumbsDown: 0, frustrated: 0, previousRuns: 0 };
const time = (d: Date | string) => new Date(d).getTime();

function toTopic(r: TopicRow, c: TopicCounts, totalRuns: number, previousTotalRuns: number): TopicDto {
  const runCount = c.runs;
  const previousRunCount = c.previousRuns;
  const trend = topicTrend({ runCount, previousRunCount, totalRuns, previousTotalRuns });
  return {
    id: r.id,
    label: r.label,
    llmLabel: r.llm_label,
    keywords: r.keywords ?? [],
    representative: r.representative,
    agent: r.agent_name ? { name: r.agent_name, slug: r.agent_slug ?? "" } : null,
    runCount,
    sessionCount: c.sessions,
    userCount: c.users,
    share: totalRuns ? runCount / totalRuns : 0,
    failureRate: runCount ? c.errors / runCount : 0,
    thumbsUp: c.thumbsUp,
    thumbsDown: c.thumbsDown,
    frustrationRate: runCount ? c.frustrated / runCount : 0,
    previousRunCount,
    trend,
    emerging: isEmerging(trend),
    firstSeenAt: new Date(r.first_seen_at).toISOString(),
    retired: r.retired_at !== null,
  };
}

export interface TopicDetail extends TopicDto {
  /** Recent prompts of the topic's runs in the window, most similar first among the newest. */
  examples: { runId: string; prompt: string; startTime: string }[];
}

const EXAMPLES = 8;

/** One topic with its figures over the window and example prompts; null when the project has no such topic. */
export async function getTopic(q: Queryable, projectId: string, id: string, window: TimeWindow): Promise<TopicDetail | null> {
  const list = await listTopics(q, projectId, { window, topicId: id });
  const topic = list.data[0];
  if (!topic) return null;
  const rows = await q.query<{ run_id: string; prompt: string | null; start_time: Date | string }>(
    `SELECT rt.run_id, left(r.user_prompt, 500) AS prompt, rt.start_time FROM (
       SELECT run_id, start_time, similarity FROM run_topics WHERE project_id = $1 AND topic_id = $2 AND start_time >= $3 AND start_time <= $4
       ORDER BY start_time DESC, run_id DESC LIMIT 200
     ) rt JOIN runs r ON r.project_id = $1 AND r.id = rt.run_id
     ORDER BY rt.similarity DESC, rt.start_time DESC LIMIT ${EXAMPLES}`,
    [projectId, id, window.from.toISOString(), window.to.toISOString()],
  );
  return {
    ...topic,
    examples: rows.filter((r) => r.prompt).map((r) => ({ runId: r.run_id, prompt: r.prompt!, startTime: new Date(r.start_time).toISOString() })),
  };
}

/** A run's topic for the run page and the REST run detail. */
export async function runTopic(q: Queryable, projectId: string, runId: string): Promise<{ id: string; label: string } | null> {
  return (await topicsOfRuns(q, projectId, [runId])).get(runId) ?? null;
}

/** The topic of each of several runs (runs without one are absent). */
export async function topicsOfRuns(q: Queryable, projectId: string, runIds: string[]): Promise<Map<string, { id: string; label: string }>> {
  if (!runIds.length) return new Map();
  const rows = await q.query<{ run_id: string; id: string; label: string; llm_label: string | null }>(
    `SELECT rt.run_id, t.id, t.label, t.llm_label FROM run_topics rt JOIN topics t ON t.project_id = rt.project_id AND t.id = rt.topic_id
     WHERE rt.project_id = $1 AND rt.run_id = ANY($2::text[])`,
    [projectId, runIds],
  );
  return new Map(rows.map((r) => [r.run_id, { id: r.id, label: r.llm_label ?? r.label }]));
}

/** Whether the project has this topic, and its agent's slug (null for a topic of runs without an agent); null when it has none. */
export async function topicAgentSlug(q: Queryable, projectId: string, id: string): Promise<{ agentSlug: string | null } | null> {
  const rows = await q.query<{ agent_slug: string | null }>(
    `SELECT a.slug AS agent_slug FROM topics t LEFT JOIN agents a ON a.id = NULLIF(t.agent_key, '') WHERE t.project_id = $1 AND t.id = $2`,
    [projectId, id],
  );
  return rows[0] ? { agentSlug: rows[0].agent_slug } : null;
}
