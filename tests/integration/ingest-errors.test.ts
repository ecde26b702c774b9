// Bad input gets a clear 4xx with {error:{code,message}}, never a 500; auth rules hold.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { withInstalledProject } from "../helpers/db";
import { expectError } from "../helpers/errors";
import { call, fixture, getJson, postJson } from "../helpers/routes";

const s = withInstalledProject();

const aisdk = () => fixture("aisdk")[0]!.body;
const customRun = (id: string) => ({
  type: "run",
  run_id: id,
  start_time: "2026-11-20T10:00:00Z",
  end_time: "2026-11-20T10:00:01Z",
  status_code: 0,
  prompt: { user_prompt: "hi" },
});

describe("authentication", () => {
  it("401 without a key, with a malformed header and with an unknown key", async () => {
    await expectError(await postJson("/v1/custom", customRun("a1"), null), 401, "missing_api_key");
    await expectError(await postJson("/v1/custom", customRun("a1"), null, { authorization: "Basic abc" }), 401, "missing_api_key");
    await expectError(await postJson("/v1/custom", customRun("a1"), "sl_ingest_nope"), 401, "invalid_api_key");
  });

  it("accepts the scheme case-insensitively", async () => {
    const res = await postJson("/v1/custom", customRun("a2"), null, { authorization: `bearer ${s.project.ingestKey}` });
    expect(res.status).toBe(200);
  });

  it("403 for a read key on an ingestion endpoint and an ingestion key on the read API", async () => {
    await expectError(await postJson("/v1/traces", aisdk(), s.project.readKey), 403, "read_key_cannot_ingest");
    await expectError(await postJson("/v1/feedback", { runId: "x", score: "thumbs_up" }, s.project.readKey), 403, "read_key_cannot_ingest");
    const r = await getJson("/v1/runs?range=1d", s.project.ingestKey);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("ingest_key_cannot_read");
  });

  it("a revoked key stops working", async () => {
    const { createApiKey, revokeApiKey } = await import("@/lib/server/data/api-keys");
    const { forgetKeyCache } = await import("@/lib/server/api-keys");
    const k = await createApiKey(s.db.sql, s.project.projectId, "ingest", "to revoke");
    expect((await postJson("/v1/custom", customRun("a3"), k.key)).status).toBe(200);
    expect(await revokeApiKey(s.db.sql, k.id, s.project.projectId)).toBe(true);
    forgetKeyCache();
    await expectError(await postJson("/v1/custom", customRun("a4"), k.key), 401, "invalid_api_key");
  });
});

describe("content type, encoding and size", () => {
  it("415 for an unsupported content type", async () => {
    await expectError(await postJson("/v1/custom", customRun("b1"), s.project.ingestKey, { "content-type": "text/plain" }), 415, "unsupported_content_type");
    await expectError(
      await postJson("/v1/custom", customRun("b1"), s.project.ingestKey, { "content-type": "application/x-protobuf" }),
      415,
      "unsupported_content_type",
    );
  });

  it("415 for an unknown content encoding", async () => {
    await expectError(await postJson("/v1/custom", customRun("b2"), s.project.ingestKey, { "content-encoding": "zstd" }), 415, "unsupported_content_encoding");
  });

  it("accepts gzip and deflate bodies", async () => {
    const gz = zlib.gzipSync(JSON.stringify(customRun("gz-1")));
    const df = zlib.deflateSync(JSON.stringify(customRun("df-1")));
    const headers = { "content-type": "application/json", authorization: `Bearer ${s.project.ingestKey}` };
    expect((await call("POST", "/v1/custom", { body: gz, headers: { ...headers, "content-encoding": "gzip" } })).status).toBe(200);
    expect((await call("POST", "/v1/custom", { body: df, headers: { ...headers, "content-encoding": "deflate" } })).status).toBe(200);
    for (const id of ["gz-1", "df-1"]) expect((await getJson(`/v1/runs/${id}`, s.project.readKey)).status).toBe(200);
  });

  it("400 for a body that is not what its encoding claims", async () => {
    await expectError(await postJson("/v1/custom", "not gzip at all", s.project.ingestKey, { "content-encoding": "gzip" }), 400, "invalid_encoding");
  });

  it("413 for a body over the limit, also when it only grows past it once decompressed", async () => {
    const big = JSON.stringify({ ...customRun("big"), response: "x".repeat(33 * 1024 * 1024) });
    await expectError(await postJson("/v1/custom", big, s.project.ingestKey), 413, "body_too_large");
    const bomb = zlib.gzipSync(Buffer.alloc(40 * 1024 * 1024, 32));
    const res = await call("POST", "/v1/custom", {
      body: bomb,
      headers: { "content-type": "application/json", "content-encoding": "gzip", authorization: `Bearer ${s.project.ingestKey}` },
    });
    await expectError(res, 413, "body_too_large");
  });
});

describe("malformed bodies never answer 500", () => {
  const bodies: Array<[string, string, unknown, number]> = [
    ["/v1/custom", "invalid JSON", "{nope", 400],
    ["/v1/custom", "empty body", "", 400],
    ["/v1/custom", "a number", 42, 400],
    ["/v1/custom", "unknown item type", { type: "span", run_id: "x" }, 400],
    ["/v1/custom", "run without run_id", { type: "run", start_time: "2026-01-01T00:00:00Z" }, 400],
    ["/v1/custom", "batch with a broken item", { type: "batch", items: [customRun("ok"), { type: "step" }] }, 400],
    ["/v1/traces", "not OTLP", { hello: "world" }, 400],
    ["/v1/traces", "resourceSpans not an array", { resourceSpans: {} }, 400],
    ["/v1/feedback", "no runId", { score: "thumbs_up" }, 400],
    ["/v1/feedback", "array", [], 400],
  ];
  it.each(bodies)("%s: %s → %s", async (path, _name, body, status) => {
    const res = await postJson(path, body, s.project.ingestKey);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBeTruthy();
  });

  it("names the broken field of a custom item", async () => {
    const err = await expectError(
      await postJson("/v1/custom", { type: "batch", items: [customRun("ok2"), { type: "step", run_id: "r" }] }, s.project.ingestKey),
      400,
      "invalid_custom_payload",
    );
    expect(err.message).toContain("items.1.step_id");
  });

  it("400 for invalid protobuf on /v1/traces", async () => {
    const res = await call("POST", "/v1/traces", {
      body: Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02]),
      headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${s.project.ingestKey}` },
    });
    await expectError(res, 400, "invalid_protobuf");
  });

  it("keeps the valid spans of an OTLP request and reports the rejected ones", async () => {
    const body = structuredClone(aisdk()) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> };
    body.resourceSpans[0]!.scopeSpans[0]!.spans.push({ spanId: "zz", name: "broken" });
    const res = await postJson("/v1/traces", body, s.project.ingestKey);
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.partialSuccess.rejectedSpans).toBe(1);
    expect((await getJson("/v1/runs/5f0c3c1e-6d8b-4a57-9a57-1b2c3d4e5f60", s.project.readKey)).status).toBe(200);
  });

  it("stores text with NUL characters and lone surrogates instead of failing", async () => {
    const res = await postJson("/v1/custom", { ...customRun("nul-1"), response: "a\u0000b\ud800c", metadata: { "k\u0000": "v\u0000" } }, s.project.ingestKey);
    expect(res.status).toBe(200);
    const { body } = await getJson("/v1/runs/nul-1", s.project.readKey);
    expect(body.response).toBe("ab\ufffdc");
  });
});

describe("feedback rules", () => {
  it.each([
    ["unknown score", { runId: "r", score: "meh" }, "invalid_score"],
    ["neither score nor text", { runId: "r" }, "missing_score_or_text"],
    ["blank text only", { runId: "r", text: "   " }, "missing_score_or_text"],
    ["2001 characters", { runId: "r", text: "x".repeat(2001) }, "text_too_long"],
    ["text not a string", { runId: "r", text: 5 }, "invalid_text"],
    ["empty runId", { runId: "", score: "thumbs_up" }, "invalid_run_id"],
  ])("%s → 400 %s", async (_name, body, code) => {
    await expectError(await postJson("/v1/feedback", body, s.project.ingestKey), 400, code);
  });

  it("accepts 2000 characters exactly, and feedback before its run arrives", async () => {
    const res = await postJson("/v1/feedback", { runId: "later-run", text: "y".repeat(2000), score: "thumbs_down" }, s.project.ingestKey);
    expect(res.status).toBe(200);
    await postJson("/v1/custom", customRun("later-run"), s.project.ingestKey);
    const { body } = await getJson("/v1/runs/later-run", s.project.readKey);
    expect(body.feedback).toHaveLength(1);
    expect(body.feedback[0].score).toBe("thumbs_down");
    const list = await getJson("/v1/runs?from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z&feedback=thumbs_down", s.project.readKey);
    expect(list.body.data.map((r: { id: string }) => r.id)).toContain("later-run");
  });

  it("keeps every submission, the latest score wins, and an identical retry is stored once", async () => {
    await postJson("/v1/custom", customRun("fb-run"), s.project.ingestKey);
    for (const body of [
      { runId: "fb-run", score: "thumbs_up" },
      { runId: "fb-run", score: "thumbs_up" },
      { runId: "fb-run", text: "only text" },
      { runId: "fb-run", score: "thumbs_down", text: "changed my mind" },
    ]) {
      expect((await postJson("/v1/feedback", body, s.project.ingestKey)).status).toBe(200);
    }
    const { body } = await getJson("/v1/runs/fb-run", s.project.readKey);
    expect(body.feedback.map((f: { score: string | null }) => f.score)).toEqual(["thumbs_up", null, "thumbs_down"]);
    const down = await getJson("/v1/runs?from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z&feedback=thumbs_down", s.project.readKey);
    expect(down.body.data.map((r: { id: string }) => r.id)).toContain("fb-run");
    const up = await getJson("/v1/runs?from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z&feedback=thumbs_up", s.project.readKey);
    expect(up.body.data.map((r: { id: string }) => r.id)).not.toContain("fb-run");
  });
});

describe("extreme numbers and instants", () => {
  // Client clocks and token counters can send anything; none of it may fail a batch with a 500.
  const huge = 9_007_199_254_740_991;
  const otlpSpan = (spanId: string, start: string, end: string) => ({
    resourceSpans: [
      {
        resource: { attributes: [] },
        scopeSpans: [
          {
            scope: { name: "extreme" },
            spans: [
              {
                traceId: "0af7651916cd43dd8448eb211c80319c",
                spanId,
                name: "gen_ai.chat",
                kind: 3,
                startTimeUnixNano: start,
                endTimeUnixNano: end,
                attributes: [
                  { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
                  { key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } },
                  { key: "gen_ai.usage.input_tokens", value: { intValue: String(huge) } },
                  { key: "gen_ai.usage.output_tokens", value: { doubleValue: 1e300 } },
                ],
                status: { code: 0 },
              },
            ],
          },
        ],
      },
    ],
  });

  it.each([
    ["span from 1970 to now", "1", String(BigInt(Date.now()) * 1_000_000n)],
    ["span ending before it starts", String(BigInt(Date.now()) * 1_000_000n), "1"],
    ["span in the far future", "9223372036854775807", "9223372036854775807"],
  ])("/v1/traces: %s → 2xx or 4xx, never 500", async (_name, start, end) => {
    const res = await postJson("/v1/traces", otlpSpan(`b7ad6b71692033${String(start.length).padStart(2, "0")}`, start, end), s.project.ingestKey);
    expect(res.status).toBeLessThan(500);
  });

  it("/v1/custom: a 300-year run with absurd token counts and cost is stored, clamped", async () => {
    const run = { ...customRun("extreme-1"), start_time: "1800-01-01T00:00:00Z", end_time: "2100-01-01T00:00:00Z" };
    const step = {
      type: "step",
      run_id: "extreme-1",
      step_id: "extreme-1-s",
      start_time: "2026-11-20T10:00:00Z",
      end_time: "2026-11-20T10:00:01Z",
      model_used: "gpt-4o",
      prompt_uncached_tokens: huge,
      prompt_cached_tokens: huge,
      completion_tokens: huge,
      real_total_cost: 1e300,
    };
    const res = await postJson("/v1/custom", { type: "batch", items: [run, step, { ...step, step_id: "extreme-1-s2" }] }, s.project.ingestKey);
    expect(res.status).toBeLessThan(500);
    if (res.status === 200) {
      const { status, body } = await getJson("/v1/runs/extreme-1", s.project.readKey);
      expect(status).toBe(200);
      // Out-of-range instants are dropped by the mapper or the duration is clamped; either way an int.
      expect(body.durationMs === null || body.durationMs <= 2_147_483_647).toBe(true);
      expect(body.usage.inputTokens).toBe(1_000_000_000);
      expect(body.steps[0].usage.inputTokens).toBe(1_000_000_000);
      expect(body.costUsd).toBeLessThanOrEqual(2_000_000);
    }
  });
});

describe("oversized identifiers and names", () => {
  // Indexed text has a size limit (about 2.7 kB per index entry); none of these may fail a write.
  const randomCjk = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join("");

  it("a model name and a tool name of 5,000 random characters", async () => {
    const long = randomCjk(5000);
    const items = [
      { ...customRun("long-names-1") },
      {
        type: "step",
        run_id: "long-names-1",
        step_id: "s1",
        start_time: "2026-11-20T10:00:00Z",
        end_time: "2026-11-20T10:00:01Z",
        model_used: long,
        prompt_uncached_tokens: 5,
        completion_tokens: 5,
      },
      { type: "tool_call", run_id: "long-names-1", tool_call_id: "t1", tool_name: long, start_time: "2026-11-20T10:00:00Z", end_time: "2026-11-20T10:00:01Z" },
    ];
    const res = await postJson("/v1/custom", { type: "batch", items }, s.project.ingestKey);
    expect(res.status).toBe(200);
    const { body } = await getJson("/v1/runs/long-names-1", s.project.readKey);
    expect(body.toolCalls[0].name.length).toBeGreaterThan(100);
    expect(body.steps[0].model.length).toBeGreaterThan(100);
  });

  it("run, step and tool call ids at the 512-character limit in 3-byte characters", async () => {
    const runId = randomCjk(512);
    const items = [
      { ...customRun(runId) },
      { type: "step", run_id: runId, step_id: randomCjk(512), start_time: "2026-11-20T10:00:00Z" },
      { type: "tool_call", run_id: runId, tool_call_id: randomCjk(511), tool_name: "t", start_time: "2026-11-20T10:00:00Z" },
    ];
    const res = await postJson("/v1/custom", { type: "batch", items }, s.project.ingestKey);
    expect(res.status).toBe(200);
    expect((await postJson("/v1/feedback", { runId, score: "thumbs_up" }, s.project.ingestKey)).status).toBe(200);
    const { status, body } = await getJson(`/v1/runs/${encodeURIComponent(runId)}`, s.project.readKey);
    expect(status).toBe(200);
    expect(body.steps).toHaveLength(1);
    expect(body.toolCalls).toHaveLength(1);
    expect(body.feedback[0].score).toBe("thumbs_up");
  });
});
