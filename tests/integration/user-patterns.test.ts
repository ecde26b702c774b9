// User-defined patterns on a real database: validation messages, backfill over past runs with
// its progress, edits that replace old results, disable, delete.
import { describe, expect, it } from "vitest";
import { backfillProgress, backfillStep } from "@/lib/server/insights/backfill";
import { processBatch } from "@/lib/server/insights/engine";
import {
  createUserPattern,
  deleteUserPattern,
  listUserPatterns,
  PatternInputError,
  setUserPatternEnabled,
  updateUserPattern,
} from "@/lib/server/insights/user-pattern-store";
import { withInstalledProject } from "../helpers/db";
import { sendRuns } from "./analytics-data";

const sql = () => s.db.sql;
const now = Date.now();
const daysAgo = (d: number) => new Date(now - d * 86_400_000);
const refundRule = { match: "any", conditions: [{ field: "prompt", op: "contains_words", words: ["refund"] }] };

async function backfillAll() {
  for (let i = 0; i < 100; i++) if ((await backfillStep(sql(), 7)) === 0) return;
  throw new Error("backfill did not finish");
}
const hitsOf = async (patternId: string) =>
  (
    await sql().query<{ run_id: string }>(`SELECT run_id FROM run_patterns WHERE project_id = $1 AND pattern_id = $2 ORDER BY run_id`, [
      s.project.projectId,
      patternId,
    ])
  ).map((r) => r.run_id);

const s = withInstalledProject(async () => {
  // 20 refund questions over 40 days (every 2 days), 10 in conversations; plus other questions.
  await sendRuns(
    s.project.ingestKey,
    Array.from({ length: 20 }, (_, i) => ({
      id: `r${String(i).padStart(2, "0")}`,
      start: daysAgo(i * 2 + 0.5),
      agent: i % 4 === 0 ? "billing" : "support",
      prompt: i % 5 === 0 ? "Where is my order?" : "I want a refund please",
      ...(i % 2 === 0 ? { sessionId: `s${i}` } : {}),
    })),
  );
  await sql().query(`DELETE FROM insight_queue`);
});

describe("user-defined patterns", () => {
  it("refuses an invalid pattern with a message that says what to fix", async () => {
    const bad = (input: unknown, opts = {}) => createUserPattern(sql(), s.project.projectId, input, opts);
    await expect(bad({ name: "", rule: refundRule })).rejects.toThrow(/name: must not be empty/);
    await expect(bad({ name: "x", rule: { match: "all", conditions: [{ field: "prompt", op: "regex", value: "(?=x)" }] } })).rejects.toThrow(
      /conditions\.0\.value: Invalid regex.*RE2/,
    );
    await expect(bad({ name: "x", agent: "nope", rule: refundRule })).rejects.toThrow(/agent: no agent with id "nope"/);
    await expect(bad({ name: "x", rule: refundRule }, { backfillDays: 9999 })).rejects.toBeInstanceOf(PatternInputError);
    expect(await listUserPatterns(sql(), s.project.projectId)).toEqual([]);
  });

  it("backfills a new pattern over its window, newest first, with visible progress", async () => {
    const p = await createUserPattern(sql(), s.project.projectId, { name: "Refunds", rule: refundRule }, { backfillDays: 30 });
    expect(p).toMatchObject({ name: "Refunds", scope: "conversational", enabled: true, version: 1 });
    // Conversational runs (even i) in the last 30 days: i = 0, 2, …, 14.
    expect(await backfillProgress(sql(), s.project.projectId, p.id)).toMatchObject({ done: 0, total: 8, status: "running" });
    expect(await backfillStep(sql(), 3)).toBe(3);
    expect(await backfillProgress(sql(), s.project.projectId, p.id)).toMatchObject({ done: 3, total: 8, status: "running" });
    await backfillAll();
    expect(await backfillProgress(sql(), s.project.projectId, p.id)).toMatchObject({ done: 8, total: 8, status: "done" });
    // Refund prompts among them (i % 5 != 0): 2, 4, 6, 8, 12, 14.
    expect(await hitsOf(p.id)).toEqual(["r02", "r04", "r06", "r08", "r12", "r14"]);
    // A backfill does not count as the engine's analysis of those runs.
    expect(await sql().query(`SELECT 1 FROM run_insights`)).toEqual([]);
  });

  it("an edit replaces the old results with a new backfill of the new rule", async () => {
    const [p] = await listUserPatterns(sql(), s.project.projectId);
    const [billing] = await sql().query<{ id: string }>(`SELECT id FROM agents WHERE project_id = $1 AND name = 'billing'`, [s.project.projectId]);
    const edited = await updateUserPattern(
      sql(),
      s.project.projectId,
      p!.id,
      { name: "Billing refunds", scope: "all", agent: billing!.id, rule: refundRule },
      { backfillDays: 45 },
    );
    expect(edited).toMatchObject({ version: 2, scope: "all", agentId: billing!.id });
    expect(await hitsOf(p!.id)).toEqual([]);
    await backfillAll();
    // Billing runs are i % 4 == 0: 0, 4, 8, 12, 16 (all within 45 days); refunds among them: 4, 8, 12, 16.
    expect(await hitsOf(p!.id)).toEqual(["r04", "r08", "r12", "r16"]);
  });

  it("a disabled pattern is not evaluated on new runs; deleting removes its results", async () => {
    const [p] = await listUserPatterns(sql(), s.project.projectId);
    await setUserPatternEnabled(sql(), s.project.projectId, p!.id, false);
    const [billing] = await sql().query<{ name: string }>(`SELECT name FROM agents WHERE project_id = $1 AND name = 'billing'`, [s.project.projectId]);
    await sendRuns(s.project.ingestKey, [{ id: "new1", start: daysAgo(0), agent: billing!.name, prompt: "refund now" }]);
    while ((await processBatch(sql(), { idleSeconds: 0 })).analysed > 0);
    expect(await hitsOf(p!.id)).not.toContain("new1");
    await setUserPatternEnabled(sql(), s.project.projectId, p!.id, true);
    await sendRuns(s.project.ingestKey, [{ id: "new2", start: daysAgo(0), agent: billing!.name, prompt: "refund now" }]);
    while ((await processBatch(sql(), { idleSeconds: 0 })).analysed > 0);
    expect(await hitsOf(p!.id)).toContain("new2");
    expect(await deleteUserPattern(sql(), s.project.projectId, p!.id)).toBe(true);
    expect(await hitsOf(p!.id)).toEqual([]);
    expect(await deleteUserPattern(sql(), s.project.projectId, p!.id)).toBe(false);
  });
});
