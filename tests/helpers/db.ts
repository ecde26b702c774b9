// A fresh, migrated database per test file: in-memory PGlite by default, and a throwaway
// PostgreSQL database when SIGHTLINE_TEST_DB=postgres (DATABASE_URL points at the server).
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { bootstrap } from "@/lib/server/bootstrap";
import { migrate } from "@/lib/db/migrate";
import { openDb, type Db } from "@/lib/db/open";
import { forgetKeyCache } from "@/lib/server/api-keys";
import { createApiKey } from "@/lib/server/data/api-keys";
import { insertProject } from "@/lib/server/data/projects";
import { clearAgentCache } from "@/lib/server/ingest/agents";
import type { Sightline } from "@/lib/server/sightline";

export const testDbKind = (): "postgres" | "pglite" => (process.env.SIGHTLINE_TEST_DB === "postgres" ? "postgres" : "pglite");

export interface TestDb {
  db: Db;
  /** The database's URL on PostgreSQL (to open a second instance on it); absent on PGlite. */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  if (testDbKind() === "pglite") {
    const db = await openDb({ dataDir: ":memory:" });
    await migrate(db.sql);
    return { db, drop: () => db.close() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("SIGHTLINE_TEST_DB=postgres needs DATABASE_URL");
  const name = `sightline_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), poolSize: 5 });
  await migrate(db.sql);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export interface TestProject {
  projectId: string;
  ingestKey: string;
  readKey: string;
}

/** Creates another project with its own ingestion and read keys. */
export async function createProject(db: Db, name = `Project ${crypto.randomBytes(3).toString("hex")}`): Promise<TestProject> {
  const id = `prj_${crypto.randomBytes(8).toString("hex")}`;
  await insertProject(db.sql, { id, name, slug: id });
  const ingest = await createApiKey(db.sql, id, "ingest", "test ingest");
  const read = await createApiKey(db.sql, id, "read", "test read");
  return { projectId: id, ingestKey: ingest.key, readKey: read.key };
}

/**
 * Makes route handlers (app/v1/**) use this database: they reach it through the process-wide
 * `sightline()` handle.
 */
export async function installSightline(db: Db): Promise<TestProject> {
  const boot = await bootstrap(db, {});
  forgetKeyCache();
  clearAgentCache();
  const handle: Sightline = { db, boot };
  globalThis.__sightline = Promise.resolve(handle);
  return createProject(db, "Test project");
}

export interface FileDb {
  /** This file's database (valid from beforeAll on). */
  readonly db: Db;
}

export interface InstalledProject extends FileDb {
  /** The file's project, with its ingestion and read keys. */
  readonly project: TestProject;
}

/**
 * The set-up most integration files share, called at the top level of a test file: a fresh
 * migrated database for the file (dropped after it), then `setUp` on it, then the optional seed.
 */
function withFileDb<C extends FileDb>(setUp: (db: Db) => Promise<Omit<C, "db">>, seed?: (ctx: C) => Promise<unknown>): C {
  let t: TestDb | undefined;
  let extra: Omit<C, "db"> | undefined;
  const ctx = new Proxy({} as C, {
    get(_, key) {
      if (!t || !extra) throw new Error(`test set-up: \`${String(key)}\` exists from beforeAll on`);
      return key === "db" ? t.db : (extra as Record<string | symbol, unknown>)[key];
    },
  });
  beforeAll(async () => {
    t = await createTestDb();
    extra = await setUp(t.db);
    if (seed) await seed(ctx);
  });
  afterAll(() => t?.drop());
  return ctx;
}

/** A fresh migrated database for this file, nothing in it. */
export function withTestDb(seed?: (ctx: FileDb) => Promise<unknown>): FileDb {
  return withFileDb<FileDb>(async () => ({}), seed);
}

/** A fresh database with one project (and its keys), Sightline not installed (no route handlers). */
export function withTestProject(seed?: (ctx: InstalledProject) => Promise<unknown>): InstalledProject {
  return withFileDb<InstalledProject>(async (db) => ({ project: await createProject(db) }), seed);
}

/**
 * A fresh database with Sightline installed on it (route handlers use it, see installSightline)
 * and its project.
 */
export function withInstalledProject(seed?: (ctx: InstalledProject) => Promise<unknown>): InstalledProject {
  return withFileDb<InstalledProject>(async (db) => ({ project: await installSightline(db) }), seed);
}
