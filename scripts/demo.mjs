#!/usr/bin/env node
// `npm run demo`: fills a running Sightline with a realistic workload over its HTTP endpoints, so a
// newcomer sees a living dashboard: five agents, multi-turn sessions of named users in several
// organisations, background jobs, tool calls with JSON arguments and results, failed runs and
// failed tool calls, thumbs and text feedback, spread over the last 14 days, in the formats real
// senders use (AI SDK spans as OTLP JSON, GenAI spans as OTLP protobuf, @contextcompany/custom
// batches, /v1/feedback).
//
//   TCC_API_KEY=<ingestion key> npm run demo            (or SIGHTLINE_INGEST_KEY)
//   SIGHTLINE_URL or TCC_BASE_URL=http://localhost:3000 (default; the SDKs' TCC_BASE_URL works as is)
//   --runs=300 --seed=1 --fresh                          (--fresh: new ids instead of re-sending the same)
//   SIGHTLINE_READ_KEY=<read key>                        (optional: re-runs skip feedback already given)
//
// The same seed always produces the same ids and content, so re-running updates the same runs
// instead of adding copies. Times are anchored to the current hour.
import { AGENTS, makeRng, makeUsers } from "../bench/workload/catalog.mjs";
import { aiSdkSpans, customItems, genAiSpans, otlpRequest } from "../bench/workload/encode.mjs";
import { planRun } from "../bench/workload/plan.mjs";
import { otlpProtobuf } from "../bench/workload/protobuf.mjs";

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, "").split("="))
    .map(([k, v]) => [k, v ?? "true"]),
);
// TCC_BASE_URL too: a user who just set it for the SDKs expects the demo to send there.
const base = (process.env.SIGHTLINE_URL || process.env.TCC_BASE_URL || "http://localhost:3000").replace(/\/+$/, "");
const key = process.env.SIGHTLINE_INGEST_KEY || process.env.TCC_API_KEY;
const readKey = process.env.SIGHTLINE_READ_KEY;
const target = Number(args.runs ?? 300);
const seed = args.fresh ? `fresh-${Date.now()}` : `demo-${args.seed ?? 1}`;

if (!key) {
  console.error(`npm run demo needs an ingestion key of the Sightline at ${base}.
  Set TCC_API_KEY (or SIGHTLINE_INGEST_KEY), e.g.  TCC_API_KEY=sl_ingest_… npm run demo
  Where to get one:
    - the first \`npm start\` prints one ("Ingestion key (shown once, store it now)");
    - an admin can create one: \`npm run keys -- create ingest\`, or in the dashboard under Settings → API keys;
    - or start Sightline with SIGHTLINE_INIT_INGEST_KEY=<any secret> and use that.`);
  process.exit(2);
}

const DAY = 86_400_000;
const anchor = Math.floor(Date.now() / 3_600_000) * 3_600_000; // the current hour
const rng = makeRng(seed);
const users = makeUsers(40);
// Which wire format each agent's application uses.
const FORMAT = { "Support Copilot": "ai-sdk", "Research Assistant": "custom", "Code Reviewer": "gen-ai", "Sales SDR": "custom", "Data Analyst": "gen-ai" };

/** A request to send: path, content type, body. */
const requests = [];
const feedback = [];
let runs = 0;

function send(plan) {
  runs++;
  const format = FORMAT[plan.agent];
  const service = plan.functionId;
  if (format === "ai-sdk") {
    requests.push({ path: "/v1/traces", type: "application/json", body: JSON.stringify(otlpRequest(aiSdkSpans(plan), { service, scope: "ai" })) });
  } else if (format === "gen-ai") {
    const body = otlpProtobuf(
      otlpRequest(genAiSpans(plan), { service, scope: "opentelemetry.instrumentation.genai", resource: { "telemetry.sdk.language": "python" } }),
    );
    requests.push({ path: "/v1/traces", type: "application/x-protobuf", body });
  } else {
    requests.push({ path: "/v1/custom", type: "application/json", body: JSON.stringify({ type: "batch", items: customItems(plan) }) });
  }
}

function maybeFeedback(plan, conversational) {
  if (!conversational || !rng.chance(0.3)) return;
  const failed = plan.status === 2 || plan.tools.some((t) => t.error);
  const score = failed ? (rng.chance(0.8) ? "thumbs_down" : null) : rng.chance(0.85) ? "thumbs_up" : "thumbs_down";
  const texts =
    score === "thumbs_up"
      ? ["Exactly what I needed, thanks!", "Fast and accurate.", null, null]
      : ["It ignored my second question.", "Too slow, and the answer was wrong.", "The tool failed and it did not tell me.", null];
  const text = rng.pick(texts);
  if (!score && !text) return;
  feedback.push({ runId: plan.runId, ...(score ? { score } : {}), ...(text ? { text } : {}) });
}

// Conversations: a user opens a session with an agent and asks 1-3 questions.
while (runs < target * 0.8) {
  const agent = rng.pick(AGENTS);
  const user = rng.pick(users);
  const conversation = rng.pick(agent.conversations);
  const turns = rng.int(1, conversation.length);
  const sessionId = `sess-${rng.hex(12)}`;
  let t = anchor - rng.int(0, 14 * DAY - 3_600_000);
  const history = [];
  for (let i = 0; i < turns; i++) {
    const [prompt, answer] = conversation[i];
    const plan = planRun(rng, {
      agent,
      start: t,
      prompt,
      answer,
      history: [...history],
      sessionId,
      conversational: true,
      user,
      failRun: rng.chance(0.06),
      failTool: rng.chance(0.12),
    });
    send(plan);
    maybeFeedback(plan, true);
    history.push({ user: prompt, assistant: plan.response ?? "Sorry, something went wrong." });
    t = plan.end + rng.int(20_000, 240_000);
  }
}
// Background jobs: no human in the loop, no session; some on behalf of an organisation.
while (runs < target) {
  const agent = rng.pick(AGENTS.filter((a) => a.name === "Code Reviewer" || a.name === "Data Analyst"));
  const [prompt, answer] = rng.pick(agent.conversations)[0];
  const org = rng.chance(0.5) ? rng.pick(users.filter((u) => u.org)) : null;
  const plan = planRun(rng, {
    agent,
    start: anchor - rng.int(0, 14 * DAY - 3_600_000),
    prompt,
    answer,
    conversational: false,
    user: org ? { id: null, name: null, org: org.org } : undefined,
    failRun: rng.chance(0.08),
    failTool: rng.chance(0.15),
    custom: { trigger: rng.pick(["webhook", "cron", "ci"]) },
  });
  send(plan);
}

async function post(path, type, body) {
  const res = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": type, authorization: `Bearer ${key}` }, body });
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool(items, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function alreadyRated() {
  if (!readKey) return new Set();
  const ids = new Set();
  let cursor = null;
  do {
    const res = await fetch(`${base}/v1/runs?range=1M&feedback=any&limit=100${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: { authorization: `Bearer ${readKey}` },
    });
    if (!res.ok) throw new Error(`GET /v1/runs with SIGHTLINE_READ_KEY answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const page = await res.json();
    for (const r of page.data) ids.add(r.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const started = performance.now();
try {
  await fetch(base, { method: "HEAD" });
} catch {
  console.error(`Sightline is not reachable at ${base}. Start it with \`npm start\` (or set SIGHTLINE_URL or TCC_BASE_URL).`);
  process.exit(1);
}
try {
  console.log(`Sending ${runs} runs (${requests.length} requests) to ${base} (seed "${seed}")…`);
  await pool(requests, 4, (r) => post(r.path, r.type, r.body));
  const rated = await alreadyRated();
  const fresh = feedback.filter((f) => !rated.has(f.runId));
  await pool(fresh, 4, (f) => post("/v1/feedback", "application/json", JSON.stringify(f)));
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Done in ${secs} s: ${runs} runs, ${fresh.length} feedback submissions${rated.size ? ` (${feedback.length - fresh.length} already given)` : ""}.`,
  );
  if (!readKey && !args.fresh) {
    console.log("Re-running sends the same runs again (no copies); feedback is counted again unless SIGHTLINE_READ_KEY is set.");
  }
  console.log(`Open ${base}/overview to explore.`);
} catch (err) {
  console.error(`Demo failed: ${err.message}`);
  process.exit(1);
}
