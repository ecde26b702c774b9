// Seeds a bench database with N runs (and optionally their spans) using set-based SQL run inside
// the database (INSERT … SELECT FROM generate_series), bypassing HTTP: ingesting 1M runs through
// the API would take longer than the benchmark itself. The rows look like ingested ones: 8 agents,
// 20,000 users in 500 orgs, sessions of 4 runs, ~2% feedback, custom metadata, 1-3 models, spread
// over the last 30 days. Tool calls on 90% of runs (3.15 per run on average, 32 tools with their
// own latency and failure rate, see workload/failures.mjs); 5% of runs fail with one of 25
// provider/framework errors, and their final LLM step with them (the only step rows seeded
// besides the big run's: nothing reads the others); failed tool calls occur in successful runs
// too. Every error message has many variants (ids, hosts, numbers, times) of one signature.
// Aggregate tables (sessions, end_users, orgs) are derived with the same rules as ingestion. One
// extra run carries `bigRunSpans` spans for detail pages.
import { AGENTS } from "./workload/catalog.mjs";
import { renderSql, RUN_ERRORS, TOOLS } from "./workload/failures.mjs";

export const SEED_AGENTS = [...AGENTS.map((a) => a.name), "Onboarding Guide", "Billing Assistant", "Incident Triage"].slice(0, 8);
const slug = (n) => n.toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** Pseudo-random ints in [0, 2^31) per row, sliced out of two md5s computed once per row (h1…h8). */
const HASHES = [
  ...Array.from({ length: 8 }, (_, i) => `(('x' || substr(m${i < 4 ? 1 : 2}, ${(i % 4) * 8 + 1}, 8))::bit(32)::int & 2147483647) AS h${i + 1}`),
  // h9 (tool calls per run) and h10 (which error a failed run ends with) from the rest of m3.
  `(('x' || substr(m3, 17, 8))::bit(32)::int & 2147483647) AS h9`,
  `(('x' || substr(m3, 25, 8))::bit(32)::int & 2147483647) AS h10`,
].join(", ");

/** Tool calls per run, picked by h9 % 20: 10% none, 3.15 on average. */
const TOOL_CALLS_PER_RUN = "(ARRAY[0,0,1,1,2,2,2,2,3,3,3,3,4,4,4,5,5,6,6,7])[1 + h9 % 20]";

export const BIG_RUN_ID = "bench-big-run";

const SEEDED_TABLES = ["runs", "spans", "sessions", "feedback", "end_users", "orgs", "steps", "tool_calls"];

/**
 * Secondary indexes are dropped while seeding and rebuilt afterwards from their own definitions
 * (bulk index builds are much faster than a million random index insertions); primary keys stay.
 */
async function withoutSecondaryIndexes(sql, fn) {
  const indexes = await sql.query(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = ANY($1::text[])
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))`,
    [SEEDED_TABLES],
  );
  for (const i of indexes) await sql.exec(`DROP INDEX "${i.indexname}"`);
  try {
    return await fn();
  } finally {
    for (const i of indexes) await sql.exec(i.indexdef);
  }
}

export async function seed(sql, projectId, opts) {
  const t0 = performance.now();
  await withoutSecondaryIndexes(sql, () =>
    sql.transaction(async (tx) => {
      // Row triggers (the analytics rollups) are skipped while seeding and their tables derived
      // once at the end with the rollups' own backfill SQL, when the database has it.
      await tx.exec("SET LOCAL session_replication_role = replica");
      await seedRows(tx, projectId, opts, t0);
      await tx.exec(`DO $$ BEGIN
        IF to_regproc('sightline_rollup_sql') IS NOT NULL THEN
          EXECUTE sightline_rollup_sql('SELECT 1 AS sign, project_id, start_time, agent_id, user_id, org_id, status, duration_ms, '
            'input_tokens, output_tokens, cached_tokens, cost_usd, feedback_score, models FROM runs', true);
        END IF;
        IF to_regproc('sightline_tool_rollup_sql') IS NOT NULL THEN
          EXECUTE sightline_tool_rollup_sql('SELECT 1 AS sign, COALESCE(r.agent_id, '''') AS agent_key, c.project_id, c.run_id, '
            'c.name AS tool, c.start_time, c.status, c.duration_ms FROM tool_calls c JOIN runs r ON r.project_id = c.project_id AND r.id = c.run_id', false, true);
        END IF;
        IF to_regproc('sightline_activity_sql') IS NOT NULL THEN
          EXECUTE sightline_activity_sql('SELECT project_id, user_id, org_id, agent_id, start_time FROM runs', true);
        END IF;
        IF to_regproc('sightline_people_last_sql') IS NOT NULL THEN
          EXECUTE sightline_people_last_sql('s', 'SELECT project_id, last_run_at AS t, 1 AS sign FROM sessions');
          EXECUTE sightline_people_last_sql('u', 'SELECT project_id, last_seen AS t, 1 AS sign FROM end_users');
          EXECUTE sightline_people_last_sql('o', 'SELECT project_id, last_seen AS t, 1 AS sign FROM orgs');
        END IF; END $$`);
    }),
  );
  // A steady state as autovacuum would leave it (visibility map set, statistics current).
  // `analyze: false` leaves the tables as the embedded database keeps them: PGlite runs no
  // autovacuum, so nothing ever collects column statistics there.
  if (opts.analyze !== false) await sql.exec("VACUUM ANALYZE");
  opts.log?.(`  indexes rebuilt${opts.analyze !== false ? ", VACUUM ANALYZE done" : " (no ANALYZE)"} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return { seconds: (performance.now() - t0) / 1000 };
}

async function seedRows(sql, projectId, { runs, spansPerRun = 0, bigRunSpans = 5000, log = () => {} }, t0) {
  const agentIds = SEED_AGENTS.map((_, i) => `agt_bench_${i}`);
  await sql.query(
    `INSERT INTO agents (id, project_id, name, slug) SELECT u.id, $1, u.name, u.slug FROM unnest($2::text[], $3::text[], $4::text[]) AS u(id, name, slug)
     ON CONFLICT DO NOTHING`,
    [projectId, agentIds, SEED_AGENTS, SEED_AGENTS.map(slug)],
  );
  const models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-20250514", "gemini-2.0-flash", "gpt-4.1", "claude-3-5-haiku-20241022"];
  // Runs in chunks so progress is visible and one statement never holds the whole load.
  const chunk = 100_000;
  for (let from = 1; from <= runs; from += chunk) {
    const to = Math.min(runs, from + chunk - 1);
    await sql.query(
      `INSERT INTO runs (project_id, id, trace_id, source, agent_id, session_id, conversational, user_id, user_name, org_id, org_name,
                         status, status_message, start_time, end_time, duration_ms, user_prompt, response, models, input_tokens,
                         output_tokens, cached_tokens, cost_usd, metadata, feedback_score, feedback_count, step_count,
                         tool_call_count, tool_error_count, placeholder)
       SELECT $1, 'run-' || lpad(g::text, 8, '0'), md5('trace' || g), 'otlp',
              ($2::text[])[1 + g % 8],
              'sess-' || (g / 4),
              (g % 4) <> 3,
              'user-' || lpad((h1 % 20000)::text, 5, '0'),
              'User ' || (h1 % 20000),
              'org-' || lpad((h1 % 20000 % 500)::text, 3, '0'),
              'Organisation ' || (h1 % 20000 % 500),
              CASE WHEN h2 % 20 = 0 THEN 2 ELSE 0 END,
              CASE WHEN h2 % 20 = 0 THEN ${renderSql("($6::text[])[25 - floor(sqrt(h10 % 625))::int]", "h10", "md5(g::text || 'e')")} END,
              st, st + make_interval(secs => d / 1000.0), d,
              'Question ' || g || ': how do I ' || (ARRAY['reset my password','export my data','upgrade my plan','cancel an order','connect Slack'])[1 + g % 5] || ' for my team?',
              'Here is how to do that: open Settings, choose the option and confirm. Reference ' || md5(g::text),
              ARRAY[($3::text[])[1 + h3 % 6]],
              800 + h4 % 4000, 50 + h5 % 800, h4 % 500,
              (800 + h4 % 4000) * 0.0000025 + (50 + h5 % 800) * 0.00001,
              jsonb_build_object('environment', (ARRAY['production','production','staging'])[1 + g % 3],
                                 'plan', (ARRAY['free','pro','pro','enterprise'])[1 + h6 % 4],
                                 'customer', 'cust-' || lpad((h7 % 1000)::text, 4, '0'),
                                 'appVersion', (ARRAY['2.14.0','2.14.1','2.15.0'])[1 + g % 3]),
              CASE WHEN h8 % 50 = 0 THEN 1 WHEN h8 % 50 = 1 THEN -1 END,
              CASE WHEN h8 % 50 < 2 THEN 1 ELSE 0 END,
              1 + ${TOOL_CALLS_PER_RUN}, ${TOOL_CALLS_PER_RUN}, 0, false
       FROM (SELECT g, ${HASHES}, now() - make_interval(secs => (('x' || substr(m3, 1, 8))::bit(32)::int & 2147483647) % 2592000) AS st,
                    300 + (('x' || substr(m3, 9, 8))::bit(32)::int & 2147483647) % 20000 AS d
             FROM (SELECT g, md5(g::text) AS m1, md5(g::text || 'b') AS m2, md5(g::text || 'c') AS m3
                   FROM generate_series($4::int, $5::int) AS g OFFSET 0) AS gm OFFSET 0) AS x`,
      [projectId, agentIds, models, from, to, RUN_ERRORS],
    );
    await seedToolCallsAndSteps(sql, projectId, from, to);
    log(`  runs ${to.toLocaleString("en-US")} / ${runs.toLocaleString("en-US")} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await sql.query(
    `INSERT INTO feedback (id, project_id, run_id, score, text, source, dedupe_key, created_at)
     SELECT 'fb-' || r.id, $1, r.id, r.feedback_score, CASE WHEN r.feedback_score = -1 THEN 'Not helpful' END, 'api', md5(r.id), r.end_time
     FROM runs r WHERE r.project_id = $1 AND r.feedback_count > 0`,
    [projectId],
  );
  await sql.query(
    `INSERT INTO sessions (project_id, id, agent_id, user_id, org_id, run_count, first_run_at, last_run_at, conversational, thumbs_up, thumbs_down, error_count)
     SELECT $1, session_id, (array_agg(agent_id ORDER BY start_time DESC))[1], (array_agg(user_id ORDER BY start_time DESC))[1],
            (array_agg(org_id ORDER BY start_time DESC))[1], count(*), min(start_time), max(start_time), bool_or(conversational IS TRUE),
            count(*) FILTER (WHERE feedback_score = 1), count(*) FILTER (WHERE feedback_score = -1), count(*) FILTER (WHERE status = 2)
     FROM runs WHERE project_id = $1 GROUP BY session_id`,
    [projectId],
  );
  await sql.query(
    `INSERT INTO end_users (project_id, id, name, org_id, first_seen, last_seen)
     SELECT $1, user_id, max(user_name), max(org_id), min(start_time), max(start_time) FROM runs WHERE project_id = $1 GROUP BY user_id`,
    [projectId],
  );
  await sql.query(
    `INSERT INTO orgs (project_id, id, name, first_seen, last_seen)
     SELECT $1, org_id, max(org_name), min(start_time), max(start_time) FROM runs WHERE project_id = $1 GROUP BY org_id`,
    [projectId],
  );
  log(`  sessions, users, orgs and feedback derived (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

  if (spansPerRun > 0) {
    for (let from = 1; from <= runs; from += chunk / 2) {
      const to = Math.min(runs, from + chunk / 2 - 1);
      await insertSpans(sql, projectId, `'run-' || lpad(g::text, 8, '0')`, `md5('trace' || g)`, from, to, spansPerRun);
      log(`  spans for runs ${to.toLocaleString("en-US")} / ${runs.toLocaleString("en-US")} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  await seedBigRun(sql, projectId, agentIds[0], bigRunSpans);
  log(`  big run with ${bigRunSpans.toLocaleString("en-US")} spans (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

const runId = (g) => `run-${String(g).padStart(8, "0")}`;
const col = (key) => TOOLS.map((t) => t[key]);

/**
 * The tool calls of runs [from, to] (tool_call_count each, tools of the run's agent, some failed),
 * their runs' tool_error_count, and the failed final LLM step of each failed run.
 */
async function seedToolCallsAndSteps(sql, projectId, from, to) {
  const range = [runId(from), runId(to)];
  await sql.query(
    `INSERT INTO tool_calls (project_id, run_id, id, tool_call_id, name, args, result, status, error, start_time, end_time, duration_ms)
     SELECT $1, r.id, 'tc-' || k, 'call_' || substr(tm, 1, 20), ($4::text[])[i], '{"q":"' || substr(tm, 21, 8) || '"}',
            CASE WHEN failed THEN NULL ELSE '{"ok":true,"items":' || (t1 % 20) || '}' END,
            CASE WHEN failed THEN 2 ELSE 0 END,
            CASE WHEN failed THEN ${renderSql("tpl", "t1", "tm")} END,
            ts, ts + make_interval(secs => dur / 1000.0), dur
     FROM runs r
     CROSS JOIN LATERAL generate_series(1, r.tool_call_count) AS k
     CROSS JOIN LATERAL (SELECT md5(r.id || '.' || k) AS tm) a
     CROSS JOIN LATERAL (SELECT ('x' || substr(tm, 1, 8))::bit(32)::int & 2147483647 AS t1) b
     CROSS JOIN LATERAL (SELECT 1 + substr(r.agent_id, 11)::int * 4 + (ARRAY[0,0,0,0,1,1,1,2,2,3])[1 + (t1 >> 4) % 10] AS i) c
     CROSS JOIN LATERAL (SELECT (t1 >> 8) % 1000 < ($6::int[])[i] AS failed,
                                CASE WHEN ($8::text[])[i] IS NULL OR (t1 >> 12) % 10 < 7 THEN ($7::text[])[i] ELSE ($8::text[])[i] END AS tpl,
                                round(($5::int[])[i] * (0.25 + ((t1 >> 16) % 1000) / 250.0))::int AS dur,
                                r.start_time + make_interval(secs => k * COALESCE(r.duration_ms, 1000) / (r.tool_call_count + 1) / 1000.0) AS ts) d
     WHERE r.project_id = $1 AND r.id BETWEEN $2 AND $3`,
    [projectId, ...range, col("name"), col("latencyMs"), col("failPermille"), TOOLS.map((t) => t.errors[0]), TOOLS.map((t) => t.errors[1] ?? null)],
  );
  await sql.query(
    `UPDATE runs r SET tool_error_count = e.n
     FROM (SELECT run_id, count(*)::int AS n FROM tool_calls WHERE project_id = $1 AND run_id BETWEEN $2 AND $3 AND status = 2 GROUP BY run_id) e
     WHERE r.project_id = $1 AND r.id = e.run_id`,
    [projectId, ...range],
  );
  await sql.query(
    `INSERT INTO steps (project_id, run_id, id, name, model, start_time, end_time, duration_ms, status, status_message, finish_reason, input_tokens, output_tokens)
     SELECT $1, r.id, 'step-final', 'ai.generateText.doGenerate', r.models[1], greatest(r.start_time, r.end_time - interval '800 ms'), r.end_time,
            least(800, r.duration_ms), 2, r.status_message, 'error', r.input_tokens, 0
     FROM runs r WHERE r.project_id = $1 AND r.id BETWEEN $2 AND $3 AND r.status = 2`,
    [projectId, ...range],
  );
}

/** `perRun` spans for each run g in [from, to]: a root span and children with AI SDK-like attributes. */
async function insertSpans(sql, projectId, runIdExpr, traceExpr, from, to, perRun) {
  await sql.query(
    `INSERT INTO spans (project_id, trace_id, span_id, run_id, parent_span_id, name, kind, start_ns, end_ns, status_code, scope, attributes)
     SELECT $1, ${traceExpr}, lpad(to_hex(k), 16, '0'), ${runIdExpr},
            CASE WHEN k = 0 THEN NULL ELSE lpad('0', 16, '0') END,
            CASE WHEN k = 0 THEN 'ai.generateText' WHEN k % 2 = 1 THEN 'ai.generateText.doGenerate' ELSE 'ai.toolCall' END,
            1, (extract(epoch FROM now()) * 1e9)::bigint - g::bigint * 1000000000 + k::bigint * 1000000,
            (extract(epoch FROM now()) * 1e9)::bigint - g::bigint * 1000000000 + k::bigint * 1000000 + 500000, 0, 'ai',
            jsonb_build_object('tcc.runId', ${runIdExpr}, 'ai.model.id', 'gpt-4o', 'ai.usage.inputTokens', 1000 + k,
                               'ai.prompt.messages', '[{"role":"user","content":"Question ' || g || ' step ' || k || ' with some realistic length of prompt text to make the row a few hundred bytes wide"}]',
                               'ai.response.text', 'Answer for step ' || k || ' of run ' || g)
     FROM generate_series($2::int, $3::int) AS g, generate_series(0, $4::int - 1) AS k`,
    [projectId, from, to, perRun],
  );
}

/** One run with `spans` spans (and a step per odd span), for run-detail timings. */
async function seedBigRun(sql, projectId, agentId, spans) {
  await sql.query(
    `INSERT INTO runs (project_id, id, trace_id, source, agent_id, status, start_time, end_time, duration_ms, user_prompt, response, models, step_count, tool_call_count)
     VALUES ($1, $2, md5('big'), 'otlp', $3, 0, now() - interval '1 hour', now() - interval '50 minutes', 600000, 'A very long agent run', 'Done', ARRAY['gpt-4o'], $4, $4)
     ON CONFLICT DO NOTHING`,
    [projectId, BIG_RUN_ID, agentId, Math.floor(spans / 2)],
  );
  await insertSpans(sql, projectId, `'${BIG_RUN_ID}'`, `md5('big')`, 1, 1, spans);
  await sql.query(
    `INSERT INTO steps (project_id, run_id, id, span_id, name, model, start_time, end_time, duration_ms, status, input, output, input_tokens, output_tokens)
     SELECT $1, $2, lpad(to_hex(k), 16, '0'), lpad(to_hex(k), 16, '0'), 'ai.generateText.doGenerate', 'gpt-4o',
            now() - interval '1 hour' + k * interval '100 ms', now() - interval '1 hour' + k * interval '100 ms' + interval '80 ms', 80, 0,
            jsonb_build_array(jsonb_build_object('role', 'user', 'parts', jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'step ' || k)))),
            jsonb_build_array(jsonb_build_object('role', 'assistant', 'parts', jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'ok ' || k)))),
            1000, 50
     FROM generate_series(1, $3::int - 1, 2) AS k`,
    [projectId, BIG_RUN_ID, spans],
  );
  await sql.query(
    `INSERT INTO tool_calls (project_id, run_id, id, span_id, name, args, result, status, start_time, end_time, duration_ms)
     SELECT $1, $2, lpad(to_hex(k), 16, '0'), lpad(to_hex(k), 16, '0'), 'search', '{"q":"x"}', '{"hits":3}', 0,
            now() - interval '1 hour' + k * interval '100 ms', now() - interval '1 hour' + k * interval '100 ms' + interval '20 ms', 20
     FROM generate_series(2, $3::int - 1, 2) AS k`,
    [projectId, BIG_RUN_ID, spans],
  );
}
