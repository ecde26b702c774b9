// The MCP server (Streamable HTTP, stateless): Authorization: Bearer <read key>.
import { handleMcpPost, mcpMethodNotAllowed } from "@/lib/server/mcp/server";

export const dynamic = "force-dynamic";
export const POST = handleMcpPost;
export { mcpMethodNotAllowed as GET, mcpMethodNotAllowed as DELETE };
