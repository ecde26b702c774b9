// MCP tool calls over HTTP (POST /mcp, one JSON-RPC request each: the server is stateless, so no
// session set-up) next to the REST request that reads the same data, on the seeded database: the
// cost of the MCP layer (a server per request, zod validation, fitting the answer to a model's
// context) and the size of what a model receives. p50/p95 over repeated requests after warm-up.
import { BIG_RUN_ID, SEED_AGENTS } from "./seed.mjs";
import { fmt, timeRepeated } from "./lib/stats.mjs";

const agentSlug = SEED_AGENTS[2].toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** [label, kind, target, arguments]: kind "mcp" calls a tool, "rest" GETs a path. */
export const MCP_REQUESTS = [
  ["tools/list", "mcp", null, null],
  ["REST /v1/runs?range=1d&limit=20", "rest", "/v1/runs?range=1d&limit=20", null],
  ["get_agent_runs range=1d limit=20", "mcp", "get_agent_runs", { range: "1d", limit: 20 }],
  ["get_agent_runs agent, status=error, 1M", "mcp", "get_agent_runs", { range: "1M", agent: agentSlug, status: "error", limit: 20 }],
  ["get_agent_sessions range=1M", "mcp", "get_agent_sessions", { range: "1M", limit: 20 }],
  [`REST /v1/runs/{id} (5,000 spans)`, "rest", `/v1/runs/${BIG_RUN_ID}`, null],
  ["get_agent_run (5,000 spans)", "mcp", "get_agent_run", { runId: BIG_RUN_ID }],
  ["get_metrics range=1M", "mcp", "get_metrics", { range: "1M" }],
  ["get_tool_stats range=1M", "mcp", "get_tool_stats", { range: "1M" }],
];

export async function benchMcp(server, dbLabel, { repeat = 20, runs } = {}) {
  const rows = [];
  for (const [label, kind, target, args] of MCP_REQUESTS) {
    let chars = 0;
    const headers = { authorization: `Bearer ${server.readKey}` };
    const once = async () => {
      let res;
      if (kind === "rest") res = await fetch(`${server.url}${target}`, { headers });
      else {
        const body = target
          ? { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: target, arguments: args } }
          : { jsonrpc: "2.0", id: 1, method: "tools/list" };
        res = await fetch(`${server.url}/mcp`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", accept: "application/json, text/event-stream" },
          body: JSON.stringify(body),
        });
      }
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${label} answered ${res.status}: ${text.slice(0, 300)}`);
      if (kind === "mcp" && target) {
        const result = JSON.parse(text).result;
        if (result?.isError) throw new Error(`${label}: tool error ${JSON.stringify(result.content).slice(0, 300)}`);
        chars = result.content.map((c) => c.text).join("").length;
      } else chars = text.length;
    };
    const t = await timeRepeated(once, { warmup: 2, repeat: label.includes("5,000") ? Math.min(repeat, 10) : repeat });
    rows.push([dbLabel, fmt.int(runs), label, fmt.int(chars), fmt.ms(t.p50), fmt.ms(t.p95)]);
    console.log(`  ${dbLabel} ${label}: p50 ${fmt.ms(t.p50)}, p95 ${fmt.ms(t.p95)} (${chars} characters)`);
  }
  return rows;
}

export const MCP_HEADER = ["database", "runs", "request", "answer (chars)", "p50", "p95"];
