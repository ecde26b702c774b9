// Copyable examples for the MCP & API page, filled with this instance's URL: a curl command per
// endpoint and the MCP set-up of Claude Code, Cursor and VS Code. Pure, unit-tested.
import type { Endpoint } from "./endpoints";

const PLACEHOLDER: Record<string, string> = { id: "$ID" };

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A curl command for the endpoint; keys come from $SIGHTLINE_READ_KEY / $TCC_API_KEY. */
export function curlExample(e: Endpoint, baseUrl: string): string {
  const path = e.path.replace(/\{(\w+)\}/g, (_m, name: string) => PLACEHOLDER[name] ?? `$${name.toUpperCase()}`);
  if (e.method === "get") {
    const query = e.example?.query ?? (e.query ? "range=1d" : "");
    return `curl -H "Authorization: Bearer $SIGHTLINE_READ_KEY" \\\n  "${baseUrl}${path}${query ? `?${query}` : ""}"`;
  }
  const head = `curl -X POST "${baseUrl}${path}" \\\n  -H "Authorization: Bearer $TCC_API_KEY"`;
  if (e.example?.json !== undefined) return `${head} -H "Content-Type: application/json" \\\n  -d ${shellQuote(JSON.stringify(e.example.json))}`;
  if (e.body?.contentTypes.includes("application/x-protobuf")) return `${head} -H "Content-Type: application/x-protobuf" \\\n  --data-binary @traces.pb`;
  return `${head} -H "Content-Type: application/json" \\\n  -d @payload.json`;
}

export interface ClientSnippet {
  client: string;
  where: string;
  code: string;
}

/** How to add this instance's MCP server to the common clients; the key stays a placeholder. */
export function mcpClientSnippets(baseUrl: string): ClientSnippet[] {
  const url = `${baseUrl}/mcp`;
  return [
    {
      client: "Claude Code",
      where: "In a terminal",
      code: `claude mcp add --transport http sightline ${url} \\\n  --header "Authorization: Bearer $SIGHTLINE_READ_KEY"`,
    },
    {
      client: "Cursor",
      where: "~/.cursor/mcp.json (or .cursor/mcp.json in a project)",
      code: JSON.stringify({ mcpServers: { sightline: { url, headers: { Authorization: "Bearer <your read key>" } } } }, null, 2),
    },
    {
      client: "VS Code",
      where: ".vscode/mcp.json (asks for the key once and stores it)",
      code: JSON.stringify(
        {
          inputs: [{ type: "promptString", id: "sightline-read-key", description: "Sightline read key", password: true }],
          servers: { sightline: { type: "http", url, headers: { Authorization: "Bearer ${input:sightline-read-key}" } } },
        },
        null,
        2,
      ),
    },
    {
      client: "Any client (curl)",
      where: "Streamable HTTP, JSON responses",
      code:
        `curl -X POST "${url}" -H "Authorization: Bearer $SIGHTLINE_READ_KEY" \\\n` +
        `  -H "Content-Type: application/json" -H "Accept: application/json, text/event-stream" \\\n` +
        `  -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_agent_runs","arguments":{"range":"1d","status":"error","limit":5}}}'`,
    },
  ];
}
