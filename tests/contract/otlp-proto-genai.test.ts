// Plain OpenTelemetry, no TCC package: spans following the GenAI semantic conventions
// (invoke_agent / chat / execute_tool) sent by the official @opentelemetry/exporter-trace-otlp-proto
// exporter as OTLP/HTTP protobuf, read back through GET /v1/runs/{id}. A recording proxy in front
// of the server proves what went over the wire.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRun, server } from "./support";

interface Exchange {
  contentType: string | undefined;
  status: number;
  responseType: string | null;
}
const exchanges: Exchange[] = [];
let proxy: http.Server;

/** Forwards every request to the Sightline server and records content types and statuses. */
async function startProxy(target: string): Promise<string> {
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const headers: Record<string, string> = {};
      for (const k of ["authorization", "content-type", "content-encoding", "user-agent"]) {
        const v = req.headers[k];
        if (typeof v === "string") headers[k] = v;
      }
      const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
      const body = Buffer.from(await upstream.arrayBuffer());
      exchanges.push({ contentType: req.headers["content-type"], status: upstream.status, responseType: upstream.headers.get("content-type") });
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/octet-stream" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

const runId = crypto.randomUUID();
const sessionId = `trip-${crypto.randomBytes(4).toString("hex")}`;
const T0 = Date.now() - 5_000;
const at = (ms: number) => new Date(T0 + ms);
const json = (v: unknown) => JSON.stringify(v);
const exportResults: number[] = [];

beforeAll(async () => {
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-proto");
  const { BasicTracerProvider, BatchSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
  const { resourceFromAttributes } = await import("@opentelemetry/resources");
  const { trace, context, SpanKind, SpanStatusCode } = await import("@opentelemetry/api");

  const base = await startProxy(server().url);
  const exporter = new OTLPTraceExporter({ url: `${base}/v1/traces`, headers: { Authorization: `Bearer ${server().ingestKey}` } });
  const recording = {
    export: (spans: Parameters<typeof exporter.export>[0], cb: Parameters<typeof exporter.export>[1]) =>
      exporter.export(spans, (r) => {
        exportResults.push(r.code);
        cb(r);
      }),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "travel-service", "deployment.environment": "staging" }),
    spanProcessors: [new BatchSpanProcessor(recording)],
  });
  const tracer = provider.getTracer("travel-agent-instrumentation", "1.2.3");
  const child = (
    parent: ReturnType<typeof tracer.startSpan>,
    name: string,
    kind: number,
    startMs: number,
    attributes: Record<string, string | number | string[]>,
  ) => tracer.startSpan(name, { kind, startTime: at(startMs), attributes }, trace.setSpan(context.active(), parent));

  const root = tracer.startSpan("invoke_agent travel-planner", {
    kind: SpanKind.INTERNAL,
    startTime: at(0),
    attributes: {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "travel-planner",
      "tcc.runId": runId,
      "tcc.sessionId": sessionId,
      "tcc.agent": "Travel Planner",
      "tcc.userId": "traveler-1",
      "tcc.userName": "Marco Polo",
      "tcc.unknown": "dropped",
      "gen_ai.input.messages": json([{ role: "user", parts: [{ type: "text", content: "Plan two days in Rome" }] }]),
      "gen_ai.output.messages": json([{ role: "assistant", parts: [{ type: "text", content: "Day 1: Colosseum. Day 2: Vatican." }], finish_reason: "stop" }]),
      "gen_ai.usage.input_tokens": 520,
      "gen_ai.usage.output_tokens": 90,
    },
  });
  const chat1 = child(root, "chat gpt-4o", SpanKind.CLIENT, 10, {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.response.model": "gpt-4o-2024-08-06",
    "gen_ai.system_instructions": json([{ type: "text", content: "You are a travel planner." }]),
    "gen_ai.input.messages": json([{ role: "user", parts: [{ type: "text", content: "Plan two days in Rome" }] }]),
    "gen_ai.output.messages": json([
      { role: "assistant", parts: [{ type: "tool_call", id: "call_flights", name: "search_flights", arguments: { to: "FCO" } }], finish_reason: "tool_call" },
    ]),
    "gen_ai.response.finish_reasons": ["tool_call"],
    "gen_ai.usage.input_tokens": 220,
    "gen_ai.usage.output_tokens": 30,
  });
  chat1.end(at(800));
  const tool1 = child(root, "execute_tool search_flights", SpanKind.INTERNAL, 820, {
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": "search_flights",
    "gen_ai.tool.call.id": "call_flights",
    "gen_ai.tool.call.arguments": json({ to: "FCO" }),
    "gen_ai.tool.call.result": json([{ flight: "AZ611", price: 420 }]),
  });
  tool1.end(at(1100));
  const tool2 = child(root, "execute_tool book_hotel", SpanKind.INTERNAL, 1110, {
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": "book_hotel",
    "gen_ai.tool.call.id": "call_hotel",
    "gen_ai.tool.call.arguments": json({ city: "Rome", nights: 2 }),
  });
  tool2.recordException(new Error("Hotel API quota exceeded"), at(1190));
  tool2.setStatus({ code: SpanStatusCode.ERROR, message: "Hotel API quota exceeded" });
  tool2.end(at(1200));
  const chat2 = child(root, "chat gpt-4o", SpanKind.CLIENT, 1210, {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.input.messages": json([{ role: "user", parts: [{ type: "text", content: "Plan two days in Rome" }] }]),
    "gen_ai.output.messages": json([{ role: "assistant", parts: [{ type: "text", content: "Day 1: Colosseum. Day 2: Vatican." }], finish_reason: "stop" }]),
    "gen_ai.response.finish_reasons": ["stop"],
    "gen_ai.usage.input_tokens": 300,
    "gen_ai.usage.output_tokens": 60,
  });
  chat2.end(at(2000));
  root.end(at(2050));
  await provider.forceFlush();
  await provider.shutdown();
});

afterAll(() => new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve())));

describe("GenAI spans through @opentelemetry/exporter-trace-otlp-proto (OTLP/HTTP protobuf)", () => {
  it("went over the wire as protobuf and was answered with a protobuf 200", () => {
    expect(exchanges.length).toBeGreaterThanOrEqual(1);
    for (const e of exchanges) {
      expect(e).toEqual({ contentType: "application/x-protobuf", status: 200, responseType: "application/x-protobuf" });
    }
    expect(exportResults).toEqual(exchanges.map(() => 0)); // ExportResultCode.SUCCESS
  });

  it("becomes one run with the invoke_agent span's prompt, response, identity and usage", async () => {
    const run = await getRun(runId);
    expect(run).toMatchObject({
      id: runId,
      agent: { name: "Travel Planner", slug: "travel-planner" },
      sessionId,
      user: { id: "traveler-1", name: "Marco Polo" },
      status: "success",
      userPrompt: "Plan two days in Rome",
      response: "Day 1: Colosseum. Day 2: Vatican.",
      startTime: at(0).toISOString(),
      endTime: at(2050).toISOString(),
      durationMs: 2050,
      stepCount: 2,
      toolCallCount: 2,
      toolErrorCount: 1,
      // Step sums win over the run span's own totals.
      usage: { inputTokens: 520, outputTokens: 90 },
      metadata: {},
    });
    expect(run.models).toEqual(["gpt-4o", "gpt-4o-2024-08-06"]);
    expect(run.costUsd).toBeGreaterThan(0);
    expect(run.attributes.resource).toMatchObject({ "service.name": "travel-service", "deployment.environment": "staging" });
    expect(run.spans).toHaveLength(5);
    expect(run.spans.every((s: { traceId: string }) => s.traceId === run.traceId)).toBe(true);
    expect(run.spans.find((s: { name: string }) => s.name === "invoke_agent travel-planner")).toMatchObject({
      parentSpanId: null,
      scope: "travel-agent-instrumentation",
      kind: 1,
    });
  });

  it("turns chat spans into steps with provider, model, system instructions and messages", async () => {
    const { steps } = await getRun(runId);
    expect(steps).toHaveLength(2);
    const [s1, s2] = steps;
    expect(s1).toMatchObject({
      name: "chat gpt-4o",
      provider: "openai",
      model: "gpt-4o-2024-08-06",
      finishReason: "tool_call",
      durationMs: 790,
      usage: { inputTokens: 220, outputTokens: 30 },
      costSource: "price",
    });
    expect(s1.input.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(s1.input[0].parts).toEqual([{ type: "text", text: "You are a travel planner." }]);
    expect(s1.output[0].parts[0]).toMatchObject({ type: "tool_call", id: "call_flights", name: "search_flights" });
    expect(s2).toMatchObject({ model: "gpt-4o", finishReason: "stop", usage: { inputTokens: 300, outputTokens: 60 } });
    expect(s2.output[0].parts).toEqual([{ type: "text", text: "Day 1: Colosseum. Day 2: Vatican." }]);
  });

  it("turns execute_tool spans into tool calls, the failed one with its error", async () => {
    const { toolCalls, steps } = await getRun(runId);
    const [flights, hotel] = toolCalls;
    expect(flights).toMatchObject({ name: "search_flights", toolCallId: "call_flights", status: "success", durationMs: 280, stepId: steps[0].id });
    expect(JSON.parse(flights.args)).toEqual({ to: "FCO" });
    expect(JSON.parse(flights.result)).toEqual([{ flight: "AZ611", price: 420 }]);
    expect(hotel).toMatchObject({ name: "book_hotel", toolCallId: "call_hotel", status: "error", error: "Hotel API quota exceeded", result: null });
  });
});
