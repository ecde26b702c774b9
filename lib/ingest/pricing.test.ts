import { describe, expect, it } from "vitest";
import { priceUsage, priceUsageUncached } from "./pricing";

// [model, provider label as SDKs send it]
const MODELS: Array<[string, string | null]> = [
  ["gpt-4o", "openai.chat"],
  ["gpt-4o-2024-08-06", "openai.responses"],
  ["gpt-4o-mini", null],
  ["gpt-4.1", "openai"],
  ["o3-mini", "openai.responses"],
  ["claude-sonnet-4-20250514", "anthropic.messages"],
  ["claude-3-5-haiku-20241022", "anthropic"],
  ["claude-sonnet-4", null],
  ["gemini-2.0-flash", "google.generative-ai"],
  ["gemini-2.5-pro", "gcp.gemini"],
  ["gemini-2.5-pro", null],
  ["mistral-large-latest", "mistral"],
  ["llama-3.3-70b-versatile", "groq"],
  ["gpt-4o", "mock-provider"],
  ["mock-model-id", "mock-provider"],
  ["not-a-model", null],
];

describe("priceUsage", () => {
  it("prices known models and returns null for unknown ones or no tokens", () => {
    expect(priceUsage("gpt-4o", "openai.chat", { inputTokens: 1000, outputTokens: 500, cachedTokens: 0 })).toBeCloseTo(0.0075, 6);
    expect(priceUsage("mock-model-id", "mock-provider", { inputTokens: 10, outputTokens: 5, cachedTokens: null })).toBeNull();
    expect(priceUsage("gpt-4o", "openai.chat", { inputTokens: 0, outputTokens: 0, cachedTokens: 0 })).toBeNull();
    expect(priceUsage(null, "openai", { inputTokens: 10, outputTokens: 5, cachedTokens: 0 })).toBeNull();
  });

  it("gives what the library computes uncached, for every call after the first (cached match and rates)", () => {
    let seed = 42;
    const rand = (max: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % max;
    for (const [model, provider] of MODELS) {
      for (let i = 0; i < 40; i++) {
        // Large inputs cross tier boundaries (e.g. Gemini 2.5 Pro above 200k input tokens).
        const input = i % 10 === 0 ? 150_000 + rand(200_000) : rand(20_000);
        const usage = { inputTokens: input, outputTokens: rand(4000), cachedTokens: i % 3 === 0 ? rand(input + 1) : null };
        const expected = priceUsageUncached(model, provider, usage);
        const got = priceUsage(model, provider, usage);
        const label = `${model} ${provider} ${JSON.stringify(usage)}`;
        if (expected === null) expect(got, label).toBeNull();
        // Equal up to floating-point rounding of the per-token rates.
        else expect(Math.abs(got! - expected), label).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
      }
    }
  });

  it("uses the tiered price above a tier boundary", () => {
    const small = priceUsage("gemini-2.5-pro", null, { inputTokens: 100_000, outputTokens: 0, cachedTokens: 0 })!;
    const large = priceUsage("gemini-2.5-pro", null, { inputTokens: 300_000, outputTokens: 0, cachedTokens: 0 })!;
    expect(large / 300_000).toBeGreaterThan(small / 100_000);
  });
});
