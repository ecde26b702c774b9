// A closed-loop HTTP load generator: `concurrency` clients each send a request, wait for the
// answer, and send the next, for `durationMs`. Request bodies come from a template whose id
// placeholder is replaced by a fresh value per request, so every request carries new runs.
// It uses node:http with keep-alive connections rather than fetch: on a 2-CPU machine the load
// generator shares the server's CPUs, and fetch (undici) spent about twice the CPU per request.
// For the same reason the template is encoded once and each body is a copy of those bytes with
// the placeholder's occurrences overwritten (replacing it in a 1.3 MB string and encoding the
// result again cost ~7 ms per request, CPU the server under test could not use).
import http from "node:http";
import { selfCpuMs } from "./cpu.mjs";
import { percentile } from "./stats.mjs";

/** The template as bytes and a function that returns a copy with every ID_TOKEN replaced by `id` (same length). */
function bodyMaker(template) {
  const bytes = Buffer.from(template, "utf8");
  const token = Buffer.from(ID_TOKEN, "latin1");
  const offsets = [];
  for (let at = bytes.indexOf(token); at !== -1; at = bytes.indexOf(token, at + token.length)) offsets.push(at);
  return (id) => {
    const body = Buffer.from(bytes);
    for (const at of offsets) body.write(id, at, "latin1");
    return body;
  };
}

/** One POST over a keep-alive connection; resolves with the status and the answer's text. */
function post(agent, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "content-length": body.length } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** 12 hex characters that never occur in generated ids by chance; replaced per request. */
export const ID_TOKEN = "c0ffee5eed00";

// Shared by every run in this process: the scenarios' templates use the same run ids, and each
// request must carry runs no earlier request sent (else a scenario measures updates, not inserts).
let counter = 0;

/**
 * `cpu` optionally reads the CPU milliseconds used so far by the server and by the database
 * (functions returning null when they cannot tell); the result then carries their use over the
 * timed window, with the load generator's own.
 */
export async function runLoad({ url, key, contentType, template, concurrency, durationMs, warmup = 4, itemsPerRequest, cpu }) {
  const make = bodyMaker(template);
  const body = () => make((++counter + 0x100000).toString(16).padStart(ID_TOKEN.length, "0"));
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const headers = { "content-type": contentType, authorization: `Bearer ${key}` };
  const send = async () => {
    const t0 = performance.now();
    const res = await post(agent, url, headers, body());
    return { ms: performance.now() - t0, ...res };
  };
  for (let i = 0; i < warmup; i++) {
    const r = await send();
    if (r.status !== 200) throw new Error(`warm-up request to ${url} answered ${r.status}: ${r.text.slice(0, 300)}`);
  }
  const latencies = [];
  const failures = new Map();
  const cpuNow = () => ({ server: cpu?.server() ?? null, db: cpu?.db() ?? null, load: selfCpuMs() });
  const cpuBefore = cpuNow();
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
  const cpuAfter = cpuNow();
  const used = (k) => (cpuBefore[k] === null || cpuAfter[k] === null ? null : cpuAfter[k] - cpuBefore[k]);
  agent.destroy();
  return {
    requests: latencies.length,
    failures: Object.fromEntries(failures),
    elapsedMs: elapsed,
    itemsPerSec: (latencies.length * itemsPerRequest * 1000) / elapsed,
    requestsPerSec: (latencies.length * 1000) / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    bodyBytes: Buffer.byteLength(template),
    items: latencies.length * itemsPerRequest,
    cpuMs: { server: used("server"), db: used("db"), load: used("load") },
  };
}
