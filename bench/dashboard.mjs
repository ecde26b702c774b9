// Dashboard server render times at scale: the full HTML response of signed-in page requests
// (session check, data layer, React server render, streamed to the end) over HTTP against the
// seeded database. Targets (issue): /runs first page with one filter < 300 ms; the detail of a
// run with 5,000 spans < 500 ms. Also the live-polling endpoint, one span's lazy detail, and the
// overview, sessions and users pages (no target), and /topics and /recaps (target < 200 ms at 1M runs).
import { BIG_RUN_ID, SEED_AGENTS } from "./seed.mjs";
import { fmt, timeRepeated } from "./lib/stats.mjs";

const agentSlug = SEED_AGENTS[2].toLowerCase().replace(/[^a-z0-9]+/g, "-");

export const DASHBOARD_PAGES = [
  ["/runs, userId filter (first page)", "/runs?range=1M&userId=user-00042"],
  ["/runs, status=error", "/runs?range=1M&status=error"],
  ["/runs, no filter", "/runs?range=1M"],
  ["/{agent}/runs, metadata.plan", `/${agentSlug}/runs?range=1M&metadata.plan=enterprise`],
  ["/api/ui/runs (live polling), userId", "/api/ui/runs?range=1M&userId=user-00042&limit=50"],
  ["/runs/{id}, 5,000 spans", `/runs/${BIG_RUN_ID}`],
  ["/overview, last 30 days", "/overview?range=1M"],
  ["/overview, last day", "/overview?range=1d"],
  ["/failures, last 30 days", "/failures?range=1M"],
  [`/{agent}/failures, last 30 days`, `/${agentSlug}/failures?range=1M`],
  ["/tools, last 30 days", "/tools?range=1M"],
  [`/{agent}/tools, last 30 days`, `/${agentSlug}/tools?range=1M`],
  ["/sessions, last 30 days", "/sessions?range=1M"],
  ["/users, last 30 days", "/users?range=1M"],
  ["/topics, last 30 days", "/topics?range=1M"],
  ["/topics, last day", "/topics?range=1d"],
  ["/recaps, daily (with the day so far)", "/recaps?period=day"],
  ["/recaps, weekly (with the week so far)", "/recaps?period=week"],
  ["/api/ui/runs/{id}/node (one span)", null],
];

/** Signs in like the browser does (NextAuth credentials) and returns the Cookie header. */
async function signIn(server) {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${server.url}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email: server.adminEmail, password: server.adminPassword, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${res.status})`);
  return cookie();
}

/** `pages`: only the pages whose label contains this text (`npm run bench -- --pages=recaps`). */
export async function benchDashboard(server, dbLabel, { repeat = 20, runs, pages } = {}) {
  const cookie = await signIn(server);
  const get = async (path) => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 300)}`);
    return body.length;
  };
  // A span of the big run for the lazy detail request.
  const html = await fetch(`${server.url}/runs/${BIG_RUN_ID}`, { headers: { cookie } }).then((r) => r.text());
  const spanKey = /span:[0-9a-f]{6,}/.exec(html)?.[0];
  const rows = [];
  for (const [label, p] of DASHBOARD_PAGES) {
    if (pages && !label.includes(pages)) continue;
    const path = p ?? (spanKey ? `/api/ui/runs/${BIG_RUN_ID}/node?key=${encodeURIComponent(spanKey)}` : null);
    if (!path) continue;
    let bytes = 0;
    // A server component that throws after the page has started streaming still answers 200 (the
    // error boundary renders in the browser): the server's log is what tells.
    const logged = server.log().length;
    const t = await timeRepeated(async () => (bytes = await get(path)), { warmup: 2, repeat: label.includes("5,000") ? Math.min(repeat, 10) : repeat });
    const errors = server
      .log()
      .slice(logged)
      .split("\n")
      .filter((l) => /\berror\b|⨯/i.test(l));
    if (errors.length) throw new Error(`${path}: the server logged errors while it was timed:\n${errors.slice(0, 5).join("\n")}`);
    rows.push([dbLabel, fmt.int(runs), label, fmt.kb(bytes), fmt.ms(t.p50), fmt.ms(t.p95)]);
    console.log(`  ${dbLabel} ${label}: p50 ${fmt.ms(t.p50)}, p95 ${fmt.ms(t.p95)} (${fmt.kb(bytes)})`);
  }
  return rows;
}

export const DASHBOARD_HEADER = ["database", "runs", "page", "size", "p50", "p95"];
