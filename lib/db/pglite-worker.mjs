// The embedded database's own thread (started by lib/db/pglite-thread.ts). PGlite runs
// PostgreSQL compiled to WebAssembly, and every statement runs synchronously on the thread that
// owns the instance: owned by the server's main thread, it stalled every HTTP request for as long
// as a statement took, and left the machine's other CPU idle.
//
// Each message is one PGlite call, answered by one message: a statement is one round trip (the
// extended protocol's parse/describe/bind/execute/sync stay on this side). Transactions use
// PGlite's own transaction(), so its lock keeps other statements out of them.
//
// In:  { id, op: "query", sql, params, options } | { id, op: "exec", sql }
//      | { id, op: "begin" } | { id, op: "query" | "exec", tx, ... } | { id, op: "commit" | "rollback", tx }
//      | { id, op: "memory" } (the WebAssembly memory's size) | { id, op: "close" }
// Out: { id, result } | { id, error } and first, once, { ready: true } | { ready: false, error }.
import { parentPort, workerData } from "node:worker_threads";
import { messages, PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { callBytes, IDLE_GC_LARGE_CALL_BYTES, IDLE_GC_QUIET_MS, IDLE_GC_THRESHOLD_BYTES, idleCollector } from "../runtime/idle-gc.mjs";
import { durableOptions } from "./pglite-durable.mjs";

// Contrib extensions the migrations create (0008_search: trigram search over identifiers). pg_trgm
// alone: with btree_gin loaded beside it PGlite hung at start in 6 of 8 tries (docs/search.md).
const extensions = { pg_trgm };

/** What crosses back for an error: its message and PostgreSQL's fields (code, detail, ...). */
function errorFields(err) {
  if (!(err instanceof Error)) return { message: String(err) };
  const fields = { message: err.message, name: err.name, database: err instanceof messages.DatabaseError };
  for (const k of [
    "code",
    "severity",
    "detail",
    "hint",
    "position",
    "where",
    "schema",
    "table",
    "column",
    "dataType",
    "constraint",
    "file",
    "line",
    "routine",
  ]) {
    if (err[k] !== undefined) fields[k] = err[k];
  }
  return fields;
}

// PostgreSQL's buffer cache, inside the WebAssembly memory (which never shrinks). PGlite's default of
// 128 MB made up ~145 MB of an idle server's memory; reads it misses come from the operating
// system's page cache through the file system, not from the disk. SIGHTLINE_PGLITE_SHARED_BUFFERS
// (validated in lib/env.ts) sets another size.
const sharedBuffers = ["-c", `shared_buffers=${process.env.SIGHTLINE_PGLITE_SHARED_BUFFERS?.trim() || "32MB"}`];

let db;
try {
  if (workerData.dataDir) {
    const durable = durableOptions(workerData.dataDir);
    db = new PGlite({ ...durable, startParams: [...durable.startParams, ...sharedBuffers], extensions });
  } else {
    db = new PGlite({ startParams: [...PGlite.defaultStartParams, ...sharedBuffers], extensions });
  }
  await db.waitReady;
  // Creating a database runs initdb in WebAssembly instances of their own, whose memories (~350 MB
  // resident) are garbage once it is done; an idle thread may never collect them. The server runs
  // with --expose-gc (scripts/server-args.mjs) for this one collection.
  globalThis.gc?.();
  // And once more after the first statements (migrations, bootstrap), so that V8 also shrinks
  // this thread's young generation (lib/runtime/idle-gc.mjs says why it takes two).
  setTimeout(() => globalThis.gc?.(), 10_000).unref();
  parentPort.postMessage({ ready: true, wasmBytes: wasmBytes() });
} catch (err) {
  parentPort.postMessage({ ready: false, error: errorFields(err) });
  process.exit(1);
}

/** Size of PGlite's WebAssembly memory (which only grows), or null if this PGlite does not expose it. */
function wasmBytes() {
  return db?.mod?.wasmMemory?.buffer?.byteLength ?? null;
}

/** Parsers that hand back PostgreSQL's text for these types: the main side has its own for them. */
const identity = (x) => x;
const textParsers = new Map();
function textParsersFor(types) {
  const key = types.join(",");
  let parsers = textParsers.get(key);
  if (!parsers) textParsers.set(key, (parsers = Object.fromEntries(types.map((oid) => [oid, identity]))));
  return parsers;
}

/** Open transactions: the transaction object, and how to end its callback. */
const transactions = new Map();

async function run(op, msg) {
  const target = msg.tx === undefined ? db : transactions.get(msg.tx)?.tx;
  if (!target) throw new Error("the transaction has ended");
  switch (op) {
    case "query": {
      const { rowMode, paramTypes, textTypes } = msg.options ?? {};
      return target.query(msg.sql, msg.params, { rowMode, paramTypes, parsers: textTypes ? textParsersFor(textTypes) : undefined });
    }
    case "exec":
      return target.exec(msg.sql);
    case "begin":
      return new Promise((started, failed) => {
        const done = db
          .transaction(
            (tx) =>
              new Promise((end) => {
                transactions.set(msg.id, { tx, end, done });
                started(msg.id);
              }),
          )
          .finally(() => transactions.delete(msg.id));
        done.catch(failed);
      });
    case "commit":
    case "rollback": {
      const t = transactions.get(msg.tx);
      if (!t) throw new Error("the transaction has ended");
      if (op === "rollback" && !t.tx.closed) await t.tx.rollback();
      t.end();
      await t.done;
      return null;
    }
    case "memory":
      return { wasmBytes: wasmBytes() };
    case "close":
      await db.close();
      return null;
    default:
      throw new Error(`unknown operation ${op}`);
  }
}

// The statements of large ingestion requests leave their parameters (structured-cloned strings of
// tens of MB) as garbage on this thread, which is idle afterwards: one collection once they stop
// (lib/runtime/idle-gc.mjs). The WebAssembly memory is not affected: it never shrinks.
const collector = idleCollector({ threshold: IDLE_GC_THRESHOLD_BYTES, quietMs: IDLE_GC_QUIET_MS });
let inFlight = 0;
setInterval(() => collector.tick(inFlight > 0), IDLE_GC_QUIET_MS).unref();

parentPort.on("message", (msg) => {
  const bytes = callBytes(msg);
  if (bytes >= IDLE_GC_LARGE_CALL_BYTES) collector.note(bytes);
  inFlight++;
  run(msg.op, msg)
    .finally(() => inFlight--)
    .then(
      (result) => parentPort.postMessage({ id: msg.id, result }),
      (err) => parentPort.postMessage({ id: msg.id, error: errorFields(err) }),
    );
});
