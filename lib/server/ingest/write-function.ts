// The ingestion write as one PL/pgSQL function, created from the statements in statements.ts the
// first time a server writes. Its name carries a hash of its body, so servers of different
// versions sharing a database each call their own, and a changed statement can never run under
// an old body; creating it drops the functions of earlier versions. A write is then one
// `SELECT fn(...)`: one round trip, one implicit transaction, and statements planned once per
// connection (PL/pgSQL caches their plans) on both databases.
import { createHash } from "node:crypto";
import type { Sql } from "@/lib/db/sql";
import { lockKeysSql } from "./aggregates";
import { CHILDREN_SQL, failuresSql, FINISH_SQL, RUNS_INSERT_SQL, RUNS_UPDATE_SQL, searchUpsertSql } from "./statements";

const perform = (select: string) => select.replace(/^\s*SELECT\b/, "PERFORM");

const BODY = `
DECLARE
  v_stored text[];
  v_touched text[] := '{}';
  v_more text[];
  v_sessions text[];
  v_done int;
  v_failures bigint;
  v_failure_runs text[];
BEGIN
  ${perform(lockKeysSql("'run'", "p_project", "p_run_ids"))};
  ${CHILDREN_SQL};
  IF cardinality(v_stored) < cardinality(p_run_ids) THEN
    ${RUNS_INSERT_SQL};
    v_touched := v_touched || v_more;
  END IF;
  IF cardinality(v_stored) > 0 THEN
    ${RUNS_UPDATE_SQL};
    v_touched := v_touched || v_more;
  END IF;
  -- Failure occurrences are rebuilt for the runs this write brings failed items of, and the runs
  -- that had some (their run's dimensions or their children may have changed): usually none.
  v_failure_runs := ARRAY(SELECT DISTINCT x FROM unnest(p_failure_runs || ARRAY(
    SELECT run_id FROM failure_occurrences WHERE project_id = p_project AND run_id = ANY(p_run_ids))) AS x ORDER BY 1);
  IF cardinality(v_failure_runs) > 0 THEN
    ${failuresSql("p_project", "v_failure_runs", "p_failures", "v_failures")};
  END IF;
  ${searchUpsertSql("p_project", "p_search")};
  v_sessions := ARRAY(SELECT DISTINCT s FROM unnest(v_touched || p_sessions) AS s WHERE s IS NOT NULL ORDER BY 1);
  IF cardinality(v_sessions) = 0 AND jsonb_array_length(p_users) = 0 AND jsonb_array_length(p_orgs) = 0 THEN
    RETURN;
  END IF;
  ${perform(lockKeysSql("'session'", "p_project", "v_sessions"))};
  ${FINISH_SQL};
END`;

/** Parameters in call order: the project, the children's documents, the runs, people, then search documents. */
const PARAMS = [
  "p_project text",
  "p_steps jsonb",
  "p_tools jsonb",
  "p_spans jsonb",
  "p_payloads jsonb",
  "p_runs jsonb",
  "p_run_ids text[]",
  "p_sessions text[]",
  "p_users jsonb",
  "p_orgs jsonb",
  "p_failures jsonb",
  "p_failure_runs text[]",
  "p_search jsonb",
];

export const WRITE_FUNCTION = `sightline_ingest_${createHash("sha256")
  .update(PARAMS.join(",") + BODY)
  .digest("hex")
  .slice(0, 16)}`;

const CREATE_SQL = `CREATE OR REPLACE FUNCTION ${WRITE_FUNCTION}(${PARAMS.join(", ")}) RETURNS void
LANGUAGE plpgsql AS $sightline_ingest$${BODY}$sightline_ingest$`;

const CALL_SQL = `SELECT ${WRITE_FUNCTION}(${PARAMS.map((p, i) => `$${i + 1}::${p.split(" ")[1]}`).join(", ")})`;

const CREATE_LOCK = 7_310_423_902; // arbitrary, fixed: "sightline write function"
const created = new WeakMap<Sql, Promise<void>>();

/** Creates the write function in this database once per process (again after it was dropped). */
function ensureWriteFunction(sql: Sql): Promise<void> {
  let p = created.get(sql);
  if (!p) {
    p = sql.transaction(async (tx) => {
      // Two servers starting at once: CREATE OR REPLACE of the same function concurrently fails.
      await tx.query("SELECT pg_advisory_xact_lock($1)", [CREATE_LOCK]);
      const exists = await tx.query("SELECT 1 FROM pg_proc WHERE proname = $1", [WRITE_FUNCTION]);
      if (exists.length) return;
      await tx.exec(CREATE_SQL);
      // The write functions of earlier versions. A server of such a version still running gets
      // "undefined function" on its next write and creates its own again (callWriteFunction).
      const stale = await tx.query<{ sig: string }>(
        `SELECT p.oid::regprocedure::text AS sig FROM pg_proc p
         WHERE p.proname LIKE 'sightline\\_ingest\\_%' AND p.proname <> $1 AND p.pronamespace = current_schema()::regnamespace`,
        [WRITE_FUNCTION],
      );
      for (const { sig } of stale) await tx.exec(`DROP FUNCTION IF EXISTS ${sig}`);
    });
    p.catch(() => created.delete(sql));
    created.set(sql, p);
  }
  return p;
}

/**
 * One write: the function's parameters in PARAMS order, or a function giving them for each of
 * `calls` calls made in one transaction (parts of one batch, built one at a time). Resolves after
 * the transaction committed.
 */
export async function callWriteFunction(sql: Sql, params: unknown[] | ((call: number) => unknown[]), calls = 1): Promise<void> {
  const write = (retry: boolean) => {
    if (typeof params !== "function") return sql.query(CALL_SQL, params, retry ? undefined : { prepare: "sl_ingest_write" });
    return sql.transaction(async (tx) => {
      for (let i = 0; i < calls; i++) await tx.query(CALL_SQL, params(i));
    });
  };
  await ensureWriteFunction(sql);
  try {
    await write(false);
  } catch (err) {
    // 42883 undefined_function: dropped since this process created it (a re-created schema, a
    // restore, or a newer server version replacing it). Create it again, once.
    if ((err as { code?: string }).code !== "42883") throw err;
    created.delete(sql);
    await ensureWriteFunction(sql);
    await write(true);
  }
}
