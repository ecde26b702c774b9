import type { Metadata } from "next";
import { McpApiView } from "@/components/mcp-api/mcp-api-view";

export const metadata: Metadata = { title: "MCP & API" };

export default function Page() {
  return <McpApiView />;
}
