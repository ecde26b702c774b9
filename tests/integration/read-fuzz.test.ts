// The REST read API under hostile query strings and ids: every answer is a 2xx or a coded 4xx,
// never a 5xx. Seeded, like ingest-fuzz.test.ts.
import { describe, expect, it } from "vitest";
import { processBatch } from "@/lib/server/insights/engine";
import { withInstalledProject } from "../helpers/db";
import { expectHandled, FUZZ_CASES, FUZZ_SEED, rng } from "../helpers/fuzz";
import { call, fixture, replay } from "../helpers/routes";

const s = withInstalledProject(async () => {
  await replay(fixture("custom"), s.project.ingestKey);
  // Some engine results, so pattern queries have rows to read.
  while ((await processBatch(s.db.sql, { idleSeconds: 0 })).analysed > 0);
});

const PARAMS = [
  "range",
  "from",
  "to",
  "limit",
  "cursor",
  "agent",
  "userId",
  "orgId",
  "sessionId",
  "conversational",
  "status",
  "feedback",
  "model",
  "topic",
  "period",
  "metadata.plan",
  "metadata.",
  "metadata.\u0000",
  "sort",
  "order",
  "pattern",
  "failure",
  "kind",
  "category",
  "tool",
  "interval",
];
const VALUES = [
  "",
  " ",
  "1d",
  "5m",
  "2M",
  "0",
  "-1",
  "101",
  "1e400",
  "NaN",
  "true",
  "any",
  "none",
  "error",
  "thumbs_up",
  "2026-11-22T00:00:00Z",
  "+275760-09-13T00:00:00Z",
  "99999999999999999999",
  "-99999999999999",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x".repeat(5_000),
  "eyJ0IjoxfQ",
  "eyJ0IjoiMjAyNiIsImlkIjoxfQ",
  "%",
  "[]",
  "{}",
  "'; DROP TABLE runs; --",
  "..",
  "frustration",
  "task_failure",
  "pat_",
  "pat_\u0000",
  "0123456789abcdef",
  "0123456789ABCDEF",
  "tool_call",
  "timeout",
  "hour",
  "day",
  "errorRate",
  "lastCalled",
  "p95",
];

const get = async (url: string) => expectHandled(await call("GET", url, { headers: { authorization: `Bearer ${s.project.readKey}` } }), url.slice(0, 200));

describe("the read API under hostile input", { timeout: 240_000 }, () => {
  it.each([
    "/v1/runs",
    "/v1/sessions",
    "/v1/patterns",
    "/v1/patterns/task_failure",
    "/v1/topics",
    "/v1/failures",
    "/v1/recaps",
    "/v1/recaps/current",
    "/v1/tools",
    "/v1/metrics",
  ])("%s: random query strings", async (base) => {
    const random = rng(FUZZ_SEED);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    for (let i = 0; i < FUZZ_CASES * 4; i++) {
      const q = new URLSearchParams();
      if (random() < 0.7) q.set("range", pick(["1d", "2w", pick(VALUES)]));
      for (let n = Math.floor(random() * 4); n > 0; n--) q.append(pick(PARAMS), pick(VALUES));
      await get(`${base}?${q}`);
    }
  });

  it("/v1/search: hostile queries, filters and cursors", async () => {
    const random = rng(FUZZ_SEED + 16);
    let searched = 0;
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const QUERIES = ['"', '""', "-", "-a", "*", "a*", "prompt:", "meta.:x", "status:x", "user:\u0000", "ORD-%_\\", "退款", "東京", "a".repeat(501), "\ud800x"];
    const PIECES = [...QUERIES, ...VALUES, "refund", "weather", "tool:get_weather", "error:x", "agent:x", "model:gpt-4o", "(", ")", "&", "|", "!", ":*", "'"];
    for (let i = 0; i < FUZZ_CASES * 4; i++) {
      const q = new URLSearchParams();
      if (random() < 0.8) q.set("range", pick(["1d", "2w", pick(VALUES)]));
      q.set("q", Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(PIECES)).join(pick([" ", "", "  "])));
      for (let n = Math.floor(random() * 3); n > 0; n--) q.append(pick(PARAMS), pick(VALUES));
      const res = await call("GET", `/v1/search?${q}`, { headers: { authorization: `Bearer ${s.project.readKey}` } });
      if (res.status === 200) searched++;
      await expectHandled(res, `/v1/search?${q}`.slice(0, 200));
    }
    // Most cases must reach the database, not stop at the parameter parser.
    expect(searched).toBeGreaterThan(FUZZ_CASES / 2);
  });

  it("/v1/runs/export: hostile formats, filters and queries; every body streams to its end", async () => {
    const random = rng(FUZZ_SEED + 32);
    let exported = 0;
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const FORMATS = ["jsonl", "csv", "otlp", "JSONL", "xml", ...VALUES];
    for (let i = 0; i < FUZZ_CASES * 4; i++) {
      const q = new URLSearchParams();
      if (random() < 0.8) q.set("range", pick(["1d", "2w", pick(VALUES)]));
      if (random() < 0.8) q.set("format", random() < 0.7 ? pick(["jsonl", "csv", "otlp"]) : pick(FORMATS));
      if (random() < 0.3) q.set("q", pick(["refund", "weather", '"', "-", "tool:get_weather", ...VALUES]));
      for (let n = Math.floor(random() * 3); n > 0; n--) q.append(pick(PARAMS), pick(VALUES));
      // expectHandled reads the whole body: an export failing mid-stream fails the case too.
      const res = await call("GET", `/v1/runs/export?${q}`, { headers: { authorization: `Bearer ${s.project.readKey}` } });
      if (res.status === 200) exported++;
      await expectHandled(res, `/v1/runs/export?${q}`.slice(0, 200));
    }
    expect(exported).toBeGreaterThan(FUZZ_CASES / 2);
  });

  it.each(["/v1/runs/", "/v1/sessions/", "/v1/patterns/"])("%s{id}: hostile ids", async (base) => {
    // encodeURIComponent cannot encode a lone surrogate (the query-string cases cover those), and
    // ".." would resolve to another path.
    for (const id of VALUES.filter((v) => v && v !== ".." && v.isWellFormed())) await get(`${base}${encodeURIComponent(id)}?range=1d`);
  });
});
