// withoutParallelQuery: on PostgreSQL, the reads of `fn` run in one read-only transaction with
// parallel query off, and the setting does not outlive it; on the embedded database (no parallel
// workers) `fn` runs on the database as it is.
import { expect, it } from "vitest";
import { withoutParallelQuery } from "@/lib/db/sql";
import { testDbKind, withTestDb } from "../helpers/db";

const s = withTestDb();

it("runs fn with parallel query off in a read-only transaction, and only there", async () => {
  const sql = s.db.sql;
  const workers = async (q: { query: typeof sql.query }) =>
    (await q.query<{ v: string }>("SELECT current_setting('max_parallel_workers_per_gather') AS v"))[0]!.v;
  const before = await workers(sql);
  const inside = await withoutParallelQuery(sql, async (q) => ({
    workers: await workers(q),
    readOnly: (await q.query<{ v: string }>("SELECT current_setting('transaction_read_only') AS v"))[0]!.v,
    answer: (await q.query<{ n: number }>("SELECT 41 + 1 AS n"))[0]!.n,
  }));
  expect(inside.answer).toBe(42);
  if (testDbKind() === "postgres") {
    expect(inside).toMatchObject({ workers: "0", readOnly: "on" });
    await expect(withoutParallelQuery(sql, (q) => q.query("CREATE TABLE not_here (x int)"))).rejects.toThrow(/read-only/);
  } else {
    expect(inside.workers).toBe(before);
  }
  expect(await workers(sql)).toBe(before);
});
