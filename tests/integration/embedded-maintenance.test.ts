// PGlite has no autovacuum: after ingestion, Sightline analyzes and vacuums changed tables itself
// (lib/server/ingest/maintenance.ts), so the planner has statistics and dead rows are reclaimed.
import { describe, expect, it, vi } from "vitest";
import { maintainEmbedded } from "@/lib/server/ingest/maintenance";
import { startInsightEngine } from "@/lib/server/insights/engine";
import { testDbKind, withTestDb } from "../helpers/db";

const s = withTestDb();

const stats = async () =>
  (
    await s.db.sql.query<{ dead: number; mods: number; analyzed: boolean }>(
      `SELECT n_dead_tup::int AS dead, n_mod_since_analyze::int AS mods, last_analyze IS NOT NULL AS analyzed
       FROM pg_stat_user_tables WHERE relname = 'runs'`,
    )
  )[0]!;

describe.skipIf(testDbKind() !== "pglite")("embedded database maintenance", () => {
  it("analyzes and vacuums a table once enough of it changed, at most once a minute", async () => {
    await s.db.sql.exec(`INSERT INTO projects (id, name, slug) VALUES ('pm', 'pm', 'pm');
      INSERT INTO runs (project_id, id, source, start_time) SELECT 'pm', 'r' || g, 'x', now() FROM generate_series(1, 5000) g;
      UPDATE runs SET status = 2 WHERE id LIKE 'r1%'`);
    // The statistics views catch up with the writes within a second or so.
    await vi.waitFor(async () => expect((await stats()).dead).toBeGreaterThan(1000), { timeout: 10_000, interval: 200 });
    expect((await stats()).analyzed).toBe(false);

    maintainEmbedded(s.db.sql); // within a minute of start-up: nothing happens
    await new Promise((r) => setTimeout(r, 200));
    expect((await stats()).analyzed).toBe(false);

    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now + 61_000);
    try {
      maintainEmbedded(s.db.sql);
      await vi.waitFor(async () => expect((await stats()).analyzed).toBe(true), { timeout: 10_000, interval: 100 });
      expect(await stats()).toMatchObject({ dead: 0, mods: 0 });
      const rows = await s.db.sql.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = 'runs'`);
      expect(rows[0]!.reltuples).toBe(5000);
    } finally {
      clock.mockRestore();
    }
  });
});

describe.skipIf(testDbKind() !== "pglite")("embedded database maintenance after the insight engine's work", () => {
  it("vacuums what the engine's passes leave dead, with no ingestion", async () => {
    await s.db.sql.exec(`INSERT INTO projects (id, name, slug) VALUES ('pe', 'pe', 'pe') ON CONFLICT DO NOTHING;
      INSERT INTO topic_jobs (project_id, agent_key) SELECT 'pe', 'a' || g FROM generate_series(1, 3000) g`);
    const vacuumed = async () =>
      (await s.db.sql.query<{ v: boolean }>(`SELECT last_vacuum IS NOT NULL AS v FROM pg_stat_user_tables WHERE relname = 'topic_jobs'`))[0]!.v;
    expect(await vacuumed()).toBe(false);
    // A pass of the engine that rewrites rows, as a re-clustering does; the clock runs 100 times
    // as fast, so maintenance (at most once a minute) comes round within a second.
    const [real, t0] = [Date.now.bind(Date), Date.now()];
    const clock = vi.spyOn(Date, "now").mockImplementation(() => t0 + (real() - t0) * 100);
    let passes = 0;
    const engine = startInsightEngine(s.db.sql, {
      idleSeconds: 0,
      pollMs: 20,
      jobs: [
        {
          name: "rewrite",
          everyMs: 0,
          run: async (sql) => (passes++ === 0 ? (await sql.query(`UPDATE topic_jobs SET next_run_at = now() WHERE project_id = 'pe' RETURNING 1`)).length : 0),
        },
      ],
    });
    try {
      await vi.waitFor(async () => expect(await vacuumed()).toBe(true), { timeout: 15_000, interval: 200 });
      expect(passes).toBeGreaterThan(0);
    } finally {
      await engine.stop();
      clock.mockRestore();
    }
  });
});

// Migration 0005: ANALYZE skips the payload columns (prompts, responses, attribute documents) that
// no query filters on, and still collects what the planner reads.
describe("column statistics", () => {
  it("ANALYZE collects statistics for filtered columns and none for payload columns", async () => {
    await s.db.sql.exec(`INSERT INTO projects (id, name, slug) VALUES ('ps', 'ps', 'ps') ON CONFLICT DO NOTHING;
      INSERT INTO steps (project_id, run_id, id, name, model, start_time, input, output, attributes)
        SELECT 'ps', 'r' || (g % 50), 's' || g, 'llm', 'm' || (g % 3), now(), jsonb_build_object('p', repeat('x', 100)),
               '{"o": 1}', '{"a": 2}' FROM generate_series(1, 500) g;
      ANALYZE steps`);
    const rows = await s.db.sql.query<{ attname: string }>(`SELECT attname FROM pg_stats WHERE tablename = 'steps' ORDER BY 1`);
    const columns = rows.map((r) => r.attname);
    expect(columns).toEqual(expect.arrayContaining(["project_id", "run_id", "model", "start_time"]));
    for (const payload of ["input", "output", "attributes"]) expect(columns).not.toContain(payload);
  });
});
