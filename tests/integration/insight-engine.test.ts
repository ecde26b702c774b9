// The insight engine on a real database: runs sent through the ingestion route are queued by the
// trigger, analysed once, stored with their evidence, re-judged when feedback arrives, picked up
// again after a crash, shared between concurrent workers, and forgotten with their run.
import { describe, expect, it } from "vitest";
import { processBatch, sessionPass, startInsightEngine } from "@/lib/server/insights/engine";
import { getInsightStatus } from "@/lib/server/insights/status";
import { leaseBatch } from "@/lib/server/insights/queue";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { postJson } from "../helpers/routes";
import { sendFeedback } from "./analytics-data";

let b: TestProject;
const sql = () => s.db.sql;
const start = new Date(Date.now() - 10 * 60_000);
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();

interface Turn {
  id: string;
  minute: number;
  prompt: string;
  response: string;
  session?: string;
  conversational?: boolean;
  error?: boolean;
  tools?: { name: string; args: string; error?: string }[];
}

function items(r: Turn) {
  return [
    {
      type: "run",
      run_id: r.id,
      start_time: at(r.minute),
      end_time: at(r.minute + 0.1),
      status_code: r.error ? 2 : 0,
      ...(r.error ? { status_message: "model timed out" } : {}),
      prompt: { user_prompt: r.prompt },
      response: r.response,
      ...(r.session ? { session_id: r.session } : {}),
      conversational: r.conversational ?? true,
      metadata: { agent: "support-bot", plan: "pro" },
    },
    ...(r.tools ?? []).map((tc, i) => ({
      type: "tool_call",
      run_id: r.id,
      tool_call_id: `${r.id}-tc${i}`,
      tool_name: tc.name,
      start_time: at(r.minute + i * 0.001),
      end_time: at(r.minute + i * 0.001 + 0.0005),
      status_code: tc.error ? 2 : 0,
      ...(tc.error ? { status_message: tc.error } : {}),
      args: tc.args,
      result: tc.error ? undefined : "ok",
    })),
  ];
}

async function send(key: string, turns: Turn[]) {
  const res = await postJson("/v1/custom", { type: "batch", items: turns.flatMap(items) }, key);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

async function drain() {
  let total = 0;
  for (let i = 0; i < 50; i++) {
    const r = await processBatch(sql(), { batchSize: 20, idleSeconds: 0 });
    total += r.analysed;
    if (r.analysed + r.failed === 0) return total;
  }
  throw new Error("the queue did not drain");
}

const patternsOf = async (projectId: string, runId: string) =>
  (
    await sql().query<{ pattern_id: string }>(`SELECT pattern_id FROM run_patterns WHERE project_id = $1 AND run_id = $2 ORDER BY pattern_id`, [
      projectId,
      runId,
    ])
  ).map((r) => r.pattern_id);

const s = withInstalledProject(async () => {
  b = await createProject(s.db, "B");
});

describe("insight engine", () => {
  it("analyses queued runs once and stores their patterns with evidence", async () => {
    await send(s.project.ingestKey, [
      { id: "c1", minute: 0, session: "s1", prompt: "Cancel my subscription please", response: "Would you like to pause it instead?" },
      { id: "c2", minute: 1, session: "s1", prompt: "For the third time: cancel it. You're not listening.", response: "Cancelled." },
      {
        id: "job1",
        minute: 2,
        conversational: false,
        prompt: "Sync contacts",
        response: "",
        error: true,
        tools: Array.from({ length: 3 }, () => ({ name: "sync", args: '{"batch":1}', error: "ECONNRESET" })),
      },
    ]);
    expect(await drain()).toBe(3);
    expect(await patternsOf(s.project.projectId, "c1")).toEqual([]);
    expect(await patternsOf(s.project.projectId, "c2")).toEqual(["frustration"]);
    expect(await patternsOf(s.project.projectId, "job1")).toEqual(["repeated_calls", "task_failure", "tool_error_loop"]);
    const [ev] = await sql().query<{ evidence: unknown }>(`SELECT evidence FROM run_patterns WHERE project_id = $1 AND run_id = 'c2'`, [s.project.projectId]);
    expect(ev?.evidence).toEqual([{ source: "turn", ref: "c2", text: "For the third time: cancel it. You're not listening.", highlight: [0, 18] }]);
    const analysed = await sql().query(`SELECT run_id FROM run_insights WHERE project_id = $1`, [s.project.projectId]);
    expect(analysed).toHaveLength(3);
    expect(await sql().query(`SELECT * FROM insight_queue`)).toEqual([]);
  });

  it("re-judges a run that gains feedback", async () => {
    await send(s.project.ingestKey, [{ id: "f1", minute: 3, session: "s2", prompt: "Max attachment size?", response: "25 MB." }]);
    await drain();
    expect(await patternsOf(s.project.projectId, "f1")).toEqual([]);
    await sendFeedback(s.project.ingestKey, "f1", "thumbs_down", "Wrong, it is 10 MB. The bot guessed.");
    expect(await drain()).toBe(1);
    expect(await patternsOf(s.project.projectId, "f1")).toEqual(["frustration"]);
  });

  it("takes a crashed worker's lease again once it expires", async () => {
    await send(s.project.ingestKey, [{ id: "k1", minute: 4, prompt: "Book it", response: "I'm unable to book that flight." }]);
    const lease = await leaseBatch(sql(), 10);
    expect(lease.runs.map((r) => r.runId)).toEqual(["k1"]);
    // The worker dies here. While the lease holds, nobody else takes the run…
    expect((await processBatch(sql(), { batchSize: 10, idleSeconds: 0 })).analysed).toBe(0);
    // …and once it has expired, the run is analysed.
    await sql().query(`UPDATE insight_queue SET leased_until = now() - interval '1 second'`);
    expect(await drain()).toBe(1);
    expect(await patternsOf(s.project.projectId, "k1")).toEqual(["task_failure"]);
  });

  it("shares the queue between concurrent workers: each run is analysed once", async () => {
    const turns: Turn[] = Array.from({ length: 60 }, (_, i) => ({
      id: `w${i}`,
      minute: 5 + i * 0.01,
      prompt: `question ${i}`,
      response: i % 3 ? "Sure." : "",
    }));
    await send(s.project.ingestKey, turns);
    const before = await sql().query<{ n: string }>(`SELECT analyzed_runs::text AS n FROM insight_state WHERE project_id = $1`, [s.project.projectId]);
    const workers = await Promise.all(Array.from({ length: 3 }, () => drain()));
    expect(workers.reduce((x, y) => x + y, 0)).toBe(60);
    const after = await sql().query<{ n: string }>(`SELECT analyzed_runs::text AS n FROM insight_state WHERE project_id = $1`, [s.project.projectId]);
    expect(Number(after[0]?.n) - Number(before[0]?.n)).toBe(60);
    const failures = await sql().query(`SELECT 1 FROM run_patterns WHERE project_id = $1 AND run_id LIKE 'w%' AND pattern_id = 'task_failure'`, [
      s.project.projectId,
    ]);
    expect(failures).toHaveLength(20);
  });

  it("evaluates the project's enabled user-defined patterns, and only its own", async () => {
    const rule = {
      match: "all",
      conditions: [
        { field: "prompt", op: "contains_words", words: ["refund"] },
        { field: "metadata", key: "plan", op: "equals", value: "pro" },
      ],
    };
    await sql().query(`INSERT INTO patterns (project_id, id, name, rule) VALUES ($1, 'pat_refund', 'Refunds', $2)`, [
      s.project.projectId,
      JSON.stringify(rule),
    ]);
    await sql().query(`INSERT INTO patterns (project_id, id, name, rule, enabled) VALUES ($1, 'pat_off', 'Off', $2, false)`, [
      s.project.projectId,
      JSON.stringify(rule),
    ]);
    await send(s.project.ingestKey, [{ id: "u1", minute: 7, session: "s3", prompt: "I want a refund for order 55", response: "Refund started." }]);
    await send(b.ingestKey, [{ id: "u1", minute: 7, session: "s3", prompt: "I want a refund for order 55", response: "Refund started." }]);
    await drain();
    expect(await patternsOf(s.project.projectId, "u1")).toEqual(["pat_refund"]);
    expect(await patternsOf(b.projectId, "u1")).toEqual([]);
  });

  it("gives idle sessions a second pass with every turn that arrived", async () => {
    await sessionPass(sql()); // sessions of the earlier tests
    await drain();
    // The second turn arrives first: analysed alone, it has no earlier answer to be confused by.
    await send(s.project.ingestKey, [{ id: "late2", minute: 8.5, session: "s9", prompt: "You just said it's free, now there's a fee?", response: "Sorry." }]);
    await drain();
    expect(await patternsOf(s.project.projectId, "late2")).toEqual([]);
    await send(s.project.ingestKey, [{ id: "late1", minute: 8, session: "s9", prompt: "What's the fee?", response: "It's free." }]);
    await drain();
    // Idle (SIGHTLINE_INSIGHTS_IDLE_S = 0 here): both runs are judged again, together.
    expect(await sessionPass(sql())).toBe(2);
    expect(await drain()).toBe(2);
    expect(await patternsOf(s.project.projectId, "late2")).toEqual(["confusion"]);
    // The pass does not schedule itself again.
    expect(await sessionPass(sql())).toBe(0);
  });

  it("gives no idle pass to a conversation whose turns arrived in order (each was judged with its earlier turns)", async () => {
    await sessionPass(sql());
    await drain();
    await send(s.project.ingestKey, [{ id: "ord1", minute: 8.6, session: "s11", prompt: "What's the fee?", response: "It's free." }]);
    await drain();
    await send(s.project.ingestKey, [{ id: "ord2", minute: 8.7, session: "s11", prompt: "You just said it's free, now there's a fee?", response: "Sorry." }]);
    await drain();
    expect(await patternsOf(s.project.projectId, "ord2")).toEqual(["confusion"]);
    expect(await sql().query(`SELECT 1 FROM insight_sessions WHERE project_id = $1 AND session_id = 's11'`, [s.project.projectId])).toEqual([]);
    expect(await sessionPass(sql())).toBe(0);
  });

  it("runs as a loop in the process and reports its backlog, last analysis and errors", async () => {
    // A stored rule that no longer validates is skipped and reported, not fatal.
    await sql().query(`INSERT INTO patterns (project_id, id, name, rule) VALUES ($1, 'pat_bad', 'Bad', '{"match":"all","conditions":[]}')`, [
      s.project.projectId,
    ]);
    await send(s.project.ingestKey, [{ id: "loop1", minute: 9, session: "s10", prompt: "Find my order", response: "I couldn't find it." }]);
    expect((await getInsightStatus(sql(), s.project.projectId)).backlog).toBeGreaterThan(0);
    const engine = startInsightEngine(sql(), { idleSeconds: 0, pollMs: 20 });
    await engine.drain();
    await engine.stop();
    expect(await patternsOf(s.project.projectId, "loop1")).toEqual(["task_failure"]);
    const status = await getInsightStatus(sql(), s.project.projectId);
    expect(status.backlog).toBe(0);
    expect(Date.now() - Date.parse(status.lastAnalyzedAt!)).toBeLessThan(60_000);
    expect(status.analyzedRuns).toBeGreaterThan(70);
    expect(status.errors[0]).toMatchObject({ patternId: "pat_bad", message: expect.stringMatching(/stored rule is invalid/) });
    expect((await getInsightStatus(sql(), b.projectId)).errors).toEqual([]);
  });

  it("forgets a run's results when the run is deleted", async () => {
    await sql().query(`DELETE FROM runs WHERE project_id = $1 AND id = 'job1'`, [s.project.projectId]);
    expect(await patternsOf(s.project.projectId, "job1")).toEqual([]);
    expect(await sql().query(`SELECT 1 FROM run_insights WHERE project_id = $1 AND run_id = 'job1'`, [s.project.projectId])).toEqual([]);
  });
});
