import "server-only";
// POST /mcp: the MCP server over Streamable HTTP, stateless (a server and transport per request,
// JSON responses, no session), so it fits a route handler and needs no state between requests.
// The read key is checked and the per-key rate limit applied before the MCP layer sees the body.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { env } from "@/lib/env";
import { IngestError } from "@/lib/ingest/errors";
import { RateLimiter } from "@/lib/mcp/rate-limit";
import { fitForModel } from "@/lib/mcp/truncate";
import { FilterError } from "@/lib/validations/list-params";
import { authenticate, toErrorResponse } from "../http";
import { ToolError, TOOLS, type ToolContext, type ToolDef } from "./tools";

const VERSION = "0.1.0";
const MAX_BODY = 1024 * 1024;

declare global {
  var __sightlineMcpLimiter: RateLimiter | undefined;
}

function limiter(): RateLimiter {
  const perMinute = env().SIGHTLINE_MCP_RATE_LIMIT;
  if (globalThis.__sightlineMcpLimiter?.perMinute !== perMinute) globalThis.__sightlineMcpLimiter = new RateLimiter(perMinute);
  return globalThis.__sightlineMcpLimiter;
}

const text = (t: string, isError = false): CallToolResult => ({ content: [{ type: "text", text: t }], ...(isError ? { isError: true } : {}) });

async function callTool(tool: ToolDef, ctx: ToolContext, args: Record<string, unknown>): Promise<CallToolResult> {
  try {
    return text(fitForModel(await tool.run(ctx, args)));
  } catch (err) {
    // Errors the caller can act on come back as the tool's error, with the message that says what to fix.
    if (err instanceof ToolError || err instanceof FilterError) return text(err.message, true);
    if (err instanceof IngestError && err.status < 500) return text(err.message, true);
    console.error(`[sightline] MCP tool ${tool.name} failed:`, err);
    return text("Sightline could not answer this call (the error was logged on the server); retry, or narrow the time window.", true);
  }
}

export function buildMcpServer(ctx: ToolContext): McpServer {
  const server = new McpServer(
    { name: "sightline", title: "Sightline", version: VERSION },
    {
      instructions:
        "Sightline records what AI agents did: runs, their LLM steps and tool calls, sessions, feedback and metrics. " +
        "Every tool reads the project of the API key, optionally one agent (name or slug), in a time window (range 5m/1h/1d/2w/1M/2M or from/to; default the last day). " +
        "Lists page with nextCursor; long texts are truncated with a marker.",
    },
  );
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        annotations: { title: tool.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      (args: Record<string, unknown>) => callTool(tool, ctx, args),
    );
  }
  return server;
}

function jsonRpcError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }, { status, headers });
}

function baseUrl(req: Request): string {
  const e = env();
  return (e.SIGHTLINE_PUBLIC_URL ?? e.NEXTAUTH_URL ?? new URL(req.url).origin).replace(/\/+$/, "");
}

/** POST /mcp. */
export async function handleMcpPost(req: Request): Promise<Response> {
  let key;
  let sql;
  try {
    ({ key, sql } = await authenticate(req, "read"));
  } catch (err) {
    return toErrorResponse(err);
  }
  const decision = limiter().take(key.keyId);
  if (!decision.ok) {
    return jsonRpcError(429, `Rate limit of ${limiter().perMinute} MCP requests a minute for this key reached; retry in ${decision.retryAfterS} s.`, {
      "retry-after": String(decision.retryAfterS),
    });
  }
  const server = buildMcpServer({ sql, projectId: key.projectId, baseUrl: baseUrl(req) });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: MAX_BODY });
  try {
    await server.connect(transport);
    return await transport.handleRequest(req);
  } catch (err) {
    console.error("[sightline] MCP request failed:", err);
    return jsonRpcError(500, "Sightline could not process this MCP request; the error was logged.");
  } finally {
    // With JSON responses the answer is complete once handleRequest returns.
    void server.close().catch(() => {});
  }
}

/** GET and DELETE /mcp: a stateless server has no stream to open and no session to end. */
export function mcpMethodNotAllowed(): Response {
  return jsonRpcError(405, "This MCP server is stateless: send JSON-RPC requests with POST /mcp (Streamable HTTP, JSON responses).", { allow: "POST" });
}
