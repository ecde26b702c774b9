// The PostgreSQL side of lib/db/sql.ts: a statement's parameters are not kept after it ran. Through
// pg-pool's `pool.query`, a statement that waited for a new connection left its parameters held by
// that connection's listeners for the connection's life (44 MB of one 30 MB batch's documents in
// the server after a load; docs/benchmarks.md, Memory).
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db/open";
import { withoutParallelQuery } from "@/lib/db/sql";
import { createTestDb, testDbKind, type TestDb } from "../helpers/db";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

describe.skipIf(testDbKind() !== "postgres")("PostgreSQL statements through the pool", () => {
  let t: TestDb;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await db?.close();
    await t.drop();
  });

  /** Runs one statement with a large parameter on `sql`; returns a weak reference to its parameters. */
  async function queryWithLargeParams(q: (params: unknown[]) => Promise<unknown>) {
    const params = ["x".repeat(4 * 1024 * 1024)];
    const ref = new WeakRef(params);
    await q(params);
    return ref;
  }

  it("keeps no statement's parameters once it ran, also when it waited for a new connection", async () => {
    // A pool of its own with no connection yet: each of these statements waits for a new one.
    db = await openDb({ databaseUrl: t.url!, poolSize: 2 });
    const plain = await queryWithLargeParams((p) => db.sql.query("SELECT length($1::text) AS n", p));
    const prepared = await queryWithLargeParams((p) => db.sql.query("SELECT length($1::text) AS n", p, { prepare: "sql_pool_test" }));
    const [both] = await Promise.all([
      queryWithLargeParams((p) => db.sql.query("SELECT length($1::text) AS n, pg_sleep(0.05)", p)),
      queryWithLargeParams((p) => db.sql.query("SELECT length($1::text) AS n, pg_sleep(0.05)", p)),
    ]);
    // The connections stay in use, as the insight engine's queries keep them after a load.
    for (let i = 0; i < 4; i++) expect(await db.sql.query<{ n: number }>("SELECT 1 AS n")).toEqual([{ n: 1 }]);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    gc();
    expect(plain.deref()).toBeUndefined();
    expect(prepared.deref()).toBeUndefined();
    expect(both.deref()).toBeUndefined();
  });

  it("runs a transaction's statements given at once one after another, without pg's warning for queued statements", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const rows = await withoutParallelQuery(db.sql, (q) =>
        Promise.all([1, 2, 3, 4].map((n) => q.query<{ n: number }>("SELECT $1::int AS n, pg_sleep(0.01)", [n]))),
      );
      expect(rows.map(([r]) => r?.n)).toEqual([1, 2, 3, 4]);
      // A failed statement does not stop the ones after it from running (the transaction fails).
      await expect(db.sql.transaction((q) => Promise.all([q.query("SELECT 1/0"), q.query("SELECT 1")]))).rejects.toThrow(/division by zero/);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.includes("already executing a query"))).toEqual([]);
  });

  it("fails a statement that failed, and answers the next one", async () => {
    await expect(db.sql.query("SELECT 1/0")).rejects.toThrow(/division by zero/);
    const [row] = await db.sql.query<{ n: number }>("SELECT 2 AS n");
    expect(row?.n).toBe(2);
  });
});
