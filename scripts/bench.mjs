#!/usr/bin/env node
// `npm run bench`: prints Sightline's performance figures. One file per section in bench/:
//   ingest    – ingestion throughput and request latency on /v1/traces and /v1/custom
//   list      – GET /v1/runs first-page latency with filters at 1M runs (seeded with SQL), sessions,
//               and the detail of a run with 5,000 spans
//   dashboard – server render time of dashboard pages on the same seeded database
//   mcp       – MCP tool calls (POST /mcp) next to the REST requests that read the same data
//   memory    – the server's RSS idle, under 8 concurrent 30 MB ingestion requests and after
//               rounds of that load (bench/memory.mjs; --rounds=3)
// A section that needs the seeded database exports `bench<Name>(server, dbLabel, ctx)` and a
// header, and is listed in SEEDED below.
// Each section runs on the embedded database (PGlite) and on PostgreSQL (a throwaway database on
// 127.0.0.1:5432, or BENCH_DATABASE_URL), against the built app (scripts/serve.mjs).
// Options: --only=ingest,list,dashboard,mcp (default: all but mcp)  --db=pglite,postgres  --duration=15 (s per ingest scenario)
//          --repeat=3 (runs per ingest scenario; the median is reported)
//          --pages=<text> (dashboard section: only the pages whose label contains it, e.g. recaps)
//          --scenarios=traces-sdk,traces-batch,custom-sdk,custom-batch (ingest rows to run)
//          --runs=1000000 (list section)  --spans-per-run=N (list section seeding)
//          --no-analyze (seeded database without VACUUM ANALYZE, as PGlite keeps it: no autovacuum)
//          --url=postgresql://… or --dir=/path (seeded sections only: an already seeded database, e.g. one
//          kept by bench/tools-metrics.mts --keep, instead of seeding a throwaway one; it is not dropped.
//          Copy it first: the app migrates it and adds its keys and admin to the seeded project)
// Numbers only: there are no pass/fail thresholds here; the targets live in the README/issue.
import os from "node:os";
import { benchDashboard, DASHBOARD_HEADER } from "../bench/dashboard.mjs";
import { benchIngest, INGEST_HEADER, speedProbe } from "../bench/ingest.mjs";
import { benchList, LIST_HEADER } from "../bench/list.mjs";
import { benchMcp, MCP_HEADER } from "../bench/mcp.mjs";
import { benchMemory, MEMORY_HEADER } from "../bench/memory.mjs";
import {
  app,
  createPgDatabase,
  createPgliteDir,
  openBootstrapped,
  postgresAvailable,
  seededProjectName,
  signSeededFailures,
  startApp,
} from "../bench/lib/env.mjs";
import { printTable } from "../bench/lib/stats.mjs";
import { seed } from "../bench/seed.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "true"];
  }),
);
const only = new Set((args.only ?? "ingest,list,dashboard").split(","));
const dbs = (args.db ?? "pglite,postgres").split(",");
const durationMs = Number(args.duration ?? 15) * 1000;
const repeat = Number(args.repeat ?? 1);
const seedRuns = Number(args.runs ?? 1_000_000);
const spansPerRun = Number(args["spans-per-run"] ?? 0);

/** Sections that run against the seeded database, in order. */
const SEEDED = [
  { name: "list", title: "Read latency (REST API)", header: LIST_HEADER, run: benchList },
  { name: "dashboard", title: "Dashboard server render (signed in, full HTML)", header: DASHBOARD_HEADER, run: benchDashboard },
  { name: "mcp", title: "MCP tool calls over HTTP (POST /mcp) and the matching REST reads", header: MCP_HEADER, run: benchMcp },
];

process.env.NEXT_TELEMETRY_DISABLED = "1";
console.log(`Sightline benchmarks on ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}`);
console.log("The load generator runs on the same machine as the server and shares its CPUs.");

const pgOk = dbs.includes("postgres") && (await postgresAvailable());
if (dbs.includes("postgres") && !pgOk) console.log("PostgreSQL is not reachable at 127.0.0.1:5432 (or BENCH_DATABASE_URL): PostgreSQL runs are skipped.");

/** Runs fn on a kept database opened with the app's own code, then closes it. */
async function withDb(target, fn) {
  const { openDb } = await app.db();
  const db = await openDb(target.url ? { databaseUrl: target.url } : { dataDir: target.dir });
  try {
    return await fn(db.sql);
  } finally {
    await db.close();
  }
}

async function withTarget(kind, label, fn) {
  const target = kind === "postgres" ? await createPgDatabase(label) : createPgliteDir(label);
  try {
    return await fn(target);
  } finally {
    await target.drop();
  }
}

if (only.has("ingest")) {
  console.log(`\n[ingest] speed yardstick: ${speedProbe()}`);
  const rows = [];
  for (const kind of dbs) {
    if (kind === "postgres" && !pgOk) continue;
    console.log(`\n[ingest] ${kind}: starting the app on a fresh database…`);
    rows.push(
      ...(await withTarget(kind, "ingest", async (target) => {
        const server = await startApp(target);
        try {
          return await benchIngest(server, kind === "postgres" ? "PostgreSQL" : "PGlite", { durationMs, repeat, only: args.scenarios?.split(",") });
        } catch (err) {
          console.error(`[ingest] ${kind} failed; the server's last output:\n${server.log().split("\n").slice(-40).join("\n")}`);
          throw err;
        } finally {
          await server.stop();
        }
      })),
    );
  }
  console.log(`\n[ingest] speed yardstick afterwards: ${speedProbe()}`);
  printTable(
    `Ingestion (${durationMs / 1000} s per run after warm-up${repeat > 1 ? `, median of ${repeat} runs` : ""}; spans/s counts OTLP spans or custom items; 2xx only; errors: all runs; ` +
      "CPU per 1,000 spans from /proc: the server process with all its threads, local PostgreSQL's processes, the load generator)",
    INGEST_HEADER,
    rows,
  );
}

if (only.has("memory")) {
  const rows = [];
  for (const kind of dbs) {
    if (kind === "postgres" && !pgOk) continue;
    const label = kind === "postgres" ? "PostgreSQL" : "PGlite";
    console.log(`\n[memory] ${kind}: starting the app on a fresh database…`);
    rows.push(
      ...(await withTarget(kind, "memory", async (target) => {
        const server = await startApp(target);
        try {
          return await benchMemory(server, label, { rounds: Number(args.rounds ?? 3) });
        } finally {
          await server.stop();
        }
      })),
    );
  }
  printTable("Server memory (RSS of the server process from /proc; 30 MB /v1/custom bodies, 503s sent again after Retry-After)", MEMORY_HEADER, rows);
}

const seededWanted = SEEDED.filter((s) => only.has(s.name));
const kept = args.url ? { url: args.url } : args.dir ? { dir: args.dir } : null;
if (seededWanted.length && kept) {
  // A database seeded earlier: time it as it is (no seeding, no signing), in its seeded project.
  const label = kept.url ? "PostgreSQL" : "PGlite";
  const project = await seededProjectName(kept);
  const [{ n: runs }] = await withDb(kept, (q) => q.query("SELECT count(*)::int AS n FROM runs"));
  console.log(`\n[seeded] ${label}: kept database with ${runs.toLocaleString("en-US")} runs, project "${project}"; starting the app…`);
  const server = await startApp({ ...kept, project });
  try {
    for (const s of seededWanted)
      printTable(`${s.title} at ${runs.toLocaleString("en-US")} runs (kept database)`, s.header, await s.run(server, label, { runs, pages: args.pages }));
  } finally {
    await server.stop();
  }
} else if (seededWanted.length) {
  const results = new Map(seededWanted.map((s) => [s.name, []]));
  for (const kind of dbs) {
    if (kind === "postgres" && !pgOk) continue;
    const label = kind === "postgres" ? "PostgreSQL" : "PGlite";
    await withTarget(kind, "seeded", async (target) => {
      console.log(`\n[seed] ${label}: ${seedRuns.toLocaleString("en-US")} runs${spansPerRun ? ` × ${spansPerRun} spans` : ""} with SQL (bypasses HTTP)…`);
      const { db, projectId } = await openBootstrapped(target);
      const { seconds } = await seed(db.sql, projectId, { runs: seedRuns, spansPerRun, analyze: !args["no-analyze"], log: console.log });
      console.log(`[seed] ${label}: done in ${seconds.toFixed(0)} s; signing the failed rows (the backfill)…`);
      const t0 = performance.now();
      const signed = await signSeededFailures(db, projectId, { analyze: !args["no-analyze"] });
      await db.close();
      console.log(
        `[seed] ${label}: ${signed.toLocaleString("en-US")} failed rows signed in ${((performance.now() - t0) / 1000).toFixed(0)} s; starting the app…`,
      );
      const server = await startApp(target);
      try {
        for (const s of seededWanted) results.get(s.name).push(...(await s.run(server, label, { runs: seedRuns, pages: args.pages })));
      } finally {
        await server.stop();
      }
    });
  }
  for (const s of seededWanted)
    printTable(`${s.title} at ${seedRuns.toLocaleString("en-US")} runs (p50/p95 over repeated HTTP requests after warm-up)`, s.header, results.get(s.name));
}
