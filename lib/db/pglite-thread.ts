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
import { callBytes, IDLE_GC_LARGE_CALL_BYTES, IDLE_GC_QUIET_MS, IDLE_GC_THRESHOLD_BYTES, idleCollector, type IdleCollector } from "@/lib/runtime/idle-gc.mjs";

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

/**
 * The WebAssembly memory never shrinks: a 30 MB ingestion request grew it from 128 to 459 MB, kept
 * for the life of the process. Once it has grown by more than this and no large call has come for
 * a while, new calls are held, the ones in flight and open transactions finish, the thread is
 * closed and the database opened again on a new one: a few seconds in which calls wait, not fail.
 * Databases in memory (tests) are never reopened: their data lives in that memory.
 */
export const REOPEN_AFTER_GROWTH_BYTES = 64 * 1024 * 1024;
/**
 * Also reopened, the same way, once large calls (ingestion writes) of this many bytes in all came
 * since it was opened, even if the memory grew less: the pages they touched stay resident. After
 * a minute of 30 MB batches the memory had grown by 56 MB only (128 to 184 MB, so no reopen), and
 * 160 MB of it were resident against 52 MB idle: that was the whole of what the embedded server
 * held above its idle figure a minute later (docs/benchmarks.md, Memory).
 */
export const REOPEN_AFTER_WRITTEN_BYTES = 64 * 1024 * 1024;

/** Opens PGlite in a worker thread on `dataDir` (undefined: in memory); resolves when it is ready. */
export async function openPgliteThread(dataDir: string | undefined, opts: Partial<ReopenOptions> = {}): Promise<PgliteClient> {
  const pglite: Pglite = await import("@electric-sql/pglite");
  const client = new PgliteThread(pglite, dataDir, {
    growth: REOPEN_AFTER_GROWTH_BYTES,
    written: REOPEN_AFTER_WRITTEN_BYTES,
    afterBytes: IDLE_GC_THRESHOLD_BYTES,
    quietMs: IDLE_GC_QUIET_MS,
    ...opts,
  });
  await client.ready;
  return client;
}

/**
 * When to check: after `afterBytes` of large calls then `quietMs` without any. Reopen when the
 * memory grew by more than `growth`, or when large calls of `written` bytes came since the open.
 */
export interface ReopenOptions {
  growth: number;
  written: number;
  afterBytes: number;
  quietMs: number;
}

interface ReadyMessage {
  ready: boolean;
  error?: ErrorFields;
  /** Size of the WebAssembly memory once started (bytes), when PGlite exposes it. */
  wasmBytes?: number | null;
}

class PgliteThread implements PgliteClient {
  ready: Promise<void>;
  /** Set while the database is being reopened on a new thread (see REOPEN_AFTER_GROWTH_BYTES). */
  #reopening: Promise<void> | undefined;
  #worker!: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #failure: Error | undefined;
  #closed = false;
  #openTransactions = 0;
  #startWasmBytes: number | null = null;
  /** Bytes of large calls since the database was (re)opened. */
  #written = 0;
  readonly #collector: IdleCollector | undefined;
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pglite: Pglite,
    private readonly dataDir: string | undefined,
    reopen: ReopenOptions,
  ) {
    this.ready = this.#start();
    if (dataDir && reopen.growth > 0) {
      // The check runs once heavy work has stopped: the collector's "collection" is the check.
      this.#collector = idleCollector({
        threshold: reopen.afterBytes,
        quietMs: reopen.quietMs,
        gc: () => void this.#reopenIfGrown(reopen).catch(() => {}),
        // One check per spell.
        settled: () => true,
        quiet: () => true,
      });
      this.#timer = setInterval(() => this.#collector?.tick(!!this.#reopening), reopen.quietMs);
      this.#timer.unref();
    }
  }

  /** Starts a worker on the database; resolves when it is ready. */
  #start(): Promise<void> {
    const worker = new Worker(WORKER_FILE, { workerData: { dataDir: this.dataDir } });
    this.#worker = worker;
    const started = new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`The embedded database's thread exited while starting (code ${code})`));
      worker.once("exit", onExit);
      // First, so a worker that cannot load (a missing file, a bad install) says why.
      worker.once("error", (err) => reject(new Error(`The embedded database's thread failed to start: ${err.message}`)));
      worker.once("message", (m: ReadyMessage) => {
        worker.off("exit", onExit);
        if (!m.ready) return reject(new Error(`The embedded database did not start: ${m.error?.message}`));
        this.#startWasmBytes = m.wasmBytes ?? null;
        worker.on("message", (r: { id: number; result?: unknown; error?: ErrorFields }) => this.#settle(r));
        worker.on("exit", (c) => this.#fail(new Error(`The embedded database's thread exited (code ${c})`)));
        if (!this.#pending.size) worker.unref();
        resolve();
      });
    });
    worker.on("error", (err) => this.#fail(err));
    return started;
  }

  /** Reopens the database on a new thread when its WebAssembly memory grew, or was used, past the limits. */
  async #reopenIfGrown({ growth, written }: ReopenOptions): Promise<void> {
    if (this.#closed || this.#failure || this.#reopening || this.#startWasmBytes === null) return;
    const { wasmBytes } = await this.#call<{ wasmBytes: number | null }>({ op: "memory" });
    if (wasmBytes === null || this.#reopening || this.#closed) return;
    if (wasmBytes - this.#startWasmBytes <= growth && this.#written < written) return;
    const wrote = this.#written;
    this.#reopening = (async () => {
      // New calls wait from here on (#call); the ones in flight and open transactions finish first.
      // The insight engine's queries go on for minutes after a load: waiting for a moment with
      // none in flight did not come within a minute.
      const t0 = performance.now();
      while (this.#pending.size || this.#openTransactions) await new Promise((r) => setTimeout(r, 10));
      const old = this.#worker;
      // Closing PGlite writes everything out; the new thread opens the same directory.
      await this.#post<null>({ op: "close" });
      // Its exit (code 1 for a terminated thread) is expected, not a failure.
      old
        .removeAllListeners("exit")
        .removeAllListeners("error")
        .on("error", () => {});
      await old.terminate();
      this.#written = 0;
      await this.#start();
      const mb = (n: number) => Math.round(n / 1048576);
      console.log(
        `[sightline] embedded database reopened to release its memory (${mb(wasmBytes)} MB after ${mb(wrote)} MB of writes, ${mb(this.#startWasmBytes ?? 0)} MB now); statements waited ${Math.round(performance.now() - t0)} ms`,
      );
    })()
      .catch((err: Error) => this.#fail(new Error(`The embedded database could not be reopened: ${err.message}`)))
      .finally(() => (this.#reopening = undefined));
    await this.#reopening;
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
    // Calls made while the database is being reopened are sent to the new thread, except those of
    // a transaction still open on the old one (the reopen waits for it to end).
    if (this.#reopening && msg.tx === undefined) return this.#reopening.then(() => this.#call<T>(msg));
    return this.#post<T>(msg);
  }

  #post<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new Error("The embedded database is closed"));
    // Large calls only (ingestion writes): the queries that go on after a load do not delay the check.
    if (this.#collector) {
      const bytes = callBytes(msg);
      if (bytes >= IDLE_GC_LARGE_CALL_BYTES) {
        this.#collector.note(bytes);
        this.#written += bytes;
      }
    }
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
    // Counted once begun: a reopen waits for it to end, and lets its calls through meanwhile.
    this.#openTransactions++;
    try {
      return await this.#inTransaction(txId, fn);
    } finally {
      this.#openTransactions--;
    }
  }

  async #inTransaction<T>(txId: number, fn: (tx: Transaction) => Promise<T>): Promise<T> {
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
    clearInterval(this.#timer);
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
