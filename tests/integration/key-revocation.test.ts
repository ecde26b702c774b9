// A revoked key stops working on every instance within a second. On PostgreSQL two instances
// share the database, each with its own key cache and pool (as two servers would): a key that
// instance B has cached and that A revokes must be refused by B within 1 s, also while B's
// revocation listener is down. On PGlite one process owns the database, so there is one instance.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db/open";
import { KeyCache, listenForRevocations, SHORT_TTL_MS, type RevocationListener } from "@/lib/server/api-keys";
import { createApiKey, revokeApiKey } from "@/lib/server/data/api-keys";
import { createProject, createTestDb, testDbKind, type TestDb, type TestProject } from "../helpers/db";

const BOUND_MS = 1_000;

let t: TestDb;
let p: TestProject;
beforeAll(async () => {
  t = await createTestDb();
  p = await createProject(t.db);
});
afterAll(() => t.drop());

/** Milliseconds until `cache` refuses `key` (polling every 20 ms), or Infinity after `limitMs`. */
async function msUntilRefused(cache: KeyCache, db: Db, key: string, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started <= limitMs) {
    if ((await cache.identify(db.sql, key)) === null) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Infinity;
}

describe.runIf(testDbKind() === "postgres")("key revocation across instances (postgres)", () => {
  let dbB: Db;
  const cacheA = new KeyCache({ shared: true });
  const cacheB = new KeyCache({ shared: true });
  let listenA: RevocationListener;
  let listenB: RevocationListener;

  beforeAll(async () => {
    dbB = await openDb({ databaseUrl: t.url!, poolSize: 2 });
    listenA = listenForRevocations(cacheA, t.url!);
    listenB = listenForRevocations(cacheB, t.url!);
    await Promise.all([listenA.ready, listenB.ready]);
  });
  afterAll(async () => {
    await listenA?.stop();
    await listenB?.stop();
    await dbB?.close();
  });

  it("a key revoked on A is refused by B within a second, while B's other keys keep working", async () => {
    const { id, key } = await createApiKey(t.db.sql, p.projectId, "ingest", "to revoke");
    expect(await cacheA.identify(t.db.sql, key)).toMatchObject({ keyId: id, projectId: p.projectId });
    expect(await cacheB.identify(dbB.sql, key)).toMatchObject({ keyId: id });
    expect(await cacheB.identify(dbB.sql, p.ingestKey)).not.toBeNull();
    // B now answers from its cache: with the 30 s lifetime alone it would accept the key for 30 s.
    expect(await revokeApiKey(t.db.sql, id, p.projectId)).toBe(true);
    expect(await msUntilRefused(cacheB, dbB, key, 3 * BOUND_MS)).toBeLessThan(BOUND_MS);
    expect(await msUntilRefused(cacheA, t.db, key, 3 * BOUND_MS)).toBeLessThan(BOUND_MS);
    expect(await cacheB.identify(dbB.sql, p.ingestKey)).not.toBeNull();
  });

  it("a revocation rolled back is not announced, and a committed one is announced at commit", async () => {
    const { id, key } = await createApiKey(t.db.sql, p.projectId, "read", "rolled back");
    expect(await cacheB.identify(dbB.sql, key)).not.toBeNull();
    await expect(
      t.db.sql.transaction(async (tx) => {
        expect(await revokeApiKey(tx, id, p.projectId)).toBe(true);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await cacheB.identify(dbB.sql, key)).not.toBeNull();
    expect(await revokeApiKey(t.db.sql, id, null)).toBe(true);
    expect(await msUntilRefused(cacheB, dbB, key, 3 * BOUND_MS)).toBeLessThan(BOUND_MS);
  });

  it("while B's listener connection is lost, B's cache is emptied and a revocation still lands within a second", async () => {
    const { id, key } = await createApiKey(t.db.sql, p.projectId, "ingest", "during outage");
    expect(await cacheB.identify(dbB.sql, key)).not.toBeNull();
    // Cut every listener connection of this database (A's and B's), as a PostgreSQL restart would.
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sightline key revocations'`,
    );
    await admin.end();
    expect(rows.length).toBe(2);
    // The revocation happens while nobody listens: its NOTIFY reaches no one.
    expect(await revokeApiKey(t.db.sql, id, null)).toBe(true);
    expect(await msUntilRefused(cacheB, dbB, key, 3 * BOUND_MS)).toBeLessThan(BOUND_MS + 100);
  });

  it("after the listener reconnects, revocations are heard again", async () => {
    const { id, key } = await createApiKey(t.db.sql, p.projectId, "ingest", "after reconnect");
    // Wait for B to be back on the long lifetime: a cached key then stays cached...
    const deadline = Date.now() + 10_000;
    let reconnected = false;
    while (!reconnected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      const n = await t.db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sightline key revocations' AND query ILIKE 'LISTEN%'`,
      );
      reconnected = n[0]!.n === 2;
    }
    expect(reconnected).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(await cacheB.identify(dbB.sql, key)).not.toBeNull();
    await new Promise((r) => setTimeout(r, SHORT_TTL_MS + 200));
    // ...and only the NOTIFY can remove it before 30 s.
    expect(await revokeApiKey(t.db.sql, id, null)).toBe(true);
    expect(await msUntilRefused(cacheB, dbB, key, 3 * BOUND_MS)).toBeLessThan(BOUND_MS);
  });
});

describe(`key revocation on one instance (${testDbKind()})`, () => {
  it("an instance with no listener keeps lookups only briefly: a revoked key is refused within a second", async () => {
    // A shared database whose listener never connected (e.g. PostgreSQL unreachable for LISTEN).
    const cache = new KeyCache({ shared: true });
    const { id, key } = await createApiKey(t.db.sql, p.projectId, "ingest", "no listener");
    expect(await cache.identify(t.db.sql, key)).not.toBeNull();
    expect(await revokeApiKey(t.db.sql, id, null)).toBe(true);
    expect(await msUntilRefused(cache, t.db, key, 3 * BOUND_MS)).toBeLessThanOrEqual(SHORT_TTL_MS + 100);
  });

  it("clearing the instance's cache (what the revoke action does) refuses the key at once", async () => {
    const cache = new KeyCache({ shared: false });
    const { id, key } = await createApiKey(t.db.sql, p.projectId, "read", "single");
    expect(await cache.identify(t.db.sql, key)).not.toBeNull();
    expect(await revokeApiKey(t.db.sql, id, p.projectId)).toBe(true);
    // Without clearing, the single instance answers from its cache (30 s lifetime)...
    expect(await cache.identify(t.db.sql, key)).not.toBeNull();
    cache.clear();
    expect(await cache.identify(t.db.sql, key)).toBeNull();
  });
});
