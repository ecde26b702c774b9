import { describe, expect, it } from "vitest";
import type { OtlpSpan } from "../decode";
import { CONVENTIONS, conventionFor } from "./registry";

const span = (name: string, attributes: Record<string, unknown>, scope: string | null = null): OtlpSpan => ({
  traceId: "0".repeat(32),
  spanId: "1".repeat(16),
  parentSpanId: null,
  name,
  kind: 1,
  startNs: 0n,
  endNs: null,
  status: { code: 0, message: null },
  attributes,
  events: [],
  resource: {},
  scope: { name: scope, version: null },
});

describe("convention registry order", () => {
  it("lists the conventions most specific first, generic last", () => {
    expect(CONVENTIONS.map((c) => c.name)).toEqual(["ai-sdk", "openinference", "openllmetry", "gen-ai", "generic"]);
  });

  it("gives AI SDK 6 step spans (which also carry gen_ai.*) to the AI SDK mapper", () => {
    expect(conventionFor(span("ai.generateText.doGenerate", { "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o" })).name).toBe("ai-sdk");
  });

  it("gives OpenLLMetry LLM spans (gen_ai.* plus indexed prompts) to OpenLLMetry, not GenAI", () => {
    expect(conventionFor(span("ChatOpenAI.chat", { "gen_ai.request.model": "gpt-4o", "llm.request.type": "chat" })).name).toBe("openllmetry");
    expect(conventionFor(span("openai.chat", { "gen_ai.request.model": "gpt-4o", "gen_ai.prompt.0.content": "hi" })).name).toBe("openllmetry");
  });

  it("gives OpenInference spans to OpenInference even when they carry gen_ai.* too", () => {
    expect(conventionFor(span("llm", { "openinference.span.kind": "LLM", "gen_ai.request.model": "gpt-4o" })).name).toBe("openinference");
  });

  it("gives AI SDK 7 and plain GenAI spans to GenAI, anything else to generic", () => {
    expect(conventionFor(span("chat m", { "gen_ai.operation.name": "chat" }, "gen_ai")).name).toBe("gen-ai");
    expect(conventionFor(span("GET /", { "http.request.method": "GET" })).name).toBe("generic");
  });
});
