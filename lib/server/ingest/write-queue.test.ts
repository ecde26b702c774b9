import { describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/sql";
import { emptyMetadata, type IngestBatch, type RunInput, type StepInput } from "@/lib/ingest/model";
import { prepareBatch, type StoreResult } from "./store";
import { WriteQueue } from "./write-queue";

const t0 = new Date("2026-11-20T10:00:00Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

function run(id: string, over: Partial<RunInput> = {}): RunInput {
  return {
    id,
    traceId: null,
    source: "custom",
    meta: emptyMetadata(),
    status: 0,
    statusMessage: null,
    startTime: t0,
    endTime: at(10),
    userPrompt: null,
    systemPrompt: null,
    response: null,
    fullInput: null,
    fullOutput: null,
    usage: null,
    costUsd: null,
    models: [],
    attributes: {},
    placeholder: false,
    ...over,
  };
}

function step(runId: string, id: string, start: number): StepInput {
  return {
    runId,
    id,
    spanId: null,
    name: "llm",
    provider: null,
    model: null,
    startTime: at(start),
    endTime: at(start + 1),
    status: 0,
    statusMessage: null,
    input: null,
    output: null,
    finishReason: null,
    usage: null,
    costUsd: null,
    ttftMs: null,
    attributes: {},
  } as StepInput;
}

const batch = (runs: RunInput[], steps: StepInput[] = []): IngestBatch => ({ runs, steps, toolCalls: [], spans: [] });
const fakeSql = (kind: "pglite" | "postgres") => ({ kind }) as unknown as Sql;

/** A writer that records what it was asked to write and finishes when told to. */
function recorder(fail: (b: IngestBatch) => boolean = () => false) {
  const writes: IngestBatch[] = [];
  const finishers: Array<() => void> = [];
  const writer = (_sql: Sql, _p: string, b: IngestBatch) =>
    new Promise<StoreResult>((resolve, reject) => {
      writes.push(b);
      finishers.push(() => (fail(b) ? reject(new Error("bad batch")) : resolve({ runs: b.runs.length, steps: b.steps.length, toolCalls: 0, spans: 0 })));
    });
  return { writes, finishers, writer };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("WriteQueue", () => {
  it("writes a request on an idle queue at once, without waiting for a timer", async () => {
    const rec = recorder();
    const q = new WriteQueue(rec.writer);
    const done = q.store(fakeSql("pglite"), "p", batch([run("a")]));
    expect(rec.writes).toHaveLength(1);
    rec.finishers[0]!();
    await expect(done).resolves.toMatchObject({ runs: 1 });
  });

  it.each(["pglite", "postgres"] as const)("%s: requests arriving during a write are written together afterwards", async (kind) => {
    const rec = recorder();
    const q = new WriteQueue(rec.writer);
    const sql = fakeSql(kind);
    const first = q.store(sql, "p", batch([run("a")]));
    if (kind === "postgres") q.store(sql, "p", batch([run("b")])).catch(() => {}); // the second parallel slot
    const rest = ["c", "d", "e"].map((id) => q.store(sql, "p", batch([run(id)], [step(id, `${id}-1`, 1), step(id, `${id}-2`, 2)])));
    const inFlight = kind === "postgres" ? 2 : 1;
    expect(rec.writes).toHaveLength(inFlight);
    rec.finishers.slice(0, inFlight).forEach((f) => f());
    await first;
    await tick(30);
    expect(rec.writes).toHaveLength(inFlight + 1);
    expect(rec.writes.at(-1)!.runs.map((r) => r.id)).toEqual(["c", "d", "e"]);
    rec.finishers.at(-1)!();
    // Each request is answered with its own counts, not the group's.
    for (const r of await Promise.all(rest)) expect(r).toEqual({ runs: 1, steps: 2, toolCalls: 0, spans: 0 });
  });

  it("keeps projects apart", async () => {
    const rec = recorder();
    const q = new WriteQueue(rec.writer);
    const sql = fakeSql("pglite");
    q.store(sql, "p1", batch([run("a")]));
    q.store(sql, "p2", batch([run("b")]));
    expect(rec.writes.map((b) => b.runs[0]!.id)).toEqual(["a", "b"]);
  });

  it("when a combined write fails, writes each request alone so only the bad one fails", async () => {
    const rec = recorder((b) => b.runs.some((r) => r.id === "bad"));
    const q = new WriteQueue(rec.writer);
    const sql = fakeSql("pglite");
    const first = q.store(sql, "p", batch([run("a")]));
    const good1 = q.store(sql, "p", batch([run("g1")]));
    const bad = q.store(sql, "p", batch([run("bad")])).then(
      () => "stored",
      (e: Error) => e.message,
    );
    const good2 = q.store(sql, "p", batch([run("g2")]));
    rec.finishers[0]!();
    await first;
    // The combined write, then one write per request; each is finished as it starts.
    for (let i = 1; i <= 4; i++) {
      for (let n = 0; n < 50 && rec.writes.length <= i; n++) await tick(5);
      rec.finishers[i]!();
    }
    await expect(good1).resolves.toMatchObject({ runs: 1 });
    await expect(good2).resolves.toMatchObject({ runs: 1 });
    expect(await bad).toBe("bad batch");
    expect(rec.writes.map((b) => b.runs.map((r) => r.id).join(","))).toEqual(["a", "g1,bad,g2", "g1", "bad", "g2"]);
  });

  /** A request of one run with 400 steps: large enough to be written alone. */
  const large = (id: string) =>
    batch(
      [run(id)],
      Array.from({ length: 400 }, (_, i) => step(id, `${id}-${i}`, i)),
    );
  const ids = (rec: ReturnType<typeof recorder>) => rec.writes.map((b) => b.runs.map((r) => r.id).join(","));

  it("postgres: a large request starts beside two small writes, and at most four writes are in flight", async () => {
    const rec = recorder();
    const q = new WriteQueue(rec.writer);
    const sql = fakeSql("postgres");
    for (const id of ["s1", "s2"]) void q.store(sql, "p", batch([run(id)]));
    void q.store(sql, "p", batch([run("s3")])); // waits: small requests get two transactions
    expect(ids(rec)).toEqual(["s1", "s2"]);
    for (const id of ["L1", "L2", "L3"]) void q.store(sql, "p", large(id));
    // s3 is first in line and waits for a small slot; the large requests keep their place behind
    // it. Once a slot frees, s3 starts, then L1 and L2 take the third and fourth transactions.
    expect(ids(rec)).toEqual(["s1", "s2"]);
    rec.finishers[0]!();
    await tick(10);
    expect(ids(rec)).toEqual(["s1", "s2", "s3", "L1", "L2"]);
    rec.finishers[1]!();
    await tick(10);
    expect(ids(rec)).toEqual(["s1", "s2", "s3", "L1", "L2", "L3"]);
  });

  it("never combines a large request with others, on either database", async () => {
    for (const kind of ["pglite", "postgres"] as const) {
      const rec = recorder();
      const q = new WriteQueue(rec.writer);
      const sql = fakeSql(kind);
      const blockers = kind === "postgres" ? ["x", "y"] : ["x"];
      for (const id of blockers) void q.store(sql, "p", batch([run(id)]));
      const all = [
        q.store(sql, "p", batch([run("a")])),
        q.store(sql, "p", large("L")),
        q.store(sql, "p", batch([run("b")])),
        q.store(sql, "p", batch([run("c")])),
      ];
      for (let i = 0; i < 10 && rec.writes.length < blockers.length + 3; i++) {
        rec.finishers.forEach((f) => f());
        await tick(5);
      }
      rec.finishers.forEach((f) => f());
      await Promise.all(all);
      expect(ids(rec).slice(blockers.length)).toEqual(["a", "L", "b,c"]);
    }
  });
});

describe("prepareBatch across requests", () => {
  it("a real run record wins over another request's placeholder for it, times included", () => {
    const placeholderOnly = prepareBatch(batch([], [step("r", "s1", -30)]));
    expect(placeholderOnly.runs[0]).toMatchObject({ id: "r", placeholder: true });
    for (const order of [
      [placeholderOnly, batch([run("r")])],
      [batch([run("r")]), placeholderOnly],
    ]) {
      const combined = prepareBatch({
        runs: order.flatMap((b) => b.runs),
        steps: order.flatMap((b) => b.steps),
        toolCalls: [],
        spans: [],
      });
      expect(combined.runs).toHaveLength(1);
      expect(combined.runs[0]).toMatchObject({ placeholder: false, startTime: t0, endTime: at(10) });
      expect(combined.steps).toHaveLength(1);
    }
  });

  it("later records of a step replace earlier ones", () => {
    const a = step("r", "s1", 1);
    const b = { ...step("r", "s1", 1), name: "second" };
    expect(prepareBatch(batch([run("r")], [a, b])).steps.map((s) => s.name)).toEqual(["second"]);
  });
});
