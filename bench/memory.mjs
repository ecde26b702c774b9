// Memory of the server process (resident set, from /proc) idle and under large ingestion requests:
//  - idle: after start-up on an empty database, once it has settled (SETTLE_MS);
//  - burst: 8 concurrent 30 MB /v1/custom batches (each sent again after a 503 until stored);
//  - rounds: ROUNDS × 60 s of 8 clients sending 30 MB batches back to back, each followed by a
//    minute without load; peak RSS during the round, RSS a minute after ("settled").
// A settled figure that keeps rising from round to round would be a leak; one that plateaus is
// memory kept for reuse (allocator arenas, the WebAssembly memory, which never shrinks).
// Bodies are ~30 MB of runs with 10 KB prompts and responses, fresh run ids per request.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";

const CLIENTS = 8;
const BODY_BYTES = 30 * 1024 * 1024;
const RUN_BYTES = 10 * 1024;
const SETTLE_MS = 60_000;
const TOKEN = "c0ffee5eed00";

/** VmRSS of `pid` in MB, or null without /proc. */
export function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** The highest RSS seen while `fn` runs (sampled every 100 ms). */
async function peakDuring(pid, fn) {
  let peak = rssMb(pid) ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid) ?? 0)), 100);
  try {
    const result = await fn();
    return { peak: Math.max(peak, rssMb(pid) ?? 0), result };
  } finally {
    clearInterval(timer);
  }
}

/** A ~30 MB batch template; TOKEN is replaced per request (same length) so run ids are fresh. */
function template() {
  const text = "lorem ipsum dolor sit amet ".repeat(Math.ceil(RUN_BYTES / 2 / 27)).slice(0, RUN_BYTES / 2);
  const runs = Math.floor(BODY_BYTES / (RUN_BYTES + 300));
  const items = Array.from({ length: runs }, (_, i) => ({
    type: "run",
    run_id: `mem-${TOKEN}-${i}`,
    session_id: `mem-${TOKEN}-s${i % 50}`,
    start_time: "2026-11-20T10:00:00Z",
    end_time: "2026-11-20T10:00:01Z",
    status_code: 0,
    prompt: { user_prompt: text },
    response: text,
    metadata: { "tcc.userId": `u${i % 100}` },
  }));
  const bytes = Buffer.from(JSON.stringify({ type: "batch", items }), "utf8");
  const offsets = [];
  for (let at = bytes.indexOf(TOKEN); at !== -1; at = bytes.indexOf(TOKEN, at + TOKEN.length)) offsets.push(at);
  let n = 0;
  return {
    runs,
    bytes: bytes.length,
    next() {
      const id = (++n + 0x100000 * (1 + Math.floor(Math.random() * 0xfff))).toString(16).padStart(TOKEN.length, "0").slice(-TOKEN.length);
      const body = Buffer.from(bytes);
      for (const at of offsets) body.write(id, at, "latin1");
      return body;
    },
  };
}

function post(agent, url, key, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${key}`, "content-length": body.length } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode, retryAfter: Number(res.headers["retry-after"] ?? 0) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends one body until it is stored (503 → wait Retry-After, as the SDKs do); counts the answers. */
async function sendUntilStored(agent, url, key, body, counts) {
  for (;;) {
    let r;
    try {
      r = await post(agent, url, key, body);
    } catch {
      counts.errors++;
      await new Promise((res) => setTimeout(res, 1000));
      continue;
    }
    if (r.status >= 200 && r.status < 300) return void counts.stored++;
    if (r.status === 503 || r.status === 429) {
      counts.busy++;
      await new Promise((res) => setTimeout(res, (r.retryAfter || 1) * 1000));
      continue;
    }
    counts.errors++;
    throw new Error(`a 30 MB batch was answered ${r.status}`);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const load = () => os.loadavg()[0].toFixed(1);

/** Runs the memory scenario on a started server; returns table rows. */
export async function benchMemory(server, dbLabel, { rounds = 3, roundMs = 60_000, log = console.log } = {}) {
  const pid = server.child.pid;
  const url = `${server.url}/v1/custom`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const t = template();
  log(`[memory] ${dbLabel}: bodies of ${(t.bytes / 1048576).toFixed(1)} MB (${t.runs} runs); idle for ${SETTLE_MS / 1000} s…`);
  await sleep(SETTLE_MS);
  const idle = rssMb(pid);
  const rows = [[dbLabel, "idle after start", "–", `${idle}`, "–", "–", load()]];
  log(`[memory] ${dbLabel}: idle ${idle} MB; burst of ${CLIENTS} concurrent bodies…`);

  const burstCounts = { stored: 0, busy: 0, errors: 0 };
  const burst = await peakDuring(pid, () =>
    Promise.all(Array.from({ length: CLIENTS }, () => sendUntilStored(agent, url, server.ingestKey, t.next(), burstCounts))),
  );
  await sleep(SETTLE_MS);
  const afterBurst = rssMb(pid);
  rows.push([dbLabel, `burst: ${CLIENTS} × 30 MB at once`, `${burst.peak}`, `${afterBurst}`, `${burstCounts.stored}`, `${burstCounts.busy}`, load()]);
  log(`[memory] ${dbLabel}: burst peak ${burst.peak} MB, a minute later ${afterBurst} MB (${burstCounts.busy} answered 503 first)`);

  for (let round = 1; round <= rounds; round++) {
    const counts = { stored: 0, busy: 0, errors: 0 };
    const until = Date.now() + roundMs;
    const client = async () => {
      while (Date.now() < until) await sendUntilStored(agent, url, server.ingestKey, t.next(), counts);
    };
    const r = await peakDuring(pid, () => Promise.all(Array.from({ length: CLIENTS }, client)));
    await sleep(SETTLE_MS);
    const settled = rssMb(pid);
    rows.push([dbLabel, `round ${round}: ${roundMs / 1000} s of ${CLIENTS} clients`, `${r.peak}`, `${settled}`, `${counts.stored}`, `${counts.busy}`, load()]);
    log(`[memory] ${dbLabel}: round ${round} peak ${r.peak} MB, a minute later ${settled} MB (${counts.stored} stored, ${counts.busy} answered 503 first)`);
  }
  agent.destroy();
  return rows;
}

export const MEMORY_HEADER = ["database", "phase", "peak RSS MB", "RSS MB a minute after", "bodies stored", "503 answers", "load (1 min)"];
