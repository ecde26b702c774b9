// Large ingestion batches: a /v1/custom batch of 20,000 runs (each in its own session) is stored
// whole, alone and next to concurrent batches. One advisory lock per run and per session used to
// exhaust the lock table ("out of shared memory", a 500 the SDKs retried for ever).
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { testDbKind, withInstalledProject } from "../helpers/db";
import { postJson } from "../helpers/routes";

const s = withInstalledProject();

function batch(n: number, tag: string) {
  const items = Array.from({ length: n }, (_, i) => ({
    type: "run",
    run_id: `${tag}-${i}-${crypto.randomBytes(4).toString("hex")}`,
    session_id: `${tag}-s-${i}`,
    start_time: "2026-11-20T10:00:00Z",
    end_time: "2026-11-20T10:00:01Z",
    status_code: 0,
    prompt: { user_prompt: `question ${i}` },
    response: "ok",
    metadata: { "tcc.userId": `${tag}-u-${i % 500}` },
  }));
  return { type: "batch", items };
}

async function storedRuns(prefix: string): Promise<number> {
  const [row] = await s.db.sql.query<{ n: string }>("SELECT count(*) AS n FROM runs WHERE project_id = $1 AND id LIKE $2", [
    s.project.projectId,
    `${prefix}-%`,
  ]);
  return Number(row!.n);
}

describe(`large /v1/custom batches (${testDbKind()})`, { timeout: 600_000 }, () => {
  it("stores a 20,000-run batch whole, and storing it again changes nothing", async () => {
    const body = batch(20_000, "big");
    const res = await postJson("/v1/custom", body, s.project.ingestKey);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await storedRuns("big")).toBe(20_000);
    const again = await postJson("/v1/custom", body, s.project.ingestKey);
    expect(again.status).toBe(200);
    expect(await storedRuns("big")).toBe(20_000);
  });

  it("stores three concurrent 12,000-run batches and small writes beside them", async () => {
    const small = Array.from({ length: 20 }, (_, i) => postJson("/v1/custom", batch(3, `small${i}`), s.project.ingestKey));
    const answers = await Promise.all([...["c0", "c1", "c2"].map((tag) => postJson("/v1/custom", batch(12_000, tag), s.project.ingestKey)), ...small]);
    for (const res of answers) expect(res.status, await res.clone().text()).toBe(200);
    for (const tag of ["c0", "c1", "c2"]) expect(await storedRuns(tag)).toBe(12_000);
    for (let i = 0; i < 20; i++) expect(await storedRuns(`small${i}`)).toBe(3);
  });
});
