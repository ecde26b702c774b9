// Where the benchmarks run: the built app started by tests/helpers/server.ts (loaded through tsx
// so the logic is not duplicated), on a fresh embedded database or on a throwaway PostgreSQL
// database created on the local server and dropped afterwards.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { tsImport } from "tsx/esm/api";

export const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgresql://root@127.0.0.1:5432/postgres";
export const PROJECT = "Bench project";

const ts = (file) => tsImport(new URL(file, import.meta.url).href, import.meta.url);

/** The app's own modules (server start-up, database open/bootstrap), loaded from TypeScript. */
export const app = {
  server: () => ts("../../tests/helpers/server.ts"),
  db: () => ts("../../lib/db/open.ts"),
  // The data layer imports "server-only": `npm run bench` runs with --conditions=react-server.
  bootstrap: () => ts("../../lib/server/bootstrap.ts"),
  failureBackfill: () => ts("../../lib/server/ingest/failure-backfill.ts"),
  rollups: () => ts("../../lib/server/data/rollups.ts"),
};

/**
 * Signs the seeded failed rows as the app's background backfill would after start-up (the seed
 * writes SQL directly, like rows stored before signatures existed), compacts the rollups and
 * empties the insight queue the backfill's updates refill, so the timed reads run with neither
 * going on in the background. Returns the rows signed.
 */
export async function signSeededFailures(db, projectId, { analyze = true } = {}) {
  const { backfillFailuresOnce } = await app.failureBackfill();
  const { compactRollups } = await app.rollups();
  let signed = 0;
  for (let n; (n = await backfillFailuresOnce(db.sql)) > 0;) signed += n;
  await compactRollups(db.sql, projectId);
  await db.sql.exec("DELETE FROM insight_queue");
  if (analyze) await db.sql.exec("VACUUM ANALYZE failure_occurrences, failure_groups, rollup_failures, rollup_failures_daily, runs, insight_queue");
  return signed;
}

/** True when the PostgreSQL at ADMIN_URL accepts connections. */
export async function postgresAvailable() {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** A new, empty database on the local PostgreSQL; `drop()` removes it. */
export async function createPgDatabase(label) {
  const name = `sightline_bench_${label}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** A temporary directory for an embedded (PGlite) database; `drop()` removes it. */
export function createPgliteDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sightline-bench-${label}-`));
  return { dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Opens a database (PGlite directory or PostgreSQL URL) with the app's own code, applies the
 * migrations and creates the bench project, for seeding without going through HTTP.
 */
export async function openBootstrapped(target) {
  const { openDb } = await app.db();
  const { bootstrap } = await app.bootstrap();
  const db = await openDb(target.url ? { databaseUrl: target.url, poolSize: 4 } : { dataDir: target.dir });
  const boot = await bootstrap(db, { initProject: PROJECT });
  return { db, projectId: boot.projectId };
}

/** The name of the project holding a kept database's runs (seeded by bench/tools-metrics.mts as "Bench"). */
export async function seededProjectName(target) {
  const { openDb } = await app.db();
  const db = await openDb(target.url ? { databaseUrl: target.url } : { dataDir: target.dir });
  try {
    const [row] = await db.sql.query(`SELECT p.name FROM projects p WHERE p.id = (SELECT project_id FROM runs LIMIT 1)`);
    if (!row) throw new Error("the database has no runs: seed it first");
    return row.name;
  } finally {
    await db.close();
  }
}

/** Starts the built app on `target` (a PGlite dir or a PostgreSQL URL), in the bench project (or `target.project`). */
export async function startApp(target) {
  const { startServer } = await app.server();
  const extra = { SIGHTLINE_INIT_PROJECT: target.project ?? PROJECT };
  if (target.url) extra.DATABASE_URL = target.url;
  else extra.SIGHTLINE_DATA_DIR = target.dir;
  return startServer(extra);
}
