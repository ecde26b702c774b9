#!/usr/bin/env -S npx tsx
// Search figures (docs/search.md, docs/benchmarks.md), on PGlite and PostgreSQL:
//   ingest – the cost of search indexing on ingestion: the bench workload's runs (/v1/custom
//            batches of 50 runs, as @contextcompany/custom sends them) written by the store with
//            and without their search documents, into two fresh databases, alternating batch by
//            batch, in rounds; CPU time per item of this process (the embedded database's thread
//            included) and of PostgreSQL.
//   components – where that cost goes: the same workload's documents, built once, inserted into
//            copies of run_search with one part more at a time (the row, the words tsvector, each
//            GIN index), CPU per item of each, GIN pending lists merged at the end and counted.
//   query  – search latency on N seeded runs with ~2 KB of text each (Zipf-like words over a
//            5,000-word vocabulary, an order id and a SKU per run, 3% of prompts in Chinese).
// Usage: npx tsx --conditions=react-server bench/search.mts [--only=ingest,components,query]
//        [--db=pglite,postgres] [--runs=100000] [--pglite-runs=50000] [--rounds=6] [--batches=20]
//        [--batch-runs=50] [--reps=2] [--parts=<label text>|…] (components)
//        [--keep | --reuse=… | --seed-to=<k> then --continue=…] (see `seeded`)
import os from "node:os";
import { customToBatch } from "../lib/ingest/custom";
import { openDb, type Db } from "../lib/db/open";
import { migrate } from "../lib/db/migrate";
import { insertProject } from "../lib/server/data/projects";
import { searchRuns } from "../lib/server/data/search";
import { prepareBatch, searchDocsJson, writeBatch } from "../lib/server/ingest/store";
import { IDS_CAP, SECTION_CAPS, SECTIONS, searchDocs } from "../lib/search/document";
import { SEARCH_LIST } from "../lib/validations/lists";
import { processCpuMs } from "./lib/cpu.mjs";
import { createPgDatabase, createPgliteDir } from "./lib/env.mjs";
import { makeRng, makeUsers } from "./workload/catalog.mjs";
import { customItems } from "./workload/encode.mjs";
import { workloadRun } from "./workload/plan.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, "").split("=");
    return [k, v.length ? v.join("=") : "true"];
  }),
);
const only = new Set((args.only ?? "ingest,components,query").split(","));
const dbs = (args.db ?? "pglite,postgres").split(",");
const seedRuns = { postgres: Number(args.runs ?? 100_000), pglite: Number(args["pglite-runs"] ?? 50_000) };
const ingestRounds = Number(args.rounds ?? 6);
// Runs per write: 50 as a batch of @contextcompany/custom, 1 as its SDKs send a run.
const batchRuns = Number(args["batch-runs"] ?? 50);

type Opened = { db: Db; projectId: string; backend: number | null; place?: string; drop(): Promise<void> };
type Target = { kind: "pglite" | "postgres"; open(): Promise<Opened> };

function target(kind: "pglite" | "postgres"): Target {
  return {
    kind,
    async open() {
      const place = kind === "pglite" ? createPgliteDir("search") : await createPgDatabase("search");
      // One connection: its backend's CPU time is this benchmark's alone (others share the server).
      const db = await openDb("url" in place ? { databaseUrl: place.url, poolSize: 1 } : { dataDir: place.dir });
      await migrate(db.sql);
      // --alter="<SQL>": a schema variant to compare (e.g. an index dropped), applied to every database.
      if (args.alter) await db.sql.exec(args.alter);
      // Work PostgreSQL would do later for these writes (merging the GIN pending lists) is done by
      // catchUp() at the end of each round and counted: autovacuum must not VACUUM run_search
      // uncounted. It still ANALYZEs it, as in production (without statistics the write's plan
      // reads all of a project's documents on every write).
      if (kind === "postgres")
        await db.sql.exec("ALTER TABLE run_search SET (autovacuum_vacuum_insert_threshold = -1, autovacuum_vacuum_threshold = 2147483647)");
      const projectId = `prj_bench_${Math.random().toString(16).slice(2, 10)}`;
      await insertProject(db.sql, { id: projectId, name: "Bench", slug: projectId });
      const backend = kind === "postgres" ? ((await db.sql.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"))[0]?.pid ?? null) : null;
      return {
        db,
        projectId,
        backend,
        place: "url" in place ? place.url : place.dir,
        async drop() {
          await db.close();
          await place.drop();
        },
      };
    },
  };
}

/** CPU ms so far of this process (the embedded database's thread included) and of the database's backend. */
function cpuNow(o: Opened): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000 + (o.backend === null ? 0 : (processCpuMs(o.backend) ?? 0));
}

/**
 * Brings the search index up to date: merges the GIN pending lists of run_search's indexes (work
 * an insert, autovacuum or the background indexer does later), so that a round's CPU includes it.
 */
async function catchUp(o: Opened): Promise<void> {
  await o.db.sql.query(
    `SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
     WHERE i.indrelid = 'run_search'::regclass AND am.amname = 'gin'`,
  );
}

/** `n` runs of the ingestion bench's workload, as /v1/custom batches of `size` runs. */
function customBatches(n: number, seed: number, size: number) {
  const rng = makeRng(seed);
  const users = makeUsers(200);
  const start = Date.now() - 3_600_000;
  const bodies = [];
  for (let b = 0; b < n / size; b++) {
    const items = [];
    for (let i = b * size; i < (b + 1) * size; i++) {
      const plan = workloadRun(rng, i, { users, start, session: seed });
      plan.runId = `run-${seed}-${i}`;
      items.push(...customItems(plan));
    }
    bodies.push({ type: "batch", items });
  }
  return bodies;
}

const median = (xs: number[]) => {
  const v = [...xs].sort((x, y) => x - y);
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};
const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;

/**
 * Rounds of `--batches` batches; within a round each batch is written to both databases, which
 * goes first alternating, so both modes see the same moments of a shared machine. Reports CPU
 * per item (a run, its steps and tool calls: what the ingestion bench counts) per round.
 */
async function benchIngest(t: Target) {
  const a = await t.open();
  const b = await t.open();
  const perRound = Number(args.batches ?? 20);
  const bodies = customBatches(ingestRounds * perRound * batchRuns, 1, batchRuns);
  const items = (body: { items: unknown[] }) => body.items.length;
  const rounds: Array<{ with: number; without: number }> = [];
  const wall = { with: 0, without: 0 };
  // PostgreSQL's share (its backend), to tell the database's work from this process's.
  const backendCost = { with: 0, without: 0 };
  let items0 = 0;
  let runsDone = 0;
  for (let r = 0; r < ingestRounds; r++) {
    const cost = { with: 0, without: 0 };
    let n = 0;
    for (let i = r * perRound; i < (r + 1) * perRound; i++) {
      const body = bodies[i]!;
      n += items(body);
      for (const mode of i % 2 === 0 ? (["with", "without"] as const) : (["without", "with"] as const)) {
        const target = mode === "with" ? a : b;
        const c0 = cpuNow(target);
        const b0 = target.backend === null ? 0 : (processCpuMs(target.backend) ?? 0);
        const w0 = performance.now();
        await writeBatch(target.db.sql, target.projectId, prepareBatch(customToBatch(body)), { searchIndex: mode === "with" });
        wall[mode] += performance.now() - w0;
        cost[mode] += cpuNow(target) - c0;
        backendCost[mode] += (target.backend === null ? 0 : (processCpuMs(target.backend) ?? 0)) - b0;
      }
    }
    // The index caught up at the end of the round, counted in it.
    for (const mode of r % 2 === 0 ? (["with", "without"] as const) : (["without", "with"] as const)) {
      const target = mode === "with" ? a : b;
      const c0 = cpuNow(target);
      const b0 = target.backend === null ? 0 : (processCpuMs(target.backend) ?? 0);
      await catchUp(target);
      cost[mode] += cpuNow(target) - c0;
      backendCost[mode] += (target.backend === null ? 0 : (processCpuMs(target.backend) ?? 0)) - b0;
    }
    runsDone += perRound * batchRuns;
    items0 += n;
    rounds.push({ with: (cost.with * 1000) / n, without: (cost.without * 1000) / n });
  }
  const [doc] = await a.db.sql.query<{ chars: number; bytes: number }>(
    `SELECT avg(length(prompt) + length(response) + length(tool) + length(error) + length(other) + length(ids))::float8 AS chars,
            (pg_total_relation_size('run_search') / count(*))::float8 AS bytes FROM run_search`,
  );
  await a.drop();
  await b.drop();
  const w = rounds.map((x) => x.with);
  const wo = rounds.map((x) => x.without);
  const pct = (x: number, y: number) => `${x >= y ? "+" : ""}${(((x - y) / y) * 100).toFixed(1)}%`;
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(
    `| ${t.kind} (${ingestRounds} rounds × ${perRound} batches of ${batchRuns}, ${runsDone} runs) | ${median(wo).toFixed(1)} / ${mean(wo).toFixed(1)} | ${median(w).toFixed(1)} / ${mean(w).toFixed(1)} | ${pct(median(w), median(wo))} / ${pct(mean(w), mean(wo))} | ${rounds.filter((x) => x.with > x.without).length} of ${rounds.length} | ${pct(wall.with, wall.without)} | ${Math.round(doc?.chars ?? 0)} chars, ${Math.round((doc?.bytes ?? 0) / 1024)} kB | ${load} |`,
  );
  console.log(`  rounds (µs per item, without/with): ${rounds.map((x) => `${x.without.toFixed(0)}/${x.with.toFixed(0)}`).join(" ")}`);
  if (t.kind === "postgres")
    console.log(
      `  of which PostgreSQL's backend, µs per item: without ${((backendCost.without * 1000) / items0).toFixed(1)}, with ${((backendCost.with * 1000) / items0).toFixed(1)}`,
    );
}

/**
 * Alternative representations measured by benchComponents (docs/search.md, "Measured cost of
 * indexing on ingestion"): a document's words and trigrams computed in JavaScript and sent with it.
 * Lexemes are lower-cased runs of letters and digits (a stand-in for a tokeniser of the query
 * side's choosing: the count per run, ~87, is close to what to_tsvector finds), each held once
 * per run with one position per section it is in (1 A prompt, 2 B response, 3 C tool, 4 D error
 * and other), so weights and ts_filter still work and phrases would be re-checked on the text.
 */
const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;
const SECTION_POS: Array<[keyof ReturnType<typeof searchDocs>[number], number]> = [
  ["prompt", 0],
  ["response", 1],
  ["tool", 2],
  ["error", 3],
  ["other", 3],
];
/** Per ASCII code: 1 a letter or digit (a word's character), 0 anything else. */
const WORD_CHAR = new Uint8Array(128).map((_, c) => (/[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0));
const NON_ASCII = /[^\x00-\x7f]/;
function lexemeSections(doc: ReturnType<typeof searchDocs>[number]): Map<string, number> {
  const lex = new Map<string, number>();
  const add = (w: string, bit: number) => lex.set(w, (lex.get(w) ?? 0) | bit);
  for (const [section, b] of SECTION_POS)
    for (const piece of doc[section] as string[]) {
      const bit = 1 << b;
      if (NON_ASCII.test(piece)) {
        for (const m of piece.toLowerCase().matchAll(WORD_RUN)) add(m[0].length > 100 ? m[0].slice(0, 100) : m[0], bit);
        continue;
      }
      // ASCII: runs of letters and digits found by a scan of the character codes.
      const text = piece.toLowerCase();
      const n = text.length;
      let i = 0;
      while (i < n) {
        while (i < n && WORD_CHAR[text.charCodeAt(i)] === 0) i++;
        const start = i;
        while (i < n && WORD_CHAR[text.charCodeAt(i)] === 1) i++;
        if (i > start) add(text.slice(start, Math.min(i, start + 100)), bit);
      }
    }
  return lex;
}
/** Positions and weights per set of sections (bit 0 prompt … bit 3 error and other). */
const POSITIONS = Array.from({ length: 16 }, (_, bits) =>
  [bits & 1 ? "1A" : "", bits & 2 ? "2B" : "", bits & 4 ? "3C" : "", bits & 8 ? "4" : ""].filter(Boolean).join(","),
);
/** A tsvector literal: each lexeme once, a position per section that holds it ('refund':1A,2B). */
function tsvectorText(lex: Map<string, number>): string {
  // Lexemes are letters, marks and digits only: nothing to escape inside the quotes.
  let out = "";
  for (const [w, bits] of lex) out += `'${w}':${POSITIONS[bits]} `;
  return out;
}
/** FNV-1a of a string's UTF-16 units, as a signed 32-bit integer. */
function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}
/** The words as hashes (one per lexeme: sections would be re-checked on the text). */
const wordHashes = (lex: Map<string, number>): number[] => [...lex.keys()].map((w) => hash32(w));
/** Distinct trigrams of the identifiers (lower-cased, joiners included), ASCII packed, others hashed. */
function trigramCodes(ids: string[]): number[] {
  const set = new Set<number>();
  for (const id0 of ids) {
    const id = id0.toLowerCase();
    for (let i = 0; i + 3 <= id.length; i++) {
      const a = id.charCodeAt(i);
      const b = id.charCodeAt(i + 1);
      const c = id.charCodeAt(i + 2);
      // ASCII trigrams packed below 2^24 (positive); others hashed, with the top bit set.
      set.add((a | b | c) < 128 ? (a << 16) | (b << 8) | c : hash32(id.slice(i, i + 3)) | 0x80000000);
    }
  }
  return [...set];
}
const intArray = (xs: number[]) => `{${xs.join(",")}}`;

type Extra = "lex" | "wordhash" | "tri" | "wordhash+tri" | "lex+tri";
/** What each extra column holds, from a document. */
function extraOf(kind: Extra, doc: ReturnType<typeof searchDocs>[number]): Record<string, string> {
  const lex = kind === "tri" ? null : lexemeSections(doc);
  const tri = kind.includes("tri") ? trigramCodes(doc.ids) : null;
  const x: Record<string, string> = {};
  if (kind === "lex" || kind === "lex+tri") x.lex = tsvectorText(lex!);
  if (kind === "wordhash") x.h = intArray(wordHashes(lex!));
  if (kind === "tri" || kind === "lex+tri") x.h = intArray(tri!);
  if (kind === "wordhash+tri") x.h = intArray([...wordHashes(lex!), ...tri!]);
  return x;
}

/** run_search's copies for benchComponents: what each adds to a table holding the text, its primary key and time index. */
const COMPONENTS: Array<[string, string, Extra?]> = [
  ["the row (text, primary key, time index)", "ALTER TABLE bench_rs DROP COLUMN words"],
  ["+ the words tsvector (generated column)", ""],
  ["+ the words tsvector and its GIN index", "CREATE INDEX ON bench_rs USING GIN (words)"],
  ["the row + the ids trigram GIN index", "ALTER TABLE bench_rs DROP COLUMN words; CREATE INDEX ON bench_rs USING GIN (ids gin_trgm_ops)"],
  ["as built (tsvector, both GIN indexes)", "CREATE INDEX ON bench_rs USING GIN (words); CREATE INDEX ON bench_rs USING GIN (ids gin_trgm_ops)"],
  [
    "as built, pending lists of 64 MB merged at the end",
    `CREATE INDEX ON bench_rs USING GIN (words) WITH (gin_pending_list_limit = 65536);
     CREATE INDEX ON bench_rs USING GIN (ids gin_trgm_ops) WITH (gin_pending_list_limit = 65536)`,
  ],
  [
    "the row + a tsvector from JavaScript (a position per section), no index",
    "ALTER TABLE bench_rs DROP COLUMN words; ALTER TABLE bench_rs ADD COLUMN lex tsvector",
    "lex",
  ],
  [
    "the row + a tsvector from JavaScript and its GIN index",
    "ALTER TABLE bench_rs DROP COLUMN words; ALTER TABLE bench_rs ADD COLUMN lex tsvector; CREATE INDEX ON bench_rs USING GIN (lex)",
    "lex",
  ],
  [
    "the row + word hashes int4[] and its GIN index",
    "ALTER TABLE bench_rs DROP COLUMN words; ALTER TABLE bench_rs ADD COLUMN h int4[]; CREATE INDEX ON bench_rs USING GIN (h)",
    "wordhash",
  ],
  [
    "the row + trigrams from JavaScript int4[] and its GIN index",
    "ALTER TABLE bench_rs DROP COLUMN words; ALTER TABLE bench_rs ADD COLUMN h int4[]; CREATE INDEX ON bench_rs USING GIN (h)",
    "tri",
  ],
  [
    "the row + JavaScript tsvector and trigram int4[], two GIN indexes",
    `ALTER TABLE bench_rs DROP COLUMN words; ALTER TABLE bench_rs ADD COLUMN lex tsvector; ALTER TABLE bench_rs ADD COLUMN h int4[];
     CREATE INDEX ON bench_rs USING GIN (lex); CREATE INDEX ON bench_rs USING GIN (h)`,
    "lex+tri",
  ],
  ["the row + word hashes int4[], no index", "ALTER TABLE bench_rs DROP COLUMN words; ALTER TABLE bench_rs ADD COLUMN h int4[]", "wordhash"],
  [
    "the row + word hashes int4[] and its GIN index without pending list",
    "ALTER TABLE bench_rs DROP COLUMN words; ALTER TABLE bench_rs ADD COLUMN h int4[]; CREATE INDEX ON bench_rs USING GIN (h) WITH (fastupdate = off)",
    "wordhash",
  ],
  [
    "as built, GIN indexes without pending list",
    "CREATE INDEX ON bench_rs USING GIN (words) WITH (fastupdate = off); CREATE INDEX ON bench_rs USING GIN (ids gin_trgm_ops) WITH (fastupdate = off)",
  ],
  [
    "the row + word hashes and trigrams in one int4[], one GIN index",
    "ALTER TABLE bench_rs DROP COLUMN words; ALTER TABLE bench_rs ADD COLUMN h int4[]; CREATE INDEX ON bench_rs USING GIN (h)",
    "wordhash+tri",
  ],
];

/**
 * CPU per item of the parts of search indexing, each measured alone on the same documents (the
 * ingestion workload's, `--rounds` × `--batches` writes): building them in JavaScript, then
 * inserting them (first-write path of the store's statement) into a copy of run_search per variant.
 * `--parts=<text>|…` measures only the parts whose label holds one of the texts (and the row).
 */
async function benchComponents(t: Target) {
  const o = await t.open();
  const perRound = Number(args.batches ?? 20);
  const batches = customBatches(ingestRounds * perRound * batchRuns, 1, batchRuns).map((body) => ({
    items: body.items.length,
    batch: prepareBatch(customToBatch(body)),
  }));
  const items = batches.reduce((n, b) => n + b.items, 0);
  const cols: Array<[string, number]> = [...SECTIONS.map((s): [string, number] => [s, SECTION_CAPS[s]]), ["ids", IDS_CAP]];
  const insert = (extra?: Extra) => {
    const x = extra === undefined ? [] : extra === "lex" ? ["lex"] : extra === "lex+tri" ? ["lex", "h"] : ["h"];
    const cast: Record<string, string> = { lex: "::tsvector", h: "::int4[]" };
    return `INSERT INTO bench_rs (project_id, run_id, start_time, ${[...cols.map(([c]) => c), ...x].join(", ")})
    SELECT $1, d.run_id, now(), ${[...cols.map(([c, cap]) => `left(array_to_string(d.${c}, E'\\n'), ${cap})`), ...x.map((c) => `d.${c}${cast[c]}`)].join(", ")}
    FROM jsonb_to_recordset($2::jsonb) AS d(run_id text, ${[...cols.map(([c]) => `${c} text[]`), ...x.map((c) => `${c} text`)].join(", ")})`;
  };
  const parts = args.parts ? args.parts.split("|") : null;
  const chosen = COMPONENTS.filter(([label], i) => i === 0 || !parts || parts.some((p) => label.includes(p)));
  const rows: string[] = [];
  for (let rep = 0; rep < Number(args.reps ?? 2); rep++) {
    const c0 = cpuNow(o);
    const built = batches.map((b) => searchDocs(b.batch));
    const docs = built.map((d) => searchDocsJson(d));
    rows.push(`| ${t.kind} | ${rep + 1} | documents built and serialised (JavaScript) | ${(((cpuNow(o) - c0) * 1000) / items).toFixed(1)} µs | – |`);
    // The extra columns' JavaScript, timed apart (what it adds to building the documents).
    const extras = new Map<Extra, string[]>();
    for (const [, , extra] of chosen) {
      if (!extra || extras.has(extra)) continue;
      const e0 = cpuNow(o);
      extras.set(
        extra,
        built.map((ds) => searchDocsJson(ds.map((d) => ({ ...d, ...extraOf(extra, d) })) as ReturnType<typeof searchDocs>)),
      );
      const e1 = cpuNow(o);
      built.forEach((ds) => searchDocsJson(ds));
      const e2 = cpuNow(o);
      rows.push(`| ${t.kind} | ${rep + 1} | JavaScript for ${extra}, beyond the documents | ${(((e1 - e0 - (e2 - e1)) * 1000) / items).toFixed(1)} µs | – |`);
    }
    for (const [label, variant, extra] of chosen) {
      await o.db.sql.exec(
        `DROP TABLE IF EXISTS bench_rs;
         CREATE TABLE bench_rs (LIKE run_search INCLUDING DEFAULTS INCLUDING GENERATED);
         ALTER TABLE bench_rs ADD PRIMARY KEY (project_id, run_id);
         CREATE INDEX ON bench_rs (project_id, start_time DESC, run_id DESC);
         ${t.kind === "postgres" ? "ALTER TABLE bench_rs SET (autovacuum_vacuum_insert_threshold = -1, autovacuum_vacuum_threshold = 2147483647);" : ""}
         ${variant}`,
      );
      const text = insert(extra);
      const input = extra ? extras.get(extra)! : docs;
      const i0 = cpuNow(o);
      for (const d of input) await o.db.sql.query(text, [o.projectId, d]);
      const i1 = cpuNow(o);
      await o.db.sql.query(
        `SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
         WHERE i.indrelid = 'bench_rs'::regclass AND am.amname = 'gin'`,
      );
      const i2 = cpuNow(o);
      rows.push(`| ${t.kind} | ${rep + 1} | ${label} | ${(((i2 - i0) * 1000) / items).toFixed(1)} µs | ${(((i2 - i1) * 1000) / items).toFixed(1)} µs |`);
    }
  }
  await o.drop();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(rows.join("\n"));
  console.log(`  ${items} items, ${batches.length} writes of ${batchRuns} runs; load ${load}`);
}

/**
 * Seeds `n` runs and their search documents with set-based SQL, indexes built after the rows.
 * Each run's text is put together from pools of pre-generated passages (Zipf-like words over a
 * 5,000-word vocabulary; `the` every ninth prompt word), three for the prompt, three for the
 * response and two for the tool section, picked by a hash of the run, plus what is the run's own:
 * its order id and SKU, the rare and 1% words, Chinese text in 3% of prompts. Generating every
 * word per run (a correlated subquery per section) took 9 minutes for 100,000 runs; this is
 * bounded by to_tsvector and the index builds.
 */
async function seedQueries(db: Db, projectId: string, first: number, n: number, index: boolean) {
  const sql = db.sql;
  await sql.exec(`DROP INDEX IF EXISTS run_search_words_idx; DROP INDEX IF EXISTS run_search_ids_idx`);
  await sql.exec(
    `CREATE TEMP TABLE vocab AS SELECT i, translate(substr(md5(i::text), 1, 4 + i % 5), '0123456789', 'ghijklmnop') AS w FROM generate_series(1, 5000) i;
     CREATE TEMP TABLE pool AS
       SELECT kind, j, string_agg(CASE WHEN kind = 0 AND k % 9 = 0 THEN 'the' ELSE v.w END, ' ' ORDER BY k) AS t
       FROM generate_series(0, 2) kind, generate_series(0, 1023) j,
            LATERAL (SELECT k, floor(power(5000, random() + 0 * j + 0 * kind))::int AS r FROM generate_series(1, 37) k) x
       JOIN vocab v ON v.i = least(x.r, 5000)
       GROUP BY kind, j;
     CREATE UNIQUE INDEX ON pool (kind, j); ANALYZE pool`,
  );
  const chunk = 50_000;
  for (let from = first; from < n; from += chunk) {
    const range = [projectId, from, Math.min(n, from + chunk) - 1];
    await sql.query(
      `INSERT INTO runs (project_id, id, source, start_time, end_time, status)
       SELECT $1, 'run-' || i, 'bench', now() - (i * 25) * interval '1 second', now() - (i * 25 - 3) * interval '1 second', CASE WHEN i % 20 = 0 THEN 2 ELSE 0 END
       FROM generate_series($2::int, $3::int) i`,
      range,
    );
    // (i * prime) % 1024 picks a run's passages: neighbours get different ones.
    await sql.query(
      `WITH g AS (SELECT i, substr(md5(i::text), 1, 8) AS h FROM generate_series($2::int, $3::int) i),
       t AS (SELECT g.i, g.h,
         (SELECT t FROM pool WHERE kind = 0 AND j = (g.i * 7) % 1024) || ' ' || (SELECT t FROM pool WHERE kind = 0 AND j = (g.i * 13 + 1) % 1024) || ' ' ||
           (SELECT t FROM pool WHERE kind = 0 AND j = (g.i * 31 + 2) % 1024) AS p,
         (SELECT t FROM pool WHERE kind = 1 AND j = (g.i * 11) % 1024) || ' ' || (SELECT t FROM pool WHERE kind = 1 AND j = (g.i * 17 + 1) % 1024) || ' ' ||
           (SELECT t FROM pool WHERE kind = 1 AND j = (g.i * 37 + 2) % 1024) AS r,
         (SELECT t FROM pool WHERE kind = 2 AND j = (g.i * 19) % 1024) || ' ' || (SELECT t FROM pool WHERE kind = 2 AND j = (g.i * 41 + 1) % 1024) AS tl
         FROM g)
       INSERT INTO run_search (project_id, run_id, start_time, prompt, response, tool, other, ids)
       SELECT $1, 'run-' || t.i, now() - (t.i * 25) * interval '1 second',
         CASE WHEN t.i % 33 = 0 THEN '我想退款，订单没有到。' ELSE '' END || t.p || CASE WHEN t.i % 10007 = 7 THEN ' zyxqrare' ELSE '' END,
         t.r || CASE WHEN t.i % 100 = 3 THEN ' onepercentword' ELSE '' END,
         'lookup_order {"order_id": "ORD-' || t.i || '", "sku": "SKU-' || t.h || '"} ' || t.tl,
         'run-' || t.i || ' user-' || (t.i % 500),
         'ORD-' || t.i || E'\\n' || 'SKU-' || t.h || E'\\n' || 'run-' || t.i || E'\\n' || 'user-' || (t.i % 500)
           || CASE WHEN t.i % 33 = 0 THEN E'\\n我想退款' || E'\\n订单没有到' ELSE '' END
       FROM t`,
      range,
    );
    process.stdout.write(`\r  seeded ${Math.min(n, from + chunk)} / ${n}`);
  }
  process.stdout.write("\n");
  if (!index) return;
  await sql.exec(`SET maintenance_work_mem = '${args["maintenance-mem"] ?? "512MB"}'`);
  await sql.exec(
    `CREATE INDEX run_search_words_idx ON run_search USING GIN (words); CREATE INDEX run_search_ids_idx ON run_search USING GIN (ids gin_trgm_ops)`,
  );
  await sql.exec("RESET maintenance_work_mem");
  // VACUUM cannot run inside the implicit transaction of a multi-statement exec.
  await sql.exec("VACUUM ANALYZE runs");
  await sql.exec("VACUUM ANALYZE run_search");
}

const QUERIES: Array<[string, string]> = [
  ["rare word (~10 runs)", "zyxqrare"],
  ["word in 1% of runs", "onepercentword"],
  ["common word (`the`, every run), first page", "the"],
  ["two common words", "COMMON"],
  ["word in no run", "qqqnothere"],
  ["identifier, ~11 runs (`ORD-4242`)", "ORD-4242"],
  ["identifier prefix in ~1% (`ORD-12`)", "ORD-12"],
  ["CJK, 4 characters, 3% of runs", "我想退款"],
  ["CJK, 2 characters (no trigram)", "退款"],
  ["`status:error` only (5%)", "status:error"],
];

/**
 * --keep leaves the seeded database in place and prints how to reuse it; --reuse=<url or PGlite
 * dir>,<project>,<runs> measures an existing one (another version of the query code, same data).
 * A seed too long for one hold of the bench lock is made in parts: --seed-to=<k> seeds runs 0…k-1
 * and keeps the database without its text indexes; --continue=<url or dir>,<project>,<k> seeds
 * runs k…N-1 into it, builds the indexes and measures.
 */
async function seeded(t: Target): Promise<Opened & { n: number }> {
  if (args.reuse) {
    const [place, projectId, runs] = args.reuse.split(",");
    const db = await openDb(place!.includes("://") ? { databaseUrl: place!, poolSize: 1 } : { dataDir: place! });
    return { db, projectId: projectId!, backend: null, n: Number(runs), drop: () => db.close() };
  }
  const n = seedRuns[t.kind];
  let o: Opened;
  let first = 0;
  if (args.continue) {
    const [place, projectId, from] = args.continue.split(",");
    const db = await openDb(place!.includes("://") ? { databaseUrl: place!, poolSize: 1 } : { dataDir: place! });
    o = { db, projectId: projectId!, backend: null, place, drop: () => db.close() };
    first = Number(from);
  } else o = await t.open();
  const upTo = args["seed-to"] ? Number(args["seed-to"]) : n;
  const s0 = performance.now();
  await seedQueries(o.db, o.projectId, first, upTo, upTo >= n);
  console.log(`  ${t.kind}: seeded runs ${first}…${upTo - 1}${upTo >= n ? " and indexed" : ""} in ${((performance.now() - s0) / 1000).toFixed(0)} s`);
  if (upTo < n) {
    console.log(`  kept, not indexed: --continue=${o.place},${o.projectId},${upTo}`);
    await o.db.close();
    process.exit(0);
  }
  if (args.keep) console.log(`  kept: --reuse=${o.place},${o.projectId},${n}`);
  return { ...o, n, drop: args.keep || args.continue ? () => o.db.close() : o.drop };
}

async function benchQueries(t: Target) {
  const o = await seeded(t);
  const n = o.n;
  // The most frequent seeded word after `the` (vocab 1: floor(5000^random()) = 1 in ~8% of draws).
  const [common] = await o.db.sql.query<{ w: string }>(`SELECT translate(substr(md5('1'), 1, 5), '0123456789', 'ghijklmnop') AS w`);
  const rows: string[] = [];
  for (const [label, q0] of QUERIES) {
    const q = q0 === "COMMON" ? `the ${common?.w ?? "the"}` : q0;
    const times: number[] = [];
    let count = 0;
    let more = false;
    for (let i = 0; i < 6; i++) {
      const params = new URLSearchParams({ range: "2M", q, limit: "50" });
      const t0 = performance.now();
      const page = await searchRuns(o.db.sql, o.projectId, SEARCH_LIST.parse(params));
      if (i > 0) times.push(performance.now() - t0); // the first is a warm-up
      count = page.data.length;
      more = page.nextCursor !== null;
    }
    times.sort((x, y) => x - y);
    rows.push(
      `| ${t.kind} | ${n.toLocaleString("en")} | ${label} | ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms | ${times[times.length - 1]!.toFixed(0)} ms | ${count}${more ? "+" : ""} |`,
    );
  }
  console.log(rows.join("\n"));
  await o.drop();
}

for (const kind of dbs as Array<"pglite" | "postgres">) {
  const t = target(kind);
  if (only.has("ingest")) {
    console.log(
      "| database | without search, CPU µs per item (median / mean of rounds) | with search | difference (medians / means) | rounds with search above | wall-time difference | document, storage per run | load (1/5/15 min) |",
    );
    await benchIngest(t);
  }
  if (only.has("components")) {
    console.log("| database | pass | part | CPU per item | of it, merging pending lists at the end |");
    await benchComponents(t);
  }
  if (only.has("query")) {
    console.log("| database | runs | query | p50 | max of 5 | results (+: more pages) |");
    await benchQueries(t);
  }
}
