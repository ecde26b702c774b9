// Read latency at scale: GET /v1/runs first page (50 rows) with one filter, GET /v1/sessions,
// and GET /v1/runs/{id} of a run with 5,000 spans, over HTTP against a database seeded with
// N runs (seed.mjs). Each figure is p50/p95 over repeated requests after warm-up.
import { BIG_RUN_ID, SEED_AGENTS } from "./seed.mjs";
import { fmt, timeRepeated } from "./lib/stats.mjs";

const agentSlug = SEED_AGENTS[2].toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** [label, path] of the requests timed; each first page is 50 rows in the last 30 days. */
export const LIST_QUERIES = [
  ["runs, no filter", "/v1/runs?range=1M&limit=50"],
  ["runs, userId (≈50 runs/user)", "/v1/runs?range=1M&limit=50&userId=user-00042"],
  ["runs, status=error (5%)", "/v1/runs?range=1M&limit=50&status=error"],
  [`runs, agent (1 in 8)`, `/v1/runs?range=1M&limit=50&agent=${agentSlug}`],
  ["runs, orgId (1 in 500)", "/v1/runs?range=1M&limit=50&orgId=org-042"],
  ["runs, metadata.plan=enterprise (25%)", "/v1/runs?range=1M&limit=50&metadata.plan=enterprise"],
  ["runs, metadata.customer (0.1%)", "/v1/runs?range=1M&limit=50&metadata.customer=cust-0042"],
  ["runs, metadata no match", "/v1/runs?range=1M&limit=50&metadata.customer=nobody"],
  ["runs, feedback=thumbs_down (1%)", "/v1/runs?range=1M&limit=50&feedback=thumbs_down"],
  ["runs, model (1 in 6)", "/v1/runs?range=1M&limit=50&model=gemini-2.0-flash"],
  ["runs, conversational=false", "/v1/runs?range=1M&limit=50&conversational=false"],
  ["runs, last day, status=error", "/v1/runs?range=1d&limit=50&status=error"],
  ["runs, sort=cost", "/v1/runs?range=1M&limit=50&sort=cost"],
  ["runs, sort=duration, agent", `/v1/runs?range=1M&limit=50&sort=duration&agent=${agentSlug}`],
  ["sessions, no filter", "/v1/sessions?range=1M&limit=50"],
  ["sessions, userId", "/v1/sessions?range=1M&limit=50&userId=user-00042"],
  ["sessions, status=error", "/v1/sessions?range=1M&limit=50&status=error"],
  ["failures, last 30 days", "/v1/failures?range=1M"],
  [`failures, last 30 days, agent`, `/v1/failures?range=1M&agent=${agentSlug}`],
  ["tools, last 30 days", "/v1/tools?range=1M"],
  [`tools, last 30 days, agent`, `/v1/tools?range=1M&agent=${agentSlug}`],
  ["metrics, last 30 days", "/v1/metrics?range=1M"],
  [`metrics, last 30 days, agent`, `/v1/metrics?range=1M&agent=${agentSlug}`],
  [`run detail, 5,000 spans`, `/v1/runs/${BIG_RUN_ID}`],
];

export async function benchList(server, dbLabel, { repeat = 20, runs } = {}) {
  const rows = [];
  for (const [label, path] of LIST_QUERIES) {
    let rowsReturned = 0;
    const get = async () => {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.readKey}` } });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      rowsReturned = Array.isArray(body.data) ? body.data.length : (body.spans?.length ?? 1);
    };
    const t = await timeRepeated(get, { warmup: 2, repeat: label.startsWith("run detail") ? Math.min(repeat, 10) : repeat });
    rows.push([dbLabel, fmt.int(runs), label, rowsReturned, fmt.ms(t.p50), fmt.ms(t.p95)]);
    console.log(`  ${dbLabel} ${label}: p50 ${fmt.ms(t.p50)}, p95 ${fmt.ms(t.p95)} (${rowsReturned} rows)`);
  }
  return rows;
}

export const LIST_HEADER = ["database", "runs", "request", "rows", "p50", "p95"];
