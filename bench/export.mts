#!/usr/bin/env -S npx tsx
// Export figures (docs/export.md, docs/benchmarks.md): GET /v1/runs/export's function, run in this
// process as the route runs it, exporting every seeded run (a 60-day window) as JSONL (or another
// format) and reading the stream to its end as a client would. Reports runs/s, MB/s, bytes per run
// and this process's RSS growth over the export (sampled every 50 ms; peak minus the RSS after
// seeding and a GC). For PGlite the embedded database runs in a worker thread of this process, so
// its memory is counted too; PostgreSQL's own server processes are not.
// Usage: node --expose-gc --import tsx --conditions=react-server bench/export.mts
//        [--db=postgres,pglite] [--runs=100000] [--format=jsonl] [--no-analyze]
//        [--part=k/n] [--reuse=<PostgreSQL URL or PGlite dir>,<project id>] (an already seeded copy, e.g. of a
//        1M template database, measured as it is (not migrated) and left in place; --db names its kind)
// Serialise with the other heavy benches: flock /work/coord/bench.lock <command>.
import os from "node:os";
import { openDb, type Db } from "../lib/db/open";
import { migrate } from "../lib/db/migrate";
import { insertProject } from "../lib/server/data/projects";
import { exportRuns, parseExport } from "../lib/server/export";
import { createPgDatabase, createPgliteDir } from "./lib/env.mjs";
import { seed } from "./seed.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "true"];
  }),
);
const dbs = (args.db ?? "postgres,pglite").split(",");
const runs = Number(args.runs ?? 100_000);
const format = args.format ?? "jsonl";

const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** A fresh database seeded with `runs` runs, or the one --reuse names (left in place). */
async function open(kind: string): Promise<{ db: Db; projectId: string; drop(): Promise<void> }> {
  if (args.reuse) {
    const [where, projectId] = args.reuse.split(",");
    // Not migrated: a later migration's backfill would run inside the timed slot (the export
    // reads only tables the 1M templates hold).
    const db = await openDb(where!.includes("://") ? { databaseUrl: where!, poolSize: 4 } : { dataDir: where! });
    return { db, projectId: projectId!, drop: () => db.close() };
  }
  const place = kind === "pglite" ? createPgliteDir("export") : await createPgDatabase("export");
  const db: Db = await openDb("url" in place ? { databaseUrl: place.url, poolSize: 4 } : { dataDir: place.dir });
  const drop = async () => {
    await db.close();
    await place.drop();
  };
  try {
    await migrate(db.sql);
    const projectId = `prj_bench_${Math.random().toString(16).slice(2, 10)}`;
    await insertProject(db.sql, { id: projectId, name: "Bench", slug: projectId });
    const s0 = performance.now();
    await seed(db.sql, projectId, { runs, bigRunSpans: 0, analyze: args["no-analyze"] !== "true", log: (l: string) => console.log(l) });
    console.log(`  ${kind}: seeded ${runs.toLocaleString("en-US")} runs in ${((performance.now() - s0) / 1000).toFixed(0)} s`);
    return { db, projectId, drop };
  } catch (err) {
    await drop();
    throw err;
  }
}

/**
 * The export's parameters: every run (range=2M), or with --part=k/n the k-th of n equal slices of
 * the runs' time span (from/to), so an export too long for one hold of the bench lock can be
 * measured in parts.
 */
async function window(db: Db, projectId: string): Promise<URLSearchParams> {
  if (!args.part) return new URLSearchParams({ range: "2M", format });
  const [k, n] = args.part.split("/").map(Number) as [number, number];
  const [span] = await db.sql.query<{ lo: Date; hi: Date }>("SELECT min(start_time) AS lo, max(start_time) AS hi FROM runs WHERE project_id = $1", [projectId]);
  const lo = new Date(span!.lo).getTime();
  const step = (new Date(span!.hi).getTime() + 1 - lo) / n;
  // Slices meet at a millisecond: the window is inclusive at both ends.
  const from = Math.floor(lo + step * (k - 1));
  const to = k === n ? new Date(span!.hi).getTime() + 1 : Math.floor(lo + step * k) - 1;
  console.log(`  part ${k}/${n}: ${new Date(from).toISOString()} – ${new Date(to).toISOString()}`);
  return new URLSearchParams({ from: String(from), to: String(to), format });
}

async function bench(kind: string) {
  const { db, projectId, drop } = await open(kind);
  try {
    const [{ n } = { n: 0 }] = await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM runs WHERE project_id = $1", [projectId]);
    gc();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const e = await exportRuns(db.sql, projectId, parseExport(await window(db, projectId), "api"));
    const reader = e.body.getReader();
    let bytes = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      const before = lines;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
      // Progress every 100,000 runs, so a run cut short by the lock's time limit still says something.
      if (Math.floor(lines / 100_000) > Math.floor(before / 100_000)) {
        const s = (performance.now() - t0) / 1000;
        console.log(
          `  ${lines.toLocaleString("en-US")} runs in ${s.toFixed(0)} s (${Math.round(lines / s)} runs/s), RSS peak +${mb(peak - base)} MB, load ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    // CPU of this process (for PGlite the embedded database's thread included) per exported run.
    const cpuUs = Math.round((cpu.user + cpu.system) / Math.max(1, lines));
    console.log(
      `| ${kind} | ${n.toLocaleString("en-US")} | ${format} | ${lines.toLocaleString("en-US")} | ${secs.toFixed(1)} s | ${Math.round(lines / secs).toLocaleString("en-US")} | ${(bytes / 1024 / 1024 / secs).toFixed(1)} MB/s | ${Math.round(bytes / Math.max(1, lines))} B | ${cpuUs} µs | ${mb(base)} MB | ${mb(peak)} MB | +${mb(peak - base)} MB | ${load} |`,
    );
  } finally {
    await drop();
  }
}

console.log(
  `Export bench on ${os.cpus().length} CPU(s), Node ${process.version}; load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(
  "| database | runs | format | exported lines | time | runs/s | throughput | bytes/run | CPU/run | RSS before | RSS peak | growth | load (1/5/15 min) |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const kind of dbs) await bench(kind);
