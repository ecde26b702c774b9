// Sends runs the way the SDKs do: TCC custom JSON to /v1/custom and AI SDK-style OTLP/JSON spans
// to /v1/traces, with the ingestion key; reads back through the REST API with the read key.
import crypto from "node:crypto";

export interface CustomRunInput {
  runId?: string;
  prompt: string;
  response?: string;
  agent?: string;
  userId?: string;
  userName?: string;
  orgId?: string;
  orgName?: string;
  sessionId?: string;
  status?: 0 | 2;
  /** The run's error message (with status 2). */
  statusMessage?: string;
  startedAgoMs?: number;
  metadata?: Record<string, string>;
  toolCalls?: Array<{ name: string; args: string; result: string; error?: string; durationMs?: number }>;
  /** One LLM step with this model and usage. */
  step?: { model: string; inputTokens: number; outputTokens: number; costUsd?: number; durationMs?: number };
  feedback?: { score?: "thumbs_up" | "thumbs_down"; text?: string };
}

export interface OtlpRunInput {
  runId?: string;
  agent?: string;
  userId?: string;
  prompt: string;
  tool: { name: string; args: Record<string, unknown>; result: Record<string, unknown> };
  answer: string;
}

const hex = (bytes: number) => crypto.randomBytes(bytes).toString("hex");
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

export function ingestClient(baseUrl: string, ingestKey: string, readKey: string) {
  async function post(path: string, body: unknown): Promise<void> {
    const r = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${path} answered ${r.status}: ${await r.text()}`);
  }

  return {
    baseUrl,
    async sendCustomRun(input: CustomRunInput): Promise<string> {
      const runId = input.runId ?? crypto.randomUUID();
      const start = new Date(Date.now() - (input.startedAgoMs ?? 60_000));
      const end = new Date(start.getTime() + (input.step?.durationMs ?? 1000) + 500);
      const metadata: Record<string, string> = { ...(input.metadata ?? {}) };
      if (input.agent) metadata["tcc.agent"] = input.agent;
      if (input.userId) metadata["tcc.userId"] = input.userId;
      if (input.userName) metadata["tcc.userName"] = input.userName;
      if (input.orgId) metadata["tcc.orgId"] = input.orgId;
      if (input.orgName) metadata["tcc.orgName"] = input.orgName;
      const items: unknown[] = [
        {
          type: "run",
          run_id: runId,
          start_time: start.toISOString(),
          end_time: end.toISOString(),
          status_code: input.status ?? 0,
          ...(input.statusMessage ? { status_message: input.statusMessage } : {}),
          prompt: { user_prompt: input.prompt },
          response: input.response ?? "ok",
          session_id: input.sessionId,
          conversational: true,
          metadata,
        },
      ];
      if (input.step) {
        items.push({
          type: "step",
          run_id: runId,
          step_id: `${runId}-step`,
          start_time: new Date(start.getTime() + 20).toISOString(),
          end_time: new Date(start.getTime() + 20 + (input.step.durationMs ?? 900)).toISOString(),
          prompt: JSON.stringify([{ role: "user", content: input.prompt }]),
          response: input.response ?? "ok",
          model_used: input.step.model,
          prompt_uncached_tokens: input.step.inputTokens,
          completion_tokens: input.step.outputTokens,
          ...(input.step.costUsd !== undefined ? { real_total_cost: input.step.costUsd } : {}),
          finish_reason: "stop",
        });
      }
      (input.toolCalls ?? []).forEach((t, i) =>
        items.push({
          type: "tool_call",
          run_id: runId,
          tool_call_id: `${runId}-tc-${i}`,
          tool_name: t.name,
          start_time: new Date(start.getTime() + 100 + i * 200).toISOString(),
          end_time: new Date(start.getTime() + 100 + i * 200 + (t.durationMs ?? 150)).toISOString(),
          status_code: t.error ? 2 : 0,
          ...(t.error ? { status_message: t.error } : {}),
          args: t.args,
          result: t.result,
        }),
      );
      await post("/v1/custom", { type: "batch", items });
      if (input.feedback) await post("/v1/feedback", { runId, ...input.feedback });
      return runId;
    },

    /** One AI SDK generateText run: run span → LLM call → tool call → LLM call, as OTLP/JSON. */
    async sendOtlpRun(input: OtlpRunInput): Promise<string> {
      const runId = input.runId ?? crypto.randomUUID();
      const traceId = hex(16);
      const root = hex(8);
      const t0 = BigInt(Date.now() - 30_000) * 1_000_000n;
      const at = (ms: number) => String(t0 + BigInt(ms) * 1_000_000n);
      const meta = [
        str("ai.telemetry.metadata.tcc.runId", runId),
        ...(input.agent ? [str("ai.telemetry.metadata.tcc.agent", input.agent)] : []),
        ...(input.userId ? [str("ai.telemetry.metadata.tcc.userId", input.userId)] : []),
      ];
      const messages = JSON.stringify([
        { role: "system", content: "You are a test agent." },
        { role: "user", content: input.prompt },
      ]);
      const toolCalls = JSON.stringify([{ toolCallId: "call_1", toolName: input.tool.name, input: JSON.stringify(input.tool.args) }]);
      const span = (spanId: string, parent: string | null, name: string, from: number, to: number, attributes: unknown[]) => ({
        traceId,
        spanId,
        ...(parent ? { parentSpanId: parent } : {}),
        name,
        kind: 1,
        startTimeUnixNano: at(from),
        endTimeUnixNano: at(to),
        attributes: [str("ai.operationId", name), ...meta, str("tcc.runId", runId), ...attributes],
        status: { code: 0 },
      });
      const spans = [
        span(root, null, "ai.generateText", 0, 900, [
          str("ai.prompt", JSON.stringify({ system: "You are a test agent.", prompt: input.prompt })),
          str("ai.response.text", input.answer),
        ]),
        span(hex(8), root, "ai.generateText.doGenerate", 10, 300, [
          str("ai.model.provider", "mock-provider"),
          str("ai.model.id", "mock-model-e2e"),
          str("ai.prompt.messages", messages),
          str("ai.response.finishReason", "tool-calls"),
          str("ai.response.toolCalls", toolCalls),
          int("ai.usage.inputTokens", 40),
          int("ai.usage.outputTokens", 8),
        ]),
        span(hex(8), root, "ai.toolCall", 310, 600, [
          str("ai.toolCall.name", input.tool.name),
          str("ai.toolCall.id", "call_1"),
          str("ai.toolCall.args", JSON.stringify(input.tool.args)),
          str("ai.toolCall.result", JSON.stringify(input.tool.result)),
        ]),
        span(hex(8), root, "ai.generateText.doGenerate", 610, 890, [
          str("ai.model.provider", "mock-provider"),
          str("ai.model.id", "mock-model-e2e"),
          str("ai.prompt.messages", messages),
          str("ai.response.finishReason", "stop"),
          str("ai.response.text", input.answer),
          int("ai.usage.inputTokens", 60),
          int("ai.usage.outputTokens", 12),
        ]),
      ];
      await post("/v1/traces", {
        resourceSpans: [{ resource: { attributes: [str("service.name", "e2e")] }, scopeSpans: [{ scope: { name: "ai" }, spans }] }],
      });
      return runId;
    },

    /** Any OTLP/JSON body to /v1/traces. */
    postTraces: (body: unknown) => post("/v1/traces", body),

    /** GET on the REST API with the read key. */
    async read<T = unknown>(path: string): Promise<T> {
      const r = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${readKey}` } });
      if (!r.ok) throw new Error(`${path} answered ${r.status}: ${await r.text()}`);
      return r.json() as Promise<T>;
    },
  };
}

export type IngestClient = ReturnType<typeof ingestClient>;
