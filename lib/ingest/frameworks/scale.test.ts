// Payloads can hold hundreds of thousands of spans, events or messages (bodies up to 32 MB): the
// mappers must stay near-linear so one large request cannot stall the server.
import { describe, expect, it } from "vitest";
import { mastraToBatch } from "./mastra";
import { openclawToBatch } from "./openclaw";
import { piToBatch } from "./pi";
import { claudeToBatch } from "./claude";

const N = 40_000;
const T0 = Date.parse("2026-11-20T10:00:00Z");
const iso = (ms: number) => new Date(T0 + ms).toISOString();

// CPU time of this process, not wall time: a quadratic mapper takes minutes of CPU at this size, a
// linear one well under a second, while wall time also counts whatever else the machine is running.
function timed<T>(fn: () => T): { result: T; ms: number } {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return { result, ms: (used.user + used.system) / 1000 };
}

describe(`mappers on ${N} items`, () => {
  it("mastra: one generation with many steps and tool calls", () => {
    const spans: unknown[] = [
      { id: "root", type: "agent_run", name: "agent run", startTime: iso(0), endTime: iso(N * 10), isRootSpan: true },
      { id: "gen", parentSpanId: "root", type: "model_generation", name: "llm", startTime: iso(1), attributes: { model: "gpt-4o-mini" } },
    ];
    for (let i = 0; i < N / 2; i++) {
      spans.push({ id: `s${i}`, parentSpanId: "gen", type: "model_step", name: `step: ${i}`, startTime: iso(i * 10 + 2), endTime: iso(i * 10 + 5) });
      spans.push({ id: `t${i}`, parentSpanId: "root", type: "tool_call", name: "tool: 'x'", startTime: iso(i * 10 + 6), endTime: iso(i * 10 + 8) });
    }
    const { result, ms } = timed(() => mastraToBatch({ runId: "r", spans }));
    expect(result.steps).toHaveLength(N / 2);
    expect(result.toolCalls[N / 2 - 1]!.stepId).toBe(`s${N / 2 - 1}`);
    expect(ms).toBeLessThan(5000);
  });

  it("openclaw: many llm and tool hooks", () => {
    const events: unknown[] = [];
    for (let i = 0; i < N / 4; i++) {
      events.push({ hook: "llm_input", timestamp: iso(i * 10), event: { prompt: "p" }, context: { sessionKey: "k" } });
      events.push({ hook: "before_tool_call", timestamp: iso(i * 10 + 1), event: { toolName: "x" } });
      events.push({ hook: "after_tool_call", timestamp: iso(i * 10 + 2), event: { toolName: "x", result: "ok" } });
      events.push({ hook: "llm_output", timestamp: iso(i * 10 + 3), event: { assistantTexts: ["a"] } });
    }
    const { result, ms } = timed(() => openclawToBatch({ events, metadata: { "tcc.runId": "r" } }));
    expect(result.steps).toHaveLength(N / 4);
    expect(result.toolCalls.every((t) => t.endTime)).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it("pi: many turns with tool executions", () => {
    const messages: unknown[] = [];
    const toolExecutions: unknown[] = [];
    for (let i = 0; i < N / 2; i++) {
      messages.push({ role: "assistant", content: [{ type: "toolCall", id: `c${i}`, name: "x", arguments: {} }], timestamp: T0 + i * 10 });
      messages.push({ role: "toolResult", toolCallId: `c${i}`, toolName: "x", content: "ok", isError: false, timestamp: T0 + i * 10 + 5 });
      toolExecutions.push({ toolCallId: `c${i}`, toolName: "x", startTimestamp: T0 + i * 10 + 1, endTimestamp: T0 + i * 10 + 4 });
    }
    const { result, ms } = timed(() => piToBatch({ runId: "r", startTimestamp: T0, endTimestamp: T0 + N * 10, messages, toolExecutions }));
    expect(result.steps).toHaveLength(N / 2);
    expect(result.steps[5]!.endTime!.getTime()).toBe(T0 + 51);
    expect(ms).toBeLessThan(5000);
  });

  it("claude: many turns with tool results", () => {
    const messages: unknown[] = [];
    for (let i = 0; i < N / 2; i++) {
      messages.push({
        type: "assistant",
        message: { id: `m${i}`, content: [{ type: "tool_use", id: `t${i}`, name: "x", input: {} }] },
        receivedAtMs: T0 + i * 10,
      });
      messages.push({ type: "user", message: { content: [{ type: "tool_result", tool_use_id: `t${i}`, content: "ok" }] }, receivedAtMs: T0 + i * 10 + 5 });
    }
    const { result, ms } = timed(() => claudeToBatch({ runId: "r", messages }));
    expect(result.toolCalls).toHaveLength(N / 2);
    expect(ms).toBeLessThan(5000);
  });
});
