// The dashboard under hostile input, signed in, on the built server: every page (list, detail and
// agent-scoped; tests/helpers/dashboard-pages.ts) and every app/api/ui route with hostile query
// values and path ids. Pass = no 5xx, and no page whose data failed to load (an errored boundary:
// the "could not be loaded" state, or a server error digest in the streamed HTML). Seeded, like
// the other fuzz tests: FUZZ_SEED=5000 FUZZ_PER_CAPTURE=30 hunts further.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FUZZ_SEED, rng } from "../helpers/fuzz";
import { dashboardPatterns, dashboardRouteFiles, fillPattern } from "../helpers/dashboard-pages";
import { fixture } from "../helpers/routes";
import { ROOT } from "../helpers/server";
import { server, signIn } from "./support";

// Each case is an HTTP request rendering a whole page; fewer than the in-process fuzz tests.
const CASES = Math.max(2, Math.round(Number(process.env.FUZZ_PER_CAPTURE ?? 30) / 6));
const AGENT = "fuzz-agent";
const RUN_ID = `fuzz-run-${Date.now()}`;

const PARAMS = [
  "range",
  "from",
  "to",
  "limit",
  "cursor",
  "agent",
  "userId",
  "orgId",
  "sessionId",
  "status",
  "feedback",
  "model",
  "sort",
  "order",
  "view",
  "node",
  "q",
  "tab",
  "field",
  "metadata.plan",
  "metadata.",
  "user",
];
const VALUES = [
  "",
  " ",
  "1d",
  "2M",
  "0",
  "-1",
  "1e400",
  "NaN",
  "true",
  "none",
  "error",
  "2026-11-22T00:00:00Z",
  "+275760-09-13T00:00:00Z",
  "99999999999999999999",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x".repeat(3_000),
  "eyJ0IjoxfQ",
  "%",
  "[]",
  "'; DROP TABLE runs; --",
  "<script>alert(1)</script>",
  "..",
];
/** Path ids: encoded values, and raw escapes that do not decode to UTF-8. */
const IDS = [...VALUES.filter((v) => v && v !== ".." && v.isWellFormed()).map((v) => encodeURIComponent(v)), "%FF", "%ED%A0%80", "%", "%00", "a%2Fb", "%2e%2e"];

let session = "";
const errors: string[] = [];

beforeAll(async () => {
  session = (await signIn()).cookie;
  expect(session).toMatch(/session-token=/);
  // Data for every page: the SDK captures, and one run with an agent, a user, an org and a session.
  const post = (p: string, body: unknown) =>
    fetch(`${server().url}${p}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server().ingestKey}` },
      body: JSON.stringify(body),
    });
  for (const c of fixture("custom")) await post(c.path, c.body);
  const run = {
    type: "run",
    run_id: RUN_ID,
    prompt: { user_prompt: "Hello" },
    response: "Hi!",
    metadata: { "tcc.agent": AGENT, "tcc.userId": "fuzz-user", "tcc.orgId": "fuzz-org", "tcc.sessionId": "fuzz-session" },
  };
  expect((await post("/v1/custom", run)).status).toBe(200);
});

/** GET `target` signed in; records what went wrong, if anything. */
async function visit(target: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${server().url}${target}`, { headers: { cookie: session }, redirect: "manual" });
  } catch (err) {
    errors.push(`${target.slice(0, 160)}: request failed (${(err as Error).message})`);
    return;
  }
  const body = await res.text();
  const what = `${target.slice(0, 160)} → ${res.status}`;
  if (res.status >= 500) errors.push(`${what}: ${body.slice(0, 200)}`);
  else if (/could not be loaded/.test(body)) errors.push(`${what}: the page shows "could not be loaded"`);
  // A server component that threw inside a Suspense boundary streams its error digest; Next.js's
  // own not-found and redirect signals are NEXT_… digests and are fine.
  else if (/data-dgst="(?!NEXT_)/.test(body) || /"digest":"(?!NEXT_)/.test(body)) errors.push(`${what}: a boundary errored on the server`);
  else if (target.startsWith("/api/") && res.status >= 400) {
    let err: { code?: string; message?: string } | undefined;
    try {
      err = (JSON.parse(body) as { error?: { code?: string; message?: string } }).error;
    } catch {
      /* not JSON: reported below */
    }
    if (!err?.code || !err.message) errors.push(`${what}: not the API's error shape: ${body.slice(0, 200)}`);
  }
}

/** app/api/ui route patterns (GET handlers), from the files. */
function uiRoutes(dir = path.join(ROOT, "app/api/ui"), prefix = "/api/ui"): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isFile() && e.name === "route.ts" && /export (const|async function) GET\b/.test(fs.readFileSync(path.join(dir, e.name), "utf8"))) out.push(prefix);
    if (e.isDirectory()) out.push(...uiRoutes(path.join(dir, e.name), `${prefix}/${e.name}`));
  }
  return out;
}

const report = () => expect(errors.splice(0), "requests that failed").toEqual([]);

describe("the dashboard's page list", () => {
  it("covers every page file in app/(dashboard)", () => {
    const fuzzed = new Set([...dashboardPatterns(), "/[agent]"]);
    expect(dashboardRouteFiles().filter((f) => !fuzzed.has(f))).toEqual([]);
  });

  it("the seeded agent and run exist (so the cases below reach real data)", async () => {
    for (const p of [`/${AGENT}/runs`, `/runs/${RUN_ID}`, `/${AGENT}/runs/${RUN_ID}`]) {
      const res = await fetch(`${server().url}${p}`, { headers: { cookie: session }, redirect: "manual" });
      expect(res.status, p).toBe(200);
    }
  });
});

describe("the dashboard under hostile input, signed in", { timeout: 600_000 }, () => {
  const real = { agent: AGENT, id: RUN_ID };

  it("every page with hostile query strings", async () => {
    const random = rng(FUZZ_SEED);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    for (const pattern of [...dashboardPatterns(), "/[agent]"]) {
      const base = fillPattern(pattern, {
        agent: AGENT,
        id: pattern.includes("runs/") ? RUN_ID : pattern.includes("sessions/") ? "fuzz-session" : pattern.includes("orgs/") ? "fuzz-org" : "fuzz-user",
      });
      for (let i = 0; i < CASES; i++) {
        const q = new URLSearchParams();
        for (let n = 1 + Math.floor(random() * 3); n > 0; n--) q.append(pick(PARAMS), pick(VALUES));
        await visit(`${base}?${q}`);
      }
    }
    report();
  });

  it("every page with hostile agent slugs and ids", async () => {
    for (const pattern of [...dashboardPatterns(), "/[agent]"].filter((p) => p.includes("["))) {
      for (const id of IDS) {
        await visit(fillPattern(pattern, { agent: pattern.includes("[id]") ? real.agent : id, id }));
        if (pattern.includes("[agent]") && pattern.includes("[id]")) await visit(fillPattern(pattern, { agent: id, id: real.id }));
      }
    }
    report();
  });

  it("every app/api/ui route with hostile ids and query strings", async () => {
    const random = rng(FUZZ_SEED + 1);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const routes = uiRoutes();
    expect(routes).toContain("/api/ui/runs");
    for (const route of routes) {
      const ids = route.includes("[") ? [RUN_ID, ...IDS] : [""];
      for (const id of ids) {
        const base = route.replace(/\[[^\]]+\]/, id);
        for (let i = 0; i < CASES; i++) {
          const q = new URLSearchParams();
          for (let n = Math.floor(random() * 3); n > 0; n--) q.append(pick(PARAMS), pick(VALUES));
          await visit(`${base}?${q}`);
        }
      }
    }
    report();
  });
});
