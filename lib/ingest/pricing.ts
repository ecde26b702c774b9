// Model prices come from a maintained library (@pydantic/genai-prices), never a table of our own.
import { calcPrice, type Provider } from "@pydantic/genai-prices";
import type { Usage } from "./model";

type Tokens = Parameters<typeof calcPrice>[0];

// Pricing one LLM call through the library costs 0.2-0.4 ms (matching the model name against
// every price entry, then its unit logic), which dominated the ingestion of large batches. So the
// library is asked once per (model, provider label):
//  - the matched model is kept, and later calls price against a provider holding only it;
//  - when that model has one undated, untiered price, the library's own answers for a few probe
//    usages give its per-token rates (checked on further probes), and later calls apply them.
// Anything dated (time-of-day or start-date prices) or tiered always goes through the library.
interface Match {
  provider: Provider;
  /** Per-token rates read from the library: fixed + uncached input, cached input, output. */
  linear: { fixed: number; input: number; cached: number; output: number } | null;
}
const matches = new Map<string, Match | null>();
const MAX_MATCHES = 5_000;

function priceUncached(tokens: Tokens, model: string, provider: string | null) {
  // An SDK's provider label ("openai.chat", "mock-provider") may not be a provider id the price
  // data knows; the model name alone usually is enough.
  const withProvider = provider ? calcPrice(tokens, model, { providerId: provider.split(".")[0]!.toLowerCase() }) : null;
  return withProvider ?? calcPrice(tokens, model);
}

const tok = (input: number, output: number, cached: number): Tokens => ({
  input_tokens: input,
  output_tokens: output,
  ...(cached ? { cache_read_tokens: cached } : {}),
});

function linearRates(model: string, provider: Provider): Match["linear"] {
  const info = provider.models[0]!;
  if (Array.isArray(info.prices) || Object.values(info.prices).some((v) => typeof v === "object")) return null;
  const at = (i: number, o: number, c: number) => calcPrice(tok(i, o, c), model, { provider })?.total_price ?? NaN;
  const M = 1_000_000;
  const fixed = at(0, 0, 0);
  const rates = { fixed, input: (at(M, 0, 0) - fixed) / M, output: (at(0, M, 0) - fixed) / M, cached: (at(M, 0, M) - fixed) / M };
  if (!Object.values(rates).every(Number.isFinite)) return null;
  for (const [i, o, c] of [
    [1234, 567, 0],
    [98_765, 4321, 50_000],
    [7, 3, 7],
  ] as const) {
    const expected = at(i, o, c);
    const got = rates.fixed + rates.input * (i - c) + rates.cached * c + rates.output * o;
    if (Math.abs(got - expected) > Math.abs(expected) * 1e-9 + 1e-15) return null;
  }
  return rates;
}

/**
 * Cost in USD of one LLM call, or null when the model is unknown to the price data or there is
 * no token count. `inputTokens` is the total input (cached tokens included), as the library expects.
 */
export function priceUsage(model: string | null, provider: string | null, usage: Usage | null): number | null {
  if (!model || !usage) return null;
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  if (input === 0 && output === 0) return null;
  const cached = Math.min(usage.cachedTokens ?? 0, input);
  try {
    const key = `${model}\u0000${provider ?? ""}`;
    let match = matches.get(key);
    if (match === undefined) {
      const result = priceUncached(tok(input, output, cached), model, provider);
      const single = result ? { ...result.provider, models: [result.model] } : null;
      match = single ? { provider: single, linear: linearRates(model, single) } : null;
      if (matches.size >= MAX_MATCHES) matches.clear();
      matches.set(key, match);
    }
    if (match === null) return null;
    // The same formula on every call, so a replayed payload gets the very same cost.
    if (match.linear) return match.linear.fixed + match.linear.input * (input - cached) + match.linear.cached * cached + match.linear.output * output;
    return calcPrice(tok(input, output, cached), model, { provider: match.provider })?.total_price ?? null;
  } catch {
    return null;
  }
}

/** The library's answer without any caching, for tests that check the cache changes nothing. */
export function priceUsageUncached(model: string, provider: string | null, usage: Usage): number | null {
  const input = usage.inputTokens ?? 0;
  try {
    return priceUncached(tok(input, usage.outputTokens ?? 0, Math.min(usage.cachedTokens ?? 0, input)), model, provider)?.total_price ?? null;
  } catch {
    return null;
  }
}
