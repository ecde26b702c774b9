// The embedded database on a thread of its own (lib/db/pglite-worker.mjs owns the PGlite
// instance). PostgreSQL-in-WebAssembly executes every statement synchronously on the thread that
// owns it: on the server's main thread a 300 ms dashboard query stalled every ingestion request
// for 300 ms, and the machine's second CPU stayed idle while the first did both jobs.
//
// This client offers the part of PGlite's interface Sightline uses (query, exec, transaction,
// close), one message per call. Values cross by structured clone, so dates, bigints, byte arrays
// and JSON come back as PGlite returns them. Callers that bring their own result parsers (the
// Prisma adapter does) get PostgreSQL's text from the worker and parse it here, since functions
// cannot cross threads. Errors come back as PGlite's DatabaseError with PostgreSQL's fields.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { PGliteInterface, QueryOptions, Results, Transaction } from "@electric-sql/pglite";

/** What the rest of the app uses of a PGlite instance. */
export type PgliteClient = Pick<PGliteInterface, "query" | "exec" | "transaction" | "close">;

interface ErrorFields {
  message: string;
  database?: boolean;
  [field: string]: unknown;
}

interface Pending {
  resolve(result: unknown): void;
  reject(err: Error): void;
}

/** Read at run time beside the migrations (from the working directory), so bundlers leave it be. */
const WORKER_FILE = path.join(process.cwd(), "lib", "db", "pglite-worker.mjs");

type Pglite = typeof import("@electric-sql/pglite");

/** Opens PGlite in a worker thread on `dataDir` (undefined: in memory); resolves when it is ready. */
export async function openPgliteThread(dataDir: string | undefined): Promise<PgliteClient> {
  const pglite: Pglite = await import("@electric-sql/pglite");
  const client = new PgliteThread(pglite, dataDir);
  await client.ready;
  return client;
}

class PgliteThread implements PgliteClient {
  readonly ready: Promise<void>;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #failure: Error | undefined;
  #closed = false;

  constructor(
    private readonly pglite: Pglite,
    dataDir: string | undefined,
  ) {
    this.#worker = new Worker(WORKER_FILE, { workerData: { dataDir } });
    this.ready = new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`The embedded database's thread exited while starting (code ${code})`));
      this.#worker.once("exit", onExit);
      // First, so a worker that cannot load (a missing file, a bad install) says why.
      this.#worker.once("error", (err) => reject(new Error(`The embedded database's thread failed to start: ${err.message}`)));
      this.#worker.once("message", (m: { ready: boolean; error?: ErrorFields }) => {
        this.#worker.off("exit", onExit);
        if (!m.ready) return reject(new Error(`The embedded database did not start: ${m.error?.message}`));
        this.#worker.on("message", (r: { id: number; result?: unknown; error?: ErrorFields }) => this.#settle(r));
        this.#worker.on("exit", (c) => this.#fail(new Error(`The embedded database's thread exited (code ${c})`)));
        if (!this.#pending.size) this.#worker.unref();
        resolve();
      });
    });
    this.#worker.on("error", (err) => this.#fail(err));
  }

  #settle(m: { id: number; result?: unknown; error?: ErrorFields }) {
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if (!this.#pending.size) this.#worker.unref();
    if (m.error) p.reject(this.#toError(m.error));
    else p.resolve(m.result);
  }

  #toError({ message, database, name: _name, ...fields }: ErrorFields): Error {
    const err = database ? new this.pglite.messages.DatabaseError(message, 0, "error") : new Error(message);
    return Object.assign(err, fields);
  }

  #fail(err: Error) {
    if (this.#closed) return;
    this.#failure ??= err;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }

  #call<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new Error("The embedded database is closed"));
    const id = ++this.#nextId;
    // Referenced only while a call is outstanding: an idle database keeps no process alive.
    if (!this.#pending.size) this.#worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.#worker.postMessage({ ...msg, id });
    });
  }

  async #query<T>(tx: number | undefined, sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (options?.serializers || options?.blob) throw new Error("custom serializers and blobs are not supported by the embedded database's thread");
    const own = options?.parsers as Record<number, (v: string, typeId: number) => unknown> | undefined;
    const result = await this.#call<Results<T>>({
      op: "query",
      tx,
      sql,
      params,
      options: { rowMode: options?.rowMode, paramTypes: options?.paramTypes, textTypes: own && Object.keys(own).map(Number) },
    });
    return own ? parseWith(result, own) : result;
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(undefined, sql, params, options);
  }

  async exec(sql: string): Promise<Array<Results>> {
    return this.#call<Array<Results>>({ op: "exec", sql });
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const txId = await this.#call<number>({ op: "begin" });
    let closed = false;
    const open = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx = {
      query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => (open(), this.#query<R>(txId, sql, params, options)),
      exec: (sql: string) => (open(), this.#call<Array<Results>>({ op: "exec", tx: txId, sql })),
      rollback: async () => {
        open();
        closed = true;
        await this.#call({ op: "rollback", tx: txId });
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    try {
      const result = await fn(tx);
      if (!closed) {
        closed = true;
        await this.#call({ op: "commit", tx: txId });
      }
      return result;
    } catch (err) {
      if (!closed) {
        closed = true;
        await this.#call({ op: "rollback", tx: txId }).catch(() => {});
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    if (!this.#failure) await this.#call({ op: "close" }).catch(() => {});
    this.#closed = true;
    await this.#worker.terminate();
  }
}

/** Applies the caller's parsers to the columns of their types, which the worker left as text. */
function parseWith<T>(result: Results<T>, parsers: Record<number, (v: string, typeId: number) => unknown>): Results<T> {
  const byColumn = result.fields.map((f) => parsers[f.dataTypeID]);
  if (!byColumn.some(Boolean)) return result;
  const parse = (v: unknown, i: number) => {
    const p = byColumn[i];
    return p && typeof v === "string" ? p(v, result.fields[i]!.dataTypeID) : v;
  };
  const rows = result.rows.map((row) =>
    Array.isArray(row) ? row.map(parse) : Object.fromEntries(result.fields.map((f, i) => [f.name, parse((row as Record<string, unknown>)[f.name], i)])),
  );
  return { ...result, rows: rows as T[] };
}
