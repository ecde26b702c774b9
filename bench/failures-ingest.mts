// What error signatures cost ingestion (docs/failures.md, docs/benchmarks.md "Failures"): CPU
// per span of writing the ingest bench's 50-run custom batches (8 items per run; 10% of runs with a
// failed tool call, 3% failing) through the store, in-process, with the failed items as sent
// ("signed") and with the same batches marked successful ("unsigned": what a write cost before
// signatures, as it stores the same rows and text). Variants alternate, so the machine's load
// drifts over both. Messages either repeat as the workload words them or each carry a new id
// (--unique: every signature computed afresh, no memo hits).
//   npx tsx --conditions=react-server bench/failures-ingest.mts pglite|postgres [rounds] [--unique]
import { openDb } from "@/lib/db/open";
import { migrate } from "@/lib/db/migrate";
import { customToBatch } from "@/lib/ingest/custom";
import type { IngestBatch } from "@/lib/ingest/model";
import { prepareBatch, writeBatch } from "@/lib/server/ingest/store";
// @ts-expect-error plain ESM module without types
import { makeRng, makeUsers } from "./workload/catalog.mjs";
// @ts-expect-error plain ESM module without types
import { customItems } from "./workload/encode.mjs";
// @ts-expect-error plain ESM module without types
import { workloadRun } from "./workload/plan.mjs";
// @ts-expect-error plain ESM module without types
import { processCpuMs } from "./lib/cpu.mjs";
// @ts-expect-error plain ESM module without types
import { createPgDatabase, createPgliteDir } from "./lib/env.mjs";

const kind = process.argv[2] === "pglite" ? "pglite" : "postgres";
const rounds = Number(process.argv[3] ?? 6);
const unique = process.argv.includes("--unique");
const BATCHES = 20;
const RUNS = 50;

let serial = 0;
function batch(signed: boolean): { batch: IngestBatch; items: number } {
  const rng = makeRng(serial + 1);
  const users = makeUsers(200);
  const items = Array.from({ length: RUNS }, (_, i) => {
    const plan = workloadRun(rng, i, { users, start: Date.now() - 3_600_000, session: serial });
    plan.runId = `run-${serial}-${i}`;
    return customItems(plan);
  }).flat();
  serial++;
  const b = customToBatch({ type: "batch", items });
  for (const x of [...b.runs, ...b.steps]) {
    if (x.status === 2 && unique) x.statusMessage = `${x.statusMessage} (request id req_${serial}${rng.hex(12)})`;
    if (!signed && x.status === 2) x.status = 1;
  }
  for (const t of b.toolCalls) {
    if (t.status === 2 && unique) t.error = `${t.error} (request id req_${serial}${rng.hex(12)})`;
    if (!signed && t.status === 2) t.status = 1;
  }
  return { batch: prepareBatch(b), items: items.length };
}

const target = kind === "postgres" ? await createPgDatabase("failures_ingest") : createPgliteDir("failures_ingest");
// One connection: its backend's CPU is the database's share (the server is shared with other work).
const db = kind === "postgres" ? await openDb({ databaseUrl: target.url, poolSize: 1 }) : await openDb({ dataDir: target.dir });
let backend: number | null = null;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000 + (backend !== null ? (processCpuMs(backend) ?? 0) : 0);
};
try {
  await migrate(db.sql);
  if (kind === "postgres") backend = (await db.sql.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`))[0]!.pid;
  await db.sql.query(`INSERT INTO projects (id, name, slug) VALUES ('bench', 'Bench', 'bench')`);
  // Warm-up: plans, the write function, the first ANALYZE.
  for (let i = 0; i < 25; i++) await writeBatch(db.sql, "bench", batch(i % 2 === 0).batch);
  // Batch by batch, the two variants alternate (and which goes first alternates), so load drift
  // and the compaction that runs after a write (billed to whichever write follows) fall on both.
  const spent = { signed: [] as number[], unsigned: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const sums = { signed: 0, unsigned: 0 };
    let items = 0;
    for (let i = 0; i < BATCHES; i++) {
      const pair = { signed: batch(true), unsigned: batch(false) };
      items += pair.signed.items;
      for (const signed of (r + i) % 2 ? [true, false] : [false, true]) {
        const before = cpuMs();
        await writeBatch(db.sql, "bench", pair[signed ? "signed" : "unsigned"].batch);
        sums[signed ? "signed" : "unsigned"] += cpuMs() - before;
      }
    }
    spent.signed.push((sums.signed * 1000) / items);
    spent.unsigned.push((sums.unsigned * 1000) / items);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const s = median(spent.signed);
  const u = median(spent.unsigned);
  const sm = mean(spent.signed);
  const um = mean(spent.unsigned);
  const [occ] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM failure_occurrences`);
  console.log(
    `[failures-ingest] ${kind}${unique ? ", every message new" : ""}: ${rounds} rounds × ${BATCHES} batches × ${RUNS} runs; ` +
      `CPU per item (process${kind === "postgres" ? " + its PostgreSQL backend" : ", database included"}), median: ` +
      `unsigned ${u.toFixed(1)} µs, signed ${s.toFixed(1)} µs, difference ${(((s - u) / u) * 100).toFixed(1)}%; means ${um.toFixed(1)} and ${sm.toFixed(1)} µs, ` +
      `difference ${(((sm - um) / um) * 100).toFixed(1)}% ` +
      `(rounds: unsigned ${spent.unsigned.map((x) => x.toFixed(0)).join("/")}, signed ${spent.signed.map((x) => x.toFixed(0)).join("/")}); ` +
      `${occ!.n} occurrences stored`,
  );
} finally {
  await db.close();
  await target.drop();
}
