import "server-only";
// An OpenAI-compatible chat completions client (SIGHTLINE_LLM_BASE_URL, _API_KEY, _MODEL), with a
// timeout, for the optional refinement of user insights.
import type { ChatClient } from "@/lib/insights/llm/refine";

export interface LlmConfig {
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  /** Share of the unflagged conversational runs also sent to the model (0-1). */
  sampleRate: number;
  timeoutMs?: number;
}

export function chatClient(cfg: LlmConfig): ChatClient {
  const url = `${cfg.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return {
    async complete(messages) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
        body: JSON.stringify({ model: cfg.model, messages, temperature: 0, max_tokens: 300, response_format: { type: "json_object" } }),
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 20_000),
      });
      if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
      const content = body.choices?.[0]?.message?.content;
      if (typeof content !== "string") throw new Error(`${url} answered without choices[0].message.content`);
      return content;
    },
  };
}
