// The embedded database (PGlite) runs PostgreSQL in single-user mode: there is no autovacuum, so
// nothing would ever collect column statistics (the planner then guesses, e.g. a 1M-run time
// window as 5 rows) or reclaim the dead rows updates leave behind (runs merged, sessions
// recomputed, rollups compacted). After ingestion commits, at most once a minute, this does what
// autovacuum would: ANALYZE a table once 10% of it changed, VACUUM it once 20% of it is dead,
// with autovacuum's default thresholds read from the same statistics views. PostgreSQL servers
// run their own autovacuum and are left alone.
import type { Sql } from "@/lib/db/sql";

const EVERY_MS = 60_000;
// Per database: a process holding several (the benchmarks compare databases side by side) keeps
// each one's statistics; one clock for all left every database but the first one written after
// the minute without ANALYZE or VACUUM, and charged the whole pass to that one.
const state = new WeakMap<Sql, { last: number; running: boolean }>();

type TableStats = {
  relname: string;
  live: number;
  dead: number;
  mods: number;
};

export function maintainEmbedded(sql: Sql): void {
  if (sql.kind !== "pglite") return;
  let st = state.get(sql);
  if (!st) state.set(sql, (st = { last: Date.now(), running: false }));
  if (st.running || Date.now() - st.last < EVERY_MS) return;
  st.last = Date.now();
  st.running = true;
  const done = st;
  // Not awaited: the request that happens to trigger it does not wait; other queries queue on the
  // single embedded connection as they would behind any statement.
  void (async () => {
    try {
      const tables = await sql.query<TableStats>(
        `SELECT relname, n_live_tup::float8 AS live, n_dead_tup::float8 AS dead, n_mod_since_analyze::float8 AS mods
         FROM pg_stat_user_tables WHERE schemaname = current_schema()`,
      );
      for (const t of tables) {
        const name = `"${t.relname.replace(/"/g, '""')}"`;
        if (t.dead > 50 + 0.2 * t.live) await sql.exec(`VACUUM (ANALYZE) ${name}`);
        else if (t.mods > 50 + 0.1 * t.live) await sql.exec(`ANALYZE ${name}`);
      }
    } catch (err) {
      console.error(`[sightline] embedded database maintenance failed (data is safe): ${(err as Error).message}`);
    } finally {
      done.running = false;
    }
  })();
}

// The write function's statements are planned once per connection and the plan is kept until an
// ANALYZE of their tables (write-function.ts). Planned while the tables were nearly empty, they
// pick arbitrary indexes: measured on a fresh database, every run's lookup then scanned all the
// project's tool calls. Autovacuum's first ANALYZE comes up to a minute later, PGlite runs none
// before maintainEmbedded's first pass, and by then such a write is slow. So once this process
// has written EARLY_ANALYZE_RUNS runs, it analyzes the tables the write reads, once.
const EARLY_ANALYZE_RUNS = 1_000;
const WRITE_TABLES = "runs, steps, tool_calls, feedback, sessions, end_users, orgs, run_search";
const writtenRuns = new WeakMap<Sql, number>();

export function noteWrittenRuns(sql: Sql, runs: number): void {
  const before = writtenRuns.get(sql) ?? 0;
  writtenRuns.set(sql, before + runs);
  if (before >= EARLY_ANALYZE_RUNS || before + runs < EARLY_ANALYZE_RUNS) return;
  void sql.exec(`ANALYZE ${WRITE_TABLES}`).catch((err) => {
    console.error(`[sightline] ANALYZE after the first writes failed (data is safe): ${(err as Error).message}`);
  });
}
