import "server-only";
// The process-wide database handle, opened and bootstrapped once. Kept on globalThis because
// Next.js may load this module in several bundles (route handlers, server components,
// instrumentation) that must share one PGlite instance / one PostgreSQL pool.
import { bootstrap, type BootResult } from "@/lib/server/bootstrap";
import { openDb, type Db } from "@/lib/db/open";
import { dataDir, env } from "@/lib/env";
import { startKeyRevocations } from "./api-keys";
import { startSearchBackfill } from "./ingest/search-backfill";

export interface Sightline {
  db: Db;
  boot: BootResult;
}

declare global {
  var __sightline: Promise<Sightline> | undefined;
  var __sightlineBannerShown: boolean | undefined;
}

async function start(): Promise<Sightline> {
  const e = env();
  const db = await openDb({ databaseUrl: e.DATABASE_URL, dataDir: dataDir(), poolSize: e.DATABASE_POOL_SIZE });
  // Keys revoked by another instance on the same PostgreSQL database stop working here at once.
  if (e.DATABASE_URL) startKeyRevocations(e.DATABASE_URL);
  const boot = await bootstrap(db, {
    initProject: e.SIGHTLINE_INIT_PROJECT,
    initIngestKey: e.SIGHTLINE_INIT_INGEST_KEY,
    initReadKey: e.SIGHTLINE_INIT_READ_KEY,
    initAdminEmail: e.SIGHTLINE_INIT_ADMIN_EMAIL,
    initAdminPassword: e.SIGHTLINE_INIT_ADMIN_PASSWORD,
  });
  // Failed rows stored before error signatures existed are signed in the background.
  import("./ingest/failure-backfill")
    .then((m) => m.startFailureBackfill(db.sql))
    .catch((err) => console.error("[sightline] the failure backfill did not start:", err instanceof Error ? err.message : err));
  // Runs stored before search existed get their search documents in the background.
  startSearchBackfill(db.sql);
  // The insight engine runs in this process (loaded lazily: its language model is large).
  if (e.SIGHTLINE_INSIGHTS_ENGINE === "on") {
    import("./insights/engine")
      .then((m) =>
        m.ensureInsightEngine(db.sql, {
          idleSeconds: e.SIGHTLINE_INSIGHTS_IDLE_S,
          llm:
            e.SIGHTLINE_LLM_BASE_URL && e.SIGHTLINE_LLM_MODEL
              ? {
                  llm: { baseUrl: e.SIGHTLINE_LLM_BASE_URL, apiKey: e.SIGHTLINE_LLM_API_KEY ?? null, model: e.SIGHTLINE_LLM_MODEL, embeddingModel: null },
                  sampleRate: e.SIGHTLINE_LLM_SAMPLE_RATE,
                }
              : undefined,
        }),
      )
      .catch((err) => console.error("[sightline] the insight engine did not start:", err instanceof Error ? err.message : err));
  }
  return { db, boot };
}

/**
 * Prints where Sightline is, where its data lives and, on the first start, the new ingestion key.
 * Called by whatever serves HTTP once it listens (scripts/serve.mjs; instrumentation.ts under
 * `next dev`), so the URL it prints answers, and it is printed once per process.
 */
export function printBanner({ db, boot }: Sightline) {
  if (globalThis.__sightlineBannerShown) return;
  globalThis.__sightlineBannerShown = true;
  const e = env();
  const url = e.SIGHTLINE_PUBLIC_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
  const lines = [
    "",
    `  Sightline is running at ${url}`,
    db.kind === "pglite" ? `  Data: embedded PostgreSQL (PGlite) in ${db.location}` : `  Data: PostgreSQL at ${db.location}`,
    boot.migrationsApplied.length ? `  Migrations applied: ${boot.migrationsApplied.join(", ")}` : "  Database schema is up to date",
    `  Project: ${boot.projectName}`,
  ];
  if (boot.createdIngestKey) {
    lines.push(
      "",
      `  Ingestion key (shown once, store it now): ${boot.createdIngestKey}`,
      "  Point the TCC SDKs at Sightline:",
      `    TCC_API_KEY=${boot.createdIngestKey} TCC_BASE_URL=${url}`,
      "  An admin can create more keys later: npm run keys -- create ingest",
    );
  }
  console.log(lines.join("\n") + "\n");
}

/**
 * Stops what start() started and closes the database, for a server that was asked to stop
 * (scripts/serve.mjs, after its HTTP server closed). The insight engine finishes the batch it is on
 * (it holds no transaction while it analyses, and stores a batch in one). Closing the embedded
 * database ends its PostgreSQL cleanly (a shutdown checkpoint), so the next start needs no
 * recovery from the write-ahead log. Safe to call when start-up failed or never began.
 */
export async function stopSightline(): Promise<void> {
  const started = await globalThis.__sightline?.catch(() => undefined);
  await globalThis.__sightlineInsightEngine?.stop();
  await globalThis.__sightlineKeyListener?.stop();
  await started?.db.close();
}

export function sightline(): Promise<Sightline> {
  if (!globalThis.__sightline) {
    globalThis.__sightline = start().catch((err) => {
      globalThis.__sightline = undefined;
      throw err;
    });
  }
  return globalThis.__sightline;
}
