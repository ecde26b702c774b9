// What the tool-rollup and activity triggers (migrations 0011_tools_activity and
// 0011_tools_activity_users, revised by 0018_trigger_cost) and the last-run-hour triggers on
// sessions, end users and orgs (0022_people_last_hours) cost ingestion: CPU per item of writing
// the ingest bench's 50-run custom batches (8 items per run, 3 tool calls) through the store,
// in-process, into fresh databases alike but for those triggers: all of them ("all"), all but the
// tool rollups' ("no-tools"), all but the activity ones ("no-activity"), all but the last-run-hour
// ones ("no-people-last"), none ("none").
// Each batch goes to all four in a rotating order, so the machine's load drifts over every side.
// A side's figure includes the rollup compaction its writes start (after a write the bench waits
// for the connection to be idle), since the rows the triggers append must be merged too.
//   npx tsx --conditions=react-server bench/triggers-ingest.mts pglite|postgres [rounds]
import { openDb, type Db } from "@/lib/db/open";
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
const rounds = Number(process.argv[3] ?? 8);
const BATCHES = 20;
const RUNS = 50;
const TOOL_TRIGGERS = [
  ["tool_calls", "tool_calls_rollup_insert"],
  ["tool_calls", "tool_calls_rollup_update"],
  ["tool_calls", "tool_calls_rollup_delete"],
  ["runs", "runs_tool_rollup_insert"],
  ["runs", "runs_tool_rollup_update"],
  ["runs", "runs_tool_rollup_delete"],
];
const ACTIVITY_TRIGGERS = [
  ["runs", "runs_activity_insert"],
  ["runs", "runs_activity_update"],
];
const PEOPLE_LAST_TRIGGERS = ["sessions", "end_users", "orgs"].flatMap((t) => ["insert", "update", "delete"].map((e) => [t, `${t}_last_${e}`]));
const SIDES = {
  all: [],
  "no-tools": TOOL_TRIGGERS,
  "no-activity": ACTIVITY_TRIGGERS,
  "no-people-last": PEOPLE_LAST_TRIGGERS,
  none: [...TOOL_TRIGGERS, ...ACTIVITY_TRIGGERS, ...PEOPLE_LAST_TRIGGERS],
} as const;
type SideName = keyof typeof SIDES;
const NAMES = Object.keys(SIDES) as SideName[];

let serial = 0;
function batch(): { batch: IngestBatch; items: number } {
  const rng = makeRng(serial + 1);
  const users = makeUsers(2000);
  const items = Array.from({ length: RUNS }, (_, i) => {
    const plan = workloadRun(rng, i, { users, start: Date.now() - 3_600_000, session: serial });
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
  project: string;
}
async function open(name: SideName): Promise<Side> {
  const label = `triggers_${name.replaceAll("-", "_")}`;
  const target = kind === "postgres" ? await createPgDatabase(label) : createPgliteDir(label);
  // One connection: its backend's CPU is the database's share (the server is shared with other work).
  const db =
    kind === "postgres"
      ? await openDb({ databaseUrl: (target as { url: string }).url, poolSize: 1 })
      : await openDb({ dataDir: (target as { dir: string }).dir });
  await migrate(db.sql);
  // A project per side: compaction is throttled per project and process (maintainRollups).
  const project = `bench-${name}`;
  await db.sql.query(`INSERT INTO projects (id, name, slug) VALUES ($1, $1, $1)`, [project]);
  for (const [table, trigger] of SIDES[name]) await db.sql.exec(`DROP TRIGGER ${trigger} ON ${table}`);
  const backend = kind === "postgres" ? (await db.sql.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`))[0]!.pid : null;
  return { target, db, backend, project };
}
const cpuMs = (s: Side) => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000 + (s.backend !== null ? (processCpuMs(s.backend) ?? 0) : 0);
};
/** A write, then a query queued behind the compaction the write may have started (one connection). */
async function write(s: Side, b: IngestBatch) {
  await writeBatch(s.db.sql, s.project, b);
  await s.db.sql.query("SELECT 1");
}

const sides = {} as Record<SideName, Side>;
try {
  for (const name of NAMES) sides[name] = await open(name);
  // Warm-up: plans, the write function, the first ANALYZE.
  for (let i = 0; i < 25; i++) {
    const b = batch().batch;
    for (const name of NAMES) await write(sides[name], b);
  }
  const spent = Object.fromEntries(NAMES.map((n) => [n, [] as number[]])) as Record<SideName, number[]>;
  for (let r = 0; r < rounds; r++) {
    const sums = Object.fromEntries(NAMES.map((n) => [n, 0])) as Record<SideName, number>;
    let items = 0;
    for (let i = 0; i < BATCHES; i++) {
      const b = batch();
      items += b.items;
      const k = (r * BATCHES + i) % NAMES.length;
      for (const name of [...NAMES.slice(k), ...NAMES.slice(0, k)]) {
        const before = cpuMs(sides[name]);
        await write(sides[name], b.batch);
        sums[name] += cpuMs(sides[name]) - before;
      }
    }
    for (const n of NAMES) spent[n].push((sums[n] * 1000) / items);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const base = spent.none;
  const pct = (x: number, y: number) => `${x >= y ? "+" : ""}${(((x - y) / y) * 100).toFixed(1)}%`;
  const lines = NAMES.map((n) => {
    const xs = spent[n];
    // Per round against "none" of the same round: the load drifts between rounds, less within one.
    const paired = xs.map((x, i) => (x - base[i]!) / base[i]!);
    const above = paired.filter((d) => d > 0).length;
    return `  ${n.padEnd(12)} median ${median(xs).toFixed(1)} µs, mean ${mean(xs).toFixed(1)}; vs none: medians ${pct(median(xs), median(base))}, means ${pct(mean(xs), mean(base))}, median of paired rounds ${(median(paired) * 100).toFixed(1)}%, above in ${above} of ${xs.length} rounds (rounds ${xs.map((x) => x.toFixed(0)).join("/")})`;
  });
  const [rows] = await sides.all.db.sql.query<{ tools: number; activity: number }>(
    `SELECT (SELECT count(*) FROM rollup_tools)::int AS tools, (SELECT count(*) FROM activity_months)::int AS activity`,
  );
  console.log(
    `[triggers-ingest] ${kind}: ${rounds} rounds × ${BATCHES} batches × ${RUNS} runs; CPU per item (process${kind === "postgres" ? " + its PostgreSQL backend" : ", database included"}):\n` +
      lines.join("\n") +
      `\n  "all" holds rollup_tools ${rows!.tools} rows, activity_months ${rows!.activity} rows`,
  );
} finally {
  for (const s of Object.values(sides)) {
    await s.db.close();
    await s.target.drop();
  }
}
