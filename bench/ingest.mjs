// Ingestion throughput: concurrent clients POST realistic requests to /v1/traces (OTLP JSON,
// AI SDK spans as @contextcompany/otel sends them) and /v1/custom (batches as
// @contextcompany/custom sends them), in two shapes: one run per request (what the TCC SDKs do)
// and 50 runs per request (what an OpenTelemetry batch processor or collector does).
import { makeRng, makeUsers } from "./workload/catalog.mjs";
import { aiSdkSpans, customItems, otlpRequest } from "./workload/encode.mjs";
import { workloadRun } from "./workload/plan.mjs";
import { postgresCpuMs, processCpuMs } from "./lib/cpu.mjs";
import { ADMIN_URL } from "./lib/env.mjs";
import { ID_TOKEN, runLoad } from "./lib/load.mjs";
import { fmt } from "./lib/stats.mjs";

const TOOLS_PER_RUN = 3; // → 4 LLM calls + 3 tool calls + the run span = 8 spans per run

/** `runs` plans whose ids contain ID_TOKEN (replaced per request by the load generator). */
function plans(runs, seed) {
  const rng = makeRng(seed);
  const users = makeUsers(200);
  const start = Date.now() - 60_000;
  return Array.from({ length: runs }, (_, i) => {
    const plan = workloadRun(rng, i, { users, start, session: ID_TOKEN, toolCount: TOOLS_PER_RUN });
    // The whole token must appear in every id: the load generator replaces it per request.
    plan.runId = `${i.toString(16).padStart(8, "0")}-0000-4000-8000-${ID_TOKEN}`;
    plan.traceId = `${ID_TOKEN}${i.toString(16).padStart(4, "0")}${rng.hex(16)}`;
    return plan;
  });
}

export function scenarios({ durationMs }) {
  const spansPerRun = TOOLS_PER_RUN * 2 + 2;
  const traces = (runs) => JSON.stringify(otlpRequest(plans(runs, 7).flatMap(aiSdkSpans), { service: "bench-agents" }));
  const custom = (runs) => JSON.stringify({ type: "batch", items: plans(runs, 11).flatMap(customItems) });
  return [
    {
      key: "traces-sdk",
      path: "/v1/traces",
      shape: `1 run × ${spansPerRun} spans (SDK)`,
      concurrency: 8,
      runs: 1,
      items: spansPerRun,
      template: () => traces(1),
    },
    {
      key: "traces-batch",
      path: "/v1/traces",
      shape: `50 runs × ${spansPerRun} spans (batch)`,
      concurrency: 4,
      runs: 50,
      items: 50 * spansPerRun,
      template: () => traces(50),
    },
    {
      key: "custom-sdk",
      path: "/v1/custom",
      shape: `1 run + ${spansPerRun - 1} items (SDK)`,
      concurrency: 8,
      runs: 1,
      items: spansPerRun,
      template: () => custom(1),
    },
    {
      key: "custom-batch",
      path: "/v1/custom",
      shape: `50 runs × ${spansPerRun} items (batch)`,
      concurrency: 4,
      runs: 50,
      items: 50 * spansPerRun,
      template: () => custom(50),
    },
  ].map((s) => ({ ...s, durationMs }));
}

/**
 * A yardstick for the machine's speed at the moment: parsing and re-serialising the 50-run trace
 * request, as the server does with each. Printed before and after the ingestion runs, so figures
 * of different days (or a machine that slowed down meanwhile) can be told apart.
 */
export function speedProbe() {
  const text = scenarios({ durationMs: 0 })
    .find((s) => s.key === "traces-batch")
    .template();
  const times = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    JSON.stringify(JSON.parse(text));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return `JSON parse + stringify of the ${fmt.kb(text.length)} trace batch: median ${fmt.ms(times[20])} (min ${fmt.ms(times[0])}) on this machine now`;
}

/**
 * Runs every scenario against a started server; returns table rows. With `repeat` > 1 each
 * scenario runs that many times in a row and the row shows the run with the median spans/s
 * (runs on this shared 2-CPU machine vary by ±20%).
 */
export async function benchIngest(server, dbLabel, opts) {
  const rows = [];
  const repeat = Math.max(1, opts.repeat ?? 1);
  // The embedded database runs inside the server process; PostgreSQL's processes are counted when it is local.
  const dbInServer = dbLabel === "PGlite";
  const localPg = !dbInServer && ["127.0.0.1", "localhost", "[::1]"].includes(new URL(ADMIN_URL).hostname);
  const cpu = { server: () => processCpuMs(server.child.pid), db: () => (localPg ? postgresCpuMs() : null) };
  for (const s of scenarios(opts).filter((x) => !opts.only || opts.only.includes(x.key))) {
    const runs = [];
    for (let i = 0; i < repeat; i++) {
      runs.push(
        await runLoad({
          url: `${server.url}${s.path}`,
          key: server.ingestKey,
          contentType: "application/json",
          template: s.template(),
          concurrency: s.concurrency,
          durationMs: s.durationMs,
          itemsPerRequest: s.items,
          cpu,
        }),
      );
    }
    const all = runs.map((x) => fmt.int(x.itemsPerSec));
    const r = runs.sort((a, b) => a.itemsPerSec - b.itemsPerSec)[Math.floor((runs.length - 1) / 2)];
    const failures = {};
    for (const x of runs) for (const [k, v] of Object.entries(x.failures)) failures[k] = (failures[k] ?? 0) + v;
    const failed = Object.entries(failures)
      .map(([k, v]) => `${v}×${k}`)
      .join(" ");
    const per1k = (ms) => (ms === null || !r.items ? null : (ms * 1000) / r.items);
    const [serverCpu, dbCpu, loadCpu] = [per1k(r.cpuMs.server), per1k(r.cpuMs.db), per1k(r.cpuMs.load)];
    // Without the database's own CPU (a remote PostgreSQL, no /proc) there is no total to report.
    const total = serverCpu === null || (!dbInServer && dbCpu === null) ? null : serverCpu + (dbCpu ?? 0) + loadCpu;
    rows.push([
      dbLabel,
      s.path,
      s.shape,
      fmt.kb(r.bodyBytes),
      s.concurrency,
      fmt.int(r.requests),
      fmt.int(r.requestsPerSec),
      fmt.int(r.itemsPerSec),
      fmt.int(r.requestsPerSec * s.runs),
      fmt.ms(r.p50),
      fmt.ms(r.p95),
      failed || "0",
      fmt.int(serverCpu),
      dbInServer ? "in server" : fmt.int(dbCpu),
      fmt.int(loadCpu),
      total === null ? "–" : (total / 100).toFixed(2),
    ]);
    console.log(
      `  ${dbLabel} ${s.path} ${s.shape}: ${fmt.int(r.itemsPerSec)} spans/s, p50 ${fmt.ms(r.p50)}, p95 ${fmt.ms(r.p95)}${repeat > 1 ? ` (median of ${all.join(", ")})` : ""}`,
    );
  }
  return rows;
}

export const INGEST_HEADER = [
  "database",
  "endpoint",
  "request",
  "body",
  "clients",
  "requests",
  "req/s",
  "spans/s",
  "runs/s",
  "p50",
  "p95",
  "errors",
  "server CPU ms/1k spans",
  "db CPU ms/1k",
  "load gen ms/1k",
  "CPU-s per 10k spans",
];
