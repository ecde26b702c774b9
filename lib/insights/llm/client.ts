// A small client for an OpenAI-compatible endpoint (SIGHTLINE_LLM_BASE_URL): embeddings for topic
// clustering, and short completions for topic labels and recap narratives. Optional: with no
// endpoint configured every insight is computed locally. Errors say which call failed and why.
import { z } from "zod";

export interface LlmConfig {
  /** e.g. https://api.openai.com/v1 or http://localhost:11434/v1 */
  baseUrl: string;
  apiKey: string | null;
  /** The chat model (labels, narratives); null when only embeddings are configured. */
  model: string | null;
  embeddingModel: string | null;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class LlmError extends Error {}

const EmbeddingResponse = z.object({ data: z.array(z.object({ index: z.number().int(), embedding: z.array(z.number()) })) });
const ChatResponse = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1) });

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export function createLlmClient(config: LlmConfig) {
  const base = config.baseUrl.replace(/\/+$/, "");
  const doFetch = config.fetch ?? fetch;

  async function post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new LlmError(`LLM endpoint ${base}${path} did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    if (!res.ok) throw new LlmError(`LLM endpoint ${base}${path} answered ${res.status}: ${text.slice(0, 300)}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new LlmError(`LLM endpoint ${base}${path} answered with something that is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new LlmError(`LLM endpoint ${base}${path} answered in an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data;
  }

  return {
    /** One vector per text, in the order given. */
    async embed(texts: string[]): Promise<number[][]> {
      if (!config.embeddingModel) throw new LlmError("No embedding model configured: set SIGHTLINE_LLM_EMBEDDING_MODEL.");
      if (texts.length === 0) return [];
      const res = await post("/embeddings", { model: config.embeddingModel, input: texts }, EmbeddingResponse);
      const out: number[][] = new Array(texts.length);
      for (const d of res.data) out[d.index] = d.embedding;
      if (out.filter(Boolean).length !== texts.length) throw new LlmError(`LLM endpoint returned ${res.data.length} embeddings for ${texts.length} texts`);
      return out;
    },
    async complete(messages: ChatMessage[], maxTokens = 200): Promise<string> {
      if (!config.model) throw new LlmError("No chat model configured: set SIGHTLINE_LLM_MODEL.");
      const res = await post("/chat/completions", { model: config.model, messages, max_tokens: maxTokens, temperature: 0 }, ChatResponse);
      return (res.choices[0]!.message.content ?? "").trim();
    },
  };
}

export type LlmClient = ReturnType<typeof createLlmClient>;

/** A short human label for a topic from its top terms and example prompts. */
export async function labelTopic(client: LlmClient, keywords: string[], examples: string[]): Promise<string> {
  const label = await client.complete(
    [
      { role: "system", content: "You name groups of user requests to an AI assistant. Answer with a label of 2 to 6 words, no quotes, no final period." },
      { role: "user", content: `Top terms: ${keywords.join(", ")}\nExample requests:\n${examples.map((e) => `- ${e.slice(0, 300)}`).join("\n")}` },
    ],
    30,
  );
  // A label is one short line whatever the model says.
  return label
    .split("\n")[0]!
    .replace(/^["'“]+|["'”.]+$/g, "")
    .slice(0, 80);
}

/** A short paragraph summarising a recap, from its Markdown. */
export async function narrateRecap(client: LlmClient, markdown: string): Promise<string> {
  const text = await client.complete(
    [
      {
        role: "system",
        content:
          "You summarise an observability digest of an AI agent for its team in 2 to 4 plain sentences: what changed and what needs attention. No Markdown, no lists.",
      },
      { role: "user", content: markdown.slice(0, 12_000) },
    ],
    250,
  );
  return text.slice(0, 1_200);
}
