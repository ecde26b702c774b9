import "server-only";
// A run's timeline for its page, so a run with thousands of spans stays fast: only the skeleton
// (ids, names, times, status; no attributes or messages) is read, built into one tree under the
// run (buildTimeline, pure) and shipped dictionary-encoded (compactTimeline). A node's content is
// read when it is selected (getNodeDetail in run-detail.ts).
import type { Queryable } from "@/lib/db/sql";

/** Node kinds: 0 run, 1 step (LLM call), 2 tool call, 3 other span. */
export type NodeKind = 0 | 1 | 2 | 3;

/**
 * The timeline skeleton as parallel arrays (compact for 5,000+ spans). Node 0 is the run itself;
 * `parent[i]` is an index (-1 for the run). Times are milliseconds from `t0`.
 */
export interface RunTimeline {
  t0: string;
  key: string[];
  parent: number[];
  name: string[];
  kind: NodeKind[];
  start: number[];
  /** -1 when the node has not ended (or its end is unknown). */
  end: number[];
  error: Array<0 | 1>;
  /** Model of a step, tool name of a tool call, else "". */
  label: string[];
}

/**
 * What the page ships: the timeline with names and labels dictionary-encoded (a 5,000-span run
 * repeats a handful of span names), expanded once on the client by expandTimeline().
 */
export interface CompactTimeline extends Omit<RunTimeline, "name" | "label"> {
  dict: string[];
  name: number[];
  label: number[];
}

export function compactTimeline(tl: RunTimeline): CompactTimeline {
  const dict: string[] = [];
  const ids = new Map<string, number>();
  const code = (s: string) => {
    let i = ids.get(s);
    if (i === undefined) {
      i = dict.push(s) - 1;
      ids.set(s, i);
    }
    return i;
  };
  const { name, label, ...rest } = tl;
  return { ...rest, dict, name: name.map(code), label: label.map(code) };
}

/** Times are microseconds since the epoch (exact in a double until the year 2255). */
export interface SkeletonSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startUs: number;
  endUs: number | null;
  error: boolean;
}
export interface SkeletonStep {
  id: string;
  spanId: string | null;
  name: string | null;
  model: string | null;
  startUs: number;
  endUs: number | null;
  error: boolean;
}
export interface SkeletonTool {
  id: string;
  spanId: string | null;
  stepId: string | null;
  name: string;
  startUs: number;
  endUs: number | null;
  error: boolean;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Pure: spans, steps and tool calls → one tree under the run. A span that is a step or a tool call
 * becomes that node; steps and tool calls without spans (custom SDKs) hang under their step or
 * the run. Spans whose parent was not exported become children of the run.
 */
export function buildTimeline(
  run: { startUs: number; endUs: number | null; name: string; error: boolean },
  spans: SkeletonSpan[],
  steps: SkeletonStep[],
  tools: SkeletonTool[],
): RunTimeline {
  let t0 = run.startUs;
  for (const list of [spans, steps, tools]) for (const x of list) if (x.startUs < t0) t0 = x.startUs;
  t0 = Math.floor(t0 / 1000) * 1000;
  const off = (us: number) => round3((us - t0) / 1000);

  const out: RunTimeline = { t0: new Date(t0 / 1000).toISOString(), key: [], parent: [], name: [], kind: [], start: [], end: [], error: [], label: [] };
  const parentKey: Array<string | null> = [];
  const add = (key: string, pk: string | null, name: string, kind: NodeKind, startUs: number, endUs: number | null, error: boolean, label: string) => {
    out.key.push(key);
    parentKey.push(pk);
    out.name.push(name);
    out.kind.push(kind);
    out.start.push(off(startUs));
    out.end.push(endUs === null ? -1 : off(endUs));
    out.error.push(error ? 1 : 0);
    out.label.push(label);
  };
  add("run", null, run.name, 0, run.startUs, run.endUs, run.error, "");

  const stepBySpan = new Map<string, SkeletonStep>();
  for (const s of steps) if (s.spanId) stepBySpan.set(s.spanId, s);
  const toolBySpan = new Map<string, SkeletonTool>();
  for (const t of tools) if (t.spanId) toolBySpan.set(t.spanId, t);
  const spanIds = new Set(spans.map((s) => s.spanId));
  const sorted = [...spans].sort((a, b) => a.startUs - b.startUs || (a.spanId < b.spanId ? -1 : 1));
  for (const s of sorted) {
    const step = stepBySpan.get(s.spanId);
    const tool = toolBySpan.get(s.spanId);
    const pk = s.parentSpanId && s.parentSpanId !== s.spanId && spanIds.has(s.parentSpanId) ? `span:${s.parentSpanId}` : "run";
    add(`span:${s.spanId}`, pk, s.name, step ? 1 : tool ? 2 : 3, s.startUs, s.endUs, s.error, step?.model ?? tool?.name ?? "");
  }
  const stepKey = new Map<string, string>();
  for (const s of steps) stepKey.set(s.id, s.spanId && spanIds.has(s.spanId) ? `span:${s.spanId}` : `step:${s.id}`);
  for (const s of steps) {
    if (s.spanId && spanIds.has(s.spanId)) continue;
    add(`step:${s.id}`, "run", s.name || (s.model ? "LLM call" : "step"), 1, s.startUs, s.endUs, s.error, s.model ?? "");
  }
  for (const t of tools) {
    if (t.spanId && spanIds.has(t.spanId)) continue;
    add(`tool:${t.id}`, (t.stepId && stepKey.get(t.stepId)) || "run", t.name, 2, t.startUs, t.endUs, t.error, t.name);
  }

  // Parent keys → indexes; a cycle (a span listed as its own ancestor) is cut at the run.
  const index = new Map<string, number>();
  out.key.forEach((k, i) => index.set(k, i));
  out.parent = parentKey.map((pk) => (pk === null ? -1 : (index.get(pk) ?? 0)));
  for (let i = 1; i < out.parent.length; i++) {
    let p = out.parent[i]!;
    for (let hops = 0; p > 0 && hops <= out.parent.length; hops++) {
      if (p === i) {
        out.parent[i] = 0;
        break;
      }
      p = out.parent[p]!;
    }
  }
  // The run covers its children even when its own end is unknown or early.
  let maxEnd = out.end[0]!;
  for (let i = 1; i < out.end.length; i++) maxEnd = Math.max(maxEnd, out.end[i]!, out.start[i]!);
  if (out.end[0]! < 0 || maxEnd > out.end[0]!) out.end[0] = maxEnd;
  return out;
}

type Tuple = Array<string | number | null>;

export async function getRunTimeline(
  q: Queryable,
  projectId: string,
  run: { id: string; startTime: string; endTime: string | null; status: string; name: string },
): Promise<RunTimeline> {
  // One round trip, three JSON arrays of tuples: parsing one JSON text is far cheaper than
  // materialising 10,000 row objects. Times as epoch microseconds (doubles).
  const rows = await q.query<{ spans: Tuple[]; steps: Tuple[]; tools: Tuple[] }>(
    `SELECT
       (SELECT coalesce(json_agg(json_build_array(span_id, parent_span_id, name, start_ns / 1000, end_ns / 1000, status_code)), '[]')
          FROM spans WHERE project_id = $1 AND run_id = $2) AS spans,
       (SELECT coalesce(json_agg(json_build_array(id, span_id, name, model, date_part('epoch', start_time) * 1000000, date_part('epoch', end_time) * 1000000, status)), '[]')
          FROM steps WHERE project_id = $1 AND run_id = $2) AS steps,
       (SELECT coalesce(json_agg(json_build_array(id, span_id, step_id, name, date_part('epoch', start_time) * 1000000, date_part('epoch', end_time) * 1000000, status)), '[]')
          FROM tool_calls WHERE project_id = $1 AND run_id = $2) AS tools`,
    [projectId, run.id],
  );
  const r = rows[0] ?? { spans: [], steps: [], tools: [] };
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return buildTimeline(
    { startUs: Date.parse(run.startTime) * 1000, endUs: run.endTime ? Date.parse(run.endTime) * 1000 : null, name: run.name, error: run.status === "error" },
    r.spans.map((x) => ({ spanId: String(x[0]), parentSpanId: s(x[1]), name: String(x[2]), startUs: Number(x[3]), endUs: n(x[4]), error: Number(x[5]) === 2 })),
    r.steps.map((x) => ({
      id: String(x[0]),
      spanId: s(x[1]),
      name: s(x[2]),
      model: s(x[3]),
      startUs: Number(x[4]),
      endUs: n(x[5]),
      error: Number(x[6]) === 2,
    })),
    r.tools.map((x) => ({
      id: String(x[0]),
      spanId: s(x[1]),
      stepId: s(x[2]),
      name: String(x[3]),
      startUs: Number(x[4]),
      endUs: n(x[5]),
      error: Number(x[6]) === 2,
    })),
  );
}
