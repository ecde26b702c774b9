// A closed-loop HTTP load generator: `concurrency` clients each send a request, wait for the
// answer, and send the next, for `durationMs`. Request bodies come from a template whose id
// placeholder is replaced by a fresh value per request, so every request carries new runs.
import { percentile } from "./stats.mjs";

/** 12 hex characters that never occur in generated ids by chance; replaced per request. */
export const ID_TOKEN = "c0ffee5eed00";

export async function runLoad({ url, key, contentType, template, concurrency, durationMs, warmup = 4, itemsPerRequest }) {
  let counter = 0;
  const body = () => template.replaceAll(ID_TOKEN, (++counter + 0x100000).toString(16).padStart(12, "0"));
  const send = async () => {
    const t0 = performance.now();
    const res = await fetch(url, { method: "POST", headers: { "content-type": contentType, authorization: `Bearer ${key}` }, body: body() });
    const text = await res.text();
    return { ms: performance.now() - t0, status: res.status, text };
  };
  for (let i = 0; i < warmup; i++) {
    const r = await send();
    if (r.status !== 200) throw new Error(`warm-up request to ${url} answered ${r.status}: ${r.text.slice(0, 300)}`);
  }
  const latencies = [];
  const failures = new Map();
  const started = performance.now();
  const deadline = started + durationMs;
  const client = async () => {
    while (performance.now() < deadline) {
      const r = await send();
      if (r.status === 200) latencies.push(r.ms);
      else failures.set(r.status, (failures.get(r.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = performance.now() - started;
  return {
    requests: latencies.length,
    failures: Object.fromEntries(failures),
    elapsedMs: elapsed,
    itemsPerSec: (latencies.length * itemsPerRequest * 1000) / elapsed,
    requestsPerSec: (latencies.length * 1000) / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    bodyBytes: Buffer.byteLength(template),
  };
}
