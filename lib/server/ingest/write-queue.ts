// Group commit. The TCC SDKs send one run per request, so under load much of a write's cost is per
// transaction (a round trip, locks, the rollup trigger, COMMIT), not per row.
// Requests of one project that arrive while a write is in flight wait for it and are then written
// together, in one transaction, and each is answered only after that COMMIT. An idle server
// writes a request at once.
//
// Writing several prepared batches together stores exactly what writing them one after the other
// would (prepareBatch merges records of one id in arrival order). If a combined write fails, each
// request is written again on its own, so one bad payload cannot fail its neighbours.
//
// A large request (an exporter's batch of many runs) already spreads a transaction's cost over its
// rows: it is written alone, and on PostgreSQL it may use more parallel transactions than small
// requests, so that while one write's documents are built on the server thread, others execute
// in PostgreSQL. Combining 50-run OTLP requests and holding them to two transactions left
// PostgreSQL under one CPU and cost about 15% of their throughput on the 2-CPU benchmark machine
// (on the embedded database, with its single connection, combining them made no difference).

import type { Sql } from "@/lib/db/sql";
import type { IngestBatch } from "@/lib/ingest/model";
import { countOf, prepareBatch, writeBatch, type StoreResult } from "./store";

/** A combined write stops growing past this many records (runs + steps + tool calls + spans). */
const MAX_GROUP_RECORDS = 4_000;
/** A request of at least this many records counts as large. */
const LARGE_RECORDS = 400;
/** Transactions in flight per project for small and for large requests: the embedded database has one connection. */
const LIMITS = {
  pglite: { small: 1, large: 1 },
  postgres: { small: 2, large: 4 },
} as const;

type Writer = (sql: Sql, projectId: string, batch: IngestBatch) => Promise<StoreResult>;

interface Pending {
  batch: IngestBatch;
  records: number;
  resolve: (r: StoreResult) => void;
  reject: (err: unknown) => void;
}

interface Lane {
  queue: Pending[];
  writing: number;
}

const recordsOf = (b: IngestBatch) => b.runs.length + b.steps.length + b.toolCalls.length + b.spans.length;

export class WriteQueue {
  private lanes = new WeakMap<Sql, Map<string, Lane>>();
  /** Sizes of the groups written, newest last (the last 1,000), for tests and benchmarks. */
  readonly groupSizes: number[] = [];

  constructor(private readonly writer: Writer = writeBatch) {}

  /** Stores a mapped batch idempotently; resolves after the transaction holding it committed. */
  store(sql: Sql, projectId: string, input: IngestBatch): Promise<StoreResult> {
    const batch = prepareBatch(input);
    if (!batch.runs.length) return Promise.resolve(countOf(batch));
    return new Promise((resolve, reject) => {
      const lane = this.laneOf(sql, projectId);
      lane.queue.push({ batch, records: recordsOf(batch), resolve, reject });
      this.pump(sql, projectId, lane);
    });
  }

  private laneOf(sql: Sql, projectId: string): Lane {
    let byProject = this.lanes.get(sql);
    if (!byProject) this.lanes.set(sql, (byProject = new Map()));
    let lane = byProject.get(projectId);
    if (!lane) byProject.set(projectId, (lane = { queue: [], writing: 0 }));
    return lane;
  }

  private pump(sql: Sql, projectId: string, lane: Lane): void {
    const limits = LIMITS[sql.kind];
    while (lane.queue.length) {
      if (lane.writing >= (isLarge(lane.queue[0]!) ? limits.large : limits.small)) break;
      const group = takeGroup(lane.queue);
      lane.writing++;
      void this.writeGroup(sql, projectId, group).finally(() => {
        lane.writing--;
        this.pump(sql, projectId, lane);
      });
    }
  }

  private async writeGroup(sql: Sql, projectId: string, group: Pending[]): Promise<void> {
    this.groupSizes.push(group.length);
    if (this.groupSizes.length > 1_000) this.groupSizes.shift();
    if (group.length === 1) {
      const [only] = group;
      await this.writer(sql, projectId, only!.batch).then(only!.resolve, only!.reject);
      return;
    }
    const combined = prepareBatch({
      runs: group.flatMap((p) => p.batch.runs),
      steps: group.flatMap((p) => p.batch.steps),
      toolCalls: group.flatMap((p) => p.batch.toolCalls),
      spans: group.flatMap((p) => p.batch.spans),
    });
    try {
      await this.writer(sql, projectId, combined);
    } catch {
      // Isolate the failure: every request gets its own outcome.
      for (const p of group) await this.writer(sql, projectId, p.batch).then(p.resolve, p.reject);
      return;
    }
    for (const p of group) p.resolve(countOf(p.batch));
  }
}

const isLarge = (p: Pending) => p.records >= LARGE_RECORDS;

/** A large request alone, else the oldest small requests up to MAX_GROUP_RECORDS (at least one). */
function takeGroup(queue: Pending[]): Pending[] {
  let records = queue[0]!.records;
  let n = 1;
  if (!isLarge(queue[0]!)) {
    while (n < queue.length && !isLarge(queue[n]!) && records + queue[n]!.records <= MAX_GROUP_RECORDS) records += queue[n++]!.records;
  }
  return queue.splice(0, n);
}

declare global {
  var __sightlineWriteQueue: WriteQueue | undefined;
}
// One per process, on globalThis: Next.js's bundles and the direct ingestion path's
// (scripts/serve.mjs) each load this module, and a project's transaction limits must hold across them.
const queue = (globalThis.__sightlineWriteQueue ??= new WriteQueue());

/** Stores a mapped batch idempotently; resolves after the transaction holding it committed. */
export const storeBatch = (sql: Sql, projectId: string, batch: IngestBatch) => queue.store(sql, projectId, batch);
