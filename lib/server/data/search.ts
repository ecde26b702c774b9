import "server-only";
// Search over the runs' search documents (run_search, migration 0008; design in docs/search.md).
// A search never leaves the choice of plan to PostgreSQL's estimates for text matches, which
// were off by orders of magnitude at scale (a word in no run took 10.9 s newest-first):
//
//  1. Probe: the matches of the query's indexable terms (its words' tsquery, its identifiers'
//     trigrams) are counted from the text indexes, forced, up to a cap (SEARCH_LIMITS).
//  2. Few: they are all taken from the index and tested (time window, runs filters, every term),
//     newest first: a block of at most 500 matches.
//  3. Many, or nothing indexable (filters only, exclusions, two CJK characters): the window is
//     walked newest first and each run tested, until a block is full or a budget of runs examined.
//     The page then says how far back it searched, and its cursor continues from there. This also
//     bounds a query on the embedded database, which ignores statement_timeout.
//  4. The block is ranked (ts_rank: weights favour the prompt) and shown `limit` at a time; the
//     cursor holds the block's bounds and the last row shown.
import { createHash } from "node:crypto";
import type { Queryable, Sql } from "@/lib/db/sql";
import type { Section } from "@/lib/search/document";
import { isTextTerm, likeContains, MIN_INDEXED_SUBSTRING, parseQuery, type SearchTerm, type TextTerm } from "@/lib/search/query";
import { snippetFor, type Snippet } from "@/lib/search/snippet";
import { FilterError } from "@/lib/validations/list-params";
import { RUN_LIST, type SearchFilters } from "@/lib/validations/lists";
import { runConditions, statusText } from "./runs";
import { SqlWhere } from "./sql-where";

export interface SearchLimits {
  /** Matches a block holds at most: ranked together, then shown page by page. */
  block: number;
  /** Above this many index matches a search walks the window newest first instead. */
  probeCap: number;
  /** Runs one walk examines at most before the page stops and says how far back it searched. */
  walkBudget: number;
  /**
   * Matches a walk's block holds at most. A walk serves terms too common for the index path (or
   * none indexable): its block is the newest matches, ranked, and each costs a read of the run's
   * words; a smaller block keeps a common word's first page fast.
   */
  walkBlock: number;
  /**
   * Runs a short walk examines first when the statistics say a query's words are in most runs:
   * when it fills a walk block, the block is taken from there (0: no short walk).
   */
  denseCheck: number;
  /** Walks one request makes at most while it has found nothing yet. */
  maxWalks: number;
}

export const SEARCH_LIMITS: SearchLimits = { block: 500, probeCap: 2_000, walkBudget: 5_000, walkBlock: 100, denseCheck: 200, maxWalks: 4 };

export interface SearchHit extends Snippet {
  runId: string;
  startTime: string;
  agent: { name: string; slug: string } | null;
  status: "success" | "error";
}

export interface SearchPage {
  data: SearchHit[];
  nextCursor: string | null;
  /** What the query parser changed or ignored. */
  warnings: string[];
  /**
   * When the page's block did not reach the start of the window: the time it searched back to
   * (the next cursor goes on from there).
   */
  searchedFrom: string | null;
}

type Key = [time: string, id: string];

interface Cursor {
  /** Hash of the query and filters the cursor belongs to. */
  h: string;
  /** The block's newest bound, exclusive (null: the end of the window). */
  u: Key | null;
  /** The block's oldest bound, inclusive (null: the start of the window). */
  l: Key | null;
  /** The last row shown: [rank, time, id]. */
  k: [number, string, string] | null;
}

interface Match {
  run_id: string;
  start_time: Date;
  rank: number;
}

const SECTION_WEIGHT: Partial<Record<Section, string>> = { prompt: "a", response: "b", tool: "c" };

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

const isKey = (v: unknown): v is Key =>
  Array.isArray(v) &&
  v.length === 2 &&
  typeof v[0] === "string" &&
  !Number.isNaN(Date.parse(v[0])) &&
  typeof v[1] === "string" &&
  v[1].isWellFormed() &&
  !v[1].includes("\u0000");

function decode(raw: string, hash: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    const k = c?.k;
    const kOk = k === null || (Array.isArray(k) && k.length === 3 && Number.isFinite(k[0]) && isKey([k[1], k[2]]));
    if (c && typeof c === "object" && (c.u === null || isKey(c.u)) && (c.l === null || isKey(c.l)) && kOk && typeof c.h === "string") {
      if (c.h !== hash) throw new FilterError("cursor belongs to another query or other filters; pass the nextCursor of this search.");
      return c;
    }
  } catch (err) {
    if (err instanceof FilterError) throw err;
  }
  throw new FilterError("cursor is not valid; pass the nextCursor value of a previous page unchanged.");
}

/** What a cursor is bound to: the query and the filters (the window by its keyword, as it moves with time). */
function queryHash(f: SearchFilters): string {
  const { window, cursor: _c, limit: _l, sort: _s, order: _o, ...rest } = f;
  const w = window.range ?? `${window.from.toISOString()}/${window.to.toISOString()}`;
  return createHash("sha256")
    .update(JSON.stringify([w, rest]))
    .digest("base64url")
    .slice(0, 12);
}

/** SQL for the run filters a query needs (user:, agent:, model:, status:, meta.<key>:), on runs r. */
function filterCond(w: SqlWhere, t: SearchTerm): string {
  if (t.kind === "meta") return `r.metadata @> jsonb_build_object(${w.param(t.key)}::text, ${w.param(t.value)}::text)`;
  if (t.kind !== "filter") throw new Error("not a filter term");
  if (t.field === "status") return t.value === "error" ? "r.status = 2" : "r.status <> 2";
  const v = w.param(t.value);
  if (t.field === "user") return `(r.user_id = ${v} OR lower(r.user_name) = lower(${v}))`;
  if (t.field === "model") return `EXISTS (SELECT 1 FROM unnest(r.models) AS m WHERE lower(m) = lower(${v}))`;
  return `r.agent_id IN (SELECT a.id FROM agents a WHERE a.project_id = r.project_id AND (lower(a.name) = lower(${v}) OR a.slug = lower(${v})))`;
}

/** The tsquery of a word, prefix or phrase term. */
function tsquery(w: SqlWhere, t: TextTerm): string {
  if (t.kind === "phrase") return `phraseto_tsquery('simple', ${w.param(t.value)})`;
  // Prefix values are letters and digits only (query.ts), so quoting them is enough.
  if (t.kind === "prefix") return `to_tsquery('simple', ${w.param(`'${t.value}':*`)})`;
  return `plainto_tsquery('simple', ${w.param(t.value)})`;
}

/**
 * A text term tested on the document (s), in its field when it names one; `match` is the SQL of
 * its value: a tsquery, or a LIKE pattern for a substring. Every statement of a search uses the
 * same parameters, so each value is one parameter (PostgreSQL refuses a parameter no statement
 * text mentions).
 */
function textCond(t: TextTerm, match: string): string {
  if (t.kind === "substring") {
    const p = match;
    return t.field ? `(s.ids ILIKE ${p} AND s.${t.field} ILIKE ${p})` : `s.ids ILIKE ${p}`;
  }
  const q = match;
  if (!t.field) return `s.words @@ ${q}`;
  const weight = SECTION_WEIGHT[t.field];
  // Error and other share weight D: the error section is tested on its own text.
  return weight ? `ts_filter(s.words, '{${weight}}') @@ ${q}` : `(s.words @@ ${q} AND to_tsvector('simple', s.${t.field}) @@ ${q})`;
}

interface Plan {
  where: SqlWhere;
  /** Every condition, on run_search s (runs r through EXISTS when needed). */
  all: string;
  /** Conditions the text indexes answer (null: none). */
  indexed: string | null;
  /** The positive words' tsquery for ranking (null: rank by time). */
  rank: string | null;
  projectParam: string;
  fromParam: string;
  toParam: string;
  limits: SearchLimits;
  /** The table's statistics say the query's words are in most runs: try the short walk first. */
  common: boolean;
}

async function plan(q: Queryable, projectId: string, f: SearchFilters, terms: SearchTerm[], limits: SearchLimits): Promise<Plan | null> {
  // Any filter of the runs table (every one RUN_LIST declares, and metadata) narrows the search.
  const narrowed = Object.keys(RUN_LIST.spec.filters).some((k) => (f as Record<string, unknown>)[k] != null) || f.metadata.length > 0;
  // The runs table's filters, on runs r, when the URL has any (an unknown agent matches nothing).
  const base = narrowed ? await runConditions(q, projectId, f) : new SqlWhere();
  if (!base) return null;
  const w = base;
  const runConds: string[] = narrowed ? [base.sql()] : [];
  const projectParam = w.param(projectId);
  const fromParam = w.param(f.window.from.toISOString());
  const toParam = w.param(f.window.to.toISOString());
  const conds: string[] = [];
  const indexed: string[] = [];
  const ranked: string[] = [];
  for (const t of terms) {
    if (isTextTerm(t)) {
      const match = t.kind === "substring" ? w.param(likeContains(t.value)) : tsquery(w, t);
      const c = textCond(t, match);
      conds.push(t.negated ? `NOT ${c}` : c);
      if (t.negated) continue;
      if (t.kind !== "substring") {
        indexed.push(`s.words @@ ${match}`);
        ranked.push(match);
      } else if ([...t.value].length >= MIN_INDEXED_SUBSTRING) indexed.push(`s.ids ILIKE ${match}`);
    } else {
      const c = filterCond(w, t);
      runConds.push(t.negated ? `NOT COALESCE(${c}, false)` : c);
    }
  }
  if (runConds.length) {
    conds.push(`EXISTS (SELECT 1 FROM runs r WHERE r.project_id = s.project_id AND r.id = s.run_id AND ${runConds.join(" AND ")})`);
  }
  return {
    where: w,
    all: conds.length ? conds.join(" AND ") : "TRUE",
    indexed: indexed.length ? indexed.join(" AND ") : null,
    rank: ranked.length ? ranked.join(" && ") : null,
    projectParam,
    fromParam,
    toParam,
    limits,
    common: limits.denseCheck > 0 && (await looksCommon(q, terms)),
  };
}

/** Share of runs at and above which a query's words are taken to be common (the short walk fills a block). */
const COMMON_SHARE = 0.5;

/** How long the most common lexemes read from the statistics are reused (ANALYZE changes them rarely). */
const COMMON_TTL_MS = 5 * 60_000;
const commonLexemes = new WeakMap<Queryable, { at: number; freq: Promise<Map<string, number>> }>();

/** Drops the lexemes read for `q`: the next search reads them again (after an ANALYZE, in tests). */
export function forgetLexemeShares(q: Queryable): void {
  commonLexemes.delete(q);
}

/** ANALYZE's most common lexemes of run_search.words (table-wide) and the share of runs holding each. */
function lexemeShares(q: Queryable): Promise<Map<string, number>> {
  const hit = commonLexemes.get(q);
  if (hit && Date.now() - hit.at < COMMON_TTL_MS) return hit.freq;
  // Read once per database connection object and period: the pg_stats view took ~150 ms on the
  // embedded database under load, more than the search it serves.
  const freq = q
    .query<{ v: string[] | null; f: number[] | null }>(
      `SELECT most_common_elems::text::text[] AS v, most_common_elem_freqs::float8[] AS f
         FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'run_search' AND attname = 'words'`,
    )
    .then(([row]) => new Map((row?.v ?? []).map((v, i): [string, number] => [v, row?.f?.[i] ?? 0])))
    .catch(() => new Map<string, number>());
  commonLexemes.set(q, { at: Date.now(), freq });
  return freq;
}

/**
 * Whether the table's statistics put the query's positive words in at least COMMON_SHARE of the
 * runs together, taking them as independent (the 'simple' configuration lower-cases a word; one
 * it splits otherwise is simply not found, and taken as rare). Only a choice of plan: a wrong
 * guess costs the short walk, never a result.
 */
async function looksCommon(q: Queryable, terms: SearchTerm[]): Promise<boolean> {
  const positive = terms.filter((t): t is TextTerm => isTextTerm(t) && !t.negated);
  if (!positive.length || positive.some((t) => t.kind !== "word")) return false;
  const shares = await lexemeShares(q);
  const words = positive.flatMap((t) => t.value.toLowerCase().split(/\s+/)).filter(Boolean);
  return words.length > 0 && words.reduce((share, w) => share * (shares.get(w) ?? 0), 1) >= COMMON_SHARE;
}

/** The block's time conditions on (s.start_time, s.run_id): newest bound exclusive, oldest inclusive. */
function bounds(p: Plan, upper: Key | null, lower: Key | null): string {
  const w = p.where;
  const c = [`s.project_id = ${p.projectParam}`, `s.start_time >= ${p.fromParam}::timestamptz`, `s.start_time <= ${p.toParam}::timestamptz`];
  if (upper) c.push(`(s.start_time, s.run_id) < (${w.param(upper[0])}::timestamptz, ${w.param(upper[1])})`);
  if (lower) c.push(`(s.start_time, s.run_id) >= (${w.param(lower[0])}::timestamptz, ${w.param(lower[1])})`);
  return c.join(" AND ");
}

const keyOf = (m: { run_id: string; start_time: Date }): Key => [m.start_time.toISOString(), m.run_id];
const rankSql = (p: Plan) => (p.rank ? `ts_rank(s.words, ${p.rank})::float8` : "0::float8");

interface Block {
  matches: Match[];
  /** The oldest bound searched (inclusive), or null when the block reached the start of the window. */
  lower: Key | null;
}

/** Steps 1–2: the matches from the text indexes, when there are few; null when there are many. */
async function fromIndex(sql: Sql, p: Plan, upper: Key | null, lower: Key | null): Promise<Block | null> {
  if (!p.indexed) return null;
  const w = p.where;
  const { probeCap, block: BLOCK } = p.limits;
  const saved = w.params.length;
  const inBounds = bounds(p, upper, lower);
  const text = `WITH m AS MATERIALIZED (SELECT s.project_id, s.run_id FROM run_search s WHERE ${p.indexed} LIMIT ${probeCap + 1}),
    n AS (SELECT count(*)::int AS n FROM m)
    SELECT n.n AS probe, x.run_id, x.start_time, x.rank FROM n LEFT JOIN LATERAL (
      SELECT s.run_id, s.start_time, ${rankSql(p)} AS rank FROM m JOIN run_search s ON s.project_id = m.project_id AND s.run_id = m.run_id
      WHERE n.n <= ${probeCap} AND ${inBounds} AND ${p.all}
      ORDER BY s.start_time DESC, s.run_id DESC LIMIT ${BLOCK + 1}) x ON true`;
  const all = w.params.slice();
  w.params.length = saved; // bounds() added parameters for this statement only
  const rows = await sql.transaction(async (tx) => {
    // The index, not a walk in time order: the estimates for text matches are what misled the planner.
    await tx.exec("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off");
    return tx.query<Match & { probe: number }>(text, all);
  });
  if ((rows[0]?.probe ?? 0) > probeCap) return null;
  const matches = rows.filter((r) => r.run_id !== null);
  if (matches.length <= BLOCK) return { matches, lower: lower };
  const block = matches.slice(0, BLOCK);
  return { matches: block, lower: keyOf(block[BLOCK - 1]!) };
}

/**
 * Step 3: the window walked newest first from `upper`, each run tested, within the walk budget (or
 * down to `lower`). The budget is turned into a time bound first (the walkBudget-th newest run in
 * bounds, from the time index alone), so the walk is one ordered index scan that stops at the
 * block's last match: a common word's block is its newest runs, each read once.
 */
async function walk(sql: Sql, p: Plan, upper: Key | null, lower: Key | null, walkBudget = p.limits.walkBudget): Promise<Block> {
  const w = p.where;
  const { walkBlock } = p.limits;
  const saved = w.params.length;
  const inBounds = bounds(p, upper, lower);
  // Its own parameters: a statement may not be sent parameters its text does not mention.
  const [projectId, from, to] = [p.projectParam, p.fromParam, p.toParam].map((x) => w.params[Number(x.slice(1)) - 1]);
  const edgeParams = [projectId, from, to, ...(upper ?? [])];
  const edgeSql = `SELECT s.start_time, s.run_id FROM run_search s
    WHERE s.project_id = $1 AND s.start_time >= $2::timestamptz AND s.start_time <= $3::timestamptz
      ${upper ? "AND (s.start_time, s.run_id) < ($4::timestamptz, $5)" : ""}
    ORDER BY s.start_time DESC, s.run_id DESC OFFSET ${walkBudget - 1} LIMIT 1`;
  const rows = await sql.transaction(async (tx) => {
    // The time index, in order: a bitmap of the words index would read every match of a common word.
    await tx.exec("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off");
    const edge = lower ? null : ((await tx.query<{ start_time: Date; run_id: string }>(edgeSql, edgeParams))[0] ?? null);
    const stop = edge ? `(s.start_time, s.run_id) >= (${w.param(edge.start_time.toISOString())}::timestamptz, ${w.param(edge.run_id)})` : "TRUE";
    const text = `SELECT s.run_id, s.start_time, ${rankSql(p)} AS rank FROM run_search s
      WHERE ${inBounds} AND ${stop} AND ${p.all}
      ORDER BY s.start_time DESC, s.run_id DESC LIMIT ${walkBlock}`;
    const matches = await tx.query<Match>(text, w.params.slice());
    return { matches, edge };
  });
  w.params.length = saved;
  const { matches, edge } = rows;
  if (matches.length >= walkBlock) return { matches, lower: keyOf(matches[walkBlock - 1]!) };
  if (edge) return { matches, lower: keyOf(edge) };
  return { matches, lower };
}

async function findBlock(sql: Sql, p: Plan, upper: Key | null, lower: Key | null): Promise<Block> {
  // A new block of words the statistics call common comes from a short walk when it fills one:
  // counting their matches in the words index first would read all of them (most runs). Within a
  // block (lower known) the steps below find the same matches again.
  if (p.common && p.indexed && !lower) {
    const quick = await walk(sql, p, upper, null, p.limits.denseCheck);
    if (quick.matches.length >= p.limits.walkBlock) return quick;
  }
  return (await fromIndex(sql, p, upper, lower)) ?? (await walk(sql, p, upper, lower));
}

const byRank = (a: Match, b: Match) =>
  b.rank - a.rank || b.start_time.getTime() - a.start_time.getTime() || (a.run_id < b.run_id ? 1 : a.run_id > b.run_id ? -1 : 0);

/** Whether match m comes after the last shown row k in rank order. */
const after = (m: Match, k: [number, string, string]) => byRank(m, { rank: k[0], start_time: new Date(k[1]), run_id: k[2] }) > 0;

interface DocRow {
  run_id: string;
  prompt: string;
  response: string;
  tool: string;
  error: string;
  other: string;
  status: number;
  agent_name: string | null;
  agent_slug: string | null;
}

/** A page of search results. Throws SearchQueryError for a query that cannot be searched, FilterError for a bad cursor. */
export async function searchRuns(sql: Sql, projectId: string, f: SearchFilters, limits: SearchLimits = SEARCH_LIMITS): Promise<SearchPage> {
  const parsed = parseQuery(f.q);
  const hash = queryHash(f);
  const cursor = f.cursor ? decode(f.cursor, hash) : null;
  const empty: SearchPage = { data: [], nextCursor: null, warnings: parsed.warnings, searchedFrom: null };
  const p = await plan(sql, projectId, f, parsed.terms, limits);
  if (!p) return empty;

  let upper = cursor?.u ?? null;
  let block = await findBlock(sql, p, upper, cursor?.l ?? null);
  // A walk that found nothing in its budget goes on, a few times, before the page gives up.
  for (let n = 1; !cursor?.l && !block.matches.length && block.lower && n < limits.maxWalks; n++) {
    upper = block.lower;
    block = await findBlock(sql, p, upper, null);
  }
  const ranked = block.matches.sort(byRank);
  const rest = cursor?.k ? ranked.filter((m) => after(m, cursor.k!)) : ranked;
  const page = rest.slice(0, f.limit);
  const last = page[page.length - 1];
  // Within the block, the next page goes on after the last row shown; past it, the next block
  // ends where this one began (its oldest bound, inclusive here, is exclusive there).
  let nextCursor: string | null = null;
  if (rest.length > f.limit && last) nextCursor = encode({ h: hash, u: upper, l: block.lower, k: [last.rank, last.start_time.toISOString(), last.run_id] });
  else if (block.lower) nextCursor = encode({ h: hash, u: block.lower, l: null, k: null });

  const docs = page.length
    ? await sql.query<DocRow>(
        `SELECT s.run_id, s.prompt, s.response, s.tool, s.error, s.other, r.status, a.name AS agent_name, a.slug AS agent_slug
         FROM run_search s JOIN runs r ON r.project_id = s.project_id AND r.id = s.run_id
         LEFT JOIN agents a ON a.id = r.agent_id
         WHERE s.project_id = $1 AND s.run_id = ANY($2::text[])`,
        [projectId, page.map((m) => m.run_id)],
      )
    : [];
  const byId = new Map(docs.map((d) => [d.run_id, d]));
  const data: SearchHit[] = [];
  for (const m of page) {
    const d = byId.get(m.run_id);
    if (!d) continue;
    data.push({
      runId: m.run_id,
      startTime: m.start_time.toISOString(),
      agent: d.agent_name ? { name: d.agent_name, slug: d.agent_slug ?? "" } : null,
      status: statusText(d.status),
      ...snippetFor(d, parsed.terms),
    });
  }
  return { data, nextCursor, warnings: parsed.warnings, searchedFrom: block.lower ? block.lower[0] : null };
}
