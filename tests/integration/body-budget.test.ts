// The budget of body bytes in flight (lib/http/body-budget.mjs): ingestion requests beyond it are
// answered 503 with Retry-After (which the SDKs retry) before their bodies are kept, and nothing
// answered 2xx is lost. Sending the refused ones again stores everything.
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { bodyBudget, DEFAULT_BODY_BYTES_IN_FLIGHT, reserveBody, setBodyBudgetLimit } from "@/lib/http/body-budget.mjs";
import { testDbKind, withInstalledProject } from "../helpers/db";
import { postJson } from "../helpers/routes";

const s = withInstalledProject();
afterEach(() => setBodyBudgetLimit(DEFAULT_BODY_BYTES_IN_FLIGHT));

/** A /v1/custom batch of `n` runs of about 1 KB each. */
function batch(n: number, tag: string) {
  const filler = "x".repeat(900);
  const items = Array.from({ length: n }, (_, i) => ({
    type: "run",
    run_id: `${tag}-${i}-${crypto.randomBytes(4).toString("hex")}`,
    session_id: `${tag}-s`,
    start_time: "2026-11-20T10:00:00Z",
    end_time: "2026-11-20T10:00:01Z",
    status_code: 0,
    prompt: { user_prompt: `question ${i} ${filler}` },
    response: "ok",
  }));
  return JSON.stringify({ type: "batch", items });
}

async function storedRuns(prefix: string): Promise<number> {
  const [row] = await s.db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM runs WHERE project_id = $1 AND id LIKE $2", [
    s.project.projectId,
    `${prefix}-%`,
  ]);
  return row!.n;
}

const post = (body: string, withLength: boolean) =>
  postJson("/v1/custom", body, s.project.ingestKey, withLength ? { "content-length": String(Buffer.byteLength(body)) } : {});

describe(`body bytes in flight (${testDbKind()})`, () => {
  it("a body that does not fit beside the ones in flight gets a 503 with Retry-After, and fits once they are answered", async () => {
    setBodyBudgetLimit(1024 * 1024);
    const other = reserveBody(); // another request holding 900 KB of the 1 MB budget
    expect(other.take(900 * 1024)).toBe(true);
    const body = batch(200, "busy"); // ~200 KB
    for (const withLength of [true, false]) {
      const res = await post(body, withLength);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe("server_busy");
      expect(json.error.message).toContain("SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT");
    }
    expect(await storedRuns("busy")).toBe(0);
    expect(bodyBudget().used).toBe(900 * 1024);
    other.release();
    expect(bodyBudget().used).toBe(0);
    const takenBefore = bodyBudget().taken;
    expect((await post(body, true)).status).toBe(200);
    expect(await storedRuns("busy")).toBe(200);
    expect(bodyBudget().used).toBe(0);
    // What the idle collector (lib/runtime/idle-gc.mjs) counts: every body byte admitted.
    expect(bodyBudget().taken - takenBefore).toBeGreaterThanOrEqual(Buffer.byteLength(body));
  });

  it("a request alone is admitted even when its body is larger than the budget", async () => {
    setBodyBudgetLimit(64 * 1024);
    const res = await post(batch(100, "alone"), true);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await storedRuns("alone")).toBe(100);
  });

  it("concurrent large bodies beyond the budget: some 503, every 2xx stored, all stored after retries", async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => ({ tag: `conc${i}`, body: batch(1000, `conc${i}`) })); // ~1 MB each
    setBodyBudgetLimit(Math.floor(2.5 * Buffer.byteLength(bodies[0]!.body)));
    const first = await Promise.all(bodies.map((b, i) => post(b.body, i % 2 === 0)));
    const statuses = first.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    for (const [i, r] of first.entries()) {
      if (r.status === 200) expect(await storedRuns(bodies[i]!.tag)).toBe(1000);
      else {
        expect(r.headers.get("retry-after")).not.toBeNull();
        expect(await storedRuns(bodies[i]!.tag)).toBe(0);
      }
    }
    expect(bodyBudget().used).toBe(0);
    // What an SDK does: send the refused ones again.
    for (const [i, r] of first.entries()) if (r.status === 503) expect((await post(bodies[i]!.body, true)).status).toBe(200);
    for (const b of bodies) expect(await storedRuns(b.tag)).toBe(1000);
    expect(bodyBudget().used).toBe(0);
  });
});
