// What the tool-rollup and activity triggers (migrations 0011_tools_activity and
// 0011_tools_activity_users) cost ingestion: CPU per item of writing the ingest bench's 50-run
// custom batches (8 items per run, 3 tool calls) through the store, in-process, into two fresh
// databases alike but for those triggers, dropped in the second ("without"). Batches alternate
// between them (and which goes first alternates), so the machine's load drifts over both.
//   npx tsx --conditions=react-server bench/triggers-ingest.mts pglite|postgres [rounds]
import { openDb, type Db } from "@/lib/db/open";
import { migrate } from "@/lib/db/migrate";
import { customToBatch } from "@/lib/ingest/custom";
import type { IngestBatch } from "@/lib/ingest/model";
import { prepareBatch, writeBatch } from "@/lib/server/ingest/store";
// @ts-expect-error plain ESM module without types
import { AGENTS, makeRng, makeUsers } from "./workload/catalog.mjs";
// @ts-expect-error plain ESM module without types
import { customItems } from "./workload/encode.mjs";
// @ts-expect-error plain ESM module without types
import { planRun } from "./workload/plan.mjs";
// @ts-expect-error plain ESM module without types
import { processCpuMs } from "./lib/cpu.mjs";
// @ts-expect-error plain ESM module without types
import { createPgDatabase, createPgliteDir } from "./lib/env.mjs";

const kind = process.argv[2] === "pglite" ? "pglite" : "postgres";
const rounds = Number(process.argv[3] ?? 8);
const BATCHES = 20;
const RUNS = 50;
const TRIGGERS = [
  ["tool_calls", "tool_calls_rollup_insert"],
  ["tool_calls", "tool_calls_rollup_update"],
  ["tool_calls", "tool_calls_rollup_delete"],
  ["runs", "runs_tool_rollup_insert"],
  ["runs", "runs_tool_rollup_update"],
  ["runs", "runs_tool_rollup_delete"],
  ["runs", "runs_activity_insert"],
  ["runs", "runs_activity_update"],
];

let serial = 0;
function batch(): { batch: IngestBatch; items: number } {
  const rng = makeRng(serial + 1);
  const users = makeUsers(2000);
  const items = Array.from({ length: RUNS }, (_, i) => {
    const agent = AGENTS[i % AGENTS.length];
    const [prompt, answer] = rng.pick(agent.conversations)[0];
    const plan = planRun(rng, {
      agent,
      start: Date.now() - 3_600_000 + i * 50,
      prompt,
      answer,
      toolCount: 3,
      failTool: rng.chance(0.1),
      failRun: rng.chance(0.03),
      user: rng.pick(users),
      sessionId: `sess-${serial}-${Math.floor(i / 3)}`,
      conversational: true,
    });
    plan.runId = `run-${serial}-${i}`;
    return customItems(plan);
  }).flat();
  serial++;
  return { batch: prepareBatch(customToBatch({ type: "batch", items })), items: items.length };
}

interface Side {
  target: { drop(): Promise<void> };
  db: Db;
  backend: number | null;
}
async function open(label: string): Promise<Side> {
  const target = kind === "postgres" ? await createPgDatabase(label) : createPgliteDir(label);
  // One connection: its backend's CPU is the database's share (the server is shared with other work).
  const db =
    kind === "postgres"
      ? await openDb({ databaseUrl: (target as { url: string }).url, poolSize: 1 })
      : await openDb({ dataDir: (target as { dir: string }).dir });
  await migrate(db.sql);
  await db.sql.query(`INSERT INTO projects (id, name, slug) VALUES ('bench', 'Bench', 'bench')`);
  const backend = kind === "postgres" ? (await db.sql.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`))[0]!.pid : null;
  return { target, db, backend };
}
const cpuMs = (s: Side) => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000 + (s.backend !== null ? (processCpuMs(s.backend) ?? 0) : 0);
};

const sides = { with: await open("triggers_with"), without: await open("triggers_without") };
try {
  for (const [table, name] of TRIGGERS) await sides.without.db.sql.exec(`DROP TRIGGER ${name} ON ${table}`);
  // Warm-up: plans, the write function, the first ANALYZE.
  for (let i = 0; i < 25; i++) {
    const b = batch().batch;
    await writeBatch(sides.with.db.sql, "bench", b);
    await writeBatch(sides.without.db.sql, "bench", b);
  }
  const spent = { with: [] as number[], without: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const sums = { with: 0, without: 0 };
    let items = 0;
    for (let i = 0; i < BATCHES; i++) {
      const b = batch();
      items += b.items;
      for (const side of (r + i) % 2 ? (["with", "without"] as const) : (["without", "with"] as const)) {
        const before = cpuMs(sides[side]);
        await writeBatch(sides[side].db.sql, "bench", b.batch);
        sums[side] += cpuMs(sides[side]) - before;
      }
    }
    spent.with.push((sums.with * 1000) / items);
    spent.without.push((sums.without * 1000) / items);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [w, wo, wm, wom] = [median(spent.with), median(spent.without), mean(spent.with), mean(spent.without)];
  const [rows] = await sides.with.db.sql.query<{ tools: number; activity: number }>(
    `SELECT (SELECT count(*) FROM rollup_tools)::int AS tools, (SELECT count(*) FROM activity_months)::int AS activity`,
  );
  console.log(
    `[triggers-ingest] ${kind}: ${rounds} rounds × ${BATCHES} batches × ${RUNS} runs; CPU per item (process${kind === "postgres" ? " + its PostgreSQL backend" : ", database included"}): ` +
      `without the triggers median ${wo.toFixed(1)} µs, mean ${wom.toFixed(1)}; with them median ${w.toFixed(1)} µs, mean ${wm.toFixed(1)}; ` +
      `difference ${(((w - wo) / wo) * 100).toFixed(1)}% (medians), ${(((wm - wom) / wom) * 100).toFixed(1)}% (means) ` +
      `(rounds: without ${spent.without.map((x) => x.toFixed(0)).join("/")}, with ${spent.with.map((x) => x.toFixed(0)).join("/")}); ` +
      `rollup_tools ${rows!.tools} rows, activity_months ${rows!.activity} rows`,
  );
} finally {
  for (const s of Object.values(sides)) {
    await s.db.close();
    await s.target.drop();
  }
}
