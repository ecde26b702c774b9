// A minimal SQL interface that both databases implement the same way: PostgreSQL through a pg Pool,
// and the embedded PGlite. Every query of the app goes through it (lib/server/data, ingestion), as
// plain SQL with a row type per query.
import type { Transaction } from "@electric-sql/pglite";
import type { PgliteClient } from "./pglite-thread";
import type { Pool, PoolClient, QueryConfig, QueryResult } from "pg";

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * A name for a statement run very often with the same text (ingestion): PostgreSQL then parses
   * and plans it once per connection instead of on every call. Ignored by PGlite.
   */
  prepare?: string;
}

export interface Queryable {
  query<T extends object = Row>(text: string, params?: unknown[], opts?: QueryOptions): Promise<T[]>;
  /** Runs several statements separated by semicolons (no parameters). */
  exec(text: string): Promise<void>;
}

export interface Sql extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** One transaction; rolled back if fn throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * What `pool.query` does (take a client, run the statement, give the client back, dropping it if
 * the statement or its connection failed), without what it keeps. When no idle client is there,
 * pg-pool connects a new one for the waiting `pool.query`, and that client's connection listeners
 * keep the query's parameters for the life of the client: after 8 concurrent 30 MB /v1/custom
 * batches on PostgreSQL, one batch's write parameters (its documents, 44 MB of strings) stayed live
 * in the server's heap for as long as the client was reused, which the insight engine's queries
 * did all the time (docs/benchmarks.md, Memory). `pool.connect()` hands the waiting client a
 * callback that holds only the client's promise.
 */
async function poolQuery(pool: Pool, config: QueryConfig): Promise<QueryResult> {
  const client = await pool.connect();
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    client.release(err);
  };
  // The connection failing during the statement: the client is dropped, and the statement fails.
  const onError = (err: Error) => release(err);
  client.once("error", onError);
  try {
    const r = await client.query(config);
    release();
    return r;
  } catch (err) {
    release(err instanceof Error ? err : new Error(String(err)));
    throw err;
  } finally {
    client.removeListener("error", onError);
  }
}

export function pgSql(pool: Pool): Sql {
  const wrap = (c: Pool | PoolClient): Queryable => {
    // A transaction's statements given at once (Promise.all over one client) run one after
    // another: pg queues a statement given while another runs on the client, but warns that this
    // goes in pg 9.
    let last: Promise<unknown> = Promise.resolve();
    const inTurn = <R>(f: () => Promise<R>): Promise<R> => {
      if (c === pool) return f();
      const next = last.then(f, f);
      last = next.catch(() => undefined);
      return next;
    };
    return {
      async query<T extends object>(text: string, params: unknown[] = [], opts?: QueryOptions) {
        const config: QueryConfig = opts?.prepare ? { name: opts.prepare, text, values: params } : { text, values: params };
        const r = c === pool ? await poolQuery(pool, config) : await inTurn(() => c.query(config));
        return r.rows as T[];
      },
      async exec(text: string) {
        await inTurn(() => c.query(text));
      },
    };
  };
  const base = wrap(pool);
  return {
    kind: "postgres",
    ...base,
    async transaction(fn) {
      const client = await pool.connect();
      // BEGIN, COMMIT and ROLLBACK take their turn too: a ROLLBACK after one statement failed
      // waits for those given beside it.
      const tx = wrap(client);
      try {
        await tx.exec("BEGIN");
        const result = await fn(tx);
        await tx.exec("COMMIT");
        return result;
      } catch (err) {
        await tx.exec("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function pgliteSql(db: PgliteClient): Sql {
  const wrap = (c: PgliteClient | Transaction): Queryable => ({
    async query<T extends object>(text: string, params: unknown[] = []) {
      const r = await c.query<T>(text, params as unknown[]);
      return r.rows;
    },
    async exec(text: string) {
      await c.exec(text);
    },
  });
  const base = wrap(db);
  return {
    kind: "pglite",
    ...base,
    // PGlite's transaction() holds its own lock, so queries from elsewhere wait instead of
    // landing inside this transaction on the single connection.
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

/**
 * Runs `fn`'s reads on one PostgreSQL connection with parallel query off (SET LOCAL, in a read-only
 * transaction), for a page whose statements are each small but many: a parallel plan's workers
 * start, are scheduled and gathered per statement, which on a busy machine costs more than the work
 * (at 1M runs, load 7.5, a weekly recap's session count 105 → 17 ms and its failure counts 97 → 20
 * ms with parallel query off). The statements then run one after another instead of side by side
 * on the pool. The embedded database has no parallel workers: `fn` runs on it as it is.
 */
export function withoutParallelQuery<T>(sql: Sql, fn: (q: Queryable) => Promise<T>): Promise<T> {
  if (sql.kind !== "postgres") return fn(sql);
  return sql.transaction(async (tx) => {
    await tx.exec("SET TRANSACTION READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0");
    return fn(tx);
  });
}
