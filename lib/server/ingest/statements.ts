// The SQL of one ingestion write: one PL/pgSQL function (write-function.ts) that the server
// calls once per write. One call is one round trip and one implicit transaction, and PL/pgSQL
// plans each statement once per connection, on PGlite too (which has no prepared statements).
// Rows travel as one jsonb document per table, unpacked by jsonb_to_recordset: PostgreSQL parses
// one JSON text once instead of an array literal per column and then each element again (on 400
// AI SDK spans: unnest($n::jsonb[]) ~70 ms, json_to_recordset ~40 ms, jsonb_to_recordset ~30 ms).
//
// The function's parameters (p_*) and variables (v_*), in the order the statements run:
//  1. lock the batch's run ids (p_run_ids);
//  2. CHILDREN_SQL: steps, tool calls, spans and run payloads (p_steps … p_payloads, data-modifying
//     CTEs, executed once each); yields which of the batch's runs are already stored (v_stored);
//  3. RUNS_INSERT_SQL / RUNS_UPDATE_SQL: each run of p_runs merged with its stored row and its
//     aggregates recomputed from the children (now visible); yield the session ids to refresh
//     (the runs' stored ones before this write and their new ones);
//  4. searchUpsertSql: the runs' search documents (p_search);
//  5. lock those sessions, then FINISH_SQL: sessions, end users (p_users) and orgs (p_orgs).

import { IDS_CAP, SECTION_CAPS, SECTIONS } from "@/lib/search/document";
import { durationMsSql as duration, runTokensSql, sessionCtes } from "./aggregates";

/** run_search's text columns and the characters each keeps. */
const SEARCH_COLUMNS: Array<[string, number]> = [...SECTIONS.map((s): [string, number] => [s, SECTION_CAPS[s]]), ["ids", IDS_CAP]];

export const CHILDREN_SQL = `
WITH
step_rows AS (
  INSERT INTO steps (project_id, run_id, id, span_id, name, provider, model, start_time, end_time, duration_ms, status,
                     status_message, input, output, finish_reason, input_tokens, output_tokens, cached_tokens,
                     cost_usd, cost_source, ttft_ms, attributes, failure_signature)
  SELECT p_project, u.run_id, u.id, u.span_id, u.name, u.provider, u.model, u.start_time, u.end_time, ${duration("u.start_time", "u.end_time")},
         u.status, u.status_message, u.input, u.output, u.finish_reason, u.input_tokens, u.output_tokens,
         u.cached_tokens, u.cost_usd, u.cost_source, u.ttft_ms, COALESCE(u.attributes, '{}'), u.failure_signature
  FROM jsonb_to_recordset(p_steps) AS u(run_id text, id text, span_id text, name text, provider text, model text,
       start_time timestamptz, end_time timestamptz, status smallint, status_message text, input jsonb, output jsonb,
       finish_reason text, input_tokens int, output_tokens int, cached_tokens int, cost_usd float8, cost_source text,
       ttft_ms float8, attributes jsonb, failure_signature text)
  ON CONFLICT (project_id, run_id, id) DO UPDATE SET
    span_id = EXCLUDED.span_id, name = EXCLUDED.name, provider = EXCLUDED.provider, model = EXCLUDED.model,
    start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, duration_ms = EXCLUDED.duration_ms,
    status = EXCLUDED.status, status_message = EXCLUDED.status_message, input = EXCLUDED.input,
    output = EXCLUDED.output, finish_reason = EXCLUDED.finish_reason, input_tokens = EXCLUDED.input_tokens,
    output_tokens = EXCLUDED.output_tokens, cached_tokens = EXCLUDED.cached_tokens, cost_usd = EXCLUDED.cost_usd,
    cost_source = EXCLUDED.cost_source, ttft_ms = EXCLUDED.ttft_ms, attributes = EXCLUDED.attributes,
    failure_signature = EXCLUDED.failure_signature
  RETURNING 1),
tool_rows AS (
  INSERT INTO tool_calls (project_id, run_id, id, step_id, span_id, tool_call_id, name, args, result, status, error,
                          start_time, end_time, duration_ms, attributes, failure_signature)
  SELECT p_project, u.run_id, u.id, u.step_id, u.span_id, u.tool_call_id, u.name, u.args, u.result, u.status, u.error,
         u.start_time, u.end_time, ${duration("u.start_time", "u.end_time")}, COALESCE(u.attributes, '{}'), u.failure_signature
  FROM jsonb_to_recordset(p_tools) AS u(run_id text, id text, step_id text, span_id text, tool_call_id text, name text,
       args text, result text, status smallint, error text, start_time timestamptz, end_time timestamptz, attributes jsonb,
       failure_signature text)
  ON CONFLICT (project_id, run_id, id) DO UPDATE SET
    step_id = COALESCE(EXCLUDED.step_id, tool_calls.step_id), span_id = EXCLUDED.span_id,
    tool_call_id = EXCLUDED.tool_call_id, name = EXCLUDED.name, args = EXCLUDED.args, result = EXCLUDED.result,
    status = EXCLUDED.status, error = EXCLUDED.error, start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time,
    duration_ms = EXCLUDED.duration_ms, attributes = EXCLUDED.attributes, failure_signature = EXCLUDED.failure_signature
  RETURNING 1),
span_rows AS (
  INSERT INTO spans (project_id, trace_id, span_id, run_id, parent_span_id, name, kind, start_ns, end_ns,
                     status_code, status_message, scope, attributes, events)
  SELECT p_project, u.trace_id, u.span_id, u.run_id, u.parent_span_id, u.name, u.kind, u.start_ns, u.end_ns, u.status_code,
         u.status_message, u.scope, u.attributes, u.events
  FROM jsonb_to_recordset(p_spans) AS u(trace_id text, span_id text, run_id text, parent_span_id text, name text,
       kind smallint, start_ns bigint, end_ns bigint, status_code smallint, status_message text, scope text,
       attributes jsonb, events jsonb)
  ON CONFLICT (project_id, trace_id, span_id) DO UPDATE SET
    run_id = EXCLUDED.run_id, parent_span_id = EXCLUDED.parent_span_id, name = EXCLUDED.name, kind = EXCLUDED.kind,
    start_ns = EXCLUDED.start_ns, end_ns = EXCLUDED.end_ns, status_code = EXCLUDED.status_code,
    status_message = EXCLUDED.status_message, scope = EXCLUDED.scope, attributes = EXCLUDED.attributes,
    events = EXCLUDED.events
  RETURNING 1),
payload_rows AS (
  INSERT INTO run_payloads (project_id, run_id, user_prompt, system_prompt, response, full_input, full_output, attributes)
  SELECT p_project, u.run_id, u.user_prompt, u.system_prompt, u.response, u.full_input, u.full_output, u.attributes
  FROM jsonb_to_recordset(p_payloads) AS u(run_id text, user_prompt text, system_prompt text, response text,
       full_input text, full_output text, attributes jsonb)
  ON CONFLICT (project_id, run_id) DO UPDATE SET
    user_prompt = COALESCE(EXCLUDED.user_prompt, run_payloads.user_prompt),
    system_prompt = COALESCE(EXCLUDED.system_prompt, run_payloads.system_prompt),
    response = COALESCE(EXCLUDED.response, run_payloads.response),
    full_input = COALESCE(EXCLUDED.full_input, run_payloads.full_input),
    full_output = COALESCE(EXCLUDED.full_output, run_payloads.full_output),
    attributes = run_payloads.attributes || EXCLUDED.attributes
  RETURNING 1)
SELECT COALESCE(array_agg(id), '{}') INTO v_stored FROM runs WHERE project_id = p_project AND id = ANY(p_run_ids)`;

/** The upsert rule for a run column: a real record overrides with its non-null values; a placeholder only fills gaps. */
const merge = (col: string) => `CASE WHEN u.placeholder THEN COALESCE(o.${col}, u.${col}) ELSE COALESCE(u.${col}, o.${col}) END AS ${col}`;
const MERGED = [
  "trace_id",
  "agent_id",
  "session_id",
  "conversational",
  "user_id",
  "user_name",
  "org_id",
  "org_name",
  "status_message",
  "user_prompt",
  "response",
  "reported_usage",
  "reported_cost",
];

const RUN_COLUMNS = [
  "trace_id",
  "source",
  "agent_id",
  "session_id",
  "conversational",
  "user_id",
  "user_name",
  "org_id",
  "org_name",
  "status",
  "status_message",
  "start_time",
  "end_time",
  "duration_ms",
  "user_prompt",
  "response",
  "models",
  "input_tokens",
  "output_tokens",
  "cached_tokens",
  "reported_usage",
  "cost_usd",
  "reported_cost",
  "metadata",
  "feedback_score",
  "feedback_count",
  "step_count",
  "tool_call_count",
  "tool_error_count",
  "placeholder",
  "failure_signature",
];

// m = the stored row (o) merged with the incoming record (u); fin = the final row, every derived
// value taken from the children exactly as recomputeRuns (aggregates.ts) would.
const runsPrefix = (filter: string) => `
WITH
u AS (
  SELECT * FROM jsonb_to_recordset(p_runs) AS u(id text, trace_id text, source text, agent_id text, session_id text,
    conversational boolean, user_id text, user_name text, org_id text, org_name text, status smallint,
    status_message text, start_time timestamptz, end_time timestamptz, user_prompt text, response text, models text[],
    reported_usage jsonb, reported_cost float8, metadata jsonb, placeholder boolean, failure_signature text)
  WHERE ${filter}),
m AS (
  SELECT u.id, ${MERGED.map(merge).join(",\n         ")},
         CASE WHEN o.id IS NOT NULL AND u.placeholder THEN o.source ELSE u.source END AS source,
         CASE WHEN o.id IS NULL THEN u.status WHEN u.placeholder THEN o.status WHEN o.placeholder THEN u.status
              ELSE GREATEST(o.status, u.status) END AS status,
         CASE WHEN o.id IS NULL OR (o.placeholder AND NOT u.placeholder) THEN u.start_time
              ELSE LEAST(o.start_time, u.start_time) END AS start_time,
         GREATEST(o.end_time, u.end_time) AS end_time,
         COALESCE(o.models, '{}') || COALESCE(u.models, '{}') AS models,
         CASE WHEN o.id IS NULL THEN COALESCE(u.metadata, '{}') WHEN u.placeholder THEN COALESCE(u.metadata, '{}') || o.metadata
              ELSE o.metadata || COALESCE(u.metadata, '{}') END AS metadata,
         COALESCE(o.placeholder, true) AND u.placeholder AS placeholder,
         -- The signature goes with the status message the merge keeps (a record signs only when it
         -- says error); fin drops it when the merged status is not error.
         CASE WHEN u.placeholder OR u.status_message IS NULL THEN COALESCE(o.failure_signature, u.failure_signature)
              ELSE COALESCE(u.failure_signature, o.failure_signature) END AS failure_signature,
         o.session_id AS old_session_id
  FROM u LEFT JOIN LATERAL (SELECT * FROM runs WHERE project_id = p_project AND id = u.id OFFSET 0) o ON true),
t AS (
  -- Per run, parameterised lookups on the children's primary keys (project_id, run_id, …): the
  -- cost follows the batch, not the tables (a join plan picked table scans while they were small).
  SELECT m.*,
         CASE WHEN m.placeholder THEN LEAST(m.start_time, st.first_start, tc.first_start) ELSE m.start_time END AS f_start,
         CASE WHEN m.placeholder THEN GREATEST(m.end_time, st.last_end, tc.last_end) ELSE m.end_time END AS f_end,
         st.n AS st_n, st.i AS st_i, st.o AS st_o, st.c AS st_c, st.cost AS st_cost, st.models AS st_models,
         tc.n AS tc_n, tc.e AS tc_e, fb.n AS fb_n, fb.score AS fb_score
  FROM m
  CROSS JOIN LATERAL (
    SELECT count(*) AS n, sum(input_tokens) AS i, sum(output_tokens) AS o, sum(cached_tokens) AS c, sum(cost_usd) AS cost,
           min(start_time) AS first_start, max(end_time) AS last_end,
           array_agg(DISTINCT model) FILTER (WHERE model IS NOT NULL) AS models
    FROM steps WHERE project_id = p_project AND run_id = m.id) st
  CROSS JOIN LATERAL (
    SELECT count(*) AS n, count(*) FILTER (WHERE status = 2) AS e, min(start_time) AS first_start, max(end_time) AS last_end
    FROM tool_calls WHERE project_id = p_project AND run_id = m.id) tc
  CROSS JOIN LATERAL (
    SELECT count(*) AS n, (array_agg(score ORDER BY created_at DESC, id DESC) FILTER (WHERE score IS NOT NULL))[1] AS score
    FROM feedback WHERE project_id = p_project AND run_id = m.id) fb),
fin AS (
  SELECT t.id, t.trace_id, t.source, t.agent_id, t.session_id, t.conversational, t.user_id, t.user_name, t.org_id,
         t.org_name, t.status, t.status_message, t.f_start AS start_time, t.f_end AS end_time,
         ${duration("t.f_start", "t.f_end")} AS duration_ms, t.user_prompt, t.response,
         ARRAY(SELECT DISTINCT x FROM unnest(t.models || COALESCE(t.st_models, '{}'::text[])) AS x WHERE x IS NOT NULL ORDER BY x) AS models,
         ${runTokensSql("t.st_i", "t.reported_usage", "inputTokens")} AS input_tokens,
         ${runTokensSql("t.st_o", "t.reported_usage", "outputTokens")} AS output_tokens,
         ${runTokensSql("t.st_c", "t.reported_usage", "cachedTokens")} AS cached_tokens,
         t.reported_usage, COALESCE(t.reported_cost, t.st_cost) AS cost_usd, t.reported_cost, t.metadata,
         t.fb_score::smallint AS feedback_score, COALESCE(t.fb_n, 0)::int AS feedback_count, COALESCE(t.st_n, 0)::int AS step_count,
         COALESCE(t.tc_n, 0)::int AS tool_call_count, COALESCE(t.tc_e, 0)::int AS tool_error_count, t.placeholder,
         CASE WHEN t.status = 2 THEN t.failure_signature END AS failure_signature
  FROM t),`;

const RUNS_SUFFIX = `
SELECT COALESCE(array_agg(DISTINCT s), '{}') INTO v_more FROM (
  SELECT session_id FROM written UNION ALL SELECT old_session_id FROM m) x(s) WHERE s IS NOT NULL`;

// Runs not stored yet are inserted and stored ones updated, in separate statements that run only
// when they have rows: an INSERT … ON CONFLICT would fire both the INSERT and the UPDATE statement
// triggers on runs (analytics rollups), one of them always with nothing to do.
// The function holds the runs' advisory locks, so which ids exist cannot change in between.
export const RUNS_INSERT_SQL = `${runsPrefix("u.id <> ALL(v_stored)")}
written AS (
  INSERT INTO runs (project_id, id, ${RUN_COLUMNS.join(", ")})
  SELECT p_project, fin.id, ${RUN_COLUMNS.map((c) => `fin.${c}`).join(", ")} FROM fin
  RETURNING session_id)${RUNS_SUFFIX}`;

export const RUNS_UPDATE_SQL = `${runsPrefix("u.id = ANY(v_stored)")}
written AS (
  UPDATE runs r SET ${RUN_COLUMNS.map((c) => `${c} = fin.${c}`).join(", ")}, updated_at = now()
  FROM fin WHERE r.project_id = p_project AND r.id = fin.id
  RETURNING r.session_id)${RUNS_SUFFIX}`;

// The last statement of a write, with the sessions' locks held: sessions recomputed from their
// runs (v_sessions), then end users (p_users) and orgs (p_orgs). Last because many concurrent
// writes touch the same people rows, whose row locks are held until COMMIT: taking them early
// serialised those writes. Rows are written in id order so two writes never wait on each other's
// people rows in a cycle.
export const FINISH_SQL = `
WITH ${sessionCtes("p_project", "v_sessions")},
user_rows AS (
  -- Every run counts: first/last seen span the whole batch; names come from its latest run that has one.
  INSERT INTO end_users (project_id, id, name, org_id, first_seen, last_seen)
  SELECT p_project, u.id, (array_agg(u.name ORDER BY u.seen DESC) FILTER (WHERE u.name IS NOT NULL))[1],
         (array_agg(u.org_id ORDER BY u.seen DESC) FILTER (WHERE u.org_id IS NOT NULL))[1], min(u.seen), max(u.seen)
  FROM jsonb_to_recordset(p_users) AS u(id text, name text, org_id text, seen timestamptz) GROUP BY u.id ORDER BY u.id
  ON CONFLICT (project_id, id) DO UPDATE SET
    name = COALESCE(EXCLUDED.name, end_users.name), org_id = COALESCE(EXCLUDED.org_id, end_users.org_id),
    first_seen = LEAST(end_users.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(end_users.last_seen, EXCLUDED.last_seen)
  RETURNING 1),
org_rows AS (
  INSERT INTO orgs (project_id, id, name, first_seen, last_seen)
  SELECT p_project, u.id, (array_agg(u.name ORDER BY u.seen DESC) FILTER (WHERE u.name IS NOT NULL))[1], min(u.seen), max(u.seen)
  FROM jsonb_to_recordset(p_orgs) AS u(id text, name text, seen timestamptz) GROUP BY u.id ORDER BY u.id
  ON CONFLICT (project_id, id) DO UPDATE SET
    name = COALESCE(EXCLUDED.name, orgs.name),
    first_seen = LEAST(orgs.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(orgs.last_seen, EXCLUDED.last_seen)
  RETURNING 1)
SELECT 1 INTO v_done`;

/**
 * Rebuilds the failure occurrences of some runs from their signed rows (runs, steps, tool calls
 * with a failure_signature), appends the rollup deltas of the change and inserts the groups that
 * are new. Run after the runs are merged (their start time, agent and user are copied), by the
 * write function and by the backfill. The rollups get, per run and signature, the difference
 * between the stored occurrences (have) and the wanted ones (want): a retried write appends
 * nothing, and a run counts once per signature whatever its number of failed items.
 * Groups come from `groups` (FailureSigner.doc()); a signature missing there is already stored.
 * Data-modifying CTEs run whether or not the final SELECT reads them; it counts the added rows.
 */
export const failuresSql = (project: string, runIds: string, groups: string, into?: string) => `
WITH
want AS MATERIALIZED (
  SELECT r.id AS run_id, 'run'::text AS kind, ''::text AS item_id, r.failure_signature AS signature, r.start_time,
         r.agent_id, r.user_id, r.org_id, sightline_failure_line(r.status_message) AS message
  FROM runs r WHERE r.project_id = ${project} AND r.id = ANY(${runIds}) AND r.failure_signature IS NOT NULL
  UNION ALL
  SELECT s.run_id, 'step', s.id, s.failure_signature, r.start_time, r.agent_id, r.user_id, r.org_id,
         sightline_failure_line(s.status_message)
  FROM steps s JOIN runs r ON r.project_id = ${project} AND r.id = s.run_id
  WHERE s.project_id = ${project} AND s.run_id = ANY(${runIds}) AND s.failure_signature IS NOT NULL
  UNION ALL
  SELECT c.run_id, 'tool_call', c.id, c.failure_signature, r.start_time, r.agent_id, r.user_id, r.org_id,
         sightline_failure_line(c.error)
  FROM tool_calls c JOIN runs r ON r.project_id = ${project} AND r.id = c.run_id
  WHERE c.project_id = ${project} AND c.run_id = ANY(${runIds}) AND c.failure_signature IS NOT NULL),
have AS MATERIALIZED (
  SELECT run_id, kind, item_id, signature, start_time, agent_id, user_id, org_id, message
  FROM failure_occurrences WHERE project_id = ${project} AND run_id = ANY(${runIds})),
gone AS (
  DELETE FROM failure_occurrences f USING have h
  WHERE f.project_id = ${project} AND f.run_id = h.run_id AND f.kind = h.kind AND f.item_id = h.item_id
    AND NOT EXISTS (SELECT 1 FROM want w WHERE w.run_id = h.run_id AND w.kind = h.kind AND w.item_id = h.item_id)
  RETURNING 1),
changed AS (
  UPDATE failure_occurrences f SET signature = w.signature, start_time = w.start_time, agent_id = w.agent_id,
    user_id = w.user_id, org_id = w.org_id, message = w.message
  FROM want w JOIN have h ON h.run_id = w.run_id AND h.kind = w.kind AND h.item_id = w.item_id
  WHERE f.project_id = ${project} AND f.run_id = w.run_id AND f.kind = w.kind AND f.item_id = w.item_id
    AND (h.signature, h.start_time, h.agent_id, h.user_id, h.org_id, h.message)
        IS DISTINCT FROM (w.signature, w.start_time, w.agent_id, w.user_id, w.org_id, w.message)
  RETURNING 1),
added AS (
  INSERT INTO failure_occurrences (project_id, run_id, kind, item_id, signature, start_time, agent_id, user_id, org_id, message)
  SELECT ${project}, w.run_id, w.kind, w.item_id, w.signature, w.start_time, w.agent_id, w.user_id, w.org_id, w.message
  FROM want w WHERE NOT EXISTS (SELECT 1 FROM have h WHERE h.run_id = w.run_id AND h.kind = w.kind AND h.item_id = w.item_id)
  RETURNING 1),
d AS MATERIALIZED (
  SELECT signature, date_trunc('hour', start_time, 'UTC') AS hour, date_trunc('day', start_time, 'UTC') AS day, agent_key,
         sum(a) - sum(b) AS occ, (sum(a) > 0)::int - (sum(b) > 0)::int AS runs
  FROM (SELECT run_id, signature, start_time, COALESCE(agent_id, '') AS agent_key, 1 AS a, 0 AS b FROM want
        UNION ALL
        SELECT run_id, signature, start_time, COALESCE(agent_id, ''), 0, 1 FROM have) x
  GROUP BY run_id, signature, start_time, agent_key),
rh AS (
  INSERT INTO rollup_failures (project_id, hour, agent_key, signature, occurrences, runs, compacted)
  SELECT ${project}, hour, agent_key, signature, sum(occ), sum(runs), false FROM d
  GROUP BY hour, agent_key, signature HAVING sum(occ) <> 0 OR sum(runs) <> 0 ORDER BY hour
  RETURNING 1),
rd AS (
  INSERT INTO rollup_failures_daily (project_id, day, agent_key, signature, occurrences, runs, compacted)
  SELECT ${project}, day, agent_key, signature, sum(occ), sum(runs), false FROM d
  GROUP BY day, agent_key, signature HAVING sum(occ) <> 0 OR sum(runs) <> 0 ORDER BY day
  RETURNING 1),
grp AS (
  -- Only groups that are new, or seen earlier than stored (the backfill, late data), are written:
  -- a hot group during an outage is never locked by the writers repeating it.
  INSERT INTO failure_groups (project_id, signature, kind, tool, category, error_class, code, template, first_seen)
  SELECT ${project}, g.signature, g.kind, g.tool, g.category, g.error_class, g.code, g.template, f.first_seen
  FROM (SELECT signature, min(start_time) AS first_seen FROM want GROUP BY signature) f
  JOIN jsonb_to_recordset(${groups}) AS g(signature text, kind text, tool text, category text, error_class text, code text,
       template text) ON g.signature = f.signature
  WHERE NOT EXISTS (SELECT 1 FROM failure_groups x WHERE x.project_id = ${project} AND x.signature = f.signature
                    AND x.first_seen <= f.first_seen)
  ORDER BY g.signature
  ON CONFLICT (project_id, signature) DO UPDATE SET first_seen = EXCLUDED.first_seen
    WHERE failure_groups.first_seen > EXCLUDED.first_seen
  RETURNING 1)
SELECT count(*)${into ? ` INTO ${into}` : ""} FROM added`;

// 4. The runs' search documents (p_search, lib/search/document.ts), after the runs so that each
// takes its run's final start time. Each section of a stored document gets the pieces it does not
// hold yet, up to its cap (sightline_search_append, migration 0008); a row whose document and time
// are unchanged is not rewritten, so a retried write costs no index update.
export const searchUpsertSql = (project: string, docs: string) => `
WITH d AS (
  SELECT d.run_id, r.start_time,
         ${SEARCH_COLUMNS.map(
           // A run's first document needs no merge: its pieces arrive de-duplicated and capped.
           ([c, cap]) =>
             `CASE WHEN s.run_id IS NULL THEN left(array_to_string(d.${c}, E'\\n'), ${cap}) ELSE sightline_search_append(s.${c}, d.${c}, ${cap}) END AS ${c}`,
         ).join(",\n         ")}
  FROM jsonb_to_recordset(${docs}) AS d(run_id text, ${SEARCH_COLUMNS.map(([c]) => `${c} text[]`).join(", ")})
  JOIN runs r ON r.project_id = ${project} AND r.id = d.run_id
  LEFT JOIN run_search s ON s.project_id = ${project} AND s.run_id = d.run_id)
INSERT INTO run_search AS s (project_id, run_id, start_time, ${SEARCH_COLUMNS.map(([c]) => c).join(", ")})
SELECT ${project}, d.run_id, d.start_time, ${SEARCH_COLUMNS.map(([c]) => `d.${c}`).join(", ")} FROM d
ON CONFLICT (project_id, run_id) DO UPDATE SET start_time = EXCLUDED.start_time, ${SEARCH_COLUMNS.map(([c]) => `${c} = EXCLUDED.${c}`).join(", ")}
WHERE (s.start_time, ${SEARCH_COLUMNS.map(([c]) => `s.${c}`).join(", ")}) IS DISTINCT FROM
      (EXCLUDED.start_time, ${SEARCH_COLUMNS.map(([c]) => `EXCLUDED.${c}`).join(", ")})`;
